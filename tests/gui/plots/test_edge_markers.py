"""Values a log axis cannot show (0, infinite) are marked at the plot's edges."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots.edge_markers import add_edge_markers, mark_edges, place_edge_markers


def test_zeros_sit_at_the_bottom_edge_and_infinities_at_the_top(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    plot.setLogMode(y=True)
    plot.setYRange(-4, 0, padding=0)            # log10 units: 1e-4 .. 1
    entry = add_edge_markers(plot, "#ff0000")
    zeros, infinities = entry[0], entry[1]
    assert zeros in plot.items and infinities in plot.items and entry[2] is plot

    mark_edges(entry, np.arange(5.0), np.array([0.1, 0.0, np.inf, 0.0, 0.01]))
    place_edge_markers([entry])

    np.testing.assert_array_equal(zeros.xData, [1.0, 3.0])
    np.testing.assert_array_equal(infinities.xData, [2.0])
    low, high = np.log10(zeros.yData), np.log10(infinities.yData)    # just inside the edges
    assert np.all(low == low[0]) and -4 < low[0] < -3.5 and -0.5 < high[0] < 0

    mark_edges(entry, np.arange(2.0), np.array([0.1, 0.2]))     # none left: markers go
    place_edge_markers([entry])
    assert all(item.xData is None or len(item.xData) == 0 for item in (zeros, infinities))
