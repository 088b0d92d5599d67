"""The validation curves' look on the Convergence page: dashed, with a dot on each point.

Validation is measured once an epoch, so its curve is a dashed line through a dot a
measurement (``add_validation_curve``); a comparison's legend shows that style once, in the
page's foreground colour, for every variant (``legend_sample``). Dots are drawn only while
there are few enough of them (``mark_points``, ``MAX_MARKED_POINTS``): 3,000 epochs of dots
merged into one solid band (walker7 W7-12); beyond that the dashed line alone.
"""
from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import Qt

#: validation points are marked with dots while there are at most this many
MAX_MARKED_POINTS = 150


def mark_points(item: pg.PlotDataItem, n: int) -> None:
    """Dots on ``item``'s points when it has few enough of them (see ``MAX_MARKED_POINTS``)."""
    want = "o" if n <= MAX_MARKED_POINTS else None
    if item.opts["symbol"] != want:
        item.setSymbol(want)


def add_validation_curve(plot: pg.PlotItem, color, pen: Callable, classroom: bool,
                         name: str | None) -> pg.PlotDataItem:
    """A validation curve on ``plot`` in ``color`` (dashed, with dots), named ``name`` in
    the legend (None: not listed); ``pen(color, width, style=...)`` makes a pen for the
    page."""
    item = pg.PlotDataItem(
        pen=pen(color, 1.2, style=Qt.PenStyle.DashLine),
        symbol="o", symbolSize=9 if classroom else 6,
        symbolBrush=color, symbolPen=pen(color, 1.0))
    if name is not None:
        item.opts["name"] = name
    plot.addItem(item)
    return item


def legend_sample(foreground, pen: Callable, classroom: bool) -> pg.PlotDataItem:
    """The validation style in the page's ``foreground`` colour, for a comparison's legend
    (a sample, not on the plot)."""
    return pg.PlotDataItem(
        pen=pen(foreground, 1.2, style=Qt.PenStyle.DashLine),
        symbol="o", symbolSize=9 if classroom else 6,
        symbolBrush=foreground, symbolPen=None)
