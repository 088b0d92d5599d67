"""A studio training run as a generator job for :class:`~dlstudio.gui.worker.GeneratorWorker`.

:func:`training_job` loads the data (unless the plan carries it), builds each variant's
network, and iterates the trainer (one variant) or the comparison runner (several) with the
job's ``RunControl``. It yields, in order:

* :class:`DatasetLoaded` once, when it had to load the data itself;
* one :class:`~dlstudio.gui.preflight_check.PreflightResult` per variant trained from fresh
  weights: the pre-flight check of its initialization, run quietly before the first step;
* every ``Telemetry`` snapshot of the run;
* :class:`WeightsCopy` with copies of every variant's weights, at most every
  ``WEIGHTS_INTERVAL`` seconds, at the run's end and while paused;
* :class:`MomentKept` after each snapshot that marks a moment of the run's timeline (the
  probe steps and epoch ends, see ``dlstudio.training.timeline``) and that the studio's
  timeline will keep: the job applies the timeline's memory budget ahead of it
  (``Thinning``, from the plan's ``thinning`` when the run goes on with a timeline that holds
  moments already) and does not capture a moment the budget would drop at once, nor, from
  the first moment on, one it will have dropped by the run's planned end
  (``Thinning.foresee``).

Moments and weight copies are copied into memory that the GUI thread has let go of
(``dlstudio.training.copy_pool``): fresh pages cost a fault each on the training thread.

It reports its set-up phases through ``job.progress(0, 0, message)`` and returns the run's
final state: ``"finished"``, ``"stopped"`` or ``"diverged"``. Everything here runs on the
worker's thread (loading, building, Numba's first compilation, every step).
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any, Generator, Iterator

from PySide6.QtCore import QCoreApplication

from dlstudio.training.copy_pool import CopyPool
from dlstudio.training.moment_budget import Thinning, coming_moments
from dlstudio.training.timeline import Timeline, branch

#: how often (seconds) the job sends a copy of the weights to the GUI thread
WEIGHTS_INTERVAL = 0.5

#: final snapshot events, which are also the run's final states
FINAL_EVENTS = ("finished", "stopped", "diverged")


@dataclass
class VariantPlan:
    """One network to train: its name ("A", "B", ...) and specs."""

    name: str
    network_spec: Any
    train_spec: Any


@dataclass
class RunPlan:
    """Everything a run needs, fixed when Start is pressed (specs are immutable).

    ``variants`` has one entry for a plain run and several for a comparison run.
    ``dataset`` may be an already loaded dataset (shared read-only) or None to load it from
    ``data_spec`` on the worker thread. ``weights`` optionally holds weights per variant to
    continue from (lists in ``Network.get_weights()`` order). ``max_steps`` ends the run as
    finished after that many steps (a lesson step's "run 30 steps"). ``tensorboard_dir``, when
    set, receives TensorBoard event files: one sub-folder per run (its start time), one per
    variant inside it. ``start_from`` maps a variant to ``(moment, live changes)``: that
    variant continues a run from a moment of its timeline (a branch) instead of starting.
    ``thinning`` maps a variant whose timeline goes on from earlier moments (Continue) to
    that timeline's ``Thinning.records()``: the job runs it ahead of the timeline.
    """

    data_spec: Any
    variants: list[VariantPlan]
    dataset: Any = None
    weights: dict[str, list] = field(default_factory=dict)
    max_steps: int | None = None
    tensorboard_dir: str | None = None
    start_from: dict[str, tuple] = field(default_factory=dict)
    thinning: dict[str, Thinning] = field(default_factory=dict)

    def settings(self) -> "RunSettings":
        """What the run trains, without the data it carries (for comparing runs)."""
        return RunSettings(self.data_spec, tuple((v.name, v.network_spec, v.train_spec)
                                                 for v in self.variants), self.max_steps)


@dataclass(frozen=True)
class RunSettings:
    """The settings of a run: data spec, ``(variant name, network spec, train spec)`` per
    variant, and the step limit (None: the planned epochs). Equal settings train the same
    networks on the same data in the same order (the seed is a training setting)."""

    data_spec: Any
    variants: tuple
    max_steps: int | None = None


@dataclass(frozen=True)
class DatasetLoaded:
    """The dataset the job loaded for ``data_spec``."""

    data_spec: Any
    dataset: Any


@dataclass(frozen=True)
class MomentKept:
    """A moment of ``variant``'s timeline (``dlstudio.training.timeline.Moment``)."""

    variant: str
    moment: Any


@dataclass(frozen=True)
class WeightsCopy:
    """``{variant: [arrays]}``: copies of the networks' weights (safe to read anywhere)."""

    weights: dict


def load_plan_data(plan: RunPlan, job: Any) -> Generator[Any, None, RunPlan]:
    """``plan`` with its dataset: loaded here, with ``DatasetLoaded`` yielded, when the plan
    carries none."""
    if plan.dataset is not None:
        return plan
    from dlstudio.data import load as load_data

    job.progress(0, 0, QCoreApplication.translate("TrainingWorker", "Loading the data..."))
    dataset = load_data(plan.data_spec)
    yield DatasetLoaded(plan.data_spec, dataset)
    return dataclasses.replace(plan, dataset=dataset)


def preparing_text(kernels_ready: bool) -> str:
    """What the run says before its first step; the compiling is said only while it may
    happen: every run said it (W12-11). A cold Numba cache took 1-3 minutes here (2 cores,
    2026-12: ~150 s with other work running); "about 20 seconds" was a much smaller engine's
    time (walker25 W25-13). Before the warm-up has loaded the kernels from a warm cache
    (``engine.kernel_cache``: a run started at once, ``--autostart``), they load in a
    second or two: said so, not the compiling (fix89)."""
    if kernels_ready:
        return QCoreApplication.translate("TrainingWorker", "Preparing the run...")
    from dlstudio.engine.kernel_cache import cache_warm

    if cache_warm():
        return QCoreApplication.translate(
            "TrainingWorker", "Preparing the run (loading the compiled kernels)...")
    return QCoreApplication.translate(
        "TrainingWorker", "Preparing the kernels (the very first run compiles them, which "
                          "can take a minute or two)...")


def training_job(plan: RunPlan, job: Any) -> Iterator[Any]:
    """The run described by ``plan`` (see the module docstring); returns its final state."""
    from dlstudio.engine.network import Network

    plan = yield from load_plan_data(plan, job)
    dataset = plan.dataset
    job.progress(0, 0, QCoreApplication.translate("TrainingWorker", "Building the network..."))
    networks = {}
    for v in plan.variants:
        net = Network.from_spec(v.network_spec, seed=int(getattr(v.train_spec, "seed", 0) or 0))
        if v.name in plan.weights:
            net.set_weights(plan.weights[v.name])
        networks[v.name] = net
    from dlstudio.gui.preflight_check import preflight_result

    for v in plan.variants:
        if v.name not in plan.weights:         # a continued run is past its pre-flight
            yield preflight_result(v.name, networks[v.name], v.network_spec, dataset,
                                   v.train_spec, plan.data_spec)
    from dlstudio.engine.warmup import kernels_ready

    job.progress(0, 0, preparing_text(kernels_ready()))
    if len(plan.variants) == 1:
        from dlstudio.training import Trainer

        v = plan.variants[0]
        if v.name in plan.start_from:
            moment, changes = plan.start_from[v.name]
            trainer = branch(moment, v.network_spec, dataset, v.train_spec, variant=v.name,
                             control=job.control, **changes)
            networks[v.name] = trainer.network
        else:
            trainer = Trainer(networks[v.name], dataset, v.train_spec, control=job.control,
                              max_steps=plan.max_steps)
        trainers = {trainer.variant: (v.name, trainer)}
        snapshots = trainer.run()
    else:
        from dlstudio.training.compare import Comparison

        comparison = Comparison(networks, dataset,
                                {v.name: v.train_spec for v in plan.variants},
                                control=job.control, max_steps=plan.max_steps)
        trainers = {t.variant: (t.variant, t) for t in comparison.trainers}
        snapshots = comparison.run()
    boards = _tensorboard_loggers(plan)
    # moments and weight copies go into memory the GUI thread has let go of (fresh pages
    # cost a 784-300-100-10 MLP ~7% of its training thread: issue 13)
    pool = CopyPool()
    copies = pool.copies
    # the budget of the studio's timelines, applied here ahead of them: no copy of a moment
    # they would drop at once (a 20,000-step MLP run: 364 copies of 3.1 MB instead of 573)
    ahead = {name: plan.thinning.get(name) or Thinning() for name, _ in trainers.values()}
    # and from its first moment on, what the budget will have kept at the run's end: no copy
    # of a moment it will have dropped by then (``Thinning.foresee``)
    foreseen: set[str] = set()
    final = "finished"
    last_weights = 0.0
    try:
        for snap in snapshots:
            if boards:
                boards[snap.variant if snap.variant in boards else next(iter(boards))].log(snap)
            yield snap
            if snap.variant in trainers:
                name, trainer = trainers[snap.variant]
                if name not in foreseen and snap.step >= 1:    # the optimizer's state exists
                    foreseen.add(name)
                    ahead[name].foresee(coming_moments(trainer, int(snap.step)))
                moment = Timeline.capture(trainer, snap, copies, ahead[name])
                if moment is not None:
                    yield MomentKept(name, moment)
            event = snap.event
            now = time.monotonic()
            # by time (an epoch end of a tiny data set comes every few milliseconds: copying
            # at each one made the window train the toy at a third of the headless speed)
            if now - last_weights > WEIGHTS_INTERVAL or event in FINAL_EVENTS \
                    or job.control.paused:
                last_weights = now
                yield _copy(networks, copies)
            if event in FINAL_EVENTS:
                final = event
    finally:
        pool.close()                   # its helper thread; the last copy below needs none
        for board in boards.values():
            board.close()
    yield _copy(networks, copies)
    return final


def _tensorboard_loggers(plan: RunPlan) -> dict:
    """One TensorBoard logger per variant under ``plan.tensorboard_dir`` (none when unset)."""
    if not plan.tensorboard_dir:
        return {}
    from pathlib import Path

    from dlstudio.interop.tensorboard import TelemetryLogger

    run = Path(plan.tensorboard_dir) / time.strftime("run-%Y%m%d-%H%M%S")
    return {v.name: TelemetryLogger(run / (v.name or "run") if len(plan.variants) > 1 else run)
            for v in plan.variants}


def _copy(networks: dict, copies: Any) -> WeightsCopy:
    return WeightsCopy({name: net.get_weights(copies) for name, net in networks.items()})
