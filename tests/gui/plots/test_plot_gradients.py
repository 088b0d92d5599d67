"""GradientsPanel: per-layer norms, update ratios, histograms, bands, compare layout."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots import multiples, style
from dlstudio.gui.plots.multiples import hist_xy
from dlstudio.gui.plots.gradient_bands import EXPLODING, VANISHING
from dlstudio.gui.plots.gradients import GradientsPanel


def panel_for(qtbot, store, quantity=None):
    panel = GradientsPanel(store)
    qtbot.addWidget(panel)
    if quantity is not None:
        panel.set_quantity(quantity)
    panel.refresh()
    return panel


def test_the_signal_reaching_each_layer_per_value_is_the_default(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    assert panel.shown == "signal_rms"
    assert "dL/dz" in panel.norm_plots[0].titleLabel.text
    assert "RMS" in panel.norm_plots[0].getAxis("left").labelText
    for (variant, layer), curve in panel.norm_curves.items():
        np.testing.assert_allclose(curve.yData,
                                   moons_store.series(variant, "signal_rms", layer=layer)[1])
    panel.set_quantity("grad_norm")             # weight gradients as norms
    panel.refresh(force=True)
    assert panel.shown == "grad_norm" and "dL/dW" in panel.norm_plots[0].titleLabel.text
    assert "norm" in panel.norm_plots[0].getAxis("left").labelText


def test_norm_and_ratio_curves_hold_each_layers_series(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    panel.set_quantity("grad_norm")
    panel.refresh(force=True)
    n_layers = len(moons_store.layer_names(""))
    assert sorted(layer for _, layer in panel.norm_curves) == list(range(n_layers))
    for (variant, layer), curve in panel.norm_curves.items():
        x, y = moons_store.series(variant, "grad_norm", layer=layer)
        assert y.size >= 3
        np.testing.assert_array_equal(curve.xData, x)
        np.testing.assert_allclose(curve.yData, y)
        assert curve.opts["pen"].color().name() == style.layer_color(layer, n_layers)
    for (variant, layer), curve in panel.ratio_curves.items():
        np.testing.assert_allclose(curve.yData,
                                   moons_store.series(variant, "update_ratio", layer=layer)[1])
    assert all(p.getAxis("left").logMode for p in panel.norm_plots + panel.ratio_plots)


def test_histograms_show_newest_gradient_histogram(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    assert panel.hist_curves
    for (variant, layer), curve in panel.hist_curves.items():
        edges, share = hist_xy(moons_store.latest_layer_field(variant, layer, "grad_hist"))
        np.testing.assert_allclose(curve.xData, edges)
        np.testing.assert_allclose(curve.yData, share)
        assert share.sum() == 1.0 or np.isclose(share.sum(), 1.0)
        # titled as the legend and the sentences number layers: "2 dense_1" (W11-2)
        name = moons_store.layer_names(variant)[layer]
        assert curve.slot_plot.titleLabel.text == f"{layer + 1} {name}"


def test_bands_and_rule_of_thumb_line(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    bands = [i for i in panel.norm_plots[0].items if isinstance(i, pg.LinearRegionItem)]
    regions = sorted(b.getRegion() for b in bands)
    assert regions[0][1] == math.log10(VANISHING) and regions[1][0] == math.log10(EXPLODING)
    lines = [i for i in panel.ratio_plots[0].items if isinstance(i, pg.InfiniteLine)
             and i.angle == 0]
    assert {line.value() for line in lines} == {-3.0}     # the rule (and its label's carrier)


def test_compare_side_by_side_with_one_legend(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    assert len(panel.norm_plots) == 2 and len(panel.ratio_plots) == 2
    assert {v for v, _ in panel.norm_curves} == {"A", "B"}
    assert all(p.legend is None for p in panel.norm_plots)    # one legend, beside the plots
    names = [label.text for _, label in panel.legend.items]
    # numbered as sentences count layers: "2 dense_1" is "layer 2 (dense_1)" (W11-2)
    assert names == [f"{i + 1} {name}" for i, name in enumerate(compare_store.layer_names("A"))]
    np.testing.assert_allclose(panel.norm_curves[("B", 0)].yData,
                               compare_store.series("B", "signal_rms", layer=0)[1])


def _with_grad(snapshots, layer_grads):
    """Copies of ``snapshots`` whose layers' grad_norm is replaced by ``layer_grads[i]``."""
    from dataclasses import replace

    out = []
    for s in snapshots:
        layers = tuple(replace(lt, grad_norm=layer_grads.get(lt.index, lt.grad_norm))
                       if lt.grad_norm is not None else lt for lt in s.layers)
        out.append(replace(s, layers=layers))
    return out


