"""``wait_until``: ``qtbot.waitUntil`` that says, when it times out, what the run was doing.

A wait on a background run that times out in CI (2 cores, another machine) is otherwise a bare
"waitUntil timed out": the failure cannot be told apart from a slow machine. This one fails
with the state the caller describes and the Python stack of every thread (where the training
thread stood), and it checks that the GUI thread's event loop still runs (a quit left pending
makes every wait return at once, so that timers never fire).
"""
from __future__ import annotations

import sys
import threading
import traceback
from typing import Callable

import pytest
from PySide6.QtCore import QTimer


def thread_stacks() -> str:
    """The current Python stack of every thread, by thread name."""
    names = {t.ident: t.name for t in threading.enumerate()}
    parts = []
    for ident, frame in sys._current_frames().items():
        stack = "".join(traceback.format_stack(frame, limit=12))
        parts.append(f"--- thread {names.get(ident, ident)}\n{stack}")
    return "\n".join(parts)


def wait_until(qtbot, condition: Callable[[], bool], timeout_ms: int,
               describe: Callable[[], str] = lambda: "") -> None:
    """Process events until ``condition()`` holds; on a timeout fail with ``describe()``,
    whether a 10 ms timer still fired, and every thread's stack."""
    try:
        qtbot.waitUntil(condition, timeout=timeout_ms)
        return
    except qtbot.TimeoutError:
        pass
    fired = []
    QTimer.singleShot(10, lambda: fired.append(True))
    qtbot.wait(200)
    pytest.fail(f"waited {timeout_ms / 1000:g} s in vain: {describe()}\n"
                f"the event loop {'runs' if fired else 'does NOT run (timers do not fire)'}\n"
                f"{thread_stacks()}", pytrace=True)
