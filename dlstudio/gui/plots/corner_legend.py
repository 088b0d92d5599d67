"""A legend kept in a corner of its plot's view box, safely.

pyqtgraph's ``PlotItem.addLegend(offset=...)`` anchors the legend to the view box by
connecting the view box's ``geometryChanged`` to the legend. A view box also changes
geometry while it is being destroyed, after its Python wrapper is gone, and the anchor then
raises "Internal C++ object (ViewBox) already deleted" inside Qt's event loop (seen when a
window's plots were freed during a later language switch). ``add(plot, offset)`` places the
legend itself and does nothing once either item is no longer valid.

When no corner of a short plot is free (``loss_legend``), ``put_below`` moves the legend out
of the data area into the row under the plot's x axis, where it covers no line, and
``put_in_corner`` brings it back.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy
from shiboken6 import isValid

#: the plot item's layout row under its bottom axis (pyqtgraph: 0 title, 1 top axis,
#: 2 view box, 3 bottom axis), as ``legend_below`` uses it
ROW_BELOW = 4


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

    #: in the row under the plot's x axis (``put_below``), not in a corner of the view box
    below = False

    def put_below(self, plot: pg.PlotItem) -> None:
        """Out of the data area: into the row under ``plot``'s x axis, centred under the
        data (the plot's layout places it; the view box gives up the height)."""
        if self.below or not isValid(self) or not isValid(plot):
            return
        self.below = True
        self.setParentItem(plot)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        plot.layout.addItem(self, ROW_BELOW, 1)
        plot.layout.setAlignment(self, Qt.AlignmentFlag.AlignHCenter)

    def put_in_corner(self, plot: pg.PlotItem) -> None:
        """Back from under the x axis into its corner of ``plot``'s view box."""
        if not self.below or not isValid(self) or not isValid(plot):
            return
        self.below = False
        plot.layout.removeItem(self)
        self.setParentItem(plot.vb)
        super().updateSize()
        self.place()

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        if self.below:                  # the plot's layout gives it its size and place
            self.updateGeometry()
            return
        super().updateSize()            # entries added, removed or renamed
        self.place()

    def place(self, *_) -> None:
        if not isValid(self) or self.below:
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
