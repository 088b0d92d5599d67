"""The validation curves' look (``plots.validation_curve``): dashed, dots while few."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from dlstudio.gui.plots import style
from dlstudio.gui.plots.validation_curve import (MAX_MARKED_POINTS, add_validation_curve,
                                                 legend_sample, mark_points)


def page_pen(color, width, **kw):
    return style.pen(color, False, width, **kw)


def test_a_validation_curve_is_dashed_with_dots_and_named_only_when_asked(qapp):
    plot = pg.PlotItem()
    named = add_validation_curve(plot, "#3b82d6", page_pen, False, "validation")
    unnamed = add_validation_curve(plot, "#3b82d6", page_pen, True, None)
    assert named in plot.listDataItems() and unnamed in plot.listDataItems()
    assert named.opts["pen"].style() == Qt.PenStyle.DashLine
    assert named.opts["symbol"] == "o" and named.opts["name"] == "validation"
    assert unnamed.opts.get("name") is None
    assert unnamed.opts["symbolSize"] > named.opts["symbolSize"]        # classroom: larger


def test_dots_only_while_there_are_few_points(qapp):
    item = pg.PlotDataItem(np.arange(3.0), np.ones(3), symbol="o")
    mark_points(item, MAX_MARKED_POINTS)
    assert item.opts["symbol"] == "o"
    mark_points(item, MAX_MARKED_POINTS + 1)
    assert item.opts["symbol"] is None
    mark_points(item, 2)
    assert item.opts["symbol"] == "o"


def test_the_legend_sample_is_in_the_foreground_colour_without_dot_outlines(qapp):
    sample = legend_sample("#202020", page_pen, False)
    assert sample.opts["pen"].style() == Qt.PenStyle.DashLine
    assert sample.opts["pen"].color().name() == "#202020"
    assert sample.opts["symbol"] == "o" and sample.opts["symbolPen"] is None
