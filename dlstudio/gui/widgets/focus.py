"""Which widgets Tab stops at, and a focus frame one can see.

Scroll areas, plot views and the plot tabs' page container accepted keyboard focus but show
none, so a student working with the keyboard pressed Tab through about 25 stops where nothing
seemed to happen (walker8 W8-11). They take no focus here; the fields and buttons inside them
still do, and a scroll area scrolls a focused child into view by itself.
``KeyboardFocusController`` draws a clear frame around the widget Tab moved to.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QApplication, QFocusFrame, QScrollArea, QTabWidget,
                               QWidget)


def take_frames_out_of_tab_chain(root: QWidget) -> int:
    """Give the scroll areas, plot views (and their viewports) and tab-page containers under
    ``root`` no keyboard focus; returns how many widgets were changed."""
    import pyqtgraph as pg

    changed = 0
    frames = (root.findChildren(QScrollArea) + root.findChildren(pg.GraphicsView)
              + root.findChildren(QTabWidget))
    for widget in frames:
        inner = [widget.viewport()] if hasattr(widget, "viewport") else []
        for w in [widget] + inner:
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus:
                w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                changed += 1
    return changed


class KeyboardFocusFrameWidget(QFocusFrame):
    """A clear frame (the theme's highlight colour, 3 px, 4 px in classroom mode) drawn
    around a widget, outside it, so that the widget keeps its look and size."""

    def __init__(self):
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def event(self, event) -> bool:
        handled = super().event(event)
        # the style masks the frame to its own thin outline; this frame draws its own ring
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.StyleChange):
            self.clearMask()
        return handled

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        app = QApplication.instance()
        width = 4 if app is not None and app.property("dlstudio_classroom") else 3
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), width))
        half = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)
        painter.end()


#: input events after which a focus change counts as the keyboard's (a key press, or a
#: shortcut about to fire) or the mouse's (a press, release or double click)
KEYBOARD_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
MOUSE_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                QEvent.Type.MouseButtonDblClick)


class KeyboardFocusController(QObject):
    """Shows a ``KeyboardFocusFrameWidget`` around the widget that has the keyboard focus
    when the focus moved while the keyboard was in use (Tab, a shortcut, Enter on a button):
    Fusion's own 1-px outline was invisible on a projector (walker8 W8-11).

    Which device is "in use" is the one that sent the last input event (the rule browsers
    follow for ``:focus-visible``): after a click, focus that moves on by itself (the clicked
    button greys out or disappears, and Qt hands the focus to the next widget as if Tab had
    been pressed) shows no frame, which looked like a stray selection (walker10 W10-18);
    the next key press makes the keyboard the device again, and its focus moves are framed.
    Before any input the keyboard is assumed. The frame lives in the focused widget's window;
    one deleted with a closed dialog is made again."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.frame: KeyboardFocusFrameWidget | None = None
        #: whether the last input event came from the keyboard
        self.keyboard_in_use = True
        app.installEventFilter(self)
        app.focusChanged.connect(self._on_app_focus_changed)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # every event of the application passes here: only key and mouse events are asked
        # their type (asking makes a Python enum, which costs more than the class check)
        if isinstance(event, QKeyEvent):
            if event.type() in KEYBOARD_EVENTS:
                self.keyboard_in_use = True
        elif isinstance(event, QMouseEvent) and event.type() in MOUSE_EVENTS:
            self.keyboard_in_use = False
            if self.frame is not None and shiboken6.isValid(self.frame):
                self.frame.setVisible(False)
                self.frame.setWidget(None)
        return False

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.frame is None or not shiboken6.isValid(self.frame):
            self.frame = KeyboardFocusFrameWidget()
        keyboard = new is not None and new.focusPolicy() != Qt.FocusPolicy.NoFocus \
            and self.keyboard_in_use and QApplication.mouseButtons() == Qt.MouseButton.NoButton
        self.frame.setWidget(new if keyboard else None)
        self.frame.setVisible(keyboard)
        if keyboard:
            self.frame.raise_()
