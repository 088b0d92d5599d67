"""Saving and loading a trained network: one ``.dlsnet`` file (a NumPy ``.npz`` archive).

Inside: ``meta.json`` (format, version, the network spec, the seed, optional extras such as
the training spec), the weights as ``w000``, ``w001``, ... in ``get_weights()`` order, and the
optimizer's state as ``opt/...`` entries when given, so that a run can resume exactly.
Pickle is never used, so a file from a stranger cannot run code. A damaged or foreign file
gives a ``ModelFileError`` that says what is wrong.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "dlstudio.model"
VERSION = 1


class ModelFileError(ValueError):
    """A model file that cannot be read; the message names the file and the problem."""


@dataclass
class LoadedModel:
    network: Any
    optimizer_state: dict | None = None
    optimizer_config: dict | None = None
    extra: dict = field(default_factory=dict)


def _flatten_state(prefix: str, state: Any, out: dict) -> Any:
    """Split an optimizer state_dict into arrays (stored as npz entries) and JSON."""
    if isinstance(state, np.ndarray):
        out[prefix] = state
        return {"__array__": prefix}
    if isinstance(state, dict):
        return {str(k): _flatten_state(f"{prefix}/{k}", v, out) for k, v in state.items()}
    if isinstance(state, (list, tuple)):
        return [_flatten_state(f"{prefix}/{i}", v, out) for i, v in enumerate(state)]
    if isinstance(state, (np.integer,)):
        return int(state)
    if isinstance(state, (np.floating,)):
        return float(state)
    return state


def _unflatten_state(tree: Any, arrays) -> Any:
    if isinstance(tree, dict):
        if set(tree) == {"__array__"}:
            return np.array(arrays[tree["__array__"]])
        return {k: _unflatten_state(v, arrays) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_unflatten_state(v, arrays) for v in tree]
    return tree


def save_network(net, path: str | Path, optimizer: Any = None, extra: dict | None = None) -> None:
    """Write ``net`` (and optionally its optimizer's state) atomically to ``path``."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {f"w{i:03d}": w for i, w in enumerate(net.get_weights())}
    meta: dict[str, Any] = {"format": FORMAT, "version": VERSION, "spec": net.spec.to_dict(),
                            "seed": net.seed, "dtype": np.dtype(net.dtype).name,
                            "n_weights": len(arrays), "extra": extra or {}}
    if optimizer is not None:
        meta["optimizer_config"] = optimizer.get_config()
        meta["optimizer_state"] = _flatten_state("opt", optimizer.state_dict(), arrays)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", json.dumps(meta))
        zf.writestr("arrays.npz", buf.getvalue())
    os.replace(tmp, path)


def load_network(path: str | Path) -> LoadedModel:
    """Read a ``.dlsnet`` file written by ``save_network``."""
    from dlstudio.engine.network import Network, NetworkError
    from dlstudio.engine.spec import NetworkSpec, SpecError

    path = Path(path)
    if not path.exists():
        raise ModelFileError(f"{path}: no such file")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "meta.json" not in names or "arrays.npz" not in names:
                raise ModelFileError(f"{path}: not a dlstudio model file (no meta.json/arrays.npz inside)")
            meta = json.loads(zf.read("meta.json").decode("utf-8"))
            arrays = dict(np.load(io.BytesIO(zf.read("arrays.npz")), allow_pickle=False))
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, EOFError):
        raise ModelFileError(f"{path}: not a dlstudio model file, or the file is damaged "
                             f"(it is not a readable archive)") from None
    except (ValueError, KeyError, OSError, UnicodeDecodeError, zipfile.LargeZipFile) as exc:
        raise ModelFileError(f"{path}: the file is damaged ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not a dlstudio model file (format {meta.get('format')!r})"
                             if isinstance(meta, dict) else f"{path}: not a dlstudio model file")
    if int(meta.get("version", 0)) > VERSION:
        raise ModelFileError(f"{path}: saved by a newer dlstudio (model format {meta['version']}); "
                             f"please update dlstudio")
    try:
        spec = NetworkSpec.from_dict(meta["spec"])
        net = Network.from_spec(spec, seed=int(meta.get("seed", 0)),
                                dtype=np.dtype(meta.get("dtype", "float32")).type)
        weights = [arrays[f"w{i:03d}"] for i in range(int(meta["n_weights"]))]
        net.set_weights(weights)
    except (SpecError, NetworkError, KeyError, ValueError, TypeError) as exc:
        raise ModelFileError(f"{path}: the file is damaged or inconsistent ({exc})") from None
    state = meta.get("optimizer_state")
    return LoadedModel(network=net,
                       optimizer_state=_unflatten_state(state, arrays) if state is not None else None,
                       optimizer_config=meta.get("optimizer_config"),
                       extra=meta.get("extra") or {})
