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
import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from dlstudio.engine.fileio import Archive, FileFormatError
from dlstudio.engine.filesave import atomic_write
from dlstudio.engine.serialize import network_bytes

FORMAT = "dlstudio.checkpoint"
VERSION = 1


class CheckpointError(FileFormatError):
    """A checkpoint that cannot be read or does not fit; the message names the file."""


# -- trees of JSON values and arrays ---------------------------------------------------------
def split_arrays(tree: Any, arrays: dict, prefix: str) -> Any:
    """``tree`` (dicts, lists, numbers, strings and numpy arrays) as JSON values: every array
    is moved into ``arrays`` under a key starting with ``prefix`` and replaced by
    ``{"__array__": key}`` (``join_arrays`` undoes it)."""
    if isinstance(tree, np.ndarray):
        arrays[prefix] = tree
        return {"__array__": prefix}
    if isinstance(tree, dict):
        return {str(k): split_arrays(v, arrays, f"{prefix}/{k}") for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return [split_arrays(v, arrays, f"{prefix}/{i}") for i, v in enumerate(tree)]
    if isinstance(tree, np.generic):
        return tree.item()
    return tree


def join_arrays(tree: Any, arrays: Any) -> Any:
    """The tree ``split_arrays`` made, with its arrays put back (copies from ``arrays``, a
    mapping of key to array); a missing array raises ``KeyError``."""
    if isinstance(tree, dict):
        if set(tree) == {"__array__"}:
            return np.array(arrays[tree["__array__"]])
        return {k: join_arrays(v, arrays) for k, v in tree.items()}
    if isinstance(tree, list):
        return [join_arrays(v, arrays) for v in tree]
    return tree


# -- saving ----------------------------------------------------------------------------------
def save_checkpoint(path: str | Path, state: dict, network: Any, optimizer: Any = None) -> None:
    """Write a run to ``path`` atomically: ``state`` from ``Trainer.state_dict()``, the
    network and its optimizer's state (``Trainer.save_checkpoint`` calls this)."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {}
    meta = {"format": FORMAT, "version": VERSION, "trainer": split_arrays(state, arrays, "t")}
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
        state = join_arrays(meta["trainer"], arrays)
    except (KeyError, TypeError) as exc:
        raise CheckpointError(f"{path}: the file is damaged ({exc})") from None
    bad = trainer_state_problems(state)
    if bad:
        raise CheckpointError(f"{path}: the saved run state is damaged (bad or missing "
                              f"{', '.join(bad)})")
    return loaded, state


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _dict_of(check) -> Any:
    return lambda v: isinstance(v, dict) and all(check(x) for x in v.values())


#: the type of every entry of a saved trainer state (``Trainer.state_dict``); values are
#: checked further where they are used
_STATE_CHECKS = {
    "spec": lambda v: isinstance(v, dict), "variant": lambda v: isinstance(v, str),
    "data_seed": _is_int, "step": _is_int, "epoch": _is_int, "batch_index": _is_int,
    "perm": lambda v: v is None or (isinstance(v, np.ndarray) and v.ndim == 1
                                    and v.dtype.kind in "iu"),
    "sums": lambda v: (isinstance(v, dict) and {"loss", "correct", "seen", "has_acc"} <= set(v)
                       and _is_number(v["loss"]) and _is_number(v["correct"])
                       and _is_int(v["seen"]) and isinstance(v["has_acc"], bool)),
    "last_batch_loss": _is_number, "active_seconds": _is_number,
    "epoch_seconds": _is_number,
    "history": lambda v: isinstance(v, list) and all(isinstance(h, dict) for h in v),
    "stop_message": lambda v: v is None or isinstance(v, str),
    "settings": _dict_of(lambda x: x is None or _is_number(x)),
    "lr": lambda v: (isinstance(v, dict) and _is_number(v.get("multiplier"))
                     and math.isfinite(v["multiplier"]) and v["multiplier"] > 0),
    "rngs": lambda v: (isinstance(v, dict) and isinstance(v.get("order"), dict)
                       and isinstance(v.get("augment"), dict)),
    "layer_rngs": _dict_of(lambda x: isinstance(x, dict)),
    "callbacks": lambda v: isinstance(v, list) and all(
        isinstance(c, dict) and isinstance(c.get("type"), str)
        and isinstance(c.get("state"), dict) for c in v),
}


def trainer_state_problems(state: Any) -> list[str]:
    """The entries of a saved trainer state (``Trainer.state_dict``) that are missing or of
    the wrong type (empty when it can be loaded)."""
    if not isinstance(state, dict):
        return ["state"]
    return [key for key, ok in _STATE_CHECKS.items() if key not in state or not ok(state[key])]
