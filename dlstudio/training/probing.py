"""When and how a trainer probes its layers (``ProbingMixin``, mixed into
:class:`~dlstudio.training.trainer.Trainer`): whether the next step is probed (a function of
the step, never of time) and the probe itself on the fixed probe batch, whose results the
following snapshots carry.
"""
from __future__ import annotations

import time

import numpy as np

from dlstudio.training import probes


class ProbingMixin:
    """The trainer's layer probes (it uses the trainer's spec, probe schedule, step, position
    in the epoch, data, probe indices, network, loss and settings)."""

    def probe_due(self) -> bool:
        """Whether the next step is probed by the schedule: a function of the step (and of
        the epoch's end and the last of ``max_steps``, unless ``telemetry.probe_steps`` lists
        the steps), never of time."""
        nxt = self.step + 1
        if self.probe_schedule.explicit is None and (
                self._batch_index == self.steps_per_epoch - 1
                or (self.max_steps is not None and nxt >= self.max_steps)):
            return True
        return self.probe_schedule.due(nxt)

    def _probe_batch(self) -> tuple[np.ndarray, np.ndarray]:
        return self.data.x_train[self._probe_idx], self.data.y_train[self._probe_idx]

    def _probe(self, grads: dict | None, kernels: dict | None) -> None:
        if not self.spec.telemetry.enabled:
            return
        t0 = time.perf_counter()
        x_probe, y_probe = self._probe_batch()
        tel = self.spec.telemetry
        self._layers = probes.probe_layers(self.network, x_probe, tel.histogram_bins, grads,
                                           kernels, y_probe, self._loss_fn,
                                           self.settings["saturation_margin"], tel.unit_layer,
                                           tel.unit_index)
        self._probe_step = self.step
        self.probes += 1
        self.probe_seconds += time.perf_counter() - t0
