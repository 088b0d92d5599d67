"""A coloured frame drawn round one part of a window, over it, so that a note standing beside
that part (the tour's bubble) visibly means it: the tour's bubble for the Network dock stood
beside the dock, over the plots' tab bar, and read as a note about the plots (walker37 W37-29).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

#: the frame's line width in pixels, normal and in classroom mode (thicker lines there)
LINE_WIDTH = {False: 3, True: 5}


def frame_rect(target: QWidget, window: QWidget, line: int) -> QRect:
    """Where the frame round ``target`` lies in ``window``'s coordinates: the target's
    rectangle grown by ``line`` on every side, kept inside the window."""
    corner = target.mapTo(window, QPoint(0, 0))
    rect = QRect(corner, target.size()).adjusted(-line, -line, line, line)
    return rect.intersected(window.rect())


class TargetFrameWidget(QWidget):
    """A frame round ``target`` (a widget inside ``window``), drawn over the window's other
    children in the palette's highlight colour. The mouse goes through it. While shown it
    follows the target as the window or the target moves or changes size."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("target_frame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        window.installEventFilter(self)
        self.hide()

    @staticmethod
    def line_width() -> int:
        app = QApplication.instance()
        classroom = bool(app.property("dlstudio_classroom")) if app is not None else False
        return LINE_WIDTH[classroom]

    def frame(self, target: QWidget | None) -> None:
        """Draw the frame round ``target`` (None, a window of its own or a hidden widget: no
        frame)."""
        if self.target is not None:
            self.target.removeEventFilter(self)
        window = self.parentWidget()
        if target is None or target.isWindow() or not target.isVisible() \
                or target.window() is not window:
            self.target = None
            self.hide()
            return
        self.target = target
        target.installEventFilter(self)
        self.follow()

    def follow(self) -> None:
        """Lie round the target where it is now (hidden while the target is)."""
        target = self.target
        if target is None or not target.isVisible():
            self.hide()
            return
        self.setGeometry(frame_rect(target, self.parentWidget(), self.line_width()))
        self.show()
        self.raise_()
        self.update()

    def clear(self) -> None:
        """No frame, and no target followed."""
        self.frame(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if self.target is not None and event.type() in (
                QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self.follow()
        return False

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        line = self.line_width()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), line)
        painter.setPen(pen)
        half = line / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half),
                                2 * line, 2 * line)
        painter.end()


def window_frame(window: QWidget) -> TargetFrameWidget:
    """``window``'s frame: the one made before (a tour opened again), else a new one."""
    for child in window.children():
        if isinstance(child, TargetFrameWidget):
            return child
    return TargetFrameWidget(window)
