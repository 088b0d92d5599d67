"""A legend kept in a corner of its plot's view box, safely.

pyqtgraph's ``PlotItem.addLegend(offset=...)`` anchors the legend to the view box by
connecting the view box's ``geometryChanged`` to the legend. A view box also changes
geometry while it is being destroyed, after its Python wrapper is gone, and the anchor then
raises "Internal C++ object (ViewBox) already deleted" inside Qt's event loop (seen when a
window's plots were freed during a later language switch). ``add(plot, offset)`` places the
legend itself and does nothing once either item is no longer valid.
"""
from __future__ import annotations

import pyqtgraph as pg
from shiboken6 import isValid


class CornerLegend(pg.LegendItem):
    """A ``LegendItem`` placed at ``corner_offset`` from a corner of its parent: a negative
    x counts from the right edge, a negative y from the bottom (as pyqtgraph's offsets)."""

    def __init__(self, corner_offset: tuple[float, float], **kwargs):
        super().__init__(offset=None, **kwargs)      # no pyqtgraph anchor
        self.corner_offset = (float(corner_offset[0]), float(corner_offset[1]))

    def follow(self, view: pg.ViewBox) -> None:
        """Sit in ``view`` and keep to its corner when either changes size. Only the view
        box's own Python resize signal and this legend's entries move it, never a Qt
        geometry signal, which also fires while the items are being destroyed."""
        self.setParentItem(view)
        view.sigResized.connect(self.place)
        self.place()

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        super().updateSize()            # entries added, removed or renamed
        self.place()

    def place(self, *_) -> None:
        if not isValid(self):
            return
        view = self.parentItem()
        if view is None or not isValid(view):
            return
        dx, dy = self.corner_offset
        outer, own = view.boundingRect(), self.boundingRect()
        x = outer.right() - own.width() + dx if dx <= 0 else outer.left() + dx
        y = outer.bottom() - own.height() + dy if dy <= 0 else outer.top() + dy
        if (self.pos().x(), self.pos().y()) != (x, y):
            self.setPos(x, y)


def add(plot: pg.PlotItem, offset: tuple[float, float], **kwargs) -> CornerLegend:
    """``plot.addLegend(offset=offset, **kwargs)`` without pyqtgraph's anchor: curves added
    later with a ``name`` appear in it, as with ``addLegend``."""
    legend = CornerLegend(offset, **kwargs)
    legend.follow(plot.vb)
    plot.legend = legend
    return legend
