"""The end of a trainer's epoch (``EpochEndMixin``, mixed into
:class:`~dlstudio.training.trainer.Trainer`): the validation metrics, the epoch's entry in
``history``, the position moved on to the next epoch, the callbacks' ``on_epoch_end``, the
``"epoch_end"`` snapshot, and whether the run ends there (every epoch trained, a callback
asked to stop, ``max_steps`` reached) with the message it ends with.
"""
from __future__ import annotations

import time

import numpy as np

from dlstudio.engine import threads
from dlstudio.messages import Message
from dlstudio.training.telemetry import Telemetry


def finished_epochs_message(epochs: int) -> Message:
    """"Finished N epochs" (one epoch in the singular)."""
    if epochs == 1:
        return Message("run.finished_one_epoch")
    return Message("run.finished_epochs", epochs=epochs)


def finished_steps_message(steps: int) -> Message:
    """"Finished N steps" (a run limited by ``max_steps``; one step in the singular)."""
    if steps == 1:
        return Message("run.finished_one_step")
    return Message("run.finished_steps", steps=steps)


class EpochEndMixin:
    """What the trainer does when an epoch's last mini-batch has trained (it uses the
    trainer's data, loss, spec, position, running sums, history, callbacks and snapshots)."""

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float | None]:
        """Mean loss (no regularization) and accuracy, in chunks of ``eval_batch_size``."""
        with np.errstate(all="ignore"):
            return self.network.evaluate(x, y, self._loss_fn, self.spec.eval_batch_size)

    def _end_epoch(self) -> Telemetry:
        """Close the epoch that just ended and return its ``"epoch_end"`` snapshot; sets
        ``outcome`` when the run ends with it."""
        t0 = time.perf_counter()
        threads.recheck()                    # other work may have started or ended meanwhile
        epoch = self.epoch
        train_loss, train_acc = self._running()
        val_loss = val_acc = None
        if len(self.data.x_val):
            val_loss, val_acc = self.evaluate(self.data.x_val, self.data.y_val)
        logs = {"epoch": epoch + 1, "loss": train_loss, "accuracy": train_acc,
                "val_loss": val_loss, "val_accuracy": val_acc, "lr": self.learning_rate,
                "seconds": self._epoch_seconds, "step": self.step,
                "penalty": self._last_penalty}
        self.history.append(logs)
        # the position moves to the next epoch before callbacks run, so that a checkpoint
        # written by a callback resumes at the start of the next epoch
        self.epoch += 1
        self._batch_index = 0
        self._perm = None
        self._sums = {"loss": 0.0, "correct": 0.0, "seen": 0, "has_acc": False}
        for cb in self.callbacks:
            cb.on_epoch_end(self, epoch, logs)
        self.exclude_time(time.perf_counter() - t0)      # validation and callbacks
        snap = self._snapshot("epoch_end", epoch=epoch, fraction=1.0, train_loss=train_loss,
                              train_accuracy=train_acc, val_loss=val_loss,
                              val_accuracy=val_acc, message=self._with_notes(""))
        if self.epoch >= self.spec.epochs:
            self.outcome = ("finished", self._stop_message or
                            finished_epochs_message(self.spec.epochs))
        elif self._stop_message is not None:
            self.outcome = ("finished", self._stop_message)
        elif self._steps_done():
            self.outcome = ("finished", finished_steps_message(self.step))
        return snap

    def _steps_done(self) -> bool:
        """Whether the run has trained the ``max_steps`` it was limited to."""
        return self.max_steps is not None and self.step >= self.max_steps
