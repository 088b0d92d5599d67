"""Checkpoints: save a run between two mini-batches and continue it bit for bit.

A ``.dlsckpt`` file is a zip archive holding

* ``model.dlsnet`` - the network and its optimizer's state, in the engine's model format
  (so ``dlstudio evaluate`` can read the network out of it too);
* ``trainer.json`` - the training spec, the position (step, epoch, batch within the epoch),
  running metrics, history, live settings, learning-rate multiplier, callback states and the
  states of every random generator (shuffling, augmentation, and any generator a layer owns,
  such as dropout's);
* ``trainer.npz`` - the arrays among those (the epoch's shuffled order, early stopping's best
  weights).

This module owns the file; the trainer owns its state (``Trainer.state_dict()`` and
``load_state_dict()``). ``Trainer.save_checkpoint(path)`` writes a run and
``Trainer.from_checkpoint(path, dataset)`` rebuilds it; with the same dataset it continues
exactly as the uninterrupted run would have (tested). Nothing is pickled.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from dlstudio.engine.fileio import Archive, FileFormatError, atomic_write
from dlstudio.engine.serialize import network_bytes

FORMAT = "dlstudio.checkpoint"
VERSION = 1


class CheckpointError(FileFormatError):
    """A checkpoint that cannot be read or does not fit; the message names the file."""


# -- trees of JSON values and arrays ---------------------------------------------------------
def _split(tree: Any, arrays: dict, prefix: str) -> Any:
    if isinstance(tree, np.ndarray):
        arrays[prefix] = tree
        return {"__array__": prefix}
    if isinstance(tree, dict):
        return {str(k): _split(v, arrays, f"{prefix}/{k}") for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return [_split(v, arrays, f"{prefix}/{i}") for i, v in enumerate(tree)]
    if isinstance(tree, np.generic):
        return tree.item()
    return tree


def _join(tree: Any, arrays: Any) -> Any:
    if isinstance(tree, dict):
        if set(tree) == {"__array__"}:
            return np.array(arrays[tree["__array__"]])
        return {k: _join(v, arrays) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_join(v, arrays) for v in tree]
    return tree


# -- saving ----------------------------------------------------------------------------------
def save_checkpoint(path: str | Path, state: dict, network: Any, optimizer: Any = None) -> None:
    """Write a run to ``path`` atomically: ``state`` from ``Trainer.state_dict()``, the
    network and its optimizer's state (``Trainer.save_checkpoint`` calls this)."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {}
    meta = {"format": FORMAT, "version": VERSION, "trainer": _split(state, arrays, "t")}
    model_bytes = network_bytes(network, optimizer=optimizer)
    buf = io.BytesIO()
    np.savez(buf, **arrays)

    def write(fh) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("model.dlsnet", model_bytes)
            zf.writestr("trainer.json", json.dumps(meta))
            zf.writestr("trainer.npz", buf.getvalue())

    atomic_write(path, write)


# -- loading ---------------------------------------------------------------------------------
def read_checkpoint(path: str | Path) -> tuple[Any, dict]:
    """``(LoadedModel, trainer state)`` from a checkpoint file."""
    from dlstudio.engine.serialize import ModelFileError, load_network

    with Archive(path, CheckpointError) as zf:
        if not {"model.dlsnet", "trainer.json", "trainer.npz"} <= set(zf.names):
            raise CheckpointError(f"{path}: not a dlstudio checkpoint (a model file? use "
                                  f"it with 'dlstudio evaluate' instead)")
        meta = zf.json("trainer.json")
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise CheckpointError(f"{path}: not a dlstudio checkpoint")
        version = meta.get("version", 0)
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise CheckpointError(f"{path}: the file is damaged (version {version!r})")
        if version > VERSION:
            raise CheckpointError(f"{path}: written by a newer dlstudio; please update")
        arrays = zf.arrays("trainer.npz")
        model_bytes = zf.read("model.dlsnet")
    try:
        loaded = load_network(model_bytes, shown=f"{path} (its model)")
    except ModelFileError as exc:
        raise CheckpointError(str(exc)) from None
    if not isinstance(meta.get("trainer"), dict):
        raise CheckpointError(f"{path}: the file is damaged (no trainer state)")
    try:
        return loaded, _join(meta["trainer"], arrays)
    except (KeyError, TypeError) as exc:
        raise CheckpointError(f"{path}: the file is damaged ({exc})") from None
