"""Markers drawn whole inside their plot.

A marker is a symbol of a fixed size in pixels; at a value on (or near) an edge of the view,
the view cuts it in half: the pre-flight page's ◆ for a tiny stopped share sat on the x axis
as half a diamond, which read as the log plots' ▲/▼ marks (walker27 W27-7). ``InsideMarks``
keeps every marker at least half its size plus a pixel inside the view's y range, again
whenever the plot changes size or range; the values themselves stay as given
(``values``).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shiboken6


def inside(values: np.ndarray, y_range: tuple[float, float], height: float,
           size: float) -> np.ndarray:
    """``values`` moved into ``y_range`` (a view ``height`` pixels tall) far enough that a
    marker of ``size`` pixels centred on each is drawn whole."""
    lo, hi = min(y_range), max(y_range)
    if height <= 0 or hi <= lo:
        return np.asarray(values, float)
    margin = min((size / 2.0 + 1.0) * (hi - lo) / height, (hi - lo) / 2.0)
    return np.clip(np.asarray(values, float), lo + margin, hi - margin)


class InsideMarks:
    """Markers at ``(x, values)`` on ``plot`` (a ``pg.PlotDataItem`` made with ``opts``,
    which must give ``symbolSize``), each drawn whole inside the view."""

    def __init__(self, plot: pg.PlotItem, x, values, **opts):
        self.plot = plot
        self.x = np.asarray(x, float)
        self.values = np.asarray(values, float)
        self.size = float(opts.get("symbolSize", 10))
        self.item = pg.PlotDataItem(self.x, self.values, **opts)
        plot.addItem(self.item)
        view = plot.getViewBox()
        view.sigResized.connect(self.place)
        view.sigYRangeChanged.connect(self.place)
        self.place()

    def place(self, *_args) -> None:
        """Move the markers inside the view as it is now."""
        if not (shiboken6.isValid(self.plot) and shiboken6.isValid(self.item)):
            return
        view = self.plot.getViewBox()
        y_range = tuple(view.viewRange()[1])
        shown = inside(self.values, y_range, view.height(), self.size)
        if not np.array_equal(shown, self.item.yData if self.item.yData is not None else []):
            self.item.setData(self.x, shown)
