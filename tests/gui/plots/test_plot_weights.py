"""WeightsPanel: weight histograms, weight norms, batch-norm moving statistics."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.plots.multiples import hist_xy
from dlstudio.gui.plots.synthetic import synthetic_run
from dlstudio.gui.plots.weights import WeightsPanel


def panel_for(qtbot, store):
    panel = WeightsPanel(store)
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def test_histograms_and_norms(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    assert panel.hist_curves and panel.norm_curves
    for (variant, layer), curve in panel.hist_curves.items():
        edges, share = hist_xy(moons_store.latest_layer_field(variant, layer, "weight_hist"))
        np.testing.assert_allclose(curve.xData, edges)
        np.testing.assert_allclose(curve.yData, share)
    for (variant, layer), curve in panel.norm_curves.items():
        np.testing.assert_allclose(curve.yData,
                                   moons_store.series(variant, "weight_norm", layer=layer)[1])
    notes = [text for _, text, _ in panel._labels]
    assert any("no batch-normalization layer" in t for t in notes)


def test_batch_norm_moving_statistics(qtbot, store, filler):
    snaps = synthetic_run(20)
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    mean = panel.bn_curves[("", 2, "mean")]
    var = panel.bn_curves[("", 2, "variance")]
    np.testing.assert_allclose(mean.yData, snaps[-1].layers[2].bn_moving_mean)
    np.testing.assert_allclose(var.yData, snaps[-1].layers[2].bn_moving_variance)
    np.testing.assert_array_equal(mean.xData, np.arange(16))


def test_compare_uses_line_styles_per_variant(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    a = panel.norm_curves[("A", 0)].opts["pen"]
    b = panel.norm_curves[("B", 0)].opts["pen"]
    assert a.color() == b.color() and a.style() != b.style()
