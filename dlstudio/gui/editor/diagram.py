"""A diagram of the network: one block per layer, sized by the layer's output shape.

Images (H, W, C) are drawn as boxes whose height follows H and whose depth follows C; vectors
(n,) as bars whose height follows n (on a log scale, so 10 and 784 both fit). Layers without
weights are drawn as thin slabs. Problems colour a block red.

Under each block its type (short, translated) and output shape. When a label is wider than
its block's share of the width (a convnet in a narrow dock), the labels are staggered on two
rows, each twice as wide, and what still does not fit is elided; the tooltip over a block
gives its full label (walker13 W13-15: neighbouring labels ran into each other).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

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

    def label_font(self) -> QFont:
        """The font of the labels under the blocks (a little smaller than the widget's)."""
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        return font

    def slot_width(self) -> float:
        """The width each block has."""
        return max(18.0, (self.width() - 10) / max(len(self.blocks()), 1))

    def label_boxes(self) -> list[tuple[QRectF, list[str], list[str]]]:
        """For each block: the rectangle of its label, its lines as drawn (elided to the
        rectangle) and in full. One row of labels when each fits its block's width; two
        staggered rows, each label twice as wide, when one does not."""
        fm = QFontMetricsF(self.label_font())
        slot = self.slot_width()
        texts = [[kind_abbrev(kind), "?" if shape is None else "×".join(str(d) for d in shape)]
                 for kind, _label, shape, _bad in self.blocks()]
        widest = max((fm.horizontalAdvance(t) for lines in texts for t in lines), default=0.0)
        stagger = widest > slot - 4
        line_h = fm.height()
        top = self.height() - self.labels_height()
        out = []
        for i, lines in enumerate(texts):
            width = 2 * slot if stagger else slot
            centre = 5 + i * slot + slot / 2
            row = i % 2 if stagger else 0
            # the first and last labels end at the widget's edges (not cut by them)
            left = max(centre - width / 2, 0.0)
            right = min(centre + width / 2, float(self.width()))
            rect = QRectF(left, top + row * 2 * line_h, right - left, 2 * line_h + 2)
            shown = [fm.elidedText(t, Qt.TextElideMode.ElideRight, rect.width() - 4)
                     for t in lines]
            out.append((rect, shown, lines))
        return out

    def labels_height(self) -> float:
        """Pixels at the bottom the labels take (two lines, or four when staggered)."""
        fm = QFontMetricsF(self.label_font())
        slot = self.slot_width()
        widest = 0.0
        for kind, _label, shape, _bad in self.blocks():
            shape_text = "?" if shape is None else "×".join(str(d) for d in shape)
            widest = max(widest, fm.horizontalAdvance(kind_abbrev(kind)),
                         fm.horizontalAdvance(shape_text))
        rows = 2 if widest > slot - 4 else 1
        return rows * 2 * fm.height() + 6

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            slot = self.slot_width()
            i = int((event.pos().x() - 5) // slot)
            boxes = self.label_boxes()
            if 0 <= i < len(boxes):
                _kind, name, _shape, _bad = self.blocks()[i]
                QToolTip.showText(event.globalPos(), f"{name}: " + " ".join(boxes[i][2]), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        blocks = self.blocks()
        w, h = self.width(), self.height()
        slot = self.slot_width()
        area = h - self.labels_height()
        mid = area * 0.55
        max_h = area * 0.8
        text_color = self.palette().windowText().color()
        p.setFont(self.label_font())
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
        for text_rect, shown, _full in self.label_boxes():
            p.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       "\n".join(shown))
        p.end()


def kind_abbrev(kind: str) -> str:
    """A layer type's name under its block: short where the layer list's full name is long
    ("MaxPool"), as the layer list writes it otherwise ("Flatten"); the input in the
    interface's language."""
    if kind == "Input":
        return QCoreApplication.translate("NetworkDiagramWidget", "input")
    return {"Conv2D": "Conv", "MaxPooling2D": "MaxPool", "AveragePooling2D": "AvgPool",
            "BatchNormalization": "BN"}.get(kind, kind)
