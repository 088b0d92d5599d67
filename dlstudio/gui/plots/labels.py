"""Plot titles and headings that fit the space they get.

pyqtgraph's ``LabelItem`` asks for the full width of its text as its *minimum* width, so a
long title ("Gradient norm per layer - B") or a classroom font widens its plot until the
plots of a panel no longer fit and the last ones are pushed out of view. ``FittingLabelItem``
asks for little: a title (one line, in a row of fixed height) is shortened with "…" to the
width it gets, its full text kept in ``text`` and shown as a tooltip; a heading (HTML, in a
row that can grow) wraps onto more lines. ``fit_title(plot)`` swaps a plot's title for one.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSizeF, Qt

#: the narrowest a label asks to be, in pixels
MIN_WIDTH = 36
ELLIPSIS = "…"


class FittingLabelItem(pg.LabelItem):
    """A ``LabelItem`` that shortens (``mode="elide"``) or wraps (``mode="wrap"``) its text
    to its width instead of widening the layout."""

    def __init__(self, text: str = " ", parent=None, mode: str = "elide", **args):
        self.mode = mode
        self._full = text
        self._full_width = 0.0
        self._fitting = False
        super().__init__(text, parent=parent, **args)

    def setText(self, text: str, **args) -> None:  # noqa: N802
        self._full = text
        self._fitting = True
        try:
            self.item.setTextWidth(-1)
            super().setText(text, **args)
            self._full_width = self.itemRect().width()
        finally:
            self._fitting = False
        self._fit()
        self.text = text
        self.setToolTip(text if self.mode == "elide" else "")

    def _fit(self) -> None:
        width = self.rect().width()
        if self._fitting or width <= 0:
            return
        self._fitting = True
        try:
            if self.mode == "wrap":
                if self.item.textWidth() != width:
                    self.item.setTextWidth(width)
                    pg.LabelItem.resizeEvent(self, None)
                return
            shown = self._shortened(width)
            if shown != self.text:
                pg.LabelItem.setText(self, shown)
        finally:
            self._fitting = False
        self.text = self._full

    def _shortened(self, width: float) -> str:
        full = self._full
        pg.LabelItem.setText(self, full)
        if self.itemRect().width() <= width:
            return full
        low, high = 0, len(full)              # longest prefix that fits, by halving
        while low < high:
            mid = (low + high + 1) // 2
            pg.LabelItem.setText(self, full[:mid].rstrip() + ELLIPSIS)
            if self.itemRect().width() <= width:
                low = mid
            else:
                high = mid - 1
        return full[:low].rstrip() + ELLIPSIS

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self._fit()

    def sizeHint(self, hint, constraint):  # noqa: N802
        size = super().sizeHint(hint, constraint)
        if hint == Qt.SizeHint.MinimumSize:
            return QSizeF(min(size.width(), MIN_WIDTH), size.height())
        if hint == Qt.SizeHint.PreferredSize and self.mode == "elide":
            return QSizeF(max(size.width(), self._full_width), size.height())
        return size

    def updateMin(self) -> None:  # noqa: N802
        super().updateMin()
        self.setMinimumWidth(min(self.minimumWidth(), MIN_WIDTH))


def fit_title(plot: pg.PlotItem) -> FittingLabelItem:
    """Give ``plot`` a title that shortens to the plot's width (same place, same text)."""
    old = plot.titleLabel
    if isinstance(old, FittingLabelItem):
        return old
    new = FittingLabelItem(old.text, parent=plot, mode="elide", **old.opts)
    plot.layout.removeItem(old)
    old.setParentItem(None)
    if old.scene() is not None:
        old.scene().removeItem(old)
    plot.layout.addItem(new, 0, 1)
    plot.titleLabel = new
    return new