def test_a_short_series_marks_its_points(qtbot, store, filler, moons_run):
    snaps = moons_run[1]
    filler(store, snaps[:3])                     # the initial probe and two more
    panel = panel_for(qtbot, store)
    curve = panel.norm_curves[("", 0)]
    assert 1 <= len(curve.xData) <= style.FEW_POINTS
    assert curve.opts["symbol"] == "o"           # one or two points are visible
    filler(store, snaps[3:])
    panel.refresh(force=True)
    if len(curve.xData) > style.FEW_POINTS:
        assert curve.opts["symbol"] is None      # a long line needs no markers


def test_zero_gradients_show_at_the_bottom_edge_and_in_the_legend(qtbot, store, filler,
                                                                   moons_run):
    filler(store, _with_grad(moons_run[1], {0: 0.0}))
    panel = panel_for(qtbot, store, "grad_norm")
    x_drawn = panel.norm_curves[("", 0)].xData
    assert x_drawn is None or len(x_drawn) == 0                # nothing a log axis can draw
    item, _, plot, x_zero, _ = panel.edge_markers[("grad_norm", "", 0)]
    assert x_zero.size == len(store.series("", "grad_norm", layer=0)[0])
    lo, hi = plot.getViewBox().viewRange()[1]
    ys = np.log10(item.yData)
    assert np.all(ys >= lo) and np.all(ys <= lo + 0.1 * (hi - lo))   # at the bottom edge
    texts = [label.text for _, label in panel.legend.items]
    assert texts[0].endswith("= 0") and not texts[1].endswith("= 0")
    assert panel.edge_markers[("grad_norm", "", 1)][3].size == 0


def test_compare_names_the_histogram_colours_in_a_heading_not_a_legend(qtbot, compare_store):
    """The gradient histograms of a comparison had a legend inside the first plots, over the
    data; like the Activations page, the heading now says which colour is which variant."""
    panel = panel_for(qtbot, compare_store)
    hist_views = {id(c.getViewBox()) for c in panel.hist_curves.values()}
    hist_plots = [p for p in panel.plots if id(p.getViewBox()) in hist_views]
    assert hist_plots and all(p.legend is None for p in hist_plots)
    headings = [item.text for item in panel.graphics.ci.items
                if isinstance(item, pg.LabelItem) and "histograms" in item.text]
    assert len(headings) == 1
    assert style.variant_color(0) in headings[0] and style.variant_color(1) in headings[0]
    assert multiples.hist_key(panel, ["A", "B"]) in headings[0]    # with A filled, B outline


def test_a_colour_never_means_a_variant_and_a_layer_on_one_page(qtbot, compare_store):
    """Walker4 W4-6 on the Gradients page: the histograms draw B in orange, so no layer line
    above them may be orange."""
    panel = panel_for(qtbot, compare_store)
    variant_colours = {style.variant_color(j) for j in range(2)}
    hist = {c.opts["pen"].color().name() for c in panel.hist_curves.values()}
    assert hist == variant_colours
    lines = {c.opts["pen"].color().name()
             for c in [*panel.norm_curves.values(), *panel.ratio_curves.values()]}
    assert lines and not lines & variant_colours
    # a layer keeps its colour in both variants' plots, and the legend shows that colour
    for layer in range(len(compare_store.layer_names("A"))):
        a = panel.norm_curves[("A", layer)].opts["pen"].color().name()
        assert a == panel.norm_curves[("B", layer)].opts["pen"].color().name()


