"""Timing shared by every benchmark: repeat-and-median rates, and best-of-n durations."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Measurement:
    median: float
    low: float
    high: float

    def text(self) -> str:
        return f"{self.median:>10,.0f}  ({self.low:,.0f}-{self.high:,.0f})"


def summary(rates) -> Measurement:
    """The median and range of repeated rates."""
    return Measurement(statistics.median(rates), min(rates), max(rates))


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` runs of ``fn()``, in seconds."""
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def measure(step: Callable[[int], None], n_steps: int, per_step: float, repeats: int,
            warmup: int = 3) -> Measurement:
    """Run ``step(i)`` ``n_steps`` times per repeat; report ``per_step`` units per second."""
    for i in range(warmup):
        step(i)
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for i in range(n_steps):
            step(i)
        dt = time.perf_counter() - t0
        rates.append(n_steps * per_step / dt)
    return summary(rates)
