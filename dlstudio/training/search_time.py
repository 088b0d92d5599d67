"""How long a search round takes: planned before it starts from a measured epoch time, and
the time left while it runs from its own progress.

A round runs its trials ``workers`` at a time, each in its own process with one thread
(``search_worker.init_worker``), so its runs go in waves. With more workers than cores the
workers share the cores, and each run is slower by that ratio. Every figure here is an
estimate for "about N minutes"; the machine's other work changes it.

>>> round_seconds(n_runs=12, epochs=3, workers=2, cores=2, epoch_seconds=40.0)
725.0
>>> seconds_left(elapsed=60.0, done=0.25)
180.0
"""
from __future__ import annotations

import math
from statistics import median
from typing import Sequence

#: starting a round's worker processes (spawn, imports) before the first trial trains
START_SECONDS = 5.0
#: what a search run does besides its epochs: loading the data in its process and the
#: pre-flight check of its first step (MNIST, measured on the course machine: 2.8 s + 0.8 s)
RUN_START_SECONDS = 4.0
#: a search run has one core; the studio's runs may use more. Measured on the 2-core course
#: machine, idle: an MNIST convnet epoch took 10.1 s on one thread in a search run and about
#: 9.2 s in the studio's run on two (which also probes its layers)
ONE_CORE_SLOWDOWN = 1.1
#: the share of a round that must be done before its own pace says how long the rest takes
#: (the first reports come after the processes started and the data loaded)
MIN_DONE_FOR_PACE = 0.02
#: the steps (or the whole epoch, when shorter) a studio run must have trained to time an
#: epoch: its first steps also take the loading, building and compiling, and a run stopped
#: at step 1 of 469 made a search "about 8.7 h" (fix60's leftover)
MIN_TIMED_STEPS = 20


def round_seconds(n_runs: int, epochs: int, workers: int, cores: int,
                  epoch_seconds: float, run_seconds: float = 0.0) -> float:
    """Seconds a round of ``n_runs`` runs of ``epochs`` epochs takes in ``workers``
    processes on ``cores`` cores, when one run trains an epoch on one core in
    ``epoch_seconds`` and spends ``run_seconds`` besides (``RUN_START_SECONDS``; 0 when
    ``epoch_seconds`` already counts it), the processes' start-up included
    (``START_SECONDS``)."""
    if n_runs < 1 or epochs < 1 or epoch_seconds < 0:
        raise ValueError(f"a round needs runs, epochs and a time per epoch, got {n_runs}, "
                         f"{epochs}, {epoch_seconds}")
    parallel = max(1, min(int(workers), int(n_runs)))
    shared = max(1.0, parallel / max(1, int(cores)))     # more processes than cores
    waves = math.ceil(n_runs / parallel)
    return START_SECONDS + waves * (run_seconds + epochs * epoch_seconds) * shared


def run_epoch_seconds(elapsed_seconds: float, step: int, steps_per_epoch: float) -> float | None:
    """Seconds per epoch of a run that trained ``step`` steps of ``steps_per_epoch`` in
    ``elapsed_seconds``; None when it measured nothing yet, or too little: fewer than
    ``MIN_TIMED_STEPS`` steps and less than an epoch."""
    if step <= 0 or steps_per_epoch <= 0 or not elapsed_seconds > 0:
        return None
    if step < min(MIN_TIMED_STEPS, steps_per_epoch):
        return None
    return elapsed_seconds * steps_per_epoch / step


def turns_epoch_seconds(examples_per_second: float, step: int, steps_per_epoch: float,
                        batch_size: int) -> float | None:
    """Seconds per epoch of a comparison's variant that trained ``step`` steps of
    ``steps_per_epoch`` (``batch_size`` examples each) at ``examples_per_second`` counted
    over its own turns (``training.compare``: the variants take turns, so the run's elapsed
    time is all of theirs); None when it measured nothing yet, or too little (as
    ``run_epoch_seconds``)."""
    if step <= 0 or steps_per_epoch <= 0 or batch_size <= 0 or not examples_per_second > 0:
        return None
    if step < min(MIN_TIMED_STEPS, steps_per_epoch):
        return None
    return steps_per_epoch * batch_size / examples_per_second


def on_one_core(epoch_seconds: float, cores: int) -> float:
    """Seconds per epoch of a search run (one core) for a network that trained an epoch in
    ``epoch_seconds`` on a machine's ``cores`` cores (``ONE_CORE_SLOWDOWN`` when there are
    several)."""
    return epoch_seconds * (ONE_CORE_SLOWDOWN if cores > 1 else 1.0)


def epoch_seconds_from_trials(results: Sequence[dict], epochs: int) -> float | None:
    """Seconds per epoch of a round's finished runs of ``epochs`` epochs (the median of the
    "ok" runs' ``seconds``, which include loading the data and the pre-flight check); None
    when no run finished."""
    times = [float(r["seconds"]) for r in results
             if r.get("status") == "ok" and r.get("seconds") and r["seconds"] > 0]
    if not times or epochs < 1:
        return None
    return median(times) / epochs


def seconds_left(elapsed: float, done: float) -> float | None:
    """Seconds still to go for a round that did ``done`` (0..1) of its work in ``elapsed``
    seconds, at the pace so far; None while too little is done to tell
    (``MIN_DONE_FOR_PACE``)."""
    if done < MIN_DONE_FOR_PACE or elapsed <= 0:
        return None
    if done >= 1.0:
        return 0.0
    return elapsed * (1.0 - done) / done
