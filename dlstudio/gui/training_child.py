"""The child process's side of a studio training run (``gui/training_process.py`` is the
window's side): it trains each run the window sends with ``training_job`` itself, one at a
time, and sends back each item, progress report and end. It loads (or compiles) the kernels
on a thread of its own, held while a run trains, so that a run sent before they are all
ready compiles only those it needs.

* ``child_main`` is the process's life; a thread (``_obey``) reads the window's messages:
  runs for the main thread, ``RunControl`` requests for the current run.
* ``_Sender`` pickles a message on the training thread (its arrays out of band,
  ``gui/message_pipe.py``) and writes it to the pipe on its own thread, so a full pipe does
  not hold the training up; the messages waiting go together (``message_pipe.send_many``).
* When the window closes the pipe (it let this child go, stopped its run, or ended) the run
  stops at its next step and the child exits.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import queue
import threading
import time
import traceback
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui import code_stamp, core_split, message_pipe
from dlstudio.training.control import RunControl

log = logging.getLogger(__name__)

#: the sender writes at most this often (s): the classroom toy's run yields ~1,400 items a
#: second, and a sender woken for each took the GIL from the training thread each time
#: (~10% of its speed); the window collects what arrived every 25 ms (``worker.POLL_MS``)
GATHER_SECONDS = 0.004
#: at most this many messages in one write
GATHER_MESSAGES = 256

class FilesUpdated(OSError):
    """dlstudio's files changed since the window started (``code_stamp``): the child would
    run other code than the window's. An expected problem (an OSError): the window shows
    its message, not an error report."""


class _Sender:
    """Pickles messages on the caller's thread and writes them on its own, in order: all
    those waiting at once together (``message_pipe.send_many``), each wake-up at most every
    ``GATHER_SECONDS``, so that the training thread hands the GIL over a few hundred times a
    second, not at every message."""

    def __init__(self, conn: Any, gather: bool = True) -> None:
        self._conn = conn
        self._gather = gather           # False: each message on its own (``send``)
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, name="sender", daemon=True)
        self._thread.start()

    def put(self, message: tuple) -> None:
        self._queue.put(message_pipe.Packed(message))

    def close(self) -> None:
        """Write what is queued, then close the pipe."""
        self._queue.put(None)
        self._thread.join()
        self._conn.close()

    def _write(self) -> None:
        while True:
            batch = [self._queue.get()]
            while not self._queue.empty() and len(batch) < GATHER_MESSAGES:
                batch.append(self._queue.get())
            end = None in batch
            batch = batch[:batch.index(None)] if end else batch
            try:
                if batch and self._gather:
                    message_pipe.send_many(self._conn, batch)
                else:
                    for packed in batch:
                        packed.send(self._conn)
            except OSError:                     # the parent is gone: drop the rest
                return
            if end:
                return
            time.sleep(GATHER_SECONDS)          # let the next messages gather


class _ChildJob:
    """What ``training_job`` receives in the child: its control and its progress reports."""

    id = 1

    def __init__(self, control: Any, sender: _Sender) -> None:
        self.control = control
        self._sender = sender

    def progress(self, done: int, total: int = 0, message: Any = "") -> None:
        from dlstudio.gui.i18n import render

        self._sender.put(("progress", (int(done), int(total), render(message))))


def _updated_text(language: str) -> str:
    from dlstudio.gui import i18n

    i18n.set_language(language, chosen=False)
    return QCoreApplication.translate(
        "TrainingProcess", "dlstudio was updated while this window was open: the process "
        "that trains runs uses the new files, this window the old ones. Close dlstudio and "
        "start it again, or untick Run > Train in a separate process to train in this "
        "window.")


def child_main(commands: Any, items: Any, kernels_loaded: Any = None,
               parent_code: tuple | None = None, cores: Any = None) -> None:
    """A child's life: load the kernels, then train each run the parent sends, one at a
    time, reporting each one's end; exit when the parent closes the pipe (it let this child
    go, stopped its run, or ended). ``parent_code``: the parent's ``code_stamp.STARTED``;
    when dlstudio's files changed since the parent started, every run fails with a message
    saying so (walker20 W20-13). ``cores``: the cores the window could use when it started
    (``core_split.CORES_AT_START``): the child uses them all but the one the window keeps to
    while a run trains (``core_split.training_cores``), whatever the window kept to when it
    started this child."""
    core_split.use_every_core(core_split.training_cores(cores))
    app = QCoreApplication.instance() or QCoreApplication([])   # for the translators
    # a window started before dlstudio's files changed may read one message per frame: it
    # gets them one by one, the "files updated" failure among them
    same_code = parent_code is None or tuple(parent_code) == code_stamp.stamp()
    sender = _Sender(items, gather=same_code)
    runs: queue.SimpleQueue = queue.SimpleQueue()
    current: dict[str, Any] = {"control": None}
    held = None                         # the dataset of the last run (the next may reuse it)
    idle = threading.Event()            # no run trains: the warm-up may go on
    idle.set()
    try:
        from dlstudio.engine import threads

        threads.count_as_own(os.getppid())      # the window's drawing is this session's
        threading.Thread(target=_warm_up, args=(idle, kernels_loaded), name="warm-up",
                         daemon=True).start()
        threading.Thread(target=_obey, args=(commands, runs, current, sender), name="commands",
                         daemon=True).start()
        while True:
            sender.put(("ready",))
            message = runs.get()
            if message is None:
                return
            (_, plan, language, state), control = message
            if parent_code is not None and tuple(parent_code) != code_stamp.stamp():
                sender.put(("failed", FilesUpdated(_updated_text(language))))
                continue
            if state.get("same_data"):
                plan = dataclasses.replace(plan, dataset=held)
            held = plan.dataset
            idle.clear()
            try:
                sender.put(_run(plan, language, control, sender))
            except Exception as exc:  # noqa: BLE001 (reported to the parent, whatever it is)
                log.error("training run failed:\n%s", traceback.format_exc())
                sender.put(("failed", _portable_error(exc)))
            finally:
                idle.set()
    finally:
        sender.close()
        del app


def _warm_up(idle: threading.Event, kernels_loaded: Any) -> None:
    """Compile (or load) every kernel, held between its stages while a run trains: a run
    that comes first compiles only the kernels it needs and does not wait for the others,
    as on the window's own thread (``Studio._hold_warmup``; ``engine.warmup``: with a cold
    cache the toy's first step came after ~21 s alone, the whole warm-up took ~120 s)."""
    from dlstudio.engine.warmup import warmup

    try:
        warmup(between=idle.wait)
    except Exception:  # noqa: BLE001 (a run still compiles what it needs on its own)
        log.error("warming up the kernels failed:\n%s", traceback.format_exc())
        return
    if kernels_loaded is not None:
        kernels_loaded.set()


