"""The trainer: a generator that trains mini-batch by mini-batch and yields telemetry.

>>> trainer = Trainer(network, dataset, TrainSpec(epochs=2, batch_size=64))
>>> for snap in trainer.run():          # in a worker thread, a CLI, a test or a lesson
...     print(snap.step, snap.train_loss)

What ``run()`` yields (all ``Telemetry``):

* a first snapshot at step 0 (``event="step"``) describing the freshly initialized network:
  layer probes without gradients, loss and accuracy measured on the probe batch;
* periodic snapshots (``"step"``) about ``snapshots_per_second`` times a second of training;
* one ``"epoch_end"`` snapshot per epoch with fresh validation metrics (``epoch`` is the
  0-based index of the epoch that ended and ``epoch_fraction`` is 1.0);
* a last snapshot, ``"finished"``, ``"stopped"`` (a user's stop) or ``"diverged"``, with test
  metrics when the dataset has a test split and a ``message`` saying what happened.

Every snapshot carries per-layer telemetry (``layers``) from the most recent probe:
``extra["probe_step"]`` is the step it was measured at and ``extra["probe_seconds"]`` the
time spent probing so far. Probes run at the steps of the step-based schedule
(``probe_schedule.ProbeSchedule``: every step at first, then a fixed number per doubling of
the step count, or ``telemetry.probe_steps``), at every epoch end and on step-once; a probed
step always yields a snapshot. The schedule depends on the step only, so the same run is
probed at the same steps on a fast and on a slow machine. With telemetry disabled ``layers``
is empty.

Control from any thread between mini-batches: ``pause()``, ``resume()``, ``step_once()``,
``stop()``, ``update(learning_rate=..., dropout_rate=..., clipnorm=..., clipvalue=..., l1=...,
l2=..., max_norm=...)``. A paused run sleeps on a condition variable inside ``next()``.

One step: forward and backward pass (``network.forward_backward``, which includes each layer's
own regularizers), the global L1/L2 penalty on kernels (the reported losses leave the
penalties out, as the validation loss does; ``Telemetry.penalty`` gives them), a divergence
check on loss + penalty, clipping by value
and by global norm (``clipnorm`` clips the norm of all gradients together), the optimizer step
at the scheduled rate, the layers' constraints and the global max-norm.

Last good weights: before every optimizer step (once the step's loss and gradients have been
found finite) the trainer copies the network's arrays into buffers allocated once. When the
next step diverges, those arrays (the last ones that gave a finite loss and gradients) are
put back; the ``"diverged"`` snapshot's ``extra["last_good_step"]`` says after how many steps
they were copied. The copy costs a memory copy of the parameters, far below a step's arithmetic; for
networks above ``step.FULL_COPY_LIMIT`` values it is made every ``LARGE_COPY_EVERY`` steps only
(see ``dlstudio.training.step``).

Reproducibility: weights come from the network's seed; shuffling, augmentation and the probe
batch each use their own generator seeded from ``TrainSpec.seed``. Probes and snapshots have
no side effects, so the adaptive (wall-clock) timing of the periodic snapshots never changes
the numbers, and which steps are probed does not depend on time at all. The engine's thread
count follows how busy the cores are (``engine.threads``, re-decided every few seconds): it
can change the last bits of sums split across threads, never a random stream.

The trainer's parts live beside it: saving and resuming (``run_state.RunStateMixin``), the
learning rate and live setting updates (``live_settings.LiveSettingsMixin``), one mini-batch
(``minibatch.MiniBatchMixin``), the end of an epoch (``epoch_end.EpochEndMixin``), when and how the layers are probed (``probing.ProbingMixin``)
and how snapshots are built (``snapshots.SnapshotMixin``).
"""
from __future__ import annotations

import math
import time
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from dlstudio.engine import threads
from dlstudio.messages import Message, message_of
from dlstudio.training import diagnosis, run_checks
from dlstudio.training.run_data import check_loss, check_output, prepare_data
from dlstudio.training.learning_rate import LearningRate
from dlstudio.training.clock import SnapshotClock
from dlstudio.training.control import LIVE_SETTINGS, Controlled, RunControl, live_value
from dlstudio.training.epoch_end import EpochEndMixin, finished_steps_message
from dlstudio.training.live_settings import LiveSettingsMixin
from dlstudio.training.minibatch import MiniBatchMixin
from dlstudio.training.probe_schedule import ProbeSchedule
from dlstudio.training.probing import ProbingMixin
from dlstudio.training.run_state import RunStateMixin
from dlstudio.training.snapshots import SnapshotMixin
from dlstudio.training.spec import TrainSpec
from dlstudio.training.step import GradNorms, LastGood, add_global_penalty
from dlstudio.training.telemetry import SINGLE_RUN, Telemetry
from dlstudio.training.throughput import Throughput


