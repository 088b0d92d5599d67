"""ActivationsPanel: histograms now, heatmaps over time, saturated/dead bars."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.plots.multiples import hist_xy
from dlstudio.gui.plots.synthetic import synthetic_run
from dlstudio.gui.plots.activations import ActivationsPanel, unit_problem


def panel_for(qtbot, store):
    panel = ActivationsPanel(store)
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def test_histograms_and_heatmaps_hold_the_store_data(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    layers = moons_store.layer_names("")
    assert sorted(layer for _, layer in panel.hist_curves) == list(range(len(layers)))
    for (variant, layer), curve in panel.hist_curves.items():
        edges, share = hist_xy(moons_store.latest_layer_field(variant, layer, "act_hist"))
        np.testing.assert_allclose(curve.yData, share)
    for (variant, layer), image in panel.heatmaps.items():
        steps, edges, frac = moons_store.activation_history(variant, layer)
        assert image.image.shape == frac.shape and frac.shape[0] >= 3
        np.testing.assert_allclose(image.image, np.sqrt(frac), rtol=1e-6)
        rect = image.mapRectToParent(image.boundingRect())
        assert rect.left() == steps[0]
        assert np.isclose(rect.top(), edges[0]) and np.isclose(rect.bottom(), edges[-1])


def test_bars_show_saturated_or_dead_percentages(qtbot, store, filler):
    filler(store, synthetic_run(40))
    panel = panel_for(qtbot, store)
    heights = panel.bars[""].opts["height"]
    layers = [slot.indices[""] for slot in panel.bar_layers]
    expected = [100 * unit_problem(store, "", layer)[1] for layer in layers]
    np.testing.assert_allclose(heights, expected)
    assert 2 not in layers                               # the batch-norm layer has neither
    labels = [text for _, text in panel.bar_plot.getAxis("bottom")._tickLevels[0]]
    assert labels[0] == "dense_1\nsaturated"


def test_compare_grid_has_a_heatmap_row_per_variant(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    assert {v for v, _ in panel.heatmaps} == {"A", "B"}
    assert set(panel.bars) == {"A", "B"}
    relu_layer = 0
    assert unit_problem(compare_store, "B", relu_layer)[0] == "dead"
    assert unit_problem(compare_store, "A", relu_layer)[0] == "saturated"
