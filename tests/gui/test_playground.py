"""The optimizer playground panel: builds offscreen, animates, holds the engine's paths."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from dlstudio.engine.surfaces import SURFACES
from dlstudio.engine.trajectories import run_trajectory
from dlstudio.gui.playground.panel import PlaygroundPanel
from dlstudio.gui.playground.surface_plot import aspect_ratio


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
    assert panel.plot.contours.segment_count() > 5 * 100      # 16 levels drawn
    assert max(panel.plot.image.image.shape) == 220          # along the view's longer side


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


def _shown(panel):
    """The view's ranges once the plot has laid itself out."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        panel.grab()
        QApplication.processEvents()
    return panel.plot.getPlotItem().vb.viewRange()


@pytest.mark.parametrize("size", [(520, 560), (1000, 640)], ids=["1366", "1920"])
def test_the_view_holds_the_surface_and_its_start_point(panel, qtbot, size):
    """Walker7 W7-9: in a 210 px wide plot the view's limits squeezed the x range, so the
    paths of Round bowl and Saddle point entered from outside the view."""
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    for name in SURFACES.names():
        panel.set_surface(name)
        surface = SURFACES[name]
        (x0, x1), (y0, y1) = _shown(panel)
        wx0, wx1, wy0, wy1 = surface.window
        eps = 1e-6 * (wx1 - wx0)
        assert x0 <= wx0 + eps and x1 >= wx1 - eps and y0 <= wy0 + eps and y1 >= wy1 - eps, name
        sx, sy = surface.start
        assert x0 < sx < x1 and y0 < sy < y1, name
    # a start clicked outside the window widens the view to it
    panel.set_start(-7.0, 4.0)
    (x0, x1), (y0, y1) = _shown(panel)
    assert x0 < -7.0 < x1 and y0 < 4.0 < y1


def test_the_legend_stays_off_the_paths(panel):
    """The legend is laid out under the view, never over the paths (W7-9: it covered the
    upper third of Rosenbrock)."""
    vb = panel.plot.getPlotItem().vb
    legend = panel.plot.legend
    assert legend.parentItem() is not vb
    assert not legend.sceneBoundingRect().intersects(vb.sceneBoundingRect())
    assert len(legend.items) == 6


def test_a_negative_loss_is_explained(panel):
    panel.set_surface("saddle")
    panel.seek(panel.steps)
    assert any(t.values[-1] < 0 for t in panel.trajectories)
    assert "below 0" in panel.status_label.text()
    panel.set_surface("bowl")
    panel.seek(panel.steps)
    assert "below 0" not in panel.status_label.text()


def test_the_window_s_classroom_mode_reaches_the_playground(window, small_studio):
    """Walker9 W9-12: in the window's classroom mode the playground kept normal-sized axes
    and legend (it is built without the studio, and nothing told it)."""
    playground = window.tool_tabs["playground"]
    assert not playground.plot.classroom
    small_studio.set_classroom(True)
    assert playground.plot.classroom
    small_studio.set_classroom(False)
    assert not playground.plot.classroom


@pytest.mark.parametrize("size,surface", [((700, 900), "bowl"), ((1200, 420), "valley")],
                         ids=["tall", "wide"])
def test_the_shading_covers_all_the_view_shows(qtbot, size, surface):
    # true proportions make a tall (or wide) plot show more than the valley's window; the
    # surface was drawn over the window only, the rest white bands (walker16 W16-11)
    p = PlaygroundPanel()
    qtbot.addWidget(p)
    p.resize(*size)
    p.show()
    p.set_surface(surface)
    plot = p.plot
    qtbot.waitUntil(lambda: plot.drawn_rect == tuple(np.ravel(plot.getPlotItem().vb.viewRange())),
                    timeout=5000)
    (x0, x1), (y0, y1) = plot.getPlotItem().vb.viewRange()
    shown = plot.image.mapRectToView(plot.image.boundingRect())
    assert shown.left() <= x0 and shown.right() >= x1
    assert shown.top() <= y0 and shown.bottom() >= y1
    wx0, wx1, wy0, wy1 = SURFACES[surface].window
    assert (y1 - y0 > wy1 - wy0) or (x1 - x0 > wx1 - wx0)     # more than the window shows
    assert plot.contours.segment_count() > 0


