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
child (``gui/training_child.py``) runs ``training_job`` itself:

* **Children.** A run takes the idle child (``multiprocessing``'s spawn; started when the
  window opened or the preference was switched on, it imported the engine and loaded the
  compiled kernels, ``engine.warmup``, before it was needed), else starts one; when the run
  ends its child waits for the next one, so back-to-back runs use one process and none is
  started while a run trains. A run cut short (a new Start, the window closing) has its
  pipes closed: its child stops the run at the next step and exits on its own, and no run
  waits for another's child. A child whose parent is gone (closed or crashed) does the same.
* **What goes over.** The plan (the dataset with it, its ``DatasetInfo`` without its loader
  functions, which do not pickle and which training never calls; not again when the child
  trained the same dataset object last), the window's language (the
  child's progress messages and pre-flight texts are translated as the window's), and every
  request made to the job's ``RunControl`` (pause, resume, step once, stop, live settings;
  ``RunControl.listen``). What comes back: each item the run yields (a moment without what
  the window holds already: its snapshot, the older part of its history,
  ``gui/run_item_wire.py``), the progress reports, and the end: the final state or the
  exception. Both ways messages go with their arrays out of band (``gui/message_pipe.py``):
  the child's training thread pickles an item's description only, its arrays are the copies ``training_job`` makes for the GUI thread
  anyway (in reused memory), and a sender thread writes them to the pipe, so neither a
  full pipe nor a copy into fresh memory holds the training up.
* **Cores.** While a run trains in a child, the window's threads keep to one core, out of
  the way of the child's training thread; the child uses every core the window could
  (``gui/core_split.py``).
