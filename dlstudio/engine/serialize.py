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
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dlstudio.engine.fileio import FLOAT_DTYPES, Archive, FileFormatError
from dlstudio.engine.filesave import atomic_write
from dlstudio.messages import Message, error_text

FORMAT = "dlstudio.model"
VERSION = 1


class ModelFileError(FileFormatError):
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


def network_bytes(net, optimizer: Any = None, extra: dict | None = None) -> bytes:
    """The content of a ``.dlsnet`` file for ``net`` (see ``save_network``)."""
    arrays: dict[str, np.ndarray] = {f"w{i:03d}": w for i, w in enumerate(net.get_weights())}
    meta: dict[str, Any] = {"format": FORMAT, "version": VERSION, "spec": net.spec.to_dict(),
                            "seed": net.seed, "dtype": np.dtype(net.dtype).name,
                            "n_weights": len(arrays), "extra": extra or {}}
    if optimizer is not None:
        meta["optimizer_config"] = optimizer.get_config()
        meta["optimizer_state"] = _flatten_state("opt", optimizer.state_dict(), arrays)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", json.dumps(meta))
        zf.writestr("arrays.npz", buf.getvalue())
    return out.getvalue()


def save_network(net, path: str | Path, optimizer: Any = None, extra: dict | None = None) -> None:
    """Write ``net`` (and optionally its optimizer's state) atomically to ``path``.

    Raises ``FileSaveError`` (an ``OSError``) when the file cannot be written; an existing
    file is then left as it was.
    """
    atomic_write(path, network_bytes(net, optimizer, extra))


def load_network(path: str | Path | bytes, shown: Any = None) -> LoadedModel:
    """Read a ``.dlsnet`` file written by ``save_network``.

    ``path`` may also be the file's bytes (a model inside a checkpoint); ``shown`` is the
    name used in error messages. Every problem raises ``ModelFileError``: not a regular file,
    too big, damaged, foreign, newer, weights of the wrong type, shape or with NaN values.
    """
    from dlstudio.engine.network import Network, NetworkError
    from dlstudio.engine.spec import NetworkSpec, SpecError

    shown = shown if shown is not None else path
    with Archive(path, ModelFileError, shown) as zf:
        if "meta.json" not in zf.names or "arrays.npz" not in zf.names:
            raise ModelFileError(Message("model.not_model_inside", file=str(shown)))
        meta = zf.json("meta.json", label=Message("file.part.network_description"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise ModelFileError(Message("model.not_model", file=str(shown)))
        arrays = zf.arrays("arrays.npz", dtypes=FLOAT_DTYPES + ("int64", "int32"), finite=True)
    version = meta.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ModelFileError(Message("model.bad_version", file=str(shown),
                                     version=repr(version)))
    if version > VERSION:
        raise ModelFileError(Message("model.newer", file=str(shown), version=version))
    dtype = meta.get("dtype", "float32")
    if dtype not in FLOAT_DTYPES:
        raise ModelFileError(Message("model.bad_weight_type", file=str(shown), dtype=repr(dtype),
                                     expected=" or ".join(FLOAT_DTYPES)))
    try:
        spec = NetworkSpec.from_dict(meta["spec"])
        net = Network.from_spec(spec, seed=int(meta.get("seed", 0)), dtype=np.dtype(dtype).type)
        n = int(meta["n_weights"])
        expected = len(net.get_weights())
        if n != expected:
            raise ModelFileError(Message("model.weight_count", file=str(shown), n=n,
                                         expected=expected))
        weights = []
        for i in range(n):
            w = arrays[f"w{i:03d}"]
            if w.dtype.kind != "f":
                raise ModelFileError(Message("model.weight_not_float", file=str(shown),
                                             name=f"w{i:03d}", dtype=str(w.dtype)))
            weights.append(w)
        net.set_weights(weights)
        state = meta.get("optimizer_state")
        optimizer_state = _unflatten_state(state, arrays) if state is not None else None
    except ModelFileError:
        raise
    except (SpecError, NetworkError, KeyError, ValueError, TypeError, OverflowError,
            IndexError, AttributeError, MemoryError, RecursionError) as exc:
        raise ModelFileError(Message("model.inconsistent", file=str(shown),
                                     reason=error_text(exc))) from None
    extra = meta.get("extra") or {}
    config = meta.get("optimizer_config")
    if not isinstance(extra, dict) or not (config is None or isinstance(config, dict)):
        raise ModelFileError(Message("model.bad_extra", file=str(shown)))
    return LoadedModel(network=net, optimizer_state=optimizer_state, optimizer_config=config,
                       extra=extra)
