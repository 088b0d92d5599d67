"""The mouse wheel scrolls the panel, not the number or choice it happens to pass over.

A student scrolling the search panel changed its Batch size and L2 range without noticing:
each spin box and combo box the pointer crossed took the wheel for itself. ``WheelGuard``, one
application-wide event filter, lets a spin box, combo box or slider take the wheel only while
it has the keyboard focus (the student clicked or tabbed into it); otherwise the wheel goes on
to the scroll area around it, which scrolls as meant. Such widgets no longer take the focus
from the wheel itself (only a click or Tab gives it).

A plot is guarded the same way when it sits in a page that scrolls: pyqtgraph zooms a plot
on every wheel notch, so scrolling the Transfer page past its accuracy plot zoomed the plot
instead (its axis ran from -2500 to 500%: walker33 W33-7). Over a plot whose page can
scroll, the wheel scrolls the page (and does nothing at the page's end); Ctrl + wheel zooms
the plot. A plot in a page that fits the window still zooms on the wheel alone.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (QAbstractScrollArea, QAbstractSpinBox, QApplication,
                               QComboBox, QGraphicsView, QSlider, QWidget)

from dlstudio.gui.widgets.app_filters import install_once

#: the widgets whose value a wheel changes (a scroll bar is not one: it scrolls)
GUARDED = (QAbstractSpinBox, QComboBox, QSlider)


def wants_wheel(widget: QObject) -> bool:
    """True when ``widget`` may take a wheel event: it is not a guarded kind, or it (or its
    line edit) has the keyboard focus."""
    if not isinstance(widget, GUARDED):
        return True
    return widget.hasFocus() or (widget.focusProxy() is not None
                                 and widget.focusProxy().hasFocus())


def plot_in_scrolling_page(widget: QObject, event: QWheelEvent) -> bool:
    """True when ``widget`` is a plot's viewport (a pyqtgraph view, a ``QGraphicsView``:
    the window has no other), ``event`` has no Ctrl, and a scroll area around the plot can
    scroll: the wheel is then the page's."""
    if not isinstance(widget, QWidget):
        return False
    view = widget.parentWidget()
    if not isinstance(view, QGraphicsView) or view.viewport() is not widget \
            or event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return False
    return any(area.verticalScrollBar().maximum() > 0 for area in _scroll_areas_around(view))


def _scroll_areas_around(widget: QWidget):
    """The scroll areas holding ``widget`` in their viewport, innermost first (a plot's
    view is not one: pyqtgraph's views never scroll, their wheel zooms)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QGraphicsView) \
                and parent.viewport().isAncestorOf(widget):
            yield parent
        parent = parent.parentWidget()


def pass_to_scroll_area(widget: QWidget, event: QWheelEvent) -> bool:
    """Give a wheel event over ``widget`` to the innermost scroll area around it that uses it
    (one at the end of its range leaves it to the next); True when one did."""
    for area in _scroll_areas_around(widget):
        viewport = area.viewport()
        position = widget.mapTo(viewport, event.position().toPoint())
        moved = QWheelEvent(position, event.globalPosition(), event.pixelDelta(),
                            event.angleDelta(), event.buttons(), event.modifiers(),
                            event.phase(), event.inverted(), event.source())
        moved.ignore()
        QApplication.sendEvent(viewport, moved)
        if moved.isAccepted():
            return True
    return False


class WheelGuard(QObject):
    """Application-wide filter: a wheel over an unfocused spin box, combo box or slider
    scrolls the panel around it instead of changing the value; over a plot in a page that
    scrolls, it scrolls the page instead of zooming (``plot_in_scrolling_page``)."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # every event of the application passes here: the class checks come first (asking
        # an event its type makes a Python enum, the costlier test)
        if not isinstance(event, QWheelEvent):
            if isinstance(watched, GUARDED) and event.type() == QEvent.Type.Polish \
                    and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if wants_wheel(watched) and not plot_in_scrolling_page(watched, event):
            return False
        # not ours: the scroll area scrolls; with none around, Qt offers it to the parents
        event.setAccepted(pass_to_scroll_area(watched, event))
        return True


def install(app: QApplication) -> WheelGuard:
    """Install the guard once on ``app`` (kept as ``app.wheel_guard``) and return it."""
    return install_once(app, "wheel_guard", WheelGuard)
