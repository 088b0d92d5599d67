"""Run a lesson step headless and evaluate its check.

``run_step(lesson, step)`` resolves the step into specs (``resolve.py``), runs its experiment
and returns a ``StepOutcome`` with the check's result. Experiments:

- ``train``: build the network and data for each run (variant), train with the ``Trainer``
  for the step's epochs or steps, and keep every telemetry snapshot;
- ``inspect``: build the network only (shapes, parameter counts, receptive fields);
- ``preflight``: build each run's network and judge it at initialization on one batch
  (``training.preflight``), as the window's "Check before training" does;
- ``playground``: optimizer trajectories on a 2-D loss surface (``engine.trajectories``);
- ``search``: a random hyperparameter search, optionally zoomed coarse-to-fine
  (``training.search``);
- ``transfer``: pretrain a source network, reuse its lower layers for a new task
  (``training.transfer``).

Training or inspecting one run is ``train_run.py``; the other experiments are in
``experiments.py``. Datasets and pretrained source networks are cached per process, so
running a whole lesson loads each dataset once.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from dlstudio.engine import threads
from dlstudio.lessons.checks import CheckResult, RunRecord, evaluate
from dlstudio.lessons.experiments import playground_records, search_record, transfer_records
from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.resolve import resolve_step
from dlstudio.lessons.train_run import (Progress, StepStopped, inspect_run, preflight_run,
                                        train_run)
from dlstudio.messages import Message, message_of


@dataclass
class StepOutcome:
    """The result of running one step: the check, the runs it read, and the time taken."""

    result: CheckResult
    runs: dict[str, RunRecord] = field(default_factory=dict)
    seconds: float = 0.0


_SOURCE_CACHE: dict[str, Any] = {}


def transfer_source(lesson: Lesson, step: Step) -> tuple[Any, int] | None:
    """The source network a transfer step's variants reuse (trained once, then cached) and
    how many of its layers the first of them keeps; None for other steps."""
    from dlstudio.lessons.experiments import source_network

    modes = step.experiment_config.get("modes", {}) if step.experiment == "transfer" else {}
    for run in resolve_step(lesson, step):
        mode = modes.get(run.name)
        if mode:
            return (source_network(run, step.experiment_config, _SOURCE_CACHE),
                    int(mode["reuse"]))
    return None


def run_step(lesson: Lesson, step: Step, progress: Progress | None = None,
             raise_errors: bool = False) -> StepOutcome:
    """Run ``step`` of ``lesson`` headless and evaluate its check.

    An experiment that cannot run gives a failed result naming the error (or raises it
    with ``raise_errors``). ``progress(run_name, snapshot)`` hears every snapshot of every
    run (a transfer step's source network as ``experiments.SOURCE_RUN``); ``StepStopped``
    raised by it ends the step and is passed on."""
    t0 = time.perf_counter()
    try:
        # one BLAS thread: lesson networks are small, and a multi-threaded BLAS on 32x784 @
        # 784x64 products spends far more time waking threads than multiplying (a step of
        # lesson 5 took 26 s of CPU with the default pool, 1.8 s with one, on a loaded 2-core
        # machine)
        threads.single_threaded_blas()
        records = _run_experiment(lesson, step, progress)
    except StepStopped:
        raise
    except Exception as exc:  # a broken step is a failed check with the reason, not a crash
        if raise_errors:
            raise
        reason = message_of(exc) or f"{type(exc).__name__}: {exc}"
        return StepOutcome(CheckResult(False, None, Message("check.problem.could_not_run",
                                                            reason=reason)),
                           {}, time.perf_counter() - t0)
    result = evaluate(step.check.kind, step.check.params, records)
    return StepOutcome(result, records, time.perf_counter() - t0)


def _run_experiment(lesson: Lesson, step: Step, progress: Progress | None
                    ) -> dict[str, RunRecord]:
    runs = resolve_step(lesson, step)
    kind = step.experiment
    records: dict[str, RunRecord] = {}
    if kind == "train":
        for run in runs:
            records[run.name] = train_run(run, step.run.steps, progress,
                                          landscape=step.experiment_config.get("landscape"))
    elif kind == "inspect":
        for run in runs:
            records[run.name] = inspect_run(run)
    elif kind == "preflight":
        for run in runs:
            records[run.name] = preflight_run(run)
    elif kind == "playground":
        records = playground_records(step.experiment_config)
    elif kind == "search":
        records = {"": search_record(runs[0], step.experiment_config)}
    elif kind == "transfer":
        records = transfer_records(runs, step, progress, _SOURCE_CACHE)
    else:  # pragma: no cover - the loader rejects unknown kinds
        raise ValueError(f"unknown experiment {kind!r}")
    return records

