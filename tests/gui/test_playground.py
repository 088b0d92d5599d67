"""The optimizer playground panel: builds offscreen, animates, holds the engine's paths."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from dlstudio.engine.surfaces import SURFACES
from dlstudio.engine.trajectories import run_trajectory
from dlstudio.gui.playground.panel import PlaygroundPanel


@pytest.fixture
def panel(qtbot):
    p = PlaygroundPanel()
    qtbot.addWidget(p)
    p.resize(1000, 640)
    return p


def curve_xy(panel, index):
    return panel.plot.curves[index].getData()


def test_builds_with_every_surface_and_default_lineup(panel):
    assert panel.surface_combo.count() == len(SURFACES)
    assert [t.label for t in panel.trajectories] == list(panel.checks)
    assert len(panel.plot.curves) == 6
    assert panel.frame == 0
    # at frame 0 every curve is the start point only
    x, y = curve_xy(panel, 0)
    assert len(x) == 1 and (x[0], y[0]) == SURFACES[panel.surface_name].start
    assert len(panel.plot.isocurves) > 5
    assert panel.plot.image.image.shape == (220, 220)


def test_paths_are_the_engines_trajectories(panel):
    panel.set_surface("valley")
    panel.set_learning_rate("SGD", 0.05)
    panel.set_steps(50)
    panel.seek(50)
    expected = run_trajectory("valley", "sgd", 0.05, 50)
    np.testing.assert_allclose(panel.trajectory("SGD").points, expected.points)
    x, y = curve_xy(panel, 0)
    np.testing.assert_allclose(np.c_[x, y], expected.points)


def test_animation_advances_and_stops_at_the_end(panel, qtbot):
    panel.set_steps(20)
    panel.speed_spin.setValue(5)
    panel.play()
    assert panel.playing
    qtbot.waitUntil(lambda: panel.frame == 20, timeout=5000)
    qtbot.waitUntil(lambda: not panel.playing, timeout=1000)
    assert panel.play_button.text() == "Play"
    assert len(curve_xy(panel, 0)[0]) == 21


def test_step_and_reset(panel):
    panel.step()
    panel.step(3)
    assert panel.frame == 4
    assert len(curve_xy(panel, 2)[0]) == 5
    panel.reset()
    assert panel.frame == 0 and not panel.playing


def test_unchecking_hides_a_path_and_its_legend_entry(panel):
    panel.set_enabled("AdaGrad", False)
    assert len(panel.plot.curves) == 5
    assert "AdaGrad" not in [t.label for t in panel.visible_trajectories()]
    labels = [item.text for _, item in panel.plot.legend.items]
    assert "AdaGrad" not in labels and "Adam" in labels


def test_momentum_setting_reaches_momentum_and_nesterov_only(panel):
    panel.set_momentum(0.99999)
    assert panel.trajectory("Momentum").config["momentum"] == pytest.approx(0.99999)
    assert panel.trajectory("Nesterov").config == {"momentum": pytest.approx(0.99999),
                                                   "nesterov": True}
    assert panel.trajectory("SGD").config == {}
    # the oscillation is there to see: the path is still far out after all the steps
    t = panel.trajectory("Momentum")
    assert t.distance_to((0, 0))[-50:].max() > 0.5 * t.distance_to((0, 0))[0]


def test_surface_change_sets_suggested_rates_and_window(panel):
    panel.set_surface("rosenbrock")
    assert panel.surface_combo.currentData() == "rosenbrock"
    lr = SURFACES.entry("rosenbrock").meta["lr"]
    assert panel.lr_spins["SGD"].value() == pytest.approx(lr["sgd"])
    assert panel.lr_spins["Adam"].value() == pytest.approx(lr["adaptive"])
    x_range = panel.plot.getPlotItem().vb.viewRange()[0]
    np.testing.assert_allclose(x_range, SURFACES["rosenbrock"].window[:2], atol=1e-6)
    assert panel.help_label.text() == SURFACES.entry("rosenbrock").help


def test_set_start_moves_every_path(panel):
    panel.seek(10)
    panel.set_start(2.0, -1.0)
    assert panel.frame == 0
    assert all(np.array_equal(t.points[0], [2.0, -1.0]) for t in panel.trajectories)


def test_status_reports_losses_and_divergence(panel):
    panel.set_learning_rate("SGD", 2.5)       # far beyond 2 / curvature on the bowl
    panel.seek(panel.steps)
    assert panel.trajectory("SGD").diverged
    assert "diverged" in panel.status_label.text()


def test_grab_renders(panel):
    panel.show()
    image = panel.grab().toImage()
    assert image.width() >= 900 and not image.isNull()


def test_classroom_mode_thickens_paths(panel):
    thin = panel.plot.curves[0].opts["pen"].widthF()
    panel.set_classroom(True)
    assert panel.plot.curves[0].opts["pen"].widthF() > 1.5 * thin
