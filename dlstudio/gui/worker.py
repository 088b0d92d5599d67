"""The training worker: runs a Qt-free trainer generator in a ``QThread``.

The worker adapts :class:`dlstudio.training.Trainer` (or a comparison runner) to Qt signals.
It never touches a widget: it only emits plain objects (telemetry snapshots, weight copies,
state names, messages), which Qt queues to the GUI thread. Everything slow -- loading data,
building the network, Numba's first-time kernel compilation, every training step -- happens on
the worker's thread, so the window never freezes.

Control requests (:meth:`pause`, :meth:`resume`, :meth:`step_once`, :meth:`stop`,
:meth:`update`) are called from the GUI thread; they are forwarded to the trainer, whose
controls are thread-safe flags, or remembered until the trainer exists.

Every signal carries the worker's ``run_id`` so that the receiver can ignore a cancelled run
whose last snapshots are still in the queue.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from dlstudio.gui import errors

log = logging.getLogger(__name__)

#: how often (seconds) the worker sends a copy of the weights to the GUI thread
WEIGHTS_INTERVAL = 0.5


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
    continue from (lists in ``Network.get_weights()`` order).
    """

    data_spec: Any
    variants: list[VariantPlan]
    dataset: Any = None
    weights: dict[str, list] = field(default_factory=dict)
    start_paused: bool = False
    max_steps: int | None = None


class TrainingWorker(QObject):
    """Iterates a trainer generator on its own thread and reports through signals.

    Signals (all carry ``run_id`` first):
    ``sigState(int, str)`` -- "preparing", "running", "paused";
    ``sigTelemetry(int, object)`` -- a ``Telemetry`` snapshot;
    ``sigNetworks(int, object)`` -- ``{variant: Network}`` once built (for reading shapes);
    ``sigDataset(int, object)`` -- the loaded dataset;
    ``sigWeights(int, object)`` -- ``{variant: [arrays]}`` copies, at most every 0.5 s;
    ``sigMessage(int, str)`` -- a line for the status bar;
    ``sigFinished(int, str)`` -- the final state: "finished", "stopped" or "diverged";
    ``sigFailed(int, str)`` -- an error message for the user (details are logged).
    """

    sigState = Signal(int, str)
    sigTelemetry = Signal(int, object)
    sigNetworks = Signal(int, object)
    sigDataset = Signal(int, object)
    sigWeights = Signal(int, object)
    sigMessage = Signal(int, str)
    sigFinished = Signal(int, str)
    sigFailed = Signal(int, str)

    def __init__(self, run_id: int, plan: RunPlan,
                 runner_factory: Callable[[RunPlan, "TrainingWorker"], tuple[Any, Iterable]]
                 | None = None):
        super().__init__()
        self.run_id = run_id
        self.plan = plan
        self._factory = runner_factory or build_runner
        self._lock = threading.Lock()
        self._controller: Any = None
        self._stop = False
        self._paused = plan.start_paused
        self._pending_steps = 0
        self._pending_live: dict[str, Any] = {}
        self.networks: dict[str, Any] = {}

    # -- control, called from the GUI thread -------------------------------------------------
    def pause(self) -> None:
        with self._lock:
            self._paused = True
            if self._controller is not None:
                self._controller.pause()

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            if self._controller is not None:
                self._controller.resume()

    def step_once(self) -> None:
        with self._lock:
            self._paused = True
            if self._controller is not None:
                self._controller.step_once()
            else:
                self._pending_steps += 1

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            if self._controller is not None:
                self._controller.stop()

    def update(self, **settings: Any) -> None:
        with self._lock:
            if self._controller is not None:
                self._controller.update(**settings)
            else:
                self._pending_live.update(settings)

    @property
    def stop_requested(self) -> bool:
        return self._stop

    # -- the run, on the worker thread -------------------------------------------------------
    @Slot()
    def run(self) -> None:
        rid = self.run_id
        final = "finished"
        lower_thread_priority()
        try:
            self.sigState.emit(rid, "preparing")
            controller, snapshots = self._factory(self.plan, self)
            with self._lock:
                self._controller = controller
                if self._stop:
                    controller.stop()
                if self._paused:
                    controller.pause()
                for _ in range(self._pending_steps):
                    controller.step_once()
                if self._pending_live:
                    controller.update(**self._pending_live)
            if self.networks:
                self.sigNetworks.emit(rid, dict(self.networks))
            first = True
            last_weights = 0.0
            for snap in snapshots:
                # the first training step compiles the backward kernels: stay "preparing"
                # until a snapshot after it arrives (or the run is paused)
                if first and (self._paused or getattr(snap, "step", 1) > 0
                              or getattr(snap, "event", "step") != "step"):
                    first = False
                    self.sigState.emit(rid, "paused" if self._paused else "running")
                self.sigTelemetry.emit(rid, snap)
                now = time.monotonic()
                event = getattr(snap, "event", "step")
                if now - last_weights > WEIGHTS_INTERVAL or event != "step" or self._paused:
                    last_weights = now
                    self._emit_weights()
                if event in ("finished", "stopped", "diverged"):
                    final = event
                if (self.plan.max_steps is not None
                        and getattr(snap, "step", 0) >= self.plan.max_steps):
                    controller.stop()
            if self._stop and final == "finished":
                final = "stopped"
            self._emit_weights()
            self.sigFinished.emit(rid, final)
        except Exception as exc:  # reported to the user; the app carries on
            log.error("training run %d failed:\n%s", rid, traceback.format_exc())
            self.sigFailed.emit(rid, errors.describe_error(exc))
        finally:
            # quit from here (thread-safe) so that a GUI thread blocked in wait() can join us
            thread = QThread.currentThread()
            app = QCoreApplication.instance()
            if app is not None and thread is not app.thread():
                thread.quit()

    def _emit_weights(self) -> None:
        if not self.networks:
            return
        try:
            weights = {name: net.get_weights() for name, net in self.networks.items()}
        except Exception:  # a half-built network: nothing worth showing
            log.debug("could not copy weights", exc_info=True)
            return
        self.sigWeights.emit(self.run_id, weights)


