"""A studio training run in a child process, so that the window's drawing does not slow it.

PySide6 keeps Python's GIL while Qt's C++ code runs for a Python caller, and pyqtgraph paints
from Python: while the GUI thread refreshes, lays out or paints a plot, a training thread in
the same process cannot run a line of Python, and a training step needs the GIL between its
kernels every few tens of microseconds. Measured on the window's 784-300-100-10 MLP run, each
training step that overlapped a GUI handler lost 1.0-1.3 times the handler's duration, so
the GUI's ~10% of a core came off the training almost one for one (issue 13). A child
process has its own GIL.

``process_training_job(plan, job)`` has ``training_job``'s contract (``gui/training_run.py``:
the same items in the same order, ``job.progress`` reports, the run's final state as its
return value, a failure as the same exception) and runs on the worker's thread like it; the
child runs ``training_job`` itself:

* **Children.** Each run gets its own child (``multiprocessing``'s spawn), which imports the
  engine and loads its compiled kernels (``engine.warmup``) before it is needed: one spare
  child is always started ahead. A stopped or cancelled run's child ends its run and exits
  on its own; no run waits for another's child. A child whose parent is gone (the window
  closed or crashed) stops its run at the next step and exits.
* **What goes over.** The plan (the dataset with it, its ``DatasetInfo`` without its loader
  functions, which do not pickle and which training never calls), the window's language (the
  child's progress messages and pre-flight texts are translated as the window's), and every
  request made to the job's ``RunControl`` (pause, resume, step once, stop, live settings;
  ``RunControl.listen``). What comes back: each item the run yields, pickled on the child's
  training thread and written to the pipe by a sender thread (so a full pipe never holds
  the training up), the progress reports, and the end: the final state or the exception.
* **Failures.** The exception the run raised, when it survives pickling (dlstudio's own carry
  their ``Message``), else a ``RuntimeError`` with its description; a child that dies without
  an end (a crash, the system's out-of-memory killer) is ``TrainingProcessEnded``.
"""
from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import pickle
import queue
import threading
import traceback
from typing import Any, Iterator

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

#: how long the parent waits for a message before it checks that its child still lives (s)
POLL_SECONDS = 0.25
#: bytes the pipe from a child holds before its sender waits (Linux: up to the system's
#: ``fs.pipe-max-size``, 1 MB by default): a 3 MB moment goes over in a few writes
PIPE_BYTES = 2**20

_SPAWN = multiprocessing.get_context("spawn")
_lock = threading.Lock()
_spare: "_Child | None" = None


class TrainingProcessEnded(RuntimeError):
    """The child process training a run ended without reporting the run's end."""


def process_training_job(plan: Any, job: Any) -> Iterator[Any]:
    """The run ``plan`` describes, trained in a child process (see the module docstring)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.training_run import load_plan_data

    plan = yield from load_plan_data(plan, job)
    child = take_child()
    try:
        while not child.ready:
            if job.control.stop_requested:
                return "stopped"
            child.receive(POLL_SECONDS)
        with child.lock:       # requests made meanwhile go over after the run's start
            job.control.listen(child.forward)
            state = {"paused": job.control.paused, "stop": job.control.stop_requested}
            child.commands.send(("run", portable_plan(plan), i18n.current_language(), state))
        while True:
            message = child.receive(POLL_SECONDS)
            if message is None:
                continue
            kind, payload = message
            if kind == "item":
                yield payload
            elif kind == "progress":
                job.progress(*payload)
            elif kind == "end":
                return payload
            elif kind == "failed":
                raise payload
    finally:
        job.control.listen(None)
        child.close()


def take_child() -> "_Child":
    """A started child for a run (the spare when there is one), and a new spare."""
    global _spare
    with _lock:
        child = _spare if _spare is not None and _spare.alive() else _Child()
        _spare = _Child()
        return child


def start_spare() -> None:
    """Start the spare child now (e.g. when the window opens), so that the first run does
    not wait for one to import the engine."""
    global _spare
    with _lock:
        if _spare is None or not _spare.alive():
            _spare = _Child()


def portable_plan(plan: Any) -> Any:
    """``plan`` as it pickles: its dataset's ``info`` without the loader functions."""
    dataset = plan.dataset
    if dataset is None:
        return plan
    info = dataclasses.replace(dataset.info, loader=None, describe=None, locate=None)
    return dataclasses.replace(plan, dataset=dataclasses.replace(dataset, info=info))


