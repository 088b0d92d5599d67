"""Tab and Shift+Tab among what is on screen: a panel behind another's tab is passed over.

Qt keeps a docked panel that shares its dock area with others as tabs "visible" while
another tab is in front: it moves the panel outside the window instead of hiding it, so the
focus chain still runs through every field of the panels behind. A student tabbing from the
Network panel went through 27 stops that showed nothing, and a Down key there changed the
hidden Training panel's momentum (walker21 W21-10). ``move_focus`` goes on along the chain
until the focus is on a widget that is not behind a tab; those panels stay one click (or
the dock's tab bar, which Tab reaches) away.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

#: at most this many focus moves for one Tab (a window has a few hundred stops at most)
MAX_STOPS = 1000


def behind_a_tab(widget: QWidget) -> bool:
    """Whether ``widget`` lies in a docked panel that nothing of shows: another panel's
    tab is in front of it (a floating panel is a window of its own and always counts as
    shown)."""
    w: QWidget | None = widget
    while w is not None and not w.isWindow():
        if isinstance(w, QDockWidget):
            return not w.isFloating() and w.visibleRegion().isEmpty()
        w = w.parentWidget()
    return False


def move_focus(forward: bool, step: Callable[[bool], bool]) -> bool:
    """Move the focus with ``step`` (a window's own ``focusNextPrevChild``) until it is
    on a widget not behind a tab, or back where it started; whether it moved."""
    start = QApplication.focusWidget()
    for _ in range(MAX_STOPS):
        if not step(forward):
            return False
        now = QApplication.focusWidget()
        if now is None or now is start or not behind_a_tab(now):
            return True
    return True
