"""A run saved mid-epoch and resumed continues bit for bit like the uninterrupted run."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dlstudio.engine.serialize import save_network
from dlstudio.training import TrainSpec
from dlstudio.training.checkpoint import CheckpointError, read_checkpoint
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp, weights_equal


def _noisy(x, rng):
    return x + rng.normal(0.0, 0.1, x.shape).astype(x.dtype)


@pytest.fixture
def setup(blobs):
    data = replace(blobs, augmenter=_noisy)          # augmentation draws random numbers too
    spec = TrainSpec(epochs=4, batch_size=16, optimizer="adam", learning_rate=0.01, seed=9,
                     reduce_on_plateau={"factor": 0.5, "patience": 1, "min_delta": 0.05},
                     early_stopping={"patience": 3},
                     telemetry={"snapshots_per_second": 1000.0})
    net_spec = mlp(units=(16, 16), extra={"type": "Dropout", "rate": 0.25})
    return data, spec, net_spec


def _losses(history):
    return [(h["loss"], h["accuracy"], h["val_loss"], h["lr"]) for h in history]


@pytest.mark.parametrize("stop_at", [20, 16])       # mid-epoch, and exactly an epoch start
def test_resumed_run_equals_uninterrupted_run(setup, tmp_path, stop_at):
    data, spec, net_spec = setup
    whole = Trainer(build(net_spec, seed=2), data, spec)
    whole_snaps = list(whole.run())

    first = Trainer(build(net_spec, seed=2), data, spec)
    path = tmp_path / "run.dlsckpt"
    for snap in first.run():
        if snap.step >= stop_at:
            first.save_checkpoint(path)
            break
    saved_step = first.step
    assert 0 < saved_step < whole.total_steps

    resumed = Trainer.from_checkpoint(path, data)
    assert resumed.step == saved_step
    snaps = list(resumed.run())
    assert snaps[0].step == saved_step
    assert weights_equal(resumed.network, whole.network)
    assert _losses(resumed.history) == _losses(whole.history)
    assert snaps[-1].test_loss == whole_snaps[-1].test_loss
    assert resumed.optimizer.iterations == whole.optimizer.iterations


def test_checkpoint_errors_are_clear(tmp_path, blobs):
    with pytest.raises(CheckpointError, match="no such file"):
        read_checkpoint(tmp_path / "missing.dlsckpt")
    bad = tmp_path / "bad.dlsckpt"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CheckpointError, match="not a dlstudio file, or the file is damaged"):
        read_checkpoint(bad)
    model = tmp_path / "model.dlsnet"
    save_network(build(mlp()), model)
    with pytest.raises(CheckpointError, match="not a dlstudio checkpoint"):
        read_checkpoint(model)


def test_resume_on_different_data_is_refused(setup, tmp_path, blobs):
    data, spec, net_spec = setup
    trainer = Trainer(build(net_spec), data, spec)
    gen = trainer.run()
    next(gen), next(gen)
    trainer.save_checkpoint(tmp_path / "c.dlsckpt")
    smaller = replace(data, x_train=data.x_train[:100], y_train=data.y_train[:100])
    with pytest.raises(CheckpointError, match="same data"):
        Trainer.from_checkpoint(tmp_path / "c.dlsckpt", smaller)


def _rewrite_member(path, member, change):
    """Rewrite zip ``member`` of ``path`` (bytes -> bytes)."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members[member] = change(members[member])
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_a_damaged_optimizer_state_fails_when_opened_not_at_the_first_step(setup, tmp_path):
    """Issue 12.3: wrong-shaped or NaN optimizer slots are refused when the checkpoint
    opens, naming the user's file."""
    import io
    import zipfile

    data, spec, net_spec = setup
    trainer = Trainer(build(net_spec), data, spec)
    run = trainer.run()
    for _ in range(3):
        next(run)
    path = tmp_path / "run.dlsckpt"
    trainer.save_checkpoint(path)

    def damage_slot(value):
        def change_model(model: bytes) -> bytes:
            with zipfile.ZipFile(io.BytesIO(model)) as zf:
                meta, arrays = zf.read("meta.json"), zf.read("arrays.npz")
            loaded = dict(np.load(io.BytesIO(arrays), allow_pickle=False))
            key = next(k for k in sorted(loaded) if k.startswith("opt/"))
            loaded[key] = value(loaded[key])
            buf, out = io.BytesIO(), io.BytesIO()
            np.savez(buf, **loaded)
            with zipfile.ZipFile(out, "w") as zf:
                zf.writestr("meta.json", meta)
                zf.writestr("arrays.npz", buf.getvalue())
            return out.getvalue()
        return change_model

    good = path.read_bytes()
    for value, words in ((lambda a: np.zeros((3, 3, 3), a.dtype), "shape"),
                         (lambda a: np.full_like(a, np.nan), "NaN")):
        path.write_bytes(good)
        _rewrite_member(path, "model.dlsnet", damage_slot(value))
        with pytest.raises(CheckpointError, match=words) as info:
            Trainer.from_checkpoint(path, data)
        assert str(path) in str(info.value)


def test_damaged_best_weights_fail_when_the_checkpoint_opens(setup, tmp_path):
    import io

    data, spec, net_spec = setup
    spec = spec.replace(early_stopping={"patience": 3, "restore_best_weights": True})
    trainer = Trainer(build(net_spec), data, spec)
    for snap in trainer.run():
        if snap.epoch >= 1:
            break
    path = tmp_path / "run.dlsckpt"
    trainer.save_checkpoint(path)

    def damage(raw: bytes) -> bytes:
        arrays = dict(np.load(io.BytesIO(raw), allow_pickle=False))
        key = next(k for k in sorted(arrays) if "best_weights" in k)
        arrays[key] = np.zeros((7, 7), np.float32)
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return buf.getvalue()

    _rewrite_member(path, "trainer.npz", damage)
    with pytest.raises(CheckpointError, match="best weights"):
        Trainer.from_checkpoint(path, data)
