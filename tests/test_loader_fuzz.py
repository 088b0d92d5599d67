"""Property-based fuzz of the file loaders (issue 12): models, Keras ``.keras`` files,
checkpoints, workspaces and the user's datasets (CSV, NPZ, IDX). Whatever the bytes, a loader returns or raises the
project's own error; nothing else escapes and nothing hangs.

Each file starts from a valid one and gets random damage (flipped bytes, cuts, inserted
bytes, replaced spans), or is built from random parts (random JSON in the metadata, random
arrays). Bounded: a few dozen examples per loader, no deadline per example.

``DLSTUDIO_FUZZ_EXAMPLES=N python tests/test_loader_fuzz.py`` runs N examples per test and
prints, per loader, the cases tried, clear errors, escapes and hangs (the issue's figures).
"""
from __future__ import annotations

import io
import json
import os
import signal
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: examples per loader test (``DLSTUDIO_FUZZ_EXAMPLES`` raises it for a longer run)
EXAMPLES = int(os.environ.get("DLSTUDIO_FUZZ_EXAMPLES", "40"))
#: a loader call that takes this long counts as a hang (a guard, not a speed test)
HANG_SECONDS = 60
STATS: dict[str, Counter] = {}

SPEC = {"format": "dlstudio.network", "version": 1, "input_shape": [2],
        "layers": [{"type": "Dense", "units": 3, "activation": "tanh"},
                   {"type": "Dense", "units": 2, "activation": "softmax"}]}


# -- valid seeds -------------------------------------------------------------------------------
def _network():
    from dlstudio.engine.network import Network

    return Network.from_spec(SPEC, seed=0)


def model_seed() -> bytes:
    from dlstudio.engine.serialize import network_bytes

    return network_bytes(_network())


def checkpoint_seed() -> bytes:
    from dlstudio.data import load
    from dlstudio.training import TrainSpec
    from dlstudio.training.trainer import Trainer

    trainer = Trainer(_network(), load("blobs", seed=0, n_samples=60, n_classes=2),
                      TrainSpec(epochs=1, batch_size=8))
    run = trainer.run()
    next(run), next(run)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.dlsckpt"
        trainer.save_checkpoint(path)
        return path.read_bytes()


def workspace_seed() -> bytes:
    from dlstudio.data.spec import DataSpec
    from dlstudio.engine.spec import NetworkSpec
    from dlstudio.gui import workspace_file as ws
    from dlstudio.training.spec import TrainSpec

    net = _network()
    doc = ws.Workspace(network=NetworkSpec.from_dict(SPEC), data=DataSpec(dataset="blobs"),
                       train=TrainSpec(), weights={"A": net.get_weights()},
                       history=[{"step": 1, "batch_loss": 0.5}])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.dlsw"
        ws.write(path, doc)
        return path.read_bytes()


def csv_seed() -> bytes:
    rows = ["a,b,label"] + [f"{i * 0.1:.2f},{i % 7},{'cat' if i % 3 else 'dog'}"
                            for i in range(30)]
    return ("\n".join(rows) + "\n").encode()


def npz_seed() -> bytes:
    buf = io.BytesIO()
    rng = np.random.default_rng(0)
    np.savez(buf, x=rng.normal(size=(30, 3)).astype(np.float32), y=np.arange(30) % 3)
    return buf.getvalue()


def idx_seed() -> dict[str, bytes]:
    from dlstudio.data.idx import idx_bytes

    return {"train-images-idx3-ubyte": idx_bytes(np.zeros((12, 4, 4), np.uint8)),
            "train-labels-idx1-ubyte": idx_bytes(np.arange(12, dtype=np.uint8) % 3)}


def keras_seed() -> bytes:
    """A Keras 3 ``.keras`` file (config.json + model.weights.h5) written by hand."""
    import h5py

    config = {"module": "keras", "class_name": "Sequential", "config": {
        "name": "sequential", "build_input_shape": [None, 2], "layers": [
            {"class_name": "Dense", "config": {"name": "dense", "units": 3,
                                               "activation": "tanh", "use_bias": True}},
            {"class_name": "Dense", "config": {"name": "dense_1", "units": 2,
                                               "activation": "softmax", "use_bias": True}}]}}
    h5 = io.BytesIO()
    rng = np.random.default_rng(0)
    with h5py.File(h5, "w") as f:
        for name, shape in (("dense", (2, 3)), ("dense_1", (3, 2))):
            group = f.create_group(f"layers/{name}/vars")
            group["0"] = rng.normal(size=shape).astype(np.float32)
            group["1"] = np.zeros(shape[1], np.float32)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("config.json", json.dumps(config))
        zf.writestr("model.weights.h5", h5.getvalue())
    return out.getvalue()


