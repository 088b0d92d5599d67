"""The lines a page's curves draw (``plots.drawn_lines``), in data and in view units."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots.drawn_lines import data_lines, view_lines


def variant_items(qapp):
    """Two variants' curves: A's "raw" and "ema" drawn, B's "ema" without points."""
    return [{"raw": pg.PlotDataItem([0, 1, 2], [1.0, 0.0, 10.0]),
             "ema": pg.PlotDataItem([0, 1], [2.0, 3.0])},
            {"ema": pg.PlotDataItem()}]


def test_data_lines_are_the_drawn_points_of_the_keys_asked(qapp):
    lines = data_lines(variant_items(qapp), ("ema",))
    assert len(lines) == 1
    x, y = lines[0]
    assert x.dtype == np.float64 and list(x) == [0.0, 1.0] and list(y) == [2.0, 3.0]
    assert len(data_lines(variant_items(qapp), ("raw", "ema", "val"))) == 2


def test_view_lines_on_a_log_axis_are_log10_without_the_non_positive(qapp):
    lines = view_lines(variant_items(qapp), ("raw", "ema"), True, ("ema",))
    (x, y, goes_on), (_, y_ema, ema_goes_on) = lines
    assert list(x) == [0, 1, 2] and not goes_on and ema_goes_on
    assert y[0] == 0.0 and np.isnan(y[1]) and y[2] == 1.0
    assert list(y_ema) == [np.log10(2.0), np.log10(3.0)]
    (_, linear, _), _ = view_lines(variant_items(qapp), ("raw", "ema"), False, ())
    assert list(linear) == [1.0, 0.0, 10.0]
