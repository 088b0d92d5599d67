"""How a trainer builds its snapshots (``SnapshotMixin``, mixed into
:class:`~dlstudio.training.trainer.Trainer`): the running epoch metrics, the position in the
run (epoch and fraction), the notes collected for the next message, and the ``Telemetry``
itself, including the report of the step a paused run stands at.
"""
from __future__ import annotations

from typing import Any

from dlstudio.messages import join_sentences
from dlstudio.training.telemetry import END_EVENTS, Telemetry


class SnapshotMixin:
    """Builds the trainer's ``Telemetry`` snapshots (it uses the trainer's position, running
    sums, history, throughput, learning rate and latest layer probes)."""

    def pause_report(self) -> Telemetry | None:
        """A snapshot of the step a paused run stands at, when no snapshot reported that step
        (after step 50 a step reports only when a periodic snapshot is due): while the run
        waits, the window shows where it really is, and the next Step reports the step right
        after it. None when the run is not paused, has ended or already reported its step."""
        if self.outcome is not None or not self._started or not self.control.paused \
                or self._reported_step == self.step:
            return None
        return self._snapshot("step")

    def _running(self) -> tuple[float, float | None]:
        s = self._sums
        if not s["seen"]:
            if self.history:          # between epochs: the epoch that just ended
                return self.history[-1]["loss"], self.history[-1]["accuracy"]
            return self._last_batch_loss, None
        return s["loss"] / s["seen"], (s["correct"] / s["seen"] if s["has_acc"] else None)

    def _position(self) -> tuple[int, float]:
        if self._batch_index == 0 and self.epoch > 0:
            return self.epoch - 1, 1.0
        return self.epoch, self._batch_index / self.steps_per_epoch

    def _with_notes(self, message: str) -> str:
        parts = ([message] if message else []) + self._notes
        self._notes = []
        return join_sentences(parts)

    def _snapshot(self, event: str, *, epoch: int | None = None, fraction: float | None = None,
                  message: str = "", **metrics: Any) -> Telemetry:
        self._reported_step = self.step
        # an ended run: its average over all its training time (``throughput``)
        eps = self.throughput.overall() if event in END_EVENTS else self.throughput.measure()
        train_loss, train_acc = self._running()
        pos_epoch, pos_fraction = self._position()
        fields = {"train_loss": train_loss, "train_accuracy": train_acc}
        fields.update(metrics)
        return Telemetry(
            step=self.step, epoch=pos_epoch if epoch is None else epoch,
            batch_loss=float(self._last_batch_loss), penalty=float(self._last_penalty),
            learning_rate=self.learning_rate,
            examples_per_second=eps,
            epoch_fraction=pos_fraction if fraction is None else fraction,
            total_steps=self.total_steps, layers=self._layers, event=event, message=message,
            variant=self.variant, elapsed_seconds=self._active_seconds,
            extra={"probe_step": self._probe_step, "probe_seconds": self.probe_seconds},
            **fields)
