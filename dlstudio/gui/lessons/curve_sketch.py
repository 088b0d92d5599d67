"""The sketch beside a "predict the curve" answer of a lesson question: a tiny line drawing
of the predicted curve (``CurveSketchItem``), on a y range its question's sketches share
(``sketch_scale``), two lines of the font high (``sketch_size``)."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QSize
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget


def sketch_scale(curves: list) -> tuple[float, float, bool]:
    """The y range ``(low, high, log)`` the sketches of one question share, so that their
    slopes compare (walker16 W16-13: each sketch filled its own box, and "almost flat",
    2.3 to 2.2, was drawn as steep as a fall): every value of ``curves`` fits; on a log
    scale when all are positive (losses), where a diverging answer (to 30) would otherwise
    flatten a fall from 2.3 to 0.45."""
    values = [float(v) for curve in curves for v in curve]
    log = bool(values) and min(values) > 0
    if log:
        values = [math.log10(v) for v in values]
    if not values:
        return 0.0, 1.0, False
    return min(values), max(values), log


def sketch_size(line_spacing: int) -> QSize:
    """A curve sketch's size beside answers whose lines are ``line_spacing`` px apart: two
    lines high (at least 28 px), 16:7 wide."""
    height = max(28, 2 * int(line_spacing))
    return QSize(round(height * 16 / 7), height)


class CurveSketchItem(QWidget):
    """A tiny line drawing of a predicted curve, on the y range ``scale`` (``sketch_scale``
    of its question's sketches; None: its own range)."""

    def __init__(self, values: tuple[float, ...], parent: QWidget | None = None,
                 scale: tuple[float, float, bool] | None = None):
        super().__init__(parent)
        self.values = values
        self.scale = scale if scale is not None else sketch_scale([values])
        self._fit_font()

    def _fit_font(self) -> None:
        """Two lines of the font high, so that the sketch grows with classroom mode's larger
        font (a fixed 64x28 px box was too small to read on a projector: walker32)."""
        self.setFixedSize(sketch_size(self.fontMetrics().lineSpacing()))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:
            self._fit_font()
        super().changeEvent(event)

    def points(self) -> list[QPointF]:
        """Where the curve's values are drawn (y down, as in the widget)."""
        lo, hi, log = self.scale
        span = (hi - lo) or 1.0
        w, h = self.width() - 6, self.height() - 6
        ys = [math.log10(v) if log else v for v in self.values]
        if hi == lo:                            # one level: drawn in the middle
            return [QPointF(3 + w * i / (len(ys) - 1), 3 + h / 2) for i in range(len(ys))]
        return [QPointF(3 + w * i / (len(ys) - 1), 3 + h * (1 - (y - lo) / span))
                for i, y in enumerate(ys)]

    def paintEvent(self, event) -> None:  # noqa: N802
        if len(self.values) < 2:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(self.palette().mid().color(), 1))
        p.drawRect(0, 0, self.width() - 1, self.height() - 1)
        pts = self.points()
        p.setPen(QPen(QColor("#1f77b4"), max(2.0, self.height() / 16)))
        p.drawPolyline(QPolygonF(pts))
