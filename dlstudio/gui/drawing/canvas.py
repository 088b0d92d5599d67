"""A square canvas to draw a digit on with the mouse (white ink on black, like MNIST)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

#: side of the drawing in pixels (the widget scales it to its size)
SIDE = 280
#: pen width in canvas pixels: a digit drawn across most of the canvas then has strokes about
#: as thick, relative to its size, as MNIST's (2-3 pixels in a 20-pixel box)
PEN_WIDTH = 22


def to_pixmap(image: np.ndarray, size: int) -> QPixmap:
    """A grey-level pixmap of a 2-D array scaled to its own range (nearest neighbour)."""
    a = np.asarray(image, dtype=np.float64)
    lo, hi = float(a.min()), float(a.max())
    g = np.zeros(a.shape, np.uint8) if hi <= lo else ((a - lo) / (hi - lo) * 255).astype(
        np.uint8)
    g = np.ascontiguousarray(g)
    qimg = QImage(g.data, g.shape[1], g.shape[0], g.shape[1], QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(qimg.copy()).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.FastTransformation)


class DrawingCanvasWidget(QWidget):
    """Draw with the left button; ``clear()`` wipes it. ``image()`` is the drawing as a float
    array (SIDE, SIDE) in [0, 1]. ``sigChanged`` fires while drawing (every segment)."""

    sigChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._image = QImage(SIDE, SIDE, QImage.Format.Format_Grayscale8)
        self._image.fill(0)
        self._last: QPointF | None = None
        #: shown on the empty canvas ("Draw a digit here"; the panel sets it, translated)
        self.hint = ""
        self.empty = True
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(150, 150)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(SIDE, SIDE)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return width

    # -- the drawing ----------------------------------------------------------------------------
    def set_hint(self, text: str) -> None:
        self.hint = text
        self.update()

    def clear(self) -> None:
        self._image.fill(0)
        self.empty = True
        self.update()
        self.sigChanged.emit()

    def image(self) -> np.ndarray:
        """The drawing, (SIDE, SIDE) float64 in [0, 1] (ink 1)."""
        ptr = self._image.constBits()
        stride = self._image.bytesPerLine()
        raw = np.frombuffer(ptr, dtype=np.uint8, count=stride * SIDE).reshape(SIDE, stride)
        return raw[:, :SIDE].astype(np.float64) / 255.0

    def draw_stroke(self, points) -> None:
        """Draw a polyline through ``points`` (canvas pixel coordinates), as the mouse would."""
        pts = [QPointF(float(x), float(y)) for x, y in points]
        for a, b in zip(pts, pts[1:] or pts):
            self._segment(a, b)
        self.update()
        self.sigChanged.emit()

    def _segment(self, a: QPointF, b: QPointF) -> None:
        self.empty = False
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(255, 255, 255), PEN_WIDTH, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawLine(a, b)
        painter.end()

    # -- Qt events ---------------------------------------------------------------------------
    def _to_canvas(self, pos) -> QPointF:
        side = min(self.width(), self.height())
        return QPointF(pos.x() * SIDE / side, pos.y() * SIDE / side)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = self._to_canvas(event.position())
            self._segment(self._last, self._last)
            self.update()
            self.sigChanged.emit()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._last is not None and event.buttons() & Qt.MouseButton.LeftButton:
            p = self._to_canvas(event.position())
            self._segment(self._last, p)
            self._last = p
            self.update()
            self.sigChanged.emit()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        self._last = None

    def paintEvent(self, event) -> None:  # noqa: N802
        side = min(self.width(), self.height())
        painter = QPainter(self)
        painter.drawImage(self.rect().adjusted(0, 0, side - self.width(), side - self.height()),
                          self._image)
        painter.setPen(QPen(QColor(120, 120, 120), 1))
        painter.drawRect(0, 0, side - 1, side - 1)
        if self.empty and self.hint:        # what to do with the black square
            painter.setPen(QColor(170, 170, 170))
            painter.drawText(QRect(8, 8, side - 16, side - 16),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                             self.hint)
        painter.end()