class TrainingSetupError(ValueError):
    """A run that cannot start (bad settings, data that does not fit); message for a user."""


class Trainer(RunStateMixin, LiveSettingsMixin, MiniBatchMixin, EpochEndMixin, ProbingMixin,
              SnapshotMixin, Controlled):
    """Train ``network`` on ``dataset`` as ``train_spec`` says (see the module docstring).

    Parameters
    ----------
    network : engine ``Network`` (trained in place).
    dataset : ``dlstudio.data.Dataset`` or any object with ``x_train, y_train`` and optional
        ``x_val, y_val, x_test, y_test, augmenter``.
    train_spec : ``TrainSpec``, dict, path or None.
    callbacks : extra callbacks (``dlstudio.training.callbacks.Callback``) run after the
        ones the spec asks for (early stopping, reduce-on-plateau; the checkpoint runs last).
    variant : tag put on every snapshot: ``telemetry.SINGLE_RUN`` ("A") alone, the variant's
        name in a comparison.
    control : a shared ``RunControl`` (comparisons); a new one by default.
    data_seed : seed for shuffling/augmentation/probe batch (default ``train_spec.seed``).
    clock : a ``SnapshotClock`` deciding when periodic snapshots are due (default: one at
        ``telemetry.snapshots_per_second`` on ``time.perf_counter``); probes never use it.
    max_steps : end the run as "finished" after this many steps (a lesson's "run 30 steps");
        ``total_steps`` then counts at most this many.
    """

    def __init__(self, network: Any, dataset: Any, train_spec: Any = None,
                 callbacks: Sequence[Any] = (), *, variant: str = SINGLE_RUN,
                 control: RunControl | None = None, data_seed: int | None = None,
                 clock: SnapshotClock | None = None,
                 max_steps: int | None = None) -> None:
        from dlstudio.engine import losses, optimizers
        from dlstudio.training.callbacks import callbacks_from_spec

        spec = TrainSpec.coerce(train_spec)
        problems = spec.validate()
        if problems:
            raise TrainingSetupError("the training settings have problems:\n" + "\n".join(
                f"  - {p}" for p in problems))
        check = getattr(getattr(network, "spec", None), "check", None)
        too_big = check().memory_problem(spec.batch_size) if callable(check) else None
        if too_big:
            raise TrainingSetupError(too_big)
        self.spec, self.network, self.dataset, self.variant = spec, network, dataset, variant
        self.control = control or RunControl()
        seed = spec.seed if data_seed is None else int(data_seed)
        self.data_seed = seed
        try:
            self._loss_fn = losses.get(spec.loss)
            self.optimizer = optimizers.get(spec.optimizer, **spec.optimizer_config)
            self._lr = LearningRate(spec.learning_rate, spec.schedule)
            self.data = prepare_data(dataset, network, spec.validation_split, seed)
            check_loss(self.data, self._loss_fn)
            check_output(network, self._loss_fn)
            warnings = run_checks.check_run_inputs(self.data, network)
        except (KeyError, ValueError, TypeError) as exc:
            msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            raise TrainingSetupError(message_of(exc) or str(msg)) from None
        n = len(self.data.x_train)
        self.steps_per_epoch = math.ceil(n / spec.batch_size)
        self.total_steps = spec.epochs * self.steps_per_epoch
        if max_steps is not None:
            if int(max_steps) < 1:
                raise TrainingSetupError(f"max_steps must be at least 1, got {max_steps}")
            self.total_steps = min(self.total_steps, int(max_steps))
        self.max_steps = None if max_steps is None else int(max_steps)
        self._order_rng = np.random.default_rng([seed, 101])
        self._aug_rng = np.random.default_rng([seed, 202])
        probe_rng = np.random.default_rng([seed, 303])
        k = min(spec.telemetry.probe_size, n)
        self._probe_idx = np.sort(probe_rng.choice(n, size=k, replace=False))
        # the live settings other than the rate (``dropout_rate`` None: the layers' own)
        self.settings: dict[str, Any] = {name: live_value(spec, name, None)
                                         for name in LIVE_SETTINGS if name != "learning_rate"}
        # position and running metrics
        self.step = 0
        self.epoch = 0
        self._batch_index = 0
        self._perm: np.ndarray | None = None
        self._sums = {"loss": 0.0, "correct": 0.0, "seen": 0, "has_acc": False}
        self._last_batch_loss = float("nan")
        self._last_penalty = 0.0        # the weight penalties at the last step (not in the loss)
        self.history: list[dict[str, Any]] = []
        self._epoch_seconds = 0.0
        self._active_seconds = 0.0
        self._stop_message: str | None = None
        self._notes: list[str] = list(warnings)
        # for naming the cause of a divergence or of a run that did not learn
        self._initial_scale = run_checks.init_scale(network)
        self._first_loss = float("nan")
        y = self.data.y_train
        self._n_classes = (len(np.unique(y)) if y.ndim == 1
                           and np.issubdtype(y.dtype, np.integer) else None)
        self._started = self._ended = False
        self._reported_step: int | None = None      # the step the last snapshot reported
        self._first_step = False
        self.outcome: tuple[str, str] | None = None
        # telemetry
        self.clock = clock or SnapshotClock(spec.telemetry.snapshots_per_second)
        self.probe_schedule = ProbeSchedule.from_spec(spec.telemetry)
        self.probes = 0                 # layer probes taken so far
        self._layers: tuple = ()
        self._probe_step: int | None = None
        self.probe_seconds = 0.0
        self._kernels_before: dict | None = None     # the kernels before a probed step
        # examples/s; the clock is read through this module's ``time`` at each call
        self.throughput = Throughput(clock=lambda: time.perf_counter())
        self._last_good = LastGood(network)
        self._reached: list[np.ndarray] | None = None     # see ``put_back_weights``
        self._grad_norms = GradNorms()
        self.callbacks = callbacks_from_spec(spec, callbacks)

    # pause / resume / step_once / stop / update / paused come from Controlled (any thread)
    # -- for callbacks -----------------------------------------------------------------------
    def request_stop(self, message: str) -> None:
        """End the run after this epoch as "finished" with ``message`` (early stopping)."""
        self._stop_message = message

    def clear_stop_request(self) -> None:
        """Forget a callback's request to end the run (``request_stop``: early stopping's,
        kept in the state of a run that it ended) and let every callback count its patience
        afresh: a run continued after early stopping ended it then trains on for at least
        ``patience`` more epochs instead of ending after one."""
        self._stop_message = None
        for cb in self.callbacks:
            cb.restart_patience()

    def note(self, message: str) -> None:
        """Add ``message`` to the next snapshot's message (callbacks' announcements)."""
        self._notes.append(message)

    def put_back_weights(self, weights: list[np.ndarray]) -> None:
        """Give the network ``weights`` at the end of the run (early stopping's best), which
        a finished or stopped run then shows; the weights training had reached stay what a
        checkpoint keeps and a continuation starts from (``reached_weights``)."""
        if self._reached is None:
            self._reached = self.network.get_weights()
        self.network.set_weights(weights)

    def reached_weights(self, copies: Callable[[list[np.ndarray]], list[np.ndarray]] | None
                        = None) -> list[np.ndarray]:
        """Copies of the weights training has reached: the network's, unless a callback put
        other weights back at the end of the run (``put_back_weights``); ``copies`` as in
        ``Network.get_weights``."""
        if self._reached is None:
            return self.network.get_weights(copies)
        return copies(self._reached) if copies is not None else [w.copy() for w in self._reached]

    @property
    def active_seconds(self) -> float:
        """Seconds spent training so far, pauses excluded (the snapshots' ``elapsed_seconds``)."""
        return self._active_seconds

    # -- the generator -----------------------------------------------------------------------
    def run(self) -> Iterator[Telemetry]:
        """Train, yielding snapshots (see the module docstring). One run per trainer."""
        yield self.begin()
        while self.outcome is None:
            turn = self.control.wait_for_turn(timeout=0)
            if turn == "paused":
                held = self.pause_report()
                if held is not None:
                    self.clock.mark_snapshot()
                    yield held
                t_wait = time.perf_counter()
                turn = self.control.wait_for_turn()
                self.exclude_time(time.perf_counter() - t_wait)
            if turn == "stop":
                self.outcome = ("stopped", Message("run.stopped_by_user", step=self.step))
                break
            snap = self.advance(single=turn == "single",
                                snapshot_due=self.clock.snapshot_due())
            if snap is not None:
                self.clock.mark_snapshot()
                yield snap
        yield self.finish()

    def begin(self) -> Telemetry:
        """Start (or resume) the run: callbacks, the initial probe and snapshot."""
        if self._started:
            raise RuntimeError("this trainer has already run; build a new Trainer (or resume "
                               "from a checkpoint) to train again")
        self._started = True
        self._first_step = True
        threads.refresh()                    # the thread count from how busy the cores are now
        for cb in self.callbacks:
            cb.on_train_begin(self)
        x_probe, y_probe = self._probe_batch()
        if self.step == 0 and len(y_probe):
            with np.errstate(all="ignore"):
                loss, acc = self.network.evaluate(x_probe, y_probe, self._loss_fn,
                                                  self.spec.eval_batch_size)
            self._last_batch_loss = loss
            self._last_penalty = self.penalty()
            first = {"train_loss": loss, "train_accuracy": acc}
        else:
            first = {}
        self._probe(None, None)
        self.throughput.restart()
        self.clock.mark_snapshot()
        return self._snapshot("step", **first)

    def advance(self, single: bool = False, snapshot_due: bool = False,
                updates: dict | None = None) -> Telemetry | None:
        """Train one mini-batch; return a snapshot when one is due, the step was probed
        (see ``probe_due``) or an epoch ended.

        ``updates`` are live setting changes to apply first (default: those queued on this
        trainer's control). Sets ``self.outcome`` when the run must end (all epochs done,
        early stop, diverged).
        """
        t0 = time.perf_counter()
        self._apply_updates(self.control.take_updates() if updates is None else updates)
        if self._perm is None:
            self._start_epoch()
        probe = self.spec.telemetry.enabled and (single or self.probe_due())
        failure = self._train_batch(probe)
        seconds = time.perf_counter() - t0
        self._active_seconds += seconds
        self._epoch_seconds += seconds
        if self._first_step:
            # one-off costs (work buffers, optimizer slots, kernels compiled on first use)
            # would make the first rate shown far too low: examples/s starts after it
            self._first_step = False
            self.throughput.restart()
        if failure is not None:
            self.outcome = ("diverged", failure)
            return None
        if self._batch_index >= self.steps_per_epoch:
            return self._end_epoch()          # sets ``outcome`` when the run ends with it
        if self._steps_done():
            # the final snapshot (``finish``) reports this step
            self.outcome = ("finished", finished_steps_message(self.step))
            return None
        if single or probe or snapshot_due:
            return self._snapshot("step")
        return None

    def finish(self) -> Telemetry:
        """End the run: callbacks, test evaluation, the last snapshot."""
        t0 = time.perf_counter()
        event, message = self.outcome or ("stopped", Message("run.stopped_at", step=self.step))
        self.outcome = (event, message)
        if event == "finished":
            self._notes += run_checks.end_of_run_warnings(
                self.history, self._first_loss, self._n_classes, self._initial_scale,
                self.network, self.learning_rate, diagnosis.gradient_ratio(self._layers))
        for cb in self.callbacks:
            cb.on_train_end(self, event)
        test = {}
        if len(self.data.x_test):
            test_loss, test_acc = self.evaluate(self.data.x_test, self.data.y_test)
            test = {"test_loss": test_loss, "test_accuracy": test_acc}
        self._ended = True
        epoch, fraction = self._position()
        self.exclude_time(time.perf_counter() - t0)
        snap = self._snapshot(event, message=self._with_notes(message), epoch=epoch,
                              fraction=fraction, **test)
        if event == "diverged":      # which weights the network was given back (W11-6)
            snap.extra["last_good_step"] = self._last_good.kept_step
        return snap

    # -- evaluation ----------------------------------------------------------------------------
    def penalty(self) -> float:
        """The weight penalties of the network as it is now: its layers' own regularizers and
        the global L1/L2 on kernels (what training minimizes on top of the loss)."""
        return self.network.regularization_loss() + add_global_penalty(
            self.network.parameters(), self.settings["l1"], self.settings["l2"], grads=False)

    # -- telemetry -------------------------------------------------------------------------------
    def exclude_time(self, seconds: float) -> None:
        """Leave ``seconds`` (a pause, an evaluation) out of ``examples_per_second``, which
        measures training: examples trained over the wall-clock time spent training them."""
        self.throughput.exclude(seconds)
