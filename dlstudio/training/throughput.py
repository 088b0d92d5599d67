"""Examples per second of training, as the progress line and the status line show it.

The rate is measured over the last ``window`` seconds of *training* time, so it neither jumps
with each 50 ms snapshot (a layer probe, a garbage collection) nor lags a long run by minutes.
Time that is not training is left out: pauses, validation and test evaluations, and the first
step's one-off costs (work buffers, optimizer slots, kernels compiled on first use).

>>> rate = Throughput()
>>> rate.add(64)            # after each mini-batch
>>> rate.exclude(seconds)   # a pause or an evaluation
>>> rate.measure()          # at each snapshot: examples/s (0.0 until measurable)
>>> rate.overall()          # at the run's end: examples/s over all of its training time

A run that ended shows its average over its whole training time (``overall``): the rate of
its last second said how the end went, not how fast the run trained, and varied with
whatever the end did (a 784-300-100-10 MLP's window showed 49,000 examples/s after a run
that trained at 42,500).
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable

#: seconds of training the rate is averaged over: about 20 snapshots, so one probe or garbage
#: collection moves it by well under 1%; two seconds kept a fast run's dense-probed start
#: (every step probed up to step 50, each probe slower than a step) in the rate for two
#: seconds: a 784-300-100-10 MLP training at ~40,000 examples/s showed ~14,000-30,000 for
#: the first two of its three seconds
RATE_WINDOW = 1.0


class Throughput:
    """A training-time clock, an example count and the rate over the last ``window`` s."""

    def __init__(self, window: float = RATE_WINDOW,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.window = float(window)
        self._clock = clock
        self._excluded = 0.0
        self.examples = 0
        self.rate = 0.0
        self._points: deque[tuple[float, int]] = deque()
        self.restart()

    def now(self) -> float:
        """Seconds on the training clock (wall-clock time minus the excluded time)."""
        return self._clock() - self._excluded

    def restart(self) -> None:
        """Measure from now on (forget earlier points; the count goes on)."""
        self._points.clear()
        self._points.append((self.now(), self.examples))
        self._start = self._points[0]

    def overall(self) -> float:
        """Examples per second over all the training time since the last ``restart`` (the
        rate of the last window when nothing was trained since)."""
        t0, n0 = self._start
        now = self.now()
        if self.examples > n0 and now > t0:
            return (self.examples - n0) / (now - t0)
        return self.measure()

    def add(self, examples: int) -> None:
        """``examples`` more were trained."""
        self.examples += int(examples)

    def exclude(self, seconds: float) -> None:
        """Leave ``seconds`` that just passed (a pause, an evaluation) out of the rate."""
        self._excluded += max(0.0, float(seconds))

    def measure(self) -> float:
        """The rate now (the last one when nothing was trained since)."""
        now, points = self.now(), self._points
        while len(points) > 1 and now - points[1][0] >= self.window:
            points.popleft()          # keep one point at least ``window`` s back
        t0, n0 = points[0]
        if self.examples > n0 and now > t0:
            self.rate = (self.examples - n0) / (now - t0)
        points.append((now, self.examples))
        return self.rate
