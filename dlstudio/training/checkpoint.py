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

``Trainer.from_checkpoint(path, dataset)`` rebuilds the run; with the same dataset it continues
exactly as the uninterrupted run would have (tested). Nothing is pickled.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any, Sequence

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


def layer_generators(network: Any) -> dict[str, np.random.Generator]:
    """Every ``numpy.random.Generator`` a layer holds, keyed ``"<layer index>.<attribute>"``."""
    found = {}
    for i, layer in enumerate(network.layers):
        for attr, value in vars(layer).items():
            if isinstance(value, np.random.Generator):
                found[f"{i}.{attr}"] = value
    return found


# -- saving ----------------------------------------------------------------------------------
def trainer_state(trainer: Any) -> dict:
    return {
        "spec": trainer.spec.to_dict(), "variant": trainer.variant,
        "data_seed": trainer.data_seed,
        "step": trainer.step, "epoch": trainer.epoch, "batch_index": trainer._batch_index,
        "perm": trainer._perm, "sums": dict(trainer._sums),
        "last_batch_loss": trainer._last_batch_loss, "history": trainer.history,
        "active_seconds": trainer._active_seconds, "epoch_seconds": trainer._epoch_seconds,
        "stop_message": trainer._stop_message, "settings": dict(trainer.settings),
        "lr": trainer._lr.state(),
        "rngs": {"order": trainer._order_rng.bit_generator.state,
                 "augment": trainer._aug_rng.bit_generator.state},
        "layer_rngs": {k: g.bit_generator.state
                       for k, g in layer_generators(trainer.network).items()},
        "callbacks": [{"type": type(cb).__name__, "state": cb.state_dict()}
                      for cb in trainer.callbacks],
    }


def save_checkpoint(trainer: Any, path: str | Path) -> None:
    """Write ``trainer``'s run to ``path`` atomically (call between mini-batches)."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {}
    meta = {"format": FORMAT, "version": VERSION,
            "trainer": _split(trainer_state(trainer), arrays, "t")}
    model_bytes = network_bytes(trainer.network, optimizer=trainer.optimizer)
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


def load_checkpoint(path: str | Path, dataset: Any, callbacks: Sequence[Any] = (),
                    **kwargs: Any) -> Any:
    """A ``Trainer`` continuing the run saved in ``path`` (see ``Trainer.from_checkpoint``)."""
    from dlstudio.training.spec import TrainSpec
    from dlstudio.training.trainer import Trainer

    loaded, st = read_checkpoint(path)
    try:
        spec = TrainSpec.from_dict(st["spec"])
        kwargs.setdefault("variant", st["variant"])
        kwargs.setdefault("data_seed", st["data_seed"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{path}: the training settings inside are damaged "
                              f"({exc})") from None
    trainer = Trainer(loaded.network, dataset, spec, callbacks, **kwargs)
    try:
        if loaded.optimizer_state is not None:
            trainer.optimizer.load_state_dict(loaded.optimizer_state)
        restore_trainer_state(trainer, st, path)
    except CheckpointError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError,
            OverflowError) as exc:
        raise CheckpointError(f"{path}: the saved run state is damaged ({exc})") from None
    return trainer


def restore_trainer_state(trainer: Any, st: dict, path: Any = "checkpoint") -> None:
    trainer.step, trainer.epoch = int(st["step"]), int(st["epoch"])
    trainer._batch_index = int(st["batch_index"])
    trainer._perm = None if st["perm"] is None else np.asarray(st["perm"])
    if trainer._perm is not None and len(trainer._perm) != len(trainer.data.x_train):
        raise CheckpointError(f"{path}: the checkpoint was made on {len(trainer._perm)} "
                              f"training examples but this data has "
                              f"{len(trainer.data.x_train)}; resume with the same data")
    if trainer._perm is not None and not np.array_equal(
            np.sort(trainer._perm), np.arange(len(trainer._perm))):
        raise CheckpointError(f"{path}: the saved order of the examples is damaged")
    trainer._sums = dict(st["sums"])
    trainer._last_batch_loss = float(st["last_batch_loss"])
    trainer.history = list(st["history"])
    trainer._active_seconds = float(st["active_seconds"])
    trainer._epoch_seconds = float(st["epoch_seconds"])
    trainer._stop_message = st["stop_message"]
    trainer.settings.update(st["settings"])
    if trainer.settings.get("dropout_rate") is not None:
        trainer.network.set_dropout_rate(trainer.settings["dropout_rate"])
    trainer._lr.load_state(st["lr"])
    trainer._order_rng.bit_generator.state = st["rngs"]["order"]
    trainer._aug_rng.bit_generator.state = st["rngs"]["augment"]
    gens = layer_generators(trainer.network)
    for key, state in st["layer_rngs"].items():
        if key in gens:
            gens[key].bit_generator.state = state
    saved = st["callbacks"]
    if len(saved) == len(trainer.callbacks):
        for cb, entry in zip(trainer.callbacks, saved):
            if type(cb).__name__ == entry["type"]:
                cb.load_state_dict(entry["state"])
    trainer._last_good.keep(trainer.step, force=True)
