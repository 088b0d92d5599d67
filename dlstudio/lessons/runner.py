"""Run a lesson step headless and evaluate its check.

``run_step(lesson, step)`` resolves the step into specs (``resolve.py``), runs its experiment
and returns a ``StepOutcome`` with the check's result. Experiments:

- ``train``: build the network and data for each run (variant), train with the ``Trainer``
  for the step's epochs or steps, and keep every telemetry snapshot;
- ``inspect``: build the network only (shapes, parameter counts, receptive fields);
- ``playground``: optimizer trajectories on a 2-D loss surface (``engine.trajectories``);
- ``search``: a random hyperparameter search, optionally zoomed coarse-to-fine
  (``training.search``);
- ``transfer``: pretrain a source network, reuse its lower layers for a new task
  (``training.transfer``).

Datasets and pretrained source networks are cached per process, so running a whole lesson
loads each dataset once.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from dlstudio.lessons.checks import CheckResult, RunRecord, evaluate
from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.resolve import ResolvedRun, resolve_step, to_specs

#: ``progress(run_name, snapshot)`` called for every telemetry snapshot
Progress = Callable[[str, Any], None]

#: headless runs ask the trainer for many snapshots so short runs are well sampled
HEADLESS_SNAPSHOTS_PER_SECOND = 60.0


@dataclass
class StepOutcome:
    """The result of running one step: the check, the runs it read, and the time taken."""

    result: CheckResult
    runs: dict[str, RunRecord] = field(default_factory=dict)
    seconds: float = 0.0


_DATA_CACHE: dict[str, Any] = {}
_SOURCE_CACHE: dict[str, Any] = {}


def load_data(data_spec: Any) -> Any:
    """``dlstudio.data.load`` with a small per-process cache keyed by the spec's JSON."""
    from dlstudio.data import load

    key = json.dumps(data_spec.to_dict(), sort_keys=True, default=str)
    if key not in _DATA_CACHE:
        if len(_DATA_CACHE) > 8:
            _DATA_CACHE.pop(next(iter(_DATA_CACHE)))
        _DATA_CACHE[key] = load(data_spec)
    return _DATA_CACHE[key]


def _headless(train_spec: Any) -> Any:
    tel = train_spec.telemetry
    if tel.snapshots_per_second < HEADLESS_SNAPSHOTS_PER_SECOND:
        train_spec = train_spec.replace(telemetry={
            **{k: getattr(tel, k) for k in ("histogram_bins", "probe_size", "enabled")},
            "snapshots_per_second": HEADLESS_SNAPSHOTS_PER_SECOND})
    return train_spec


def _kernels(network: Any) -> list[np.ndarray]:
    out = []
    for layer in network.layers:
        params = getattr(layer, "params", None) or {}
        if "W" in params:
            out.append(np.array(params["W"], copy=True))
    return out


def _data_stats(dataset: Any) -> dict:
    x = np.asarray(dataset.x_train, dtype=np.float64).reshape(len(dataset.x_train), -1)
    if x.shape[1] > 16:
        return {}
    return {"x_train_mean": x.mean(axis=0), "x_train_cov": np.cov(x, rowvar=False)}


def train_run(run: ResolvedRun, max_steps: int | None = None, progress: Progress | None = None,
              network: Any = None, dataset: Any = None) -> RunRecord:
    """Train one resolved run and record its snapshots and final facts."""
    from dlstudio.engine.network import Network
    from dlstudio.training import Trainer

    net_spec, data_spec, train_spec = to_specs(run)
    train_spec = _headless(train_spec)
    if dataset is None:
        dataset = load_data(data_spec)
    if network is None:
        network = Network.from_spec(net_spec, seed=train_spec.seed)
    trainer = Trainer(network, dataset, train_spec)
    snaps = []
    for snap in trainer.run():
        snaps.append(snap)
        if progress is not None:
            progress(run.name, snap)
        if max_steps is not None and snap.step >= max_steps and snap.event == "step":
            trainer.stop()
    info = {"planned_epochs": train_spec.epochs, "kernels": _kernels(network),
            "spec": network.spec.to_dict(), "layers": network.spec.describe_layers(),
            **_data_stats(dataset)}
    return RunRecord(run.name, tuple(snaps), info)


def inspect_run(run: ResolvedRun) -> RunRecord:
    """Facts about the network of a run, without training it."""
    from dlstudio.engine.spec import NetworkSpec

    spec = NetworkSpec.from_dict(run.network)
    return RunRecord(run.name, (), {"spec": spec.to_dict(), "layers": spec.describe_layers()})


def run_step(lesson: Lesson, step: Step, progress: Progress | None = None,
             raise_errors: bool = False) -> StepOutcome:
    """Run ``step`` of ``lesson`` headless and evaluate its check.

    An experiment that cannot run gives a failed result naming the error (or raises it
    with ``raise_errors``)."""
    t0 = time.perf_counter()
    try:
        with _small_blas():
            records = _run_experiment(lesson, step, progress)
    except Exception as exc:  # a broken step is a failed check with the reason, not a crash
        if raise_errors:
            raise
        return StepOutcome(CheckResult(False, None, f"the experiment could not run: "
                                                    f"{type(exc).__name__}: {exc}"),
                           {}, time.perf_counter() - t0)
    result = evaluate(step.check.kind, step.check.params, records)
    return StepOutcome(result, records, time.perf_counter() - t0)


def _small_blas():
    """One BLAS thread while a lesson runs: lesson networks are small, and a multi-threaded
    BLAS on 32x784 @ 784x64 products spends far more time waking threads than multiplying
    (measured: a step of lesson 5 took 26 s of CPU with the default pool, 1.8 s with one
    thread, on a loaded 2-core machine)."""
    try:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=1, user_api="blas")
    except Exception:  # pragma: no cover - threadpoolctl missing or unusable
        import contextlib

        return contextlib.nullcontext()


def _run_experiment(lesson: Lesson, step: Step, progress: Progress | None
                    ) -> dict[str, RunRecord]:
    runs = resolve_step(lesson, step)
    kind = step.experiment
    records: dict[str, RunRecord] = {}
    if kind == "train":
        for run in runs:
            records[run.name] = train_run(run, step.run.steps, progress)
    elif kind == "inspect":
        for run in runs:
            records[run.name] = inspect_run(run)
    elif kind == "playground":
        from dlstudio.lessons.experiments import playground_records

        records = playground_records(step.experiment_config)
    elif kind == "search":
        from dlstudio.lessons.experiments import search_record

        records = {"": search_record(runs[0], step.experiment_config)}
    elif kind == "transfer":
        from dlstudio.lessons.experiments import transfer_records

        records = transfer_records(runs, step, progress, _SOURCE_CACHE)
    else:  # pragma: no cover - the loader rejects unknown kinds
        raise ValueError(f"unknown experiment {kind!r}")
    return records


def is_finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)
