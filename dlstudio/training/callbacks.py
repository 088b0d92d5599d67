"""Callbacks: early stopping, reduce-on-plateau, checkpoints (Keras's names and meanings).

A callback is told about the run at three moments and may act on the trainer:

* ``on_train_begin(trainer)``;
* ``on_epoch_end(trainer, epoch, logs)`` with ``logs`` holding ``loss``, ``accuracy``,
  ``val_loss``, ``val_accuracy``, ``lr`` (``epoch`` is 0-based; the trainer's position is
  already the start of the next epoch);
* ``on_train_end(trainer, event)`` with ``event`` "finished", "stopped" or "diverged".

It acts through ``trainer.request_stop(message)``, ``trainer.set_learning_rate(value)``,
``trainer.note(message)`` (shown in the epoch's snapshot), ``trainer.save_checkpoint(path)``
and, at the end, ``trainer.put_back_weights(weights)`` (the weights the run ends showing; a
checkpoint and a continuation keep the weights training reached).
``state_dict``/``load_state_dict`` let a checkpoint resume a callback exactly.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from dlstudio.messages import Message


class Callback:
    """Base class: every hook does nothing."""

    def on_train_begin(self, trainer: Any) -> None:
        pass

    def on_epoch_end(self, trainer: Any, epoch: int, logs: dict) -> None:
        pass

    def on_train_end(self, trainer: Any, event: str) -> None:
        pass

    def restart_patience(self) -> None:
        """Count epochs without improvement afresh from now (a run continued after this
        callback ended it); the best value seen so far is kept."""

    def state_dict(self) -> dict:
        return {}

    def load_state_dict(self, state: dict) -> None:
        pass


#: the metric a callback watches (a key of the epoch logs) -> its catalogue name
_METRIC_NAMES = {"val_loss": "metric.val_loss", "val_accuracy": "metric.val_accuracy",
                 "loss": "metric.train_loss", "accuracy": "metric.train_accuracy"}


def monitor_label(monitor: str) -> str:
    """A watched metric in words for a student, as a ``Message`` ("val_loss" -> "validation
    loss"); a metric without a name in words is returned as it is."""
    key = _METRIC_NAMES.get(monitor)
    return Message(key) if key else monitor


class _Monitor:
    """Tracks the best value of a metric (lower is better for losses, higher for accuracy).

    When a ``val_`` metric is missing (no validation data) the training metric stands in and
    the trainer is told once. ``owner`` names the callback: "early_stopping",
    "reduce_on_plateau" or "checkpoint" (message ids ``callback.name.<owner>``).
    """

    def __init__(self, monitor: str, min_delta: float, owner: str) -> None:
        self.monitor = monitor
        self.min_delta = abs(float(min_delta))
        self.owner = owner
        self.higher_is_better = "accuracy" in monitor
        self.best = -math.inf if self.higher_is_better else math.inf
        self._warned = False

    def value(self, trainer: Any, logs: dict) -> float | None:
        v = logs.get(self.monitor)
        if v is None and self.monitor.startswith("val_"):
            v = logs.get(self.monitor[4:])
            if v is not None and not self._warned:
                trainer.note(Message("callback.no_validation",
                                     owner=Message(f"callback.name.{self.owner}"),
                                     fallback=monitor_label(self.monitor[4:]),
                                     monitor=monitor_label(self.monitor)))
                self._warned = True
        return None if v is None or not math.isfinite(v) else float(v)

    def improved(self, value: float) -> bool:
        if self.higher_is_better:
            return value > self.best + self.min_delta
        return value < self.best - self.min_delta

    def state(self) -> dict:
        return {"best": self.best, "warned": self._warned}

    def load(self, state: dict) -> None:
        self.best = float(state["best"])
        self._warned = bool(state["warned"])


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience``
    epochs; with ``restore_best_weights`` the network ends with the weights of its best epoch
    (when the run finishes or is stopped early, not when it diverged). A run continued after
    that trains on from the weights it had reached (``Trainer.put_back_weights``) and counts
    its patience afresh (``restart_patience``): it trains at least ``patience`` more epochs,
    and the best epoch of the whole run is the one put back at its end."""

    def __init__(self, monitor: str = "val_loss", patience: int = 3, min_delta: float = 0.0,
                 restore_best_weights: bool = True) -> None:
        self._m = _Monitor(monitor, min_delta, "early_stopping")
        self.patience = int(patience)
        self.restore_best_weights = bool(restore_best_weights)
        self.wait = 0
        self.best_epoch: int | None = None
        self.best_weights: list[np.ndarray] | None = None
        self.stopped_epoch: int | None = None

    def on_epoch_end(self, trainer, epoch, logs):
        value = self._m.value(trainer, logs)
        if value is None:
            return
        if self._m.improved(value):
            self._m.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self.best_weights = trainer.network.get_weights()
            return
        self.wait += 1
        if self.wait >= max(self.patience, 1):
            self.stopped_epoch = epoch
            # "for 1 epoch", not "1 epochs" (walker32)
            trainer.request_stop(Message(
                "callback.early_stopping_one" if self.wait == 1 else "callback.early_stopping",
                monitor=monitor_label(self._m.monitor), wait=self.wait,
                best=self._m.best, epoch=self.best_epoch + 1))

    def restart_patience(self):
        self.wait, self.stopped_epoch = 0, None

    def on_train_end(self, trainer, event):
        if event == "diverged" or not self.restore_best_weights or self.best_weights is None:
            return
        last = trainer.history[-1]["epoch"] - 1 if trainer.history else None
        if self.best_epoch is not None and self.best_epoch != last:
            trainer.put_back_weights(self.best_weights)
            trainer.note(Message("callback.restored_best", epoch=self.best_epoch + 1,
                                 monitor=monitor_label(self._m.monitor)))

    def state_dict(self):
        return {"monitor": self._m.state(), "wait": self.wait, "best_epoch": self.best_epoch,
                "stopped_epoch": self.stopped_epoch, "best_weights": self.best_weights}

    def load_state_dict(self, state):
        self._m.load(state["monitor"])
        self.wait, self.best_epoch = int(state["wait"]), state["best_epoch"]
        self.stopped_epoch = state["stopped_epoch"]
        bw = state.get("best_weights")
        self.best_weights = None if bw is None else [np.array(w) for w in bw]


def restored_epoch(message: Any) -> int | None:
    """The epoch (1-based) whose weights ``EarlyStopping`` put back at the end of a run, read
    from the run's last message (its "callback.restored_best" note, which survives saving
    the run), or None when the run kept its final weights."""
    if isinstance(message, Message):
        if message.id == "callback.restored_best":
            return int(message.values["epoch"])
        for value in message.values.values():
            found = restored_epoch(value)
            if found is not None:
                return found
    elif isinstance(message, (list, tuple)):
        for value in message:
            found = restored_epoch(value)
            if found is not None:
                return found
    return None


class ReduceLROnPlateau(Callback):
    """Multiply the learning rate by ``factor`` when ``monitor`` has not improved for
    ``patience`` epochs (never below ``min_lr``), then wait ``patience`` epochs again."""

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 2,
                 min_lr: float = 0.0, min_delta: float = 1e-4) -> None:
        if not 0.0 < factor < 1.0:
            raise ValueError(f"ReduceLROnPlateau: factor must be between 0 and 1, got {factor!r}")
        self._m = _Monitor(monitor, min_delta, "reduce_on_plateau")
        self.factor, self.patience, self.min_lr = float(factor), int(patience), float(min_lr)
        self.wait = 0

    def on_epoch_end(self, trainer, epoch, logs):
        value = self._m.value(trainer, logs)
        if value is None:
            return
        if self._m.improved(value):
            self._m.best, self.wait = value, 0
            return
        self.wait += 1
        if self.wait >= self.patience:
            old = trainer.learning_rate
            new = max(old * self.factor, self.min_lr)
            if new < old:
                trainer.set_learning_rate(new)
                trainer.note(Message("callback.lr_lowered", monitor=monitor_label(self._m.monitor),
                                     old=old, new=new))
            self.wait = 0

    def state_dict(self):
        return {"monitor": self._m.state(), "wait": self.wait}

    def load_state_dict(self, state):
        self._m.load(state["monitor"])
        self.wait = int(state["wait"])


class ModelCheckpoint(Callback):
    """Save a resumable checkpoint every ``every_epochs`` epochs to ``path`` (which may hold
    ``{epoch}``, 1-based); with ``save_best_only`` only when ``monitor`` improved."""

    def __init__(self, path: str | Path, every_epochs: int = 1, save_best_only: bool = False,
                 monitor: str = "val_loss") -> None:
        self.path = str(path)
        self.every_epochs = max(1, int(every_epochs))
        self.save_best_only = bool(save_best_only)
        self._m = _Monitor(monitor, 0.0, "checkpoint")
        self.saved: list[str] = []

    def on_epoch_end(self, trainer, epoch, logs):
        if (epoch + 1) % self.every_epochs:
            return
        if self.save_best_only:
            value = self._m.value(trainer, logs)
            if value is None or not self._m.improved(value):
                return
            self._m.best = value
        path = self.path.format(epoch=epoch + 1)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        trainer.save_checkpoint(path)
        self.saved.append(path)

    def state_dict(self):
        return {"monitor": self._m.state()}

    def load_state_dict(self, state):
        self._m.load(state["monitor"])


def callbacks_from_spec(spec: Any, extra: Sequence[Callback] = ()) -> list[Callback]:
    """The callbacks a ``TrainSpec`` asks for, then ``extra``; the checkpoint runs last so it
    records the other callbacks' decisions."""
    out: list[Callback] = []
    if spec.early_stopping is not None:
        es = spec.early_stopping
        out.append(EarlyStopping(es.monitor, es.patience, es.min_delta, es.restore_best_weights))
    if spec.reduce_on_plateau is not None:
        rp = spec.reduce_on_plateau
        out.append(ReduceLROnPlateau(rp.monitor, rp.factor, rp.patience, rp.min_lr, rp.min_delta))
    out.extend(extra)
    if spec.checkpoint is not None:
        ck = spec.checkpoint
        out.append(ModelCheckpoint(ck.path, ck.every_epochs, ck.save_best_only, ck.monitor))
    return out