def _run(plan: Any, language: str, control: Any, sender: _Sender) -> tuple:
    from dlstudio.gui import i18n
    from dlstudio.gui.run_item_wire import ItemSender
    from dlstudio.gui.training_run import training_job

    i18n.set_language(language, chosen=False)
    run = training_job(plan, _ChildJob(control, sender))
    wire = ItemSender()                 # what the window has already is not sent again
    while True:
        try:
            item = next(run)
        except StopIteration as end:
            return ("end", end.value)
        sender.put(("item", wire.shorten(item)))


def _obey(commands: Any, runs: queue.SimpleQueue, current: dict, sender: _Sender) -> None:
    """Read the parent's messages: runs for the main thread, requests for the current run's
    control (made here, so that a request right after a run's start reaches that run); when
    the parent goes, stop the run and end the child."""
    while True:
        try:
            message = message_pipe.receive(commands)
        except (EOFError, OSError):
            control = current["control"]
            if control is not None:
                control.stop()
            runs.put(None)
            return
        if message[0] == "run":
            control = _TellingControl(sender)
            control.follow(message[3])         # what was asked before the run went over
            current["control"] = control
            runs.put((message, control))
            continue
        _, request, settings = message
        control = current["control"]
        if control is None:
            continue
        if request == "update":
            control.update(**settings)
        else:
            getattr(control, request)()


class _TellingControl(RunControl):
    """A child run's control: it tells the parent when the run starts and stops waiting for
    its turn (the parent's control then says so: ``RunControl.waiting``)."""

    def __init__(self, sender: _Sender) -> None:
        super().__init__()
        self._sender = sender

    def wait_for_turn(self, timeout: float | None = None) -> str:
        if timeout == 0:                        # the check between two steps: no wait
            return super().wait_for_turn(timeout)
        self._sender.put(("waiting", True))
        try:
            return super().wait_for_turn(timeout)
        finally:
            self._sender.put(("waiting", False))


def _portable_error(exc: BaseException) -> BaseException:
    """``exc`` itself when it survives pickling, else a ``RuntimeError`` describing it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 (any failure to pickle)
        from dlstudio.gui.errors import describe_error

        return RuntimeError(describe_error(exc))
