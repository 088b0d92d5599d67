"""A job of the background worker (:class:`~dlstudio.gui.worker.GeneratorWorker`) on its own
thread: what the job's factory receives (``Job``: its number, its ``RunControl``, its progress
report), the ``JobRunner`` that iterates the job's generator on that thread and leaves each item
and progress report in its mailbox for the GUI thread, the worker thread's lower priority, and
the threads that outlive their worker (a running ``QThread`` must not be destroyed:
``busy_threads``, ``wait_for_threads``).

``blocking_job(function)`` makes a factory of one blocking call ``function(job)``.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from collections import deque
from typing import Any, Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from dlstudio.gui import errors
from dlstudio.gui.i18n import render
from dlstudio.training.control import RunControl

log = logging.getLogger(__name__)

#: niceness added to a worker thread so that the GUI thread wins when both want a core
WORKER_NICENESS = 5

class Job:
    """What a job's factory receives: its number, its ``RunControl`` and a progress report.

    ``progress(done, total, message)`` may be called from the worker thread at any time
    (``total`` 0 means unknown); it becomes the worker's ``sigProgress``.
    """

    def __init__(self, job_id: int, control: RunControl, runner: "JobRunner"):
        self.id = job_id
        self.control = control
        self._runner = runner

    def progress(self, done: int, total: int = 0, message: str = "") -> None:
        # a structured message (data loading's "downloading ...") in the window's language
        self._runner.mailbox.append((False, (int(done), int(total), render(message))))


Factory = Callable[[Job], Iterable[Any]]


class JobRunner(QObject):
    """Lives on the job's thread and iterates its generator (one job per runner).

    ``mailbox``: ``(True, item)`` for each yielded item and ``(False, (done, total,
    message))`` for each progress report, in order, for the handle to collect.
    """

    sigFinished = Signal(int, object)
    sigFailed = Signal(int, str, bool, object)  # job, message, an expected problem?, and
    #                                             the message structured (errors.failure_text)

    def __init__(self, job_id: int, factory: Factory, control: RunControl, controlled: bool,
                 name: str):
        super().__init__()
        self.job = Job(job_id, control, self)
        self.mailbox: deque = deque()
        self._factory = factory
        self._controlled = controlled
        self._name = name

    @Slot()
    def run(self) -> None:
        job = self.job
        lower_thread_priority()
        try:
            items = iter(self._factory(job))
            result = self._iterate(items)
            self.sigFinished.emit(job.id, result)
        except Exception as exc:  # reported to the user; the app carries on
            log.error("%s job %d failed:\n%s", self._name, job.id, traceback.format_exc())
            self.sigFailed.emit(job.id, errors.describe_error(exc), errors.is_expected(exc),
                                errors.failure_text(exc))
        finally:
            # quit from here (thread-safe) so that a GUI thread blocked in wait() can join us
            thread = QThread.currentThread()
            app = QCoreApplication.instance()
            if app is not None and thread is not app.thread():
                thread.quit()

    def _iterate(self, items) -> Any:
        control = self.job.control
        while True:
            if not self._controlled and control.wait_for_turn() == "stop":
                close = getattr(items, "close", None)
                if close is not None:
                    close()
                return None
            try:
                item = next(items)
            except StopIteration as end:
                return end.value
            self.mailbox.append((True, item))


def blocking_job(function: Callable[[Job], Any]) -> Factory:
    """A factory for work that is one blocking call (loading a file, a headless check).

    ``function(job)`` runs on the worker thread (it may call ``job.progress``); its result
    becomes ``sigFinished``'s value and an exception ``sigFailed``. Stop cannot interrupt the
    call; a newer ``start`` makes the worker ignore its result.
    """
    def generator(job: Job):
        return function(job)
        yield  # never reached: it only makes this function a generator

    return generator


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


#: every job's thread and runner until the thread has finished, whatever happens to the
#: ``GeneratorWorker`` that started it: Qt aborts the process if a running QThread is destroyed
_LIVE: list = []


def keep_until_finished(thread: QThread, runner: JobRunner) -> None:
    """Hold ``thread`` and ``runner`` until the thread has finished (see ``_LIVE``)."""
    _LIVE[:] = [entry for entry in _LIVE if not entry[0].isFinished()]
    _LIVE.append((thread, runner))


def busy_threads() -> int:
    """How many worker threads are still running (at exit: a first-time kernel compilation
    or a headless lesson check cannot be interrupted, so the process must leave without
    tearing them down)."""
    return sum(1 for thread, _ in _LIVE if thread.isRunning())


def wait_for_threads(timeout_s: float) -> bool:
    """Wait until every worker thread has finished, at most ``timeout_s`` seconds in all;
    True when none is left running. For a process that must end normally (a test session):
    Python tearing down a QThread that still runs aborts the process."""
    deadline = time.monotonic() + timeout_s
    for thread, _ in list(_LIVE):
        left_ms = int(max(0.0, deadline - time.monotonic()) * 1000)
        if thread.isRunning() and not thread.wait(left_ms):
            return False
    return busy_threads() == 0
