"""The spread-by-layer chart (``plots.spread_chart``): each layer's std on a log axis, an x on
the bottom edge for a spread of 0, and the note that says so."""
from __future__ import annotations

import dataclasses

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from dlstudio.gui.plots import spread_chart, style
from dlstudio.gui.plots.multiples import LayerSlot
from dlstudio.gui.plots.synthetic import synthetic_run


def test_a_lines_values_are_the_newest_spreads_of_the_slots_layers(store, filler):
    filler(store, synthetic_run(6))
    newest = store.latest("")
    slots = [LayerSlot("dense_2", 0, {"": 1}), LayerSlot("gone", 1, {"B": 0}),
             LayerSlot("dense_1", 2, {"": 0})]
    out = spread_chart.layer_spread(store, "", slots, "pre_std")
    assert out.shape == (3,) and np.isnan(out[1])
    assert out[[0, 2]] == pytest.approx([newest.layers[1].pre_std, newest.layers[0].pre_std])
    assert np.isnan(spread_chart.layer_spread(store, "C", slots)).all()   # no such variant


def test_a_negative_or_missing_spread_has_no_value(store, filler):
    snap = synthetic_run(1)[0]
    layers = (dataclasses.replace(snap.layers[0], act_std=-1.0),
              dataclasses.replace(snap.layers[1], act_std=None), snap.layers[2])
    filler(store, [dataclasses.replace(snap, layers=layers)])
    slots = [LayerSlot(f"l{i}", i, {"": i}) for i in range(3)]
    out = spread_chart.layer_spread(store, "", slots)
    assert np.isnan(out[:2]).all() and out[2] == pytest.approx(snap.layers[2].act_std)


def chart(qtbot, variants):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    plot.setLogMode(y=True)
    curves, zeros = spread_chart.add_lines(plot, variants,
                                           lambda c, w, **kw: style.pen(c, False, w, **kw),
                                           classroom=False)
    note = spread_chart.add_zero_note(plot, "x: spread 0", QPalette())
    widget.resize(600, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, plot, curves, zeros, note


def test_each_variant_gets_a_solid_output_and_a_dashed_z_line(qtbot):
    widget, _, curves, zeros, note = chart(qtbot, ["A", "B"])
    assert set(curves) == set(zeros) == {(v, w) for v in "AB" for w in ("act_std", "pre_std")}
    assert curves[("A", "act_std")].opts["pen"].style() == Qt.PenStyle.SolidLine
    assert curves[("A", "pre_std")].opts["pen"].style() == Qt.PenStyle.DashLine
    assert curves[("A", "act_std")].opts["pen"].color() != \
        curves[("B", "act_std")].opts["pen"].color()
    assert not note.isVisible()


def test_zeros_are_marked_on_the_bottom_edge_and_the_note_shows(qtbot):
    widget, plot, curves, zeros, note = chart(qtbot, ["A"])
    values = {"act_std": np.array([0.5, 0.0, 2.0]), "pre_std": np.array([1.0, 1.5, 3.0])}
    spread_chart.draw(plot, curves, zeros, note, lambda v, w: values[w].copy(), 3)
    y = curves[("A", "act_std")].yData
    assert np.isnan(y[1]) and y[[0, 2]] == pytest.approx([0.5, 2.0])
    xs, ys = zeros[("A", "act_std")].getData()
    low, high = plot.getViewBox().viewRange()[1]
    assert list(xs) == [1.0] and low < ys[0] < np.log10(0.5) <= np.log10(3.0) < high
    assert zeros[("A", "pre_std")].getData()[0].size == 0
    assert note.isVisible()


def test_without_zeros_the_axis_fits_the_values_and_the_note_hides(qtbot):
    widget, plot, curves, zeros, note = chart(qtbot, ["A"])
    values = {"act_std": np.array([0.1, 1.0]), "pre_std": np.array([0.1, 10.0])}
    spread_chart.draw(plot, curves, zeros, note, lambda v, w: values[w].copy(), 2)
    low, high = plot.getViewBox().viewRange()[1]
    pad = max(0.15, 0.08 * 2.0)
    assert (low, high) == pytest.approx((-1.0 - pad, 1.0 + pad))
    assert not note.isVisible()


def test_the_z_line_joins_the_layers_that_have_a_z(qtbot):
    """Walker32 P2: in a convnet (conv, pool, flatten, dense, dropout, dense) only layers
    1, 4 and 6 have a z: the title's dashed line was lone triangles. It joins them."""
    widget, plot, curves, zeros, note = chart(qtbot, ["A"])
    nan = np.nan
    values = {"act_std": np.array([0.2, 0.2, 0.2, 1.6, 1.6, 0.3]),
              "pre_std": np.array([0.25, nan, nan, 2.5, nan, 4.5])}
    spread_chart.draw(plot, curves, zeros, note, lambda v, w: values[w].copy(), 6)
    z = curves[("A", "pre_std")]
    assert list(z.xData) == [0.0, 3.0, 5.0] and np.isfinite(z.yData).all()
    assert list(curves[("A", "act_std")].xData) == [0, 1, 2, 3, 4, 5]
