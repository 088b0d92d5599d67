"""When to take a snapshot and when to probe: an adaptive interval in wall-clock time.

Snapshots (cheap: a few numbers) are due every ``1 / snapshots_per_second`` seconds of
training, whatever the speed: a toy network taking 2,000 steps a second reports every ~100
steps, the MNIST convnet every few steps. Layer probes cost more (a forward pass on the probe
batch plus histograms), so they are spaced further apart when needed to keep their share of
the time below ``max_overhead``: the probe interval is
``max(snapshot interval, measured probe cost / max_overhead)``. Snapshots between probes carry
the most recent probe's layer telemetry (``Telemetry.extra["probe_step"]`` says when it was
measured).
"""
from __future__ import annotations

import time


class SnapshotClock:
    """Decides, between mini-batches, whether a snapshot and/or a probe is due."""

    def __init__(self, snapshots_per_second: float = 20.0, max_overhead: float = 0.05,
                 clock=time.perf_counter) -> None:
        self.interval = 1.0 / float(snapshots_per_second)
        self.max_overhead = float(max_overhead)
        self._clock = clock
        self._last_snapshot = -float("inf")
        self._last_probe = -float("inf")
        self.probe_cost = 0.0          # smoothed seconds per probe
        self.probe_seconds = 0.0       # total time spent probing
        self.probes = 0

    def now(self) -> float:
        return self._clock()

    @property
    def probe_interval(self) -> float:
        return max(self.interval, self.probe_cost / self.max_overhead if self.max_overhead
                   else float("inf"))

    def snapshot_due(self, now: float | None = None) -> bool:
        now = self._clock() if now is None else now
        return now - self._last_snapshot >= self.interval

    def probe_due(self, now: float | None = None) -> bool:
        now = self._clock() if now is None else now
        return now - self._last_probe >= self.probe_interval

    def mark_snapshot(self, now: float | None = None) -> None:
        self._last_snapshot = self._clock() if now is None else now

    def mark_probe(self, seconds: float, now: float | None = None) -> None:
        """Record a probe that took ``seconds``."""
        self._last_probe = self._clock() if now is None else now
        self.probe_seconds += seconds
        self.probes += 1
        # the first measurement includes one-off costs; smooth the rest
        self.probe_cost = seconds if self.probes <= 2 else 0.7 * self.probe_cost + 0.3 * seconds
