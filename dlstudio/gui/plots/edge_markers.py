"""Values a log axis cannot show, drawn at the plot's edges.

A log axis cannot show 0 or infinity, yet a gradient of exactly 0 is the loudest symptom there
is (dead units, saturated sigmoids at a huge learning rate). Such points are drawn as markers
at the plot's bottom edge (0, a downward triangle) or top edge (infinite, an upward one) in
the series' colour. One series' markers are an entry ``[zeros' marker item, infinities'
marker item, their plot, x of zeros, x of infinities]`` (``add_edge_markers``), filled by
``mark_edges`` and placed at the plot's current edges by ``place_edge_markers``.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg


def add_edge_markers(plot: pg.PlotItem, color: str, classroom: bool = False) -> list:
    """Marker items, in ``color``, on ``plot`` for a series' values a log axis cannot show
    (0, infinite); returns the series' entry (no points yet)."""
    items = []
    for symbol in ("t", "t1"):           # down at the bottom edge (0), up at the top
        item = pg.PlotDataItem(pen=None, symbol=symbol, symbolPen=None,
                               symbolBrush=pg.mkBrush(color),
                               symbolSize=12 if classroom else 9)
        plot.addItem(item, ignoreBounds=True)
        items.append(item)
    return [*items, plot, np.empty(0), np.empty(0)]


def mark_edges(entry: list, x: np.ndarray, y: np.ndarray) -> None:
    """The series ``(x, y)``'s points at 0 and at infinity are the ones ``entry`` marks."""
    entry[3], entry[4] = x[y == 0], x[np.isinf(y)]


def place_edge_markers(entries: Iterable[list]) -> None:
    """Put zeros at the bottom edge and infinities at the top edge of each entry's plot."""
    for zero_item, inf_item, plot, x_zero, x_inf in entries:
        lo, hi = plot.getViewBox().viewRange()[1]        # log10 units
        inset = 0.03 * (hi - lo)
        for item, x, y in ((zero_item, x_zero, lo + inset), (inf_item, x_inf, hi - inset)):
            if x.size:
                item.setData(x, np.full(x.size, 10.0 ** y))
            elif item.xData is not None and len(item.xData):
                item.setData([], [])