* **Failures.** The exception the run raised, when it survives pickling (dlstudio's own carry
  their ``Message``), else a ``RuntimeError`` with its description; a child that dies without
  an end (a crash, the system's out-of-memory killer) is ``TrainingProcessEnded``.
"""
from __future__ import annotations

import collections
import dataclasses
import logging
import multiprocessing
import threading
import time
import weakref
from typing import Any, Iterator

from PySide6.QtCore import QCoreApplication

from dlstudio.gui import code_stamp, core_split, message_pipe
from dlstudio.gui.run_item_wire import ItemReceiver
from dlstudio.gui.training_child import child_main

#: how long the parent waits for a message before it checks that its child still lives (s)
POLL_SECONDS = 0.25
#: bytes the pipe from a child holds before its sender waits (Linux: up to the system's
#: ``fs.pipe-max-size``, 1 MB by default): a 3 MB moment goes over in a few writes
PIPE_BYTES = 2**20

log = logging.getLogger(__name__)

_SPAWN = multiprocessing.get_context("spawn")
_lock = threading.Lock()
_spare: "_Child | None" = None


class TrainingProcessEnded(RuntimeError):
    """The child process training a run ended without reporting the run's end."""



def process_training_job(plan: Any, job: Any) -> Iterator[Any]:
    """The run ``plan`` describes, trained in a child process (see the module docstring)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.training_run import load_plan_data, preparing_text

    plan = yield from load_plan_data(plan, job)
    try:
        child = take_child()
    except OSError as exc:       # no process can be started here (limits, a sandbox)
        return (yield from _on_this_thread(plan, job, str(exc)))
    reusable = True          # False while a run goes on in it: closing the pipes stops it
    try:
        if not child.ready:     # it is starting: loading the engine, compiling the kernels
            job.progress(0, 0, preparing_text(child.kernels_loaded.is_set()))
        while not child.ready:
            if job.control.stop_requested:
                return "stopped"
            try:
                child.receive(POLL_SECONDS)
            except TrainingProcessEnded as exc:     # it died before it could take the run
                reusable = False
                return (yield from _on_this_thread(plan, job, str(exc)))
        with child.lock:       # requests made meanwhile go over after the run's start
            state = job.control.listen(child.forward)      # (the earlier ones are in it)
            state["same_data"] = child.holds(plan.dataset)
            sent = dataclasses.replace(plan, dataset=None) if state["same_data"] \
                else portable_plan(plan)
            try:
                message_pipe.send(child.commands, ("run", sent, i18n.current_language(), state))
            except OSError:        # it died since it said it was ready (killed, out of memory)
                child.process.join(POLL_SECONDS)
                raise TrainingProcessEnded(_ended_text(child.process.exitcode)) from None
            child.ready, reusable = False, False
            child.keep(plan.dataset)
        wire = ItemReceiver()       # puts back what the child left out (``run_item_wire``)
        with core_split.window_on_one_core() as hold:   # out of the training thread's way
            while True:
                message = child.receive(POLL_SECONDS)
                if message is None:
                    continue
                kind, payload = message
                if kind == "item":
                    yield wire.restore(payload)
                elif kind == "progress":
                    job.progress(*payload)
                elif kind == "waiting":
                    job.control.mark_waiting(payload)
                    if payload:
                        hold.release()      # paused: the window may use every core meanwhile
                    else:
                        hold.take()
                else:
                    reusable = True             # the run ended there (or failed): it is free
                    if kind == "failed":
                        raise payload
                    return payload
    finally:
        job.control.listen(None)
        if reusable:
            give_back(child)
        else:
            child.close()


def _on_this_thread(plan: Any, job: Any, why: str) -> Iterator[Any]:
    """The run trained on the worker's thread after all, because no child could take it
    (``why``): training in a process is the window's default, and a machine where processes
    cannot be started (or die at once) must still train, only without the separation."""
    from dlstudio.gui.training_run import training_job

    log.warning("training on the window's thread: no training process (%s)", why)
    job.progress(0, 0, QCoreApplication.translate(
        "TrainingProcess", "No separate training process could be started: this run trains "
                           "in the window's process."))
    return (yield from training_job(plan, job))


def take_child() -> "_Child":
    """A child for a run: the idle one when there is one, else a new one."""
    global _spare
    with _lock:
        child, _spare = _spare, None
    return child if child is not None and child.alive() else _Child()


def give_back(child: "_Child") -> None:
    """A child whose run ended: kept for the next run, unless one is kept already."""
    global _spare
    with _lock:
        if _spare is None or not _spare.alive():
            _spare, child = child, None
    if child is not None:
        child.close()


def idle_child() -> "_Child | None":
    """The child kept for the next run, if any."""
    return _spare


def wait_for_spare_kernels(timeout: float) -> bool:
    """Wait until the child kept for the next run has its kernels (at most ``timeout``
    seconds); whether it has (False when there is none). The window's own warm-up waits
    for it: with an empty Numba cache both would compile every kernel at once, each at half
    speed on two cores, where the window can load what the child compiled and cached."""
    child = _spare
    deadline = time.monotonic() + timeout
    while child is not None and child.alive():      # a child that died sets nothing
        if child.kernels_loaded.wait(min(POLL_SECONDS, max(0.0, deadline - time.monotonic()))):
            return True
        if time.monotonic() >= deadline:
            break
    return False


def start_spare() -> None:
    """Start a child now (when the window opens, or the preference is switched on), so that
    the next run does not wait for one to import the engine and load its kernels."""
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
        #: set by the child once its kernels are compiled (or loaded from Numba's cache)
        self.kernels_loaded = _SPAWN.Event()
        self.process = _SPAWN.Process(target=child_main,
                                      args=(child_commands, child_items, self.kernels_loaded,
                                            code_stamp.STARTED, core_split.CORES_AT_START),
                                      name="dlstudio-training", daemon=True)
        self.process.start()
        child_items.close()
        child_commands.close()
        self.lock = threading.Lock()
        self.ready = False
        self._received: collections.deque = collections.deque()   # read, not yet taken
        self._data: Any = None          # a weak reference to the dataset it holds

    def holds(self, dataset: Any) -> bool:
        """Whether this child holds ``dataset`` from its last run (it is not sent again:
        full MNIST is ~220 MB to pickle, copy and read)."""
        return self._data is not None and self._data() is dataset

    def keep(self, dataset: Any) -> None:
        self._data = weakref.ref(dataset)

    def alive(self) -> bool:
        return self.process.is_alive()

    def forward(self, request: str, settings: dict) -> None:
        """Send a ``RunControl`` request to the child (on the requesting thread)."""
        with self.lock:
            try:
                message_pipe.send(self.commands, ("control", request, settings))
            except (OSError, ValueError):      # the child is gone: nothing left to control
                pass

    def receive(self, timeout: float) -> tuple | None:
        """The child's next message, or None when none came within ``timeout`` seconds
        (``"ready"`` is taken here). Raises ``TrainingProcessEnded`` when it died."""
        if not self._received:
            try:
                if not self.items.poll(timeout):
                    if not self.process.is_alive() and not self.items.poll(0):
                        raise TrainingProcessEnded(_ended_text(self.process.exitcode))
                    return None
                self._received.extend(message_pipe.receive_many(self.items))
            except EOFError:
                raise TrainingProcessEnded(_ended_text(self.process.exitcode)) from None
        message = self._received.popleft()
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
