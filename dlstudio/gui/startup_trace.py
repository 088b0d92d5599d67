"""Timestamps of the window's start-up, measured from the moment the process started.

Set ``DLSTUDIO_STARTUP_TRACE=1`` and every milestone of ``app.run`` is printed to stderr as
``startup <seconds> <milestone>`` (e.g. ``startup 0.412 first paint``), counted from the
process's own start (read from ``/proc`` on Linux, so the interpreter's start-up and every
import are included; elsewhere from the first use of this module). Without the variable
``mark`` only records, costing nothing visible. The milestones, in order:

- ``imports done``: Qt and the window's modules are loaded;
- ``window constructed``: the main window (an empty frame of docks and tabs) exists;
- ``first paint``: the window has painted for the first time (what the user sees);
- ``panels built``: the editor, the plots and the controls are in place;
- ``panels painted``: ... and drawn;
- ``kernels ready``: every engine kernel is compiled or loaded from Numba's cache;
- ``first training step``: a run's first telemetry reached the window (with ``--autostart``
  this comes before ``kernels ready`` on a cold cache: the run compiles what it needs).

``DLSTUDIO_STARTUP_TRACE=exit`` also closes the window once the panels have painted and the
kernels are ready (and, with ``--autostart``, the first training step has come), so that a script can time many starts in a row.
"""
from __future__ import annotations

import os
import sys
import time

ENV = "DLSTUDIO_STARTUP_TRACE"

_marks: dict[str, float] = {}


def _process_start() -> float:
    """The process's start on ``time.monotonic``'s clock (Linux: from /proc; 10 ms steps)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")    # field 22: start after boot
        since = time.clock_gettime(time.CLOCK_BOOTTIME) - started
        return time.monotonic() - max(since, 0.0)
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic()


_START = _process_start()


def enabled() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def mark(milestone: str) -> float:
    """Record (and with the variable set, print) ``milestone``; returns seconds since start.
    A milestone is recorded once: later calls keep the first time."""
    if milestone in _marks:
        return _marks[milestone]
    elapsed = time.monotonic() - _START
    _marks[milestone] = elapsed
    if enabled():
        print(f"startup {elapsed:.3f} {milestone}", file=sys.stderr, flush=True)
    return elapsed


def marks() -> dict[str, float]:
    """Every milestone recorded so far, in seconds since the process started."""
    return dict(_marks)


def exit_when_done(milestones: list[str]) -> None:
    """With ``DLSTUDIO_STARTUP_TRACE=exit``: quit the application once every one of
    ``milestones`` has been marked (checked every 50 ms)."""
    if os.environ.get(ENV) != "exit":
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    timer = QTimer(QApplication.instance())

    def check() -> None:
        if all(m in _marks for m in milestones):
            timer.stop()
            mark("exit")
            for window in QApplication.topLevelWidgets():
                window.close()
            QApplication.instance().quit()

    timer.timeout.connect(check)
    timer.start(50)


def on_next_paint(widget, on_paint) -> None:
    """Call ``on_paint()`` from an event filter when ``widget`` receives its next paint
    event (once, before the widget paints)."""
    from PySide6.QtCore import QEvent, QObject

    class PaintFilter(QObject):
        def eventFilter(self, obj, event):     # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                self.deleteLater()
                on_paint()
            return False

    widget.installEventFilter(PaintFilter(widget))


def after_next_paint(widget, callback, fallback_ms: int | None = None) -> None:
    """Call ``callback()`` once ``widget`` has finished its next paint (when the event loop
    is free again after the paint event). With ``fallback_ms`` the callback also runs after
    that long if nothing painted (a window that stays hidden); it runs once either way."""
    from PySide6.QtCore import QTimer

    done = [False]

    def finish() -> None:
        if not done[0]:
            done[0] = True
            callback()

    # timers tied to ``widget``: a widget deleted first cancels them (and lets go of it)
    on_next_paint(widget, lambda: QTimer.singleShot(0, widget, finish))
    if fallback_ms is not None:
        QTimer.singleShot(fallback_ms, widget, finish)


def mark_first_paint(widget, milestone: str) -> None:
    """Mark ``milestone`` when ``widget`` receives its next paint event."""
    on_next_paint(widget, lambda: mark(milestone))