def test_ten_layers_in_a_short_window_keep_a_readable_signal_plot(qtbot, store, filler, shown):
    """walker6 W6-3: at 1366x768 (a plot page ~520 px tall) the signal plot of lesson 03's
    ten layers got ~70 px; now every plot keeps its least height and the page scrolls."""
    from dlstudio.gui.plots.gradients import (HIST_MIN_HEIGHT, RATIO_MIN_HEIGHT,
                                              SIGNAL_MIN_HEIGHT)
    from dlstudio.gui.plots.synthetic import deep_synthetic_run

    filler(store, deep_synthetic_run(12, copies=1))
    panel = shown(qtbot, GradientsPanel(store), (780, 520))
    assert len(panel.norm_curves) >= 5 and panel.hist_curves
    assert panel.norm_plots[0].height() >= SIGNAL_MIN_HEIGHT - 1
    assert panel.ratio_plots[0].height() >= RATIO_MIN_HEIGHT - 1
    for curve in panel.hist_curves.values():
        assert curve.getViewBox().parentItem().parentItem().height() >= HIST_MIN_HEIGHT - 1
    assert panel.canvas.verticalScrollBar().maximum() > 0


def test_ten_layers_at_1366_give_the_signal_plot_the_pages_width(qtbot, store, filler, shown):
    """walker18 W18-2: at 1366x768 (page ~520 px wide) the legend column of lesson 03's ten
    layers sat beside the plots and left the dL/dz plot ~160 px of data. The legend now
    sits under the signal plot, in columns, and the plot's data takes most of the width."""
    from dlstudio.gui.plots.synthetic import deep_synthetic_run

    import dataclasses

    def renamed(snap):          # lesson 03's names: dense, dense_1, ... dense_9
        return dataclasses.replace(snap, layers=tuple(
            dataclasses.replace(layer, name=f"dense_{layer.index}") for layer in snap.layers))

    filler(store, [renamed(s) for s in deep_synthetic_run(12, copies=2)])
    panel = shown(qtbot, GradientsPanel(store), (520, 700))
    plot = panel.norm_plots[0]
    data = plot.vb.sceneBoundingRect()
    assert len(panel.legend.items) >= 10
    assert data.width() >= 0.5 * panel.graphics.width(), data
    box = panel.legend.sceneBoundingRect()
    assert box.top() >= plot.getAxis("bottom").sceneBoundingRect().bottom() - 1
    assert box.bottom() <= panel.ratio_plots[0].sceneBoundingRect().top() + 1
    # in columns: each entry's text fits, none is cut ("3 batch_normalization_1_1" is long)
    assert panel.legend.columnCount == panel.legend.columns_that_fit(data.width()) >= 2


def test_the_ratio_axis_always_shows_the_rule_of_thumb(qtbot, store, moons_run, filler):
    """W11-22: with SGD at 0.001 the ratios sat at 1e-5..1e-4 and the axis fitted them, so
    the dashed "~1e-3" line, the one thing saying whether they are healthy, was off it."""
    import dataclasses

    from dlstudio.gui.plots.gradient_bands import GOOD_UPDATE_RATIO

    def small(layer):
        ratio = layer.update_ratio
        return layer if ratio is None else dataclasses.replace(layer, update_ratio=ratio * 1e-3)

    filler(store, [dataclasses.replace(s, layers=tuple(small(l) for l in s.layers))
                   for s in moons_run[1]])
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    ratios = np.concatenate([c.yData for c in panel.ratio_curves.values()])
    assert np.nanmax(ratios) < GOOD_UPDATE_RATIO / 3
    lo, hi = panel.ratio_plots[0].getViewBox().viewRange()[1]      # log10 units
    assert lo <= math.log10(GOOD_UPDATE_RATIO) <= hi