def test_a_tall_plot_stretches_the_valley_up_to_square_and_keeps_a_bowl_round(qtbot):
    """Walker23 W23-6: in the classroom's tall plot (controls beside it) the elongated
    valley lay in a band across the middle, its y range -12..12 against a window of -5..5,
    so SGD's bounce was too small to see from the back of the room."""
    p = PlaygroundPanel()
    qtbot.addWidget(p)
    p.resize(1100, 900)
    p.show()
    qtbot.waitExposed(p)
    p.set_surface("valley")
    vb = p.plot.getPlotItem().vb
    assert vb.height() > vb.width()               # (the arrangement under test: a tall plot)
    (x0, x1), (y0, y1) = _shown(p)
    wx0, wx1, wy0, wy1 = SURFACES["valley"].window
    assert x0 <= wx0 and x1 >= wx1 and y0 <= wy0 and y1 >= wy1
    assert y1 - y0 < 1.3 * (wy1 - wy0)
    # ... but never drawn taller than wide: the valley still looks like a valley
    px_x, px_y = vb.viewPixelSize()               # units per pixel
    assert (wy1 - wy0) / px_y <= (wx1 - wx0) / px_x * (1 + 1e-6)
    p.set_surface("bowl")
    _shown(p)
    px_x, px_y = vb.viewPixelSize()
    assert px_x == pytest.approx(px_y, rel=1e-6)   # a round bowl stays round


@pytest.mark.parametrize("view,rect,expected", [
    ((700, 880), (20, 10), 0.5), ((700, 880), (10, 10), 1.0), ((480, 230), (20, 10), 1.0),
    ((700, 500), (20, 10), (700 / 20) / (500 / 10)), ((880, 300), (10, 20), 2.0),
    ((300, 880), (10, 20), 1.0), ((0, 0), (20, 10), 1.0)])
def test_aspect_ratio_stretches_only_a_window_s_short_side(view, rect, expected):
    assert aspect_ratio(view, rect) == pytest.approx(expected)


def test_a_tiny_loss_reads_as_a_power_of_ten(panel):
    """walker24 W24-2: lesson 07/1's readout said "Nesterov: loss 7.426e-05" beside check
    lines that write 10⁻⁵; every loss the readout shows is written as a student reads it."""
    panel.set_surface("bowl")
    panel.seek(panel.steps)
    text = panel.status_label.text()
    assert any(0 < abs(t.values[-1]) < 1e-4 for t in panel.trajectories)
    assert "e-0" not in text and "e-1" not in text and "× 10⁻" in text, text


def test_the_click_hint_is_helper_text_not_greyed_out(panel):
    """Walker32 (lesson 08 step 1, classroom): "点击图中任意位置…" was a disabled label, the
    palette's faint disabled grey in both themes and modes. It is helper text
    (``role="hint"``), which classroom mode draws near the text colour."""
    hint = panel.hint_label
    assert hint.isEnabled() and hint.property("role") == "hint"


def test_the_legend_says_which_momentum_is_drawn(panel):
    """walker35 a07/a08: lesson 8 step 2 asks to type β = 0.9 after 0.99999, and the legend
    said only "Momentum": nothing on the plot said which β was drawn. Momentum and Nesterov
    name theirs, in either language."""
    from dlstudio.gui import i18n

    def legend():
        return [item.text for _, item in panel.plot.legend.items]

    panel.set_momentum(0.99999)
    assert "Momentum β = 0.99999" in legend() and "Nesterov β = 0.99999" in legend()
    assert "SGD" in legend() and "Adam" in legend()
    panel.set_momentum(0.9)
    assert "Momentum β = 0.9" in legend()
    i18n.set_language("zh_CN")
    try:
        assert "动量 β = 0.9" in legend()
    finally:
        i18n.set_language("en")
    assert "Momentum β = 0.9" in legend()


@pytest.mark.parametrize("classroom", [False, True])
def test_the_legend_is_whole_in_a_narrow_plot(panel, qtbot, classroom):
    """With β in the legend, its three columns were wider than the 480 px plot at 1366x768
    in classroom mode: "Nesterov β = 0" was cut at the plot's edge. The legend takes as many
    columns as the plot holds whole."""
    panel.set_classroom(classroom)
    panel.set_momentum(0.99999)
    panel.resize(800, 640)
    panel.show()
    qtbot.waitExposed(panel)
    _shown(panel)
    plot = panel.plot
    right = plot.mapFromScene(plot.legend.sceneBoundingRect().topRight()).x()
    assert right <= plot.width() + 1, (right, plot.width())
    assert len(plot.legend.items) == 6