_SEEDS: dict[str, bytes] = {}


def seed(kind: str):
    if kind not in _SEEDS:
        _SEEDS[kind] = {"model": model_seed, "checkpoint": checkpoint_seed,
                        "workspace": workspace_seed, "csv": csv_seed, "npz": npz_seed,
                        "idx": idx_seed, "keras": keras_seed}[kind]()
    return _SEEDS[kind]


# -- damage ------------------------------------------------------------------------------------
_MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 2**31), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 2**31)),
    st.tuples(st.just("insert"), st.integers(0, 2**31), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("span"), st.integers(0, 2**31), st.binary(min_size=1, max_size=64)),
)


def damage(data: bytes, mutations) -> bytes:
    out = bytearray(data)
    for m in mutations:
        if not out:
            break
        pos = m[1] % len(out)
        if m[0] == "flip":
            out[pos] ^= m[2]
        elif m[0] == "cut":
            del out[pos:]
        elif m[0] == "insert":
            out[pos:pos] = m[2]
        else:
            out[pos:pos + len(m[2])] = m[2]
    return bytes(out)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=20)


def rebuild_zip(data: bytes, member: str, patch: dict) -> bytes:
    """``data`` (a zip) with the JSON ``member`` updated by ``patch`` (random values)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            raw = src.read(name)
            if name == member:
                doc = json.loads(raw)
                doc.update(patch)
                raw = json.dumps(doc).encode()
            zf.writestr(name, raw)
    return out.getvalue()


# -- the harness -------------------------------------------------------------------------------
class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang()


def attempt(kind: str, allowed: tuple[type[BaseException], ...], call) -> None:
    """Run ``call()``; count the outcome; fail on anything but success or ``allowed``."""
    stats = STATS.setdefault(kind, Counter())
    stats["tried"] += 1
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        call()
        stats["loaded"] += 1
    except allowed:
        stats["clear errors"] += 1
    except _Hang:
        stats["hangs"] += 1
        raise AssertionError(f"{kind}: the loader hung") from None
    except Exception:
        stats["escapes"] += 1
        raise
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def check_model(data: bytes) -> None:
    from dlstudio.engine.serialize import ModelFileError, load_network

    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "m.dlsnet", data)
        attempt("model", (ModelFileError,), lambda: load_network(path))


def check_keras(data: bytes) -> None:
    from dlstudio.engine.network import Network, NetworkError

    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "m.keras", data)
        attempt("keras", (NetworkError,), lambda: Network.from_spec(str(path)))


def check_checkpoint(data: bytes) -> None:
    from dlstudio.data import load
    from dlstudio.training.checkpoint import CheckpointError
    from dlstudio.training.trainer import Trainer, TrainingSetupError

    data_set = load("blobs", seed=0, n_samples=60, n_classes=2)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "c.dlsckpt", data)

        def resume():
            trainer = Trainer.from_checkpoint(path, data_set)
            run = trainer.run()
            next(run)

        attempt("checkpoint", (CheckpointError, TrainingSetupError), resume)


def check_workspace(data: bytes) -> None:
    from dlstudio.gui import workspace_file as ws

    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "w.dlsw", data)
        attempt("workspace", (ws.WorkspaceError,), lambda: ws.read(path))


def check_dataset(kind: str, files: dict[str, bytes], **params) -> None:
    from dlstudio.data import load
    from dlstudio.data.errors import DataError

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, data in files.items():
            _write(tmp, name, data)
        path = tmp if kind == "idx" else tmp / next(iter(files))
        attempt(kind, (DataError,), lambda: load(kind, path=str(path), **params))


_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))
_MUTATIONS = st.lists(_MUTATION, min_size=1, max_size=4)


@_SETTINGS
@given(mutations=_MUTATIONS)
def test_damaged_models(mutations):
    check_model(damage(seed("model"), mutations))


@_SETTINGS
@given(patch=st.dictionaries(st.sampled_from(["format", "version", "spec", "seed", "dtype",
                                              "n_weights", "extra", "optimizer_state",
                                              "optimizer_config"]), _JSON, min_size=1))
def test_models_with_random_metadata(patch):
    patch.setdefault("format", "dlstudio.model")
    check_model(rebuild_zip(seed("model"), "meta.json", patch))


@_SETTINGS
@given(mutations=_MUTATIONS)
def test_damaged_keras_files(mutations):
    check_keras(damage(seed("keras"), mutations))


@_SETTINGS
@given(patch=st.dictionaries(st.sampled_from(["class_name", "config", "module"]), _JSON,
                             min_size=1))
def test_keras_files_with_random_configs(patch):
    check_keras(rebuild_zip(seed("keras"), "config.json", patch))


@_SETTINGS
@given(mutations=_MUTATIONS)
def test_damaged_checkpoints(mutations):
    check_checkpoint(damage(seed("checkpoint"), mutations))


@_SETTINGS
@given(patch=st.fixed_dictionaries({"trainer": st.dictionaries(
    st.sampled_from(["step", "epoch", "batch_index", "perm", "sums", "history", "settings",
                     "lr", "rngs", "layer_rngs", "callbacks", "spec", "variant",
                     "data_seed", "last_batch_loss"]), _JSON, min_size=1)}))
def test_checkpoints_with_random_trainer_state(patch):
    data = seed("checkpoint")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        state = json.loads(zf.read("trainer.json"))["trainer"]
    state.update(patch["trainer"])
    check_checkpoint(rebuild_zip(data, "trainer.json", {"trainer": state}))


@_SETTINGS
@given(mutations=_MUTATIONS)
def test_damaged_workspaces(mutations):
    check_workspace(damage(seed("workspace"), mutations))


@_SETTINGS
@given(patch=st.dictionaries(st.sampled_from(["format", "version", "network", "data", "train",
                                              "variants", "history", "run_state", "ui"]),
                             _JSON, min_size=1))
def test_workspaces_with_random_documents(patch):
    patch.setdefault("format", "dlstudio.workspace")
    check_workspace(rebuild_zip(seed("workspace"), "workspace.json", patch))


@_SETTINGS
@given(mutations=_MUTATIONS, label=st.sampled_from(["", "label", "0", "-1", "7", "b"]),
       task=st.sampled_from(["auto", "classification", "regression"]))
def test_damaged_csv(mutations, label, task):
    check_dataset("csv", {"t.csv": damage(seed("csv"), mutations)}, label_column=label,
                  task=task)


_DTYPES = st.sampled_from(["float32", "float64", "int64", "uint8", "bool", "int8"])


@_SETTINGS
@given(mutations=st.lists(_MUTATION, max_size=3),
       x_shape=st.lists(st.integers(0, 5), max_size=4), y_shape=st.lists(st.integers(0, 5),
                                                                         max_size=3),
       x_dtype=_DTYPES, y_dtype=_DTYPES, nan=st.booleans(),
       task=st.sampled_from(["auto", "classification", "regression"]))
def test_random_npz(mutations, x_shape, y_shape, x_dtype, y_dtype, nan, task):
    rng = np.random.default_rng(len(x_shape) * 7 + len(y_shape))
    x = (rng.normal(size=x_shape) * 3).astype(x_dtype)
    y = (rng.normal(size=y_shape) * 3).astype(y_dtype)
    if nan and x.dtype.kind == "f" and x.size:
        x.flat[0] = np.nan
    buf = io.BytesIO()
    np.savez(buf, x=x, y=y)
    check_dataset("npz", {"d.npz": damage(buf.getvalue(), mutations)}, task=task)


@_SETTINGS
@given(mutations=_MUTATIONS, which=st.sampled_from(["train-images-idx3-ubyte",
                                                    "train-labels-idx1-ubyte"]),
       gz=st.booleans())
def test_damaged_idx(mutations, which, gz):
    import gzip

    files = dict(seed("idx"))
    files[which] = damage(files[which], mutations)
    if gz:
        files = {f"{k}.gz": gzip.compress(v) for k, v in files.items()}
    check_dataset("idx", files)


if __name__ == "__main__":        # the per-category report of issue 12
    failures = 0
    for name, test in sorted(globals().items()):
        if name.startswith("test_"):
            try:
                test()
            except Exception as exc:  # noqa: BLE001 - reported below
                failures += 1
                print(f"{name}: {type(exc).__name__}: {exc}"[:400])
    print(f"{'loader':<12}{'tried':>8}{'loaded':>8}{'clear errors':>14}{'escapes':>9}"
          f"{'hangs':>7}")
    for kind, c in sorted(STATS.items()):
        print(f"{kind:<12}{c['tried']:>8}{c['loaded']:>8}{c['clear errors']:>14}"
              f"{c['escapes']:>9}{c['hangs']:>7}")
    sys.exit(1 if failures else 0)
