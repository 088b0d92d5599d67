"""The settings a running trainer changes between mini-batches (``LiveSettingsMixin``, mixed
into :class:`~dlstudio.training.trainer.Trainer`): the learning rate the next step uses, and
the live changes (rate, dropout, clipping, L1/L2, max-norm, saturation margin) queued on the
run's control, applied before a step.
"""
from __future__ import annotations

from typing import Any


class LiveSettingsMixin:
    """The trainer's learning rate and live setting updates (it uses the trainer's ``_lr``,
    ``step``, ``network`` and ``settings``)."""

    @property
    def learning_rate(self) -> float:
        """The rate the next step will use (schedule x live changes x plateau reductions)."""
        return self._lr.at(self.step)

    def set_learning_rate(self, value: float) -> None:
        """Use ``value`` from now on (a schedule keeps decaying from it)."""
        self._lr.set_at(self.step, float(value))

    def _apply_updates(self, updates: dict[str, Any]) -> None:
        for key, value in updates.items():
            if key == "learning_rate":
                self._lr.set_at(self.step, float(value), typed=True)
            elif key == "dropout_rate":
                self.network.set_dropout_rate(value)
                self.settings[key] = value
            else:
                self.settings[key] = value if value is not None or key not in ("l1", "l2") \
                    else 0.0
