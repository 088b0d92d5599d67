"""A diagram of the network: one block per layer, sized by the layer's output shape.

Images (H, W, C) are drawn as boxes whose height follows H and whose depth follows C; vectors
(n,) as bars whose height follows n (on a log scale, so 10 and 784 both fit). Layers without
weights are drawn as thin slabs. Problems colour a block red.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from dlstudio.gui import theme

COLORS = {
    "Input": "#9e9e9e", "Dense": "#4e79a7", "Conv2D": "#f28e2b", "MaxPooling2D": "#59a14f",
    "AveragePooling2D": "#8cd17d", "Flatten": "#b07aa1", "Dropout": "#bab0ac",
    "BatchNormalization": "#edc948", "Activation": "#76b7b2",
}


def _size(value: int, lo: float, hi: float, top: float) -> float:
    """Map ``value`` (>= 1) onto [lo, hi] on a log scale with ``top`` reaching ``hi``."""
    return lo + (hi - lo) * min(1.0, math.log1p(max(value, 1)) / math.log1p(top))


class NetworkDiagramWidget(QWidget):
    """Paints the layers left to right; ``set_rows(input_shape, rows)`` updates it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("network_diagram")
        self.input_shape = None
        self.rows = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 200)

    def set_rows(self, input_shape, rows) -> None:
        self.input_shape = tuple(input_shape) if input_shape else None
        self.rows = list(rows)
        self.update()

    def blocks(self) -> list[tuple[str, str, tuple | None, bool]]:
        """(type, label, shape, has_problem) for the input and every layer."""
        out = [("Input", self.tr("input"), self.input_shape, False)]
        out += [(r.type, r.name, r.output_shape, bool(r.problems)) for r in self.rows]
        return out

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        blocks = self.blocks()
        w, h = self.width(), self.height()
        n = len(blocks)
        slot = max(18.0, (w - 10) / max(n, 1))
        mid = h * 0.45
        max_h = h * 0.7
        text_color = self.palette().windowText().color()
        font = p.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        p.setFont(font)
        for i, (kind, label, shape, bad) in enumerate(blocks):
            x = 5 + i * slot + slot * 0.15
            colour = QColor(theme.error_color() if bad else COLORS.get(kind, "#999999"))
            p.setPen(QPen(colour.darker(140), 1))
            p.setBrush(colour)
            if shape is None:
                bh, bw, depth = max_h * 0.3, slot * 0.3, 0.0
            elif len(shape) == 3:
                bh = _size(shape[0], 12, max_h * 0.8, 64)
                depth = _size(shape[2], 2, slot * 0.35, 256)
                bw = max(4.0, slot * 0.25)
            else:
                bh = _size(int(shape[0]), 8, max_h, 2048)
                bw, depth = max(4.0, slot * 0.2), 0.0
            if kind in ("Dropout", "BatchNormalization", "Activation", "Flatten"):
                bw = max(3.0, bw * 0.45)
            rect = QRectF(x, mid - bh / 2, bw, bh)
            if depth > 0:  # a box in oblique projection: front face plus top and side
                dx, dy = depth, -depth * 0.6
                top = QPolygonF([rect.topLeft(), rect.topLeft() + QPointF(dx, dy),
                                 rect.topRight() + QPointF(dx, dy), rect.topRight()])
                side = QPolygonF([rect.topRight(), rect.topRight() + QPointF(dx, dy),
                                  rect.bottomRight() + QPointF(dx, dy), rect.bottomRight()])
                p.setBrush(colour.lighter(125))
                p.drawPolygon(top)
                p.setBrush(colour.darker(115))
                p.drawPolygon(side)
                p.setBrush(colour)
            p.drawRect(rect)
            p.setPen(text_color)
            shape_text = "?" if shape is None else "×".join(str(d) for d in shape)
            text_rect = QRectF(5 + i * slot, mid + max_h / 2 + 2, slot, 30)
            p.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       f"{kind_abbrev(kind)}\n{shape_text}")
        p.end()


def kind_abbrev(kind: str) -> str:
    return {"Dense": "Dense", "Conv2D": "Conv", "MaxPooling2D": "MaxPool",
            "AveragePooling2D": "AvgPool", "Flatten": "Flat", "Dropout": "Drop",
            "BatchNormalization": "BN", "Activation": "Act", "Input": "In"}.get(kind, kind)
