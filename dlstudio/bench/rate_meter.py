"""How fast a run trains, as the consumer of its snapshots sees it: ``RateMeter``.

Both sides of ``dlstudio bench --window`` (headless and in the window) measure a run this
way: examples trained between the snapshot of step ``warm`` (kernels compiled, buffers made)
and the last step snapshot, over the wall time between the two; with the process's CPU time,
the probes' share of the training clock, how watched threads spent the time
(``thread_times``) and the rate the snapshots themselves showed.
"""
from __future__ import annotations

import statistics
import time
from typing import Any, Callable, Sequence

from dlstudio.bench import thread_times

#: steps left out of the measurement at the start (first-use costs)
WARM_STEPS = 20


class RateMeter:
    """Examples per second between the snapshot of step ``warm`` and the last step one, by
    the wall-clock time at which the consumer received them; also the process's CPU time
    (all threads) per example over the same steps, which other processes on the machine
    disturb much less than the wall-clock rate; the share of the training clock spent in
    layer probes; and, for the threads ``threads()`` names, how they spent the wall time
    (running, waiting for a core, blocked: see ``thread_times``).

    The threads' counters are read at the first measured step, then at most every
    ``read_every`` seconds and at step ``last_step`` (the run's last; by default the
    snapshots' ``total_steps``, the run's planned end): read at
    every snapshot, the ``/proc`` files cost the window's GUI thread ~1% of a core (the
    MLP's ~35 snapshots a second), time the headless side spent on its training thread."""

    def __init__(self, batch: int, warm: int = WARM_STEPS,
                 clock: Callable[[], float] = time.perf_counter,
                 cpu_clock: Callable[[], float] = time.process_time,
                 threads: Callable[[], dict[str, int | None]] | None = None,
                 last_step: int | None = None, read_every: float = 0.5) -> None:
        self.batch, self.warm, self.clock, self.cpu_clock = batch, warm, clock, cpu_clock
        self.last_step, self.read_every = last_step, read_every
        #: the steps of the first and the latest thread readings
        self.thread_steps: list[int] = []
        self.read_at = 0.0                 # when they were read last (``clock``)
        self.first: tuple[float, int] | None = None
        self.last: tuple[float, int] | None = None
        self.cpu: list[float] = []
        self.trained: list[float] = []
        self.probed: list[float] = []      # the trainer's probe seconds so far, first and last
        #: role ("training", "gui") -> native thread id, found at the first measured step by
        #: ``threads()``; their times are read there and at every later step snapshot
        self.find_threads = threads
        self.thread_ids: dict[str, int] = {}
        self.thread_readings: list[thread_times.Reading] = []
        self.shown: list[float] = []       # the snapshots' own rate, after the warm steps
        self.shown_at: list[float] = []    # when each arrived (the consumer's clock)

    def add(self, snap: Any) -> None:
        if snap.event != "step" or snap.step < self.warm:
            return
        point = (self.clock(), snap.step)
        probed = float((getattr(snap, "extra", None) or {}).get("probe_seconds") or 0.0)
        if self.first is None:
            self.first = point
            self.cpu = [self.cpu_clock()] * 2
            self.trained = [float(snap.elapsed_seconds)] * 2
            self.probed = [probed] * 2
            if self.find_threads is not None:
                self.thread_ids = {role: tid for role, tid in self.find_threads().items()
                                   if tid is not None}
                self.thread_readings = [thread_times.thread_times(self.thread_ids.values())] * 2
                self.thread_steps = [snap.step] * 2
                self.read_at = point[0]
        self.last = point
        self.cpu[1] = self.cpu_clock()
        self.trained[1] = float(snap.elapsed_seconds)
        self.probed[1] = probed
        last_step = self.last_step or getattr(snap, "total_steps", None)
        if self.thread_ids and (point[0] - self.read_at >= self.read_every
                                or (last_step is not None and snap.step >= last_step)):
            self.thread_readings[1] = thread_times.thread_times(self.thread_ids.values())
            self.thread_steps[1] = snap.step
            self.read_at = point[0]
        if snap.examples_per_second > 0:
            self.shown.append(float(snap.examples_per_second))
            self.shown_at.append(point[0])

    def rate(self) -> float:
        if self.first is None or self.last is None or self.last[0] <= self.first[0]:
            return 0.0
        return (self.last[1] - self.first[1]) * self.batch / (self.last[0] - self.first[0])

    def training_clock_rate(self) -> float:
        """The same examples over the trainer's own training clock (``elapsed_seconds``:
        validation and pauses left out), which is what the shown rate measures."""
        seconds = self.trained[1] - self.trained[0] if self.last else 0.0
        return (self.last[1] - self.first[1]) * self.batch / seconds if seconds > 0 else 0.0

    def shown_during(self) -> float:
        """The rate the window showed during the measured steps, as a reader saw it: the
        median over time, each shown value weighted by how long it stayed (until the next
        snapshot). Not the median over snapshots: a probed step always yields a snapshot, and
        the dense probing of the first steps (every step up to 50) gave a fast run half of
        its snapshots in its first ~0.2 s, so that median was the start's rate (the MLP:
        11,900 shown against 33,000 trained, measured 13:10)."""
        return time_weighted_median(self.shown, self.shown_at)

    def rate_without_probes(self) -> float:
        """``rate()`` with the probes' seconds taken out of the wall time: what the same run
        would train with telemetry off (``dlstudio train``'s default), had the probes cost
        nothing else (their snapshots are cheap)."""
        if self.first is None or self.last is None:
            return 0.0
        seconds = self.last[0] - self.first[0] - (self.probed[1] - self.probed[0])
        return (self.last[1] - self.first[1]) * self.batch / seconds if seconds > 0 else 0.0

    def cpu_us_per_example(self) -> float:
        examples = (self.last[1] - self.first[1]) * self.batch if self.last else 0
        return 1e6 * (self.cpu[1] - self.cpu[0]) / examples if examples else 0.0

    def probe_share(self) -> float:
        """The share of the training clock the trainer spent probing layers over the
        measured steps (0.0 with telemetry off or before two step snapshots)."""
        seconds = self.trained[1] - self.trained[0] if self.last else 0.0
        return (self.probed[1] - self.probed[0]) / seconds if seconds > 0 else 0.0

    def thread_split(self, role: str) -> thread_times.ThreadTime | None:
        """How the thread of ``role`` spent the measured steps (None if not watched)."""
        if role not in self.thread_ids or not self.thread_readings:
            return None
        return thread_times.time_split(*self.thread_readings, self.thread_ids[role])

    def result(self) -> dict:
        """The measured figures as plain numbers (for a child's JSON result): with watched
        threads, each role's run, run-queue and blocked seconds as shares of the wall time
        (``<role>_run``, ``<role>_waited``, ``<role>_blocked``), its CPU time per example
        (``<role>_us_per_example``) and its minor page faults per step
        (``<role>_faults_per_step``)."""
        out = {"examples_per_second": self.rate(),
               "training_clock_rate": self.training_clock_rate(),
               "cpu_us_per_example": self.cpu_us_per_example(),
               "steps": self.last[1] if self.last else 0,
               "shown_median": self.shown_during(),
               "probe_share": self.probe_share(),
               "rate_without_probes": self.rate_without_probes()}
        steps = self.thread_steps[1] - self.thread_steps[0] if self.thread_steps else 0
        for role in self.thread_ids:
            split = self.thread_split(role)
            if split is not None and split.wall > 0:
                out.update({f"{role}_run": split.run / split.wall,
                            f"{role}_waited": split.waited / split.wall,
                            f"{role}_blocked": split.blocked / split.wall})
                if steps > 0:
                    out.update({f"{role}_us_per_example": 1e6 * split.run / (steps * self.batch),
                                f"{role}_faults_per_step": split.faults / steps})
        return out


def time_weighted_median(values: Sequence[float], times: Sequence[float]) -> float:
    """The median of ``values`` where ``values[i]`` holds from ``times[i]`` to
    ``times[i + 1]`` (the last one holds for no time unless it is the only one); 0.0 when
    there are none."""
    if not values:
        return 0.0
    weights = [b - a for a, b in zip(times, times[1:])] + [0.0]
    total = sum(weights)
    if total <= 0:
        return statistics.median(values)
    seen = 0.0
    for value, weight in sorted(zip(values, weights)):
        seen += weight
        if seen >= total / 2:
            return value
    return max(values)
