"""Python's cycle collector, run on the GUI thread only, from the event loop.

CPython starts a collection in whichever thread happens to allocate when a generation fills
up. In this app the training worker allocates the most, so it often collects there; a cycle
that holds a Qt object (a closed dialog, a plot page that was rebuilt, pyqtgraph's items, a
finished job's runner) is then destroyed on a thread that does not own it. On the GUI thread
an automatic collection can start in the middle of a Qt event handler and delete an object
that a caller further up the stack is still using. Either way the process crashes later, at
a random place (seen in the suite as "Fatal Python error: Segmentation fault ... Garbage-
collecting" on the GUI thread while a run trained).

:func:`install` turns automatic collection off and collects from a timer on the GUI thread
instead, with the interpreter's own generation thresholds, so memory behaves as before while
every collection starts at the top of the event loop. Reference counting, which frees almost
everything, is untouched; only cycles wait for the timer (a fraction of a second).

>>> collector = install(app)       # once, after the QApplication exists
>>> collector.collect_due()        # what the timer does
>>> settle()                       # once start-up is over: its objects are not scanned again
"""
from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

#: how often the timer looks at the collector's counts (ms). What a run keeps (its snapshots
#: and moments, ~40 tracked objects per epoch end of the classroom toy, ~700 epoch ends a
#: second) waits in the younger generations for the next collection of the middle one,
#: every tenth young one: looked at every 250 ms, that scanned ~2.5 s of the run's objects at
#: once, 60-75 ms of the GUI thread (most of its 99th-percentile latency, issue 13); every
#: 50 ms, a fifth of that, and each look costs microseconds
INTERVAL_MS = 50
#: a full collection (the oldest generation: every object the app holds, tens of ms on a
#: large session) at most this often, seconds; the interpreter's own rule that postpones it
#: on a large heap cannot be read from Python, so this bounds the GUI thread's pauses instead
FULL_EVERY_S = 30.0


class GuiThreadCollector(QObject):
    """Collects cycles on the thread it lives on (the GUI thread), on a timer."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = [0, 0, 0]       # how many of each generation this collector ran
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = False
        self._last_full = time.monotonic()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Turn automatic collection off; collect from the timer from now on."""
        if not self.active:
            self._was_enabled = gc.isenabled()
            gc.disable()
            self._timer.start()

    def stop(self) -> None:
        """Give collection back to the interpreter (as it was before ``start``)."""
        if self.active:
            self._timer.stop()
            if self._was_enabled:
                gc.enable()

    def collect_due(self) -> int:
        """Collect the generations the interpreter would have collected by now (the oldest
        one due, which includes the younger ones; the oldest at most every
        ``FULL_EVERY_S``); returns that generation, or -1."""
        young, middle, old = gc.get_count()
        t0, t1, t2 = self.thresholds
        if young <= t0:
            return -1
        generation = 2 if middle > t1 and old > t2 else 1 if middle > t1 else 0
        if generation == 2:
            now = time.monotonic()
            if now - self._last_full < FULL_EVERY_S:
                generation = 1
            else:
                self._last_full = now
        gc.collect(generation)
        self.collections[generation] += 1
        return generation


def settle() -> int:
    """Collect every generation now, then leave every object still alive out of later
    collections (``gc.freeze``); returns how many objects that set aside.

    What start-up builds (widgets' wrappers, plot items, modules, Numba's compiled kernels:
    ~175,000 objects with the window and the kernels ready) lives as long as the app. With
    automatic collection off (``install``) it stayed in the younger generations, and the
    first collection of the middle one after a run started went through all of it: 50-180
    ms of the GUI thread holding the GIL, the training thread standing still meanwhile
    (issue 13: 2 ms once set aside). A process training headless gets the same by itself:
    its automatic collections moved start-up's objects to the oldest generation early.
    Call once, on the GUI thread, when start-up is over (the kernels are ready); objects
    made later are collected as before."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def install(app: QCoreApplication | None = None,
            interval_ms: int = INTERVAL_MS) -> GuiThreadCollector | None:
    """Collect cycles on ``app``'s thread only (idempotent: returns the running collector).

    Must be called on the GUI thread; returns None when there is no application."""
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("the cycle collector must be installed from the GUI thread")
    collector = app.findChild(GuiThreadCollector)
    if collector is None:
        collector = GuiThreadCollector(app, interval_ms)
    collector.start()
    return collector