class _Child:
    """The parent's handle on one child process (its pipes, whether it is ready)."""

    def __init__(self) -> None:
        self.items, child_items = _SPAWN.Pipe(duplex=False)
        child_commands, self.commands = _SPAWN.Pipe(duplex=False)
        _enlarge(self.items)
        self.process = _SPAWN.Process(target=child_main, args=(child_commands, child_items),
                                      name="dlstudio-training", daemon=True)
        self.process.start()
        child_items.close()
        child_commands.close()
        self.lock = threading.Lock()
        self.ready = False

    def alive(self) -> bool:
        return self.process.is_alive()

    def forward(self, request: str, settings: dict) -> None:
        """Send a ``RunControl`` request to the child (on the requesting thread)."""
        with self.lock:
            try:
                self.commands.send(("control", request, settings))
            except (OSError, ValueError):      # the child is gone: nothing left to control
                pass

    def receive(self, timeout: float) -> tuple | None:
        """The child's next message, or None when none came within ``timeout`` seconds
        (``"ready"`` is taken here). Raises ``TrainingProcessEnded`` when it died."""
        try:
            if not self.items.poll(timeout):
                if not self.process.is_alive() and not self.items.poll(0):
                    raise TrainingProcessEnded(_ended_text(self.process.exitcode))
                return None
            message = self.items.recv()
        except EOFError:
            raise TrainingProcessEnded(_ended_text(self.process.exitcode)) from None
        if message[0] == "ready":
            self.ready = True
            return None
        return message

    def close(self) -> None:
        """Let the child go: a finished one exits, a stopped one once its run has ended."""
        for conn in (self.commands, self.items):
            try:
                conn.close()
            except OSError:
                pass


def _ended_text(code: int | None) -> str:
    return QCoreApplication.translate(
        "TrainingProcess", "The process training the run ended unexpectedly (exit code %1). "
        "Start the run again; if it happens again, close other programs to free memory."
    ).replace("%1", str(code))


def _enlarge(conn: Any) -> None:
    """Let the pipe hold ``PIPE_BYTES`` (Linux; elsewhere the system's size stays)."""
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError, ValueError):
        pass


# -- the child's side ---------------------------------------------------------------------------
class _Sender:
    """Pickles messages on the caller's thread and writes them on its own, in order."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, name="sender", daemon=True)
        self._thread.start()

    def put(self, message: tuple) -> None:
        self._queue.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        """Write what is queued, then close the pipe."""
        self._queue.put(None)
        self._thread.join()
        self._conn.close()

    def _write(self) -> None:
        while True:
            data = self._queue.get()
            if data is None:
                return
            try:
                self._conn.send_bytes(data)
            except OSError:                     # the parent is gone: drop the rest
                return


class _ChildJob:
    """What ``training_job`` receives in the child: its control and its progress reports."""

    id = 1

    def __init__(self, control: Any, sender: _Sender) -> None:
        self.control = control
        self._sender = sender

    def progress(self, done: int, total: int = 0, message: Any = "") -> None:
        from dlstudio.gui.i18n import render

        self._sender.put(("progress", (int(done), int(total), render(message))))


def child_main(commands: Any, items: Any) -> None:
    """A child's life: load the kernels, say ready, train the one run the parent sends, report
    its end, exit."""
    app = QCoreApplication.instance() or QCoreApplication([])   # for the translators
    sender = _Sender(items)
    try:
        from dlstudio.engine.warmup import warmup

        warmup()
        sender.put(("ready",))
        try:
            message = commands.recv()
        except EOFError:                        # the window closed before it needed us
            return
        if message[0] != "run":
            return
        _, plan, language, state = message
        sender.put(_run(plan, language, state, commands, sender))
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, whatever it is)
        log.error("training process failed:\n%s", traceback.format_exc())
        sender.put(("failed", _portable_error(exc)))
    finally:
        sender.close()
        del app


def _run(plan: Any, language: str, state: dict, commands: Any, sender: _Sender) -> tuple:
    from dlstudio.gui import i18n
    from dlstudio.gui.training_run import training_job
    from dlstudio.training.control import RunControl

    i18n.set_language(language, chosen=False)
    control = RunControl()
    if state.get("paused"):
        control.pause()
    if state.get("stop"):
        control.stop()
    threading.Thread(target=_obey, args=(commands, control), name="control",
                     daemon=True).start()
    run = training_job(plan, _ChildJob(control, sender))
    while True:
        try:
            item = next(run)
        except StopIteration as end:
            return ("end", end.value)
        sender.put(("item", item))


def _obey(commands: Any, control: Any) -> None:
    """Apply the parent's requests to the run's control; stop the run if the parent goes."""
    while True:
        try:
            _, request, settings = commands.recv()
        except (EOFError, OSError):
            control.stop()
            return
        if request == "update":
            control.update(**settings)
        else:
            getattr(control, request)()


def _portable_error(exc: BaseException) -> BaseException:
    """``exc`` itself when it survives pickling, else a ``RuntimeError`` describing it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 (any failure to pickle)
        from dlstudio.gui.errors import describe_error

        return RuntimeError(describe_error(exc))
