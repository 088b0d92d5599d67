"""ConvergencePanel: its curves hold the store's loss, accuracy and learning-rate series."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.gui.plots import style
from dlstudio.gui.plots.smoothing import ema, ema_reference
from dlstudio.gui.plots.convergence import ConvergencePanel


def panel_for(qtbot, store):
    panel = ConvergencePanel(store)
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def test_curves_hold_raw_smoothed_and_validation(qtbot, moons_store, moons_run):
    panel = panel_for(qtbot, moons_store)
    items = panel.items[""]
    snaps = moons_run[1]
    x, y = moons_store.series("", "batch_loss")
    np.testing.assert_array_equal(items["raw"].xData, x)
    np.testing.assert_allclose(items["raw"].yData, y)
    np.testing.assert_allclose(items["ema"].yData, ema(y, 0.8))
    val = [(s.step, s.val_loss) for s in snaps if s.val_loss is not None]
    assert len(val) >= 6                                 # one per epoch (and the last)
    np.testing.assert_allclose(items["val"].yData, [v for _, v in val])
    np.testing.assert_allclose(items["acc_val"].yData,
                               [s.val_accuracy for s in snaps if s.val_accuracy is not None])
    np.testing.assert_allclose(items["lr"].yData, 0.01)
    assert panel.acc_plot is not None


def test_smoothing_factor_changes_overlay_not_raw(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    raw_before = panel.items[""]["raw"].yData.copy()
    panel.set_smoothing(0.0)
    np.testing.assert_allclose(panel.items[""]["ema"].yData, raw_before)
    panel.set_smoothing(0.95)
    np.testing.assert_allclose(panel.items[""]["raw"].yData, raw_before)
    np.testing.assert_allclose(panel.items[""]["ema"].yData, ema(raw_before, 0.95))


def test_log_axis_and_epoch_axis(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    panel.log_box.setChecked(True)
    assert panel.loss_plot.getAxis("left").logMode
    assert np.all(panel.items[""]["raw"].yData > 0)
    panel.x_box.setCurrentIndex(1)
    x_epoch = moons_store.series("", "batch_loss", x="epoch")[0]
    np.testing.assert_allclose(panel.items[""]["raw"].xData, x_epoch)
    assert x_epoch[-1] <= 6.0 + 1e-9


def test_compare_overlays_variants_in_their_colours(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    assert set(panel.items) == {"A", "B"}
    for j, v in enumerate("AB"):
        pen = panel.items[v]["ema"].opts["pen"]
        assert pen.color().name() == style.variant_color(j)
        np.testing.assert_allclose(panel.items[v]["raw"].yData,
                                   compare_store.series(v, "batch_loss")[1])
    names = [label.text for _, label in panel.loss_plot.legend.items]
    assert names == ["A: training", "A: validation", "B: training", "B: validation"]


def test_ema_matches_loop_and_rejects_bad_factor():
    y = np.random.default_rng(0).normal(size=1000).cumsum()
    for factor in (0.0, 0.5, 0.8, 0.99):
        np.testing.assert_allclose(ema(y, factor), ema_reference(y, factor), rtol=1e-9,
                                   atol=1e-9)
    assert ema(np.array([]), 0.8).size == 0
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        ema(y, 1.0)
