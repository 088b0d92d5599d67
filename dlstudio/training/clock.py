"""When to take a snapshot: an adaptive interval in wall-clock time.

Snapshots (cheap: loss, accuracy, rate, throughput) are due every ``1 / snapshots_per_second``
seconds of training, whatever the speed: a toy network taking 2,000 steps a second reports
every ~100 steps, the MNIST convnet every few steps. Snapshots change no numbers, so their
timing may follow the clock.

Per-layer probes do not: they follow the step (``probe_schedule.ProbeSchedule``), so the same
run is probed at the same steps on any machine. Snapshots between probes carry the most recent
probe's layer telemetry (``Telemetry.extra["probe_step"]`` says when it was measured).

``clock`` is any function returning seconds (default ``time.perf_counter``); tests pass a
simulated slow or fast clock to show that the telemetry does not depend on it.
"""
from __future__ import annotations

import time
from typing import Callable


class SnapshotClock:
    """Decides, between mini-batches, whether a periodic snapshot is due."""

    def __init__(self, snapshots_per_second: float = 20.0,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.interval = 1.0 / float(snapshots_per_second)
        self._clock = clock
        self._last_snapshot = -float("inf")

    def now(self) -> float:
        return self._clock()

    def snapshot_due(self, now: float | None = None) -> bool:
        now = self._clock() if now is None else now
        return now - self._last_snapshot >= self.interval

    def mark_snapshot(self, now: float | None = None) -> None:
        self._last_snapshot = self._clock() if now is None else now
