"""The one background worker: iterates any Python generator on a ``QThread``.

Training, hyperparameter search, transfer learning, data loading, lesson checks and every
later background computation run through :class:`GeneratorWorker`. The generator does the
work; the worker carries what it yields to the GUI thread as queued signals. The worker never
touches a widget.

Public API
----------
``worker = GeneratorWorker(name="training", parent=None)``
    A handle living on the GUI thread. Create one per kind of job and keep it.

``control = worker.start(factory, *, controlled=False, paused=False)``
    Cancel the current job (if any) and start a new one on a fresh ``QThread``. ``factory`` is
    called *on the worker thread* with a :class:`~dlstudio.gui.job_runner.Job` and returns the generator (an iterable);
    slow set-up written in the factory or in the generator body therefore never blocks the
    window. Returns the job's new :class:`~dlstudio.training.control.RunControl`.
    ``job_runner.blocking_job(function)`` makes a factory of one blocking call
    ``function(job)``.

    ``controlled=False`` (most jobs): before each item the worker waits for its turn on the
    control, so pause holds the generator between items, ``step_once`` lets exactly one item
    through, and stop closes the generator (its ``finally`` blocks run) and ends the job.
    ``controlled=True``: the generator reads ``job.control`` itself (the trainer and the
    comparison runner do, between mini-batches); the worker only iterates, and the generator
    is expected to end soon after a stop request. ``paused=True`` starts the job paused.

``worker.pause()``, ``resume()``, ``step_once()``, ``stop()``, ``update(**settings)``
    Forwarded to the current job's ``RunControl`` (safe before the job's first item;
    ``update`` raises ``ValueError`` for a bad live setting). ``worker.control`` is the
    current job's control (None before the first start).

``worker.cancel()``
    Stop the current job and forget it: nothing it still emits reaches the listeners (no
    ``sigFinished`` either). ``stop()`` instead lets the job end and report.

``worker.running``, ``worker.job_id``, ``worker.pending()``, ``worker.threads()``,
``worker.shutdown(timeout_ms)``
    Whether the current job's thread is running; its number (1, 2, ...); how many of its
    items wait to be handed over; the threads not
    yet finished (cancelled jobs may still be winding down); stop
    every job and join the threads (False when one could not stop in time). A running
    job's thread stays referenced until it finishes, even if the handle is deleted;
    ``job_runner.busy_threads()`` counts them (the app exits without tearing them down).

Signals (emitted on the GUI thread, for the current job only)
    ``sigYielded(object)``: each item the generator yields, in order;
    ``sigProgress(int, int, str)``: ``done, total (0 = unknown), message`` from
    ``job.progress(...)``;
    ``sigFinished(object)``: the generator's return value (``None`` when stopped by the
    worker);
    ``sigFailed(str)``: the exception, described for the user (details are logged).
    Exactly one of ``sigFinished`` / ``sigFailed`` ends a job that was not replaced.

Starting again cancels the old job cleanly: its control is stopped, and nothing it emits
afterwards reaches the listeners (every internal signal carries its job number and the handle
forwards only the current job's), while its thread finishes on its own.

How items cross threads: the job's thread appends each yielded item and each progress report
to its runner's mailbox (a deque: appending needs no lock and never waits), and the handle
collects them on the GUI thread every ``POLL_MS`` while a job runs, at most ``BATCH_MS`` at
a time (then again right after the GUI thread's other events), and reports the job's end
after its last item, so listeners see everything in order and before ``sigFinished``. A
queued Qt signal per item made the job's thread wait for the GUI thread at each one: the
emit gives up the GIL and has to take it back from a GUI thread busy with the previous
snapshot's plots, ~2-5 ms per snapshot, ~10% of a fast run's time in the window
(784-300-100-10 MLP, measured 13:35 under load 5).

>>> worker = GeneratorWorker("demo")
>>> worker.sigYielded.connect(print)
>>> worker.start(lambda job: iter(range(3)))
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from dlstudio.gui.job_runner import Factory, JobRunner, keep_until_finished
from dlstudio.training.control import RunControl

log = logging.getLogger(__name__)

#: how often the GUI thread collects the current job's items while it runs (ms): snapshots
#: come ~20-45 a second (a probed step adds one) and the plots redraw four times a second
#: (``plots.redraw_pacing.MIN_REDRAW_GAP``); every 10 ms, waking the GUI thread cost ~0.5% of a core
#: that a training run, sharing the session's CPU time with it, did not get (issue 13)
POLL_MS = 25
#: the longest one collection hands items to the listeners (ms) before it lets the GUI thread
#: handle its other events and goes on right after them: the classroom toy yields a snapshot
#: at every epoch end (every 5 steps at batch 64), hundreds a second, and one collection of
#: all of them held the GUI thread up to 460 ms
BATCH_MS = 8


class GeneratorWorker(QObject):
    """Runs one generator at a time on a background thread (see the module docstring)."""

    sigYielded = Signal(object)
    sigProgress = Signal(int, int, str)
    sigFinished = Signal(object)
    sigFailed = Signal(str)

    def __init__(self, name: str = "worker", parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.job_id = 0
        self.control: RunControl | None = None
        #: whether the last failure was an expected problem (missing file, bad setting...)
        #: rather than a bug (``errors.is_expected``)
        self.failure_expected = False
        #: the last failure's message as ``errors.failure_text`` keeps it (a ``Message``
        #: renders in any language later; "" before any failure)
        self.failure: Any = ""
        self._threads: dict[int, tuple[QThread, JobRunner]] = {}
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        #: (job, report) of the current job's end, reported once its items are delivered
        self._ending: tuple[int, Callable[[], None]] | None = None

    # -- jobs (GUI thread) ---------------------------------------------------------------------
    def start(self, factory: Factory, *, controlled: bool = False,
              paused: bool = False) -> RunControl:
        """Cancel the current job and run ``factory(job)``'s generator on a new thread."""
        self.cancel()
        self.job_id += 1
        control = RunControl()
        if paused:
            control.pause()
        self.control = control
        runner = JobRunner(self.job_id, factory, control, controlled, self.name)
        runner.sigFinished.connect(self._on_runner_finished)
        runner.sigFailed.connect(self._on_runner_failed)
        thread = QThread()
        thread.setObjectName(f"{self.name}-{self.job_id}")
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        self._threads = {j: e for j, e in self._threads.items() if not e[0].isFinished()}
        self._threads[self.job_id] = (thread, runner)
        keep_until_finished(thread, runner)
        thread.start()
        self._ending = None
        self._poll.start(POLL_MS)
        return control

    def cancel(self) -> None:
        """Stop the current job and forget it: nothing it still emits reaches the listeners."""
        if self.control is not None:
            self.control.stop()
        self.control = None

    @property
    def running(self) -> bool:
        """True while the current job's thread runs."""
        entry = self._threads.get(self.job_id)
        return entry is not None and entry[0].isRunning()

    def pending(self) -> int:
        """How many of the current job's items and progress reports wait in its mailbox for
        the next collection (0 without a job)."""
        entry = self._threads.get(self.job_id)
        return len(entry[1].mailbox) if entry is not None and self.control is not None else 0

    def threads(self) -> list[QThread]:
        """The threads of this worker's jobs that have not finished (the current job's and
        cancelled ones still winding down)."""
        return [thread for thread, _ in self._threads.values() if not thread.isFinished()]

    def shutdown(self, timeout_ms: int = 60000) -> bool:
        """Stop every job and join its thread; False when one is still busy after
        ``timeout_ms`` (a first-time kernel compilation cannot be interrupted)."""
        self.cancel()
        clean = True
        for jid, (thread, runner) in list(self._threads.items()):
            runner.job.control.stop()
            if not thread.wait(timeout_ms):
                log.warning("%s thread %d did not stop in time", self.name, jid)
                clean = False
        self._threads.clear()
        return clean

    # -- control of the current job (any order, GUI thread) ------------------------------------
    def pause(self) -> None:
        if self.control is not None:
            self.control.pause()

    def resume(self) -> None:
        if self.control is not None:
            self.control.resume()

    def step_once(self) -> None:
        if self.control is not None:
            self.control.step_once()

    def stop(self) -> None:
        """Ask the current job to stop; its ``sigFinished`` still follows."""
        if self.control is not None:
            self.control.stop()

    def update(self, **settings: Any) -> None:
        """Queue live setting changes (``ValueError`` for a bad value)."""
        if self.control is not None:
            self.control.update(**settings)

    # -- relays (GUI thread) -------------------------------------------------------------------
    def _current(self, jid: int) -> bool:
        return self.control is not None and jid == self.job_id

    @Slot()
    def _collect(self) -> None:
        """Hand the current job's new items and progress reports to the listeners, for at
        most ``BATCH_MS``; then its end, once its thread has reported it (``_ending``)."""
        entry = self._threads.get(self.job_id)
        if entry is None or self.control is None:
            self._poll.stop()
            self._ending = None
            return
        jid = self.job_id
        if self._deliver(jid, entry[1], time.perf_counter() + BATCH_MS / 1000):
            self._poll.start(0)        # the rest as soon as the GUI's other events are handled
            return
        ending, self._ending = self._ending, None
        if ending is not None and ending[0] == jid and self._current(jid):
            self._poll.stop()
            ending[1]()                 # sigFinished or sigFailed, after every item
        elif self._poll.interval() != POLL_MS and self._current(jid):
            self._poll.start(POLL_MS)

    def _deliver(self, jid: int, runner: "JobRunner", deadline: float) -> bool:
        """Emit what ``runner``'s mailbox holds now (not what arrives meanwhile: a fast
        generator would keep the GUI thread here), in order, until ``deadline``
        (``time.perf_counter``), while job ``jid`` is the current one (a listener may start
        or cancel a job); True when it still is and items were left for later."""
        mailbox = runner.mailbox
        for _ in range(len(mailbox)):
            if not self._current(jid):
                return False
            if time.perf_counter() > deadline:
                return True
            is_item, payload = mailbox.popleft()
            if is_item:
                self.sigYielded.emit(payload)
            else:
                self.sigProgress.emit(*payload)
        return False

    def _end(self, jid: int, report: Callable[[], None]) -> None:
        """Job ``jid``'s thread has ended: ``report`` it once its items are delivered."""
        if self._current(jid):
            self._ending = (jid, report)
            self._collect()

    @Slot(int, object)
    def _on_runner_finished(self, jid: int, result: Any) -> None:
        self._end(jid, lambda: self.sigFinished.emit(result))

    @Slot(int, str, bool, object)
    def _on_runner_failed(self, jid: int, message: str, expected: bool,
                          structured: Any) -> None:
        def report() -> None:
            self.failure_expected = expected
            self.failure = structured
            self.sigFailed.emit(message)

        self._end(jid, report)