def build_runner(plan: RunPlan, worker: TrainingWorker) -> tuple[Any, Iterable]:
    """Build networks, data and trainer for ``plan`` (on the worker thread).

    Returns ``(controller, snapshots)``: the object with ``pause/resume/step_once/stop/update``
    and the generator of telemetry snapshots.
    """
    from dlstudio.data import load as load_data
    from dlstudio.engine.network import Network

    # QCoreApplication.translate is thread-safe
    dataset = plan.dataset
    if dataset is None:
        worker.sigMessage.emit(worker.run_id, QCoreApplication.translate(
            "TrainingWorker", "Loading the data..."))
        dataset = load_data(plan.data_spec)
        worker.sigDataset.emit(worker.run_id, dataset)
    worker.sigMessage.emit(worker.run_id, QCoreApplication.translate(
        "TrainingWorker", "Building the network..."))
    for v in plan.variants:
        seed = int(getattr(v.train_spec, "seed", 0) or 0)
        net = Network.from_spec(v.network_spec, seed=seed)
        if v.name in plan.weights:
            net.set_weights(plan.weights[v.name])
        worker.networks[v.name] = net
    worker.sigMessage.emit(worker.run_id, QCoreApplication.translate(
        "TrainingWorker", "Preparing the kernels (the very first run compiles them, which "
                          "can take about 20 seconds)..."))
    if len(plan.variants) == 1:
        from dlstudio.training import Trainer

        v = plan.variants[0]
        trainer = Trainer(worker.networks[v.name], dataset, v.train_spec)
        return trainer, trainer.run()
    from dlstudio.training.compare import make_comparison

    return make_comparison(worker.networks, dataset,
                           {v.name: v.train_spec for v in plan.variants})


#: niceness added to the training thread so that the GUI thread wins when both want a core
WORKER_NICENESS = 5


def lower_thread_priority(niceness: int = WORKER_NICENESS) -> bool:
    """Make the calling thread (and the threads it starts) yield to the GUI thread.

    Linux applies ``setpriority`` per thread; elsewhere this is a no-op (returns False).
    """
    if not hasattr(os, "setpriority") or not hasattr(threading, "get_native_id"):
        return False
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + niceness)
    except OSError:
        return False
    return True


class WorkerThread(QThread):
    """A QThread owning one worker; started by :func:`launch`."""


def launch(worker: TrainingWorker) -> QThread:
    """Move ``worker`` to a new thread, start it, and return the thread.

    The thread quits when the worker finishes or fails; the caller keeps references to both
    until ``thread.finished``.
    """
    thread = WorkerThread()
    thread.setObjectName(f"training-run-{worker.run_id}")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    thread.start()
    return thread
