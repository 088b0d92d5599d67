"""A run's own state and how a trainer saves and resumes it (``RunStateMixin``, mixed into
:class:`~dlstudio.training.trainer.Trainer`): ``state_dict``/``load_state_dict`` (position,
running sums, history, live settings, callbacks, every random generator's state), writing a
checkpoint and building a trainer from one (the file format is ``checkpoint.py``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np

from dlstudio.training.control import TELEMETRY_SETTINGS
from dlstudio.training.run_data import DataMismatchError
from dlstudio.training.spec import TrainSpec


class RunStateMixin:
    """Saving and resuming a trainer's run (it uses the trainer's position, sums, history,
    settings, generators, callbacks, network and optimizer)."""

    def state_dict(self, share_spec: bool = False) -> dict:
        """The run's own state as JSON values and numpy arrays (the network and optimizer
        save themselves): the spec, the position (step, epoch, batch within the epoch and the
        epoch's shuffled order), running sums, history, live settings, the learning-rate
        multiplier, callback states, and the state of every random generator (shuffling,
        augmentation, and any generator a layer owns, such as dropout's). ``share_spec``:
        the spec's document is the one the last call with it gave while the spec is the
        same (for states nobody changes in place: the moments of a timeline, hundreds a
        second for the classroom toy, where making it took a tenth of the training side's
        time); else a new one."""
        if share_spec:
            shared = getattr(self, "_shared_spec", None)
            if shared is None or shared[0] is not self.spec:
                shared = self._shared_spec = (self.spec, self.spec.to_dict())
            spec = shared[1]
        else:
            spec = self.spec.to_dict()
        return {
            "spec": spec, "variant": self.variant, "data_seed": self.data_seed,
            "step": self.step, "epoch": self.epoch, "batch_index": self._batch_index,
            "perm": self._perm, "sums": dict(self._sums),
            "last_batch_loss": self._last_batch_loss, "history": self.history,
            "active_seconds": self._active_seconds, "epoch_seconds": self._epoch_seconds,
            "stop_message": self._stop_message, "settings": dict(self.settings),
            "lr": self._lr.state(),
            "rngs": {"order": self._order_rng.bit_generator.state,
                     "augment": self._aug_rng.bit_generator.state},
            "layer_rngs": {k: g.bit_generator.state
                           for k, g in layer_generators(self.network).items()},
            "callbacks": [{"type": type(cb).__name__, "state": cb.state_dict()}
                          for cb in self.callbacks],
        }

    def load_state_dict(self, state: dict) -> None:
        """Continue the run ``state_dict()`` described (build the trainer with the same spec,
        network and data first). A damaged state raises KeyError, TypeError or ValueError;
        an order of examples that does not fit this data raises ``DataMismatchError``."""
        perm = None if state["perm"] is None else np.asarray(state["perm"])
        if perm is not None and len(perm) != len(self.data.x_train):
            raise DataMismatchError(f"the run was saved with {len(perm)} training examples "
                                    f"but this data has {len(self.data.x_train)}; resume "
                                    f"with the same data")
        if perm is not None and not np.array_equal(np.sort(perm), np.arange(len(perm))):
            raise ValueError("the saved order of the examples is damaged")
        self.step, self.epoch = int(state["step"]), int(state["epoch"])
        self._batch_index = int(state["batch_index"])
        self._perm = perm
        # the planned end from here: a branch with another batch size goes on from its step
        # with the rest of the epoch in batches of the new size, not from step 0 at that
        # size (walker20 W20-9: it ended at step 469 of a planned 810, the bar at 58 %)
        left = max(0, self.spec.epochs - self.epoch) * self.steps_per_epoch \
            - min(self._batch_index, self.steps_per_epoch)
        self.total_steps = self.step + max(0, left)
        if self.max_steps is not None:
            self.total_steps = min(self.total_steps, self.max_steps)
        self._sums = dict(state["sums"])
        self._last_batch_loss = float(state["last_batch_loss"])
        self.history = list(state["history"])
        self._active_seconds = float(state["active_seconds"])
        self._epoch_seconds = float(state["epoch_seconds"])
        self._stop_message = state["stop_message"]
        # how the probes measure (the saturation margin) follows this trainer's spec
        self.settings.update({k: v for k, v in state["settings"].items()
                              if k not in TELEMETRY_SETTINGS})
        if self.settings.get("dropout_rate") is not None:
            self.network.set_dropout_rate(self.settings["dropout_rate"])
        self._lr.load_state(state["lr"])
        self._order_rng.bit_generator.state = state["rngs"]["order"]
        self._aug_rng.bit_generator.state = state["rngs"]["augment"]
        gens = layer_generators(self.network)
        for key, rng_state in state["layer_rngs"].items():
            if key in gens:
                gens[key].bit_generator.state = rng_state
        saved = state["callbacks"]
        if len(saved) == len(self.callbacks):
            for cb, entry in zip(self.callbacks, saved):
                if type(cb).__name__ == entry["type"]:
                    cb.load_state_dict(entry["state"])
        self._last_good.keep(self.step, force=True)

    def save_checkpoint(self, path: str | Path) -> None:
        """Write everything needed to continue this run exactly (call between batches): at
        the end of a run, with the weights it had reached (``reached_weights``)."""
        from dlstudio.training.checkpoint import save_checkpoint

        if self._reached is None:
            save_checkpoint(path, self.state_dict(), self.network, self.optimizer)
            return
        shown = self.network.get_weights()
        self.network.set_weights(self._reached)
        try:
            save_checkpoint(path, self.state_dict(), self.network, self.optimizer)
        finally:
            self.network.set_weights(shown)

    @classmethod
    def from_checkpoint(cls, path: str | Path, dataset: Any, callbacks: Sequence[Any] = (),
                        **kwargs: Any) -> "Trainer":
        """A trainer that continues the run saved in ``path`` on ``dataset``; with the same
        dataset it continues exactly as the uninterrupted run would have. Every problem
        raises ``CheckpointError`` naming the file."""
        from dlstudio.training.checkpoint import CheckpointError, read_checkpoint

        loaded, state = read_checkpoint(path)
        try:
            spec = TrainSpec.from_dict(state["spec"])
            kwargs.setdefault("variant", state["variant"])
            kwargs.setdefault("data_seed", state["data_seed"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CheckpointError(f"{path}: the training settings inside are damaged "
                                  f"({exc})") from None
        trainer = cls(loaded.network, dataset, spec, callbacks, **kwargs)
        try:
            if loaded.optimizer_state is not None:
                trainer.optimizer.load_state_dict(loaded.optimizer_state)
                trainer.optimizer.check_state_fits(trainer.network)
            trainer.load_state_dict(state)
            shapes = [w.shape for w in trainer.network.get_weights()]
            for cb in trainer.callbacks:        # early stopping's best weights
                best = getattr(cb, "best_weights", None)
                if best is not None and ([w.shape for w in best] != shapes or not all(
                        w.dtype.kind == "f" and np.isfinite(w).all() for w in best)):
                    raise ValueError("the saved best weights do not fit the network")
        except DataMismatchError as exc:
            raise CheckpointError(f"{path}: {exc}") from None
        except (KeyError, TypeError, ValueError, IndexError, AttributeError,
                OverflowError) as exc:
            raise CheckpointError(f"{path}: the saved run state is damaged ({exc})") from None
        return trainer


def layer_generators(network: Any) -> dict[str, np.random.Generator]:
    """Every ``numpy.random.Generator`` a layer holds, keyed ``"<layer index>.<attribute>"``."""
    found = {}
    for i, layer in enumerate(network.layers):
        for attr, value in vars(layer).items():
            if isinstance(value, np.random.Generator):
                found[f"{i}.{attr}"] = value
    return found
