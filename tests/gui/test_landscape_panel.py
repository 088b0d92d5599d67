"""The landscape panel computes in the background worker and draws what it computed."""
from __future__ import annotations

import numpy as np
import pytest


def _panel(studio, qtbot, resolution: int):
    """A landscape panel on the studio's loaded data, computing on 64 examples."""
    from dlstudio.gui.landscape import LandscapePanel

    with qtbot.waitSignal(studio.sigDatasetReady, timeout=60000):
        studio.load_dataset()
    panel = LandscapePanel(studio)
    qtbot.addWidget(panel)
    panel.resolution_spin.setValue(resolution)
    panel.examples_spin.setValue(64)
    return panel


def test_random_plane_around_the_current_weights(small_studio, qtbot):
    panel = _panel(small_studio, qtbot, 7)
    with qtbot.waitSignal(panel.sigComputed, timeout=60000) as blocker:
        assert panel.compute("random_2d")
    item = blocker.args[0]
    land = item.result
    assert land.loss.shape == (7, 7) and np.isfinite(land.loss).all()
    assert panel.plot.landscape is land and len(panel.plot.isocurves) > 0
    # the centre is the studio's network evaluated on the same fixed subset
    from dlstudio.training.landscape import fixed_subset

    ds = small_studio.dataset
    x, y = fixed_subset(ds.x_train, ds.y_train, 64, 0)
    net = small_studio.network_for("A")
    assert land.centre_loss == pytest.approx(net.evaluate(x, y)[0], rel=1e-6)
    qtbot.waitUntil(lambda: panel.compute_button.isEnabled(), timeout=5000)
    assert "0." in panel.status.text() or "1." in panel.status.text()
    panel.shutdown()


def test_run_plane_needs_a_run_then_draws_its_path(small_studio, qtbot):
    panel = _panel(small_studio, qtbot, 5)
    assert not panel.compute("run_plane")
    assert "3" in panel.status.text()
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=6))
    small_studio.start()
    qtbot.waitUntil(lambda: small_studio.state == "finished", timeout=120000)
    # the path follows the run's timeline (probe steps, epoch ends): the same on any machine
    kept = panel.path_snapshots("A")
    steps = [s for s, _ in kept]
    assert len(kept) >= 3 and set(small_studio.timelines["A"].steps) <= set(steps)
    with qtbot.waitSignal(panel.sigComputed, timeout=60000) as blocker:
        assert panel.compute("run_plane")
    item = blocker.args[0]
    assert item.trajectory is not None
    assert np.allclose(item.trajectory.coords[-1], 0.0, atol=1e-6)
    path_x, _ = panel.plot.path.getData()
    assert len(path_x) == len(kept)
    panel.shutdown()


def test_a_comparison_variant_can_be_chosen(small_studio, qtbot):
    panel = _panel(small_studio, qtbot, 5)
    small_studio.add_variant()
    assert [panel.variant_combo.itemData(i) for i in range(panel.variant_combo.count())] == \
        ["A", "B"]
    with qtbot.waitSignal(panel.sigComputed, timeout=60000) as blocker:
        assert panel.compute("random_1d", "B")
    land = blocker.args[0].result
    assert land.y is None and land.loss.shape == (5,)
    net = small_studio.network_for("B")
    assert land.centre_loss > 0 and net is not None
    panel.shutdown()


def test_every_variant_shares_one_colour_scale_with_a_colour_bar(small_studio, qtbot):
    from dlstudio.training.landscape import shared_loss_range

    panel = _panel(small_studio, qtbot, 5)
    small_studio.add_variant()
    got = []
    panel.sigComputed.connect(got.append)
    assert panel.compute("random_2d", every_variant=True)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=60000)
    assert set(panel.results) == {"A", "B"}
    both = [it.result for _, it in panel.results.values()]
    lo, hi = shared_loss_range(both)
    assert panel.plot.value_range == pytest.approx((lo, hi))
    assert panel.plot.colour_bar.isVisible()
    assert panel.plot.colour_bar.levels() == pytest.approx((np.log10(lo), np.log10(hi)))
    assert panel.plot.getPlotItem().getAxis("bottom").autoSIPrefixScale == 1.0   # no "x0.001"
    # switching the network shows the stored landscape on the same scale, no recomputing
    panel.variant_combo.setCurrentIndex(panel.variant_combo.findData("B"))
    assert panel.plot.landscape is panel.results["B"][1].result
    assert panel.plot.value_range == pytest.approx((lo, hi))
    panel.shutdown()


def test_a_flat_surface_is_named_flat(small_studio, qtbot):
    from dlstudio.training.landscape import Landscape, LandscapeProgress

    panel = _panel(small_studio, qtbot, 5)
    grid = np.linspace(-1, 1, 5)
    flat = Landscape(grid, grid, np.full((5, 5), 2.323) + 1e-4 * np.eye(5), {"examples": 64})
    panel._job_variants = ["A"]
    panel._on_worker_yielded(("A", LandscapeProgress(25, 25, flat)))
    assert "flat" in panel.status.text() and "0.0001" in panel.status.text()
    lo, hi = panel.plot.value_range
    assert lo < 2.323 < hi and hi / lo == pytest.approx(1.5)   # one colour, not a valley
    panel.shutdown()


def test_a_lesson_step_computes_every_landscape_when_its_run_ends(small_studio, qtbot):
    panel = _panel(small_studio, qtbot, 5)
    small_studio.add_variant()
    got = []
    panel.sigComputed.connect(got.append)
    panel.compute_after_run(span=0.5, examples=64)
    assert panel.span_spin.value() == 0.5 and not got
    assert "as soon as the run ends" in panel.status.text()
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=1))
    small_studio.start(compare=True)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=120000)
    assert set(panel.results) == {"A", "B"} and small_studio.state == "finished"
    panel.shutdown()


def drawn_labels(axis) -> list:
    """``(rect, flags, text)`` of each tick label ``axis`` draws now."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return axis.generateDrawSpecs(painter)[2]
    finally:
        painter.end()


def test_the_shared_colour_bar_labels_a_flat_landscapes_values(qtbot):
    """Walker3 W3-34 (lesson 06 step 5): A is flat at 2.336-2.35, B a valley from 1.2; on
    the shared scale A's colour is the top of the bar, whose labels stopped at 2.11. The
    bar's labels now reach both ends of the range, so every landscape's values lie between
    two labelled ticks."""
    from dlstudio.gui.landscape.plot import LandscapePlotWidget, loss_ticks
    from dlstudio.training.landscape import Landscape, shared_loss_range

    grid = np.linspace(-0.5, 0.5, 7)
    xx, yy = np.meshgrid(grid, grid)
    flat = Landscape(grid, grid, 2.336 + 0.014 * (xx ** 2 + yy ** 2) / 0.5, {"examples": 64})
    valley = Landscape(grid, grid, 1.2 + 4.0 * (xx ** 2 + yy ** 2), {"examples": 64})
    value_range = shared_loss_range([flat, valley])
    plot = LandscapePlotWidget()
    qtbot.addWidget(plot)
    for land in (flat, valley):
        plot.show_landscape(land, value_range=value_range)
        ticks = plot.colour_ticks
        logs = [t for t, _ in ticks]
        assert min(logs) <= np.log10(land.loss.min()) + 1e-9
        assert max(logs) >= np.log10(land.loss.max()) - 1e-9
        labels = [label for _, label in ticks]
        assert len(set(labels)) == len(labels)
        assert float(labels[-1]) >= land.loss.max() * (1 - 1e-3)
        # the ticks stay on the bar (its levels)
        lo, hi = plot.colour_bar.levels()
        assert lo - 1e-9 <= min(logs) and max(logs) <= hi + 1e-9
    # close ends still get labels of their own
    assert len({label for _, label in loss_ticks(2.3361, 2.3369)}) == 5
    # and the end labels are drawn whole inside the widget (the top one was cut in half)
    from PySide6.QtWidgets import QApplication

    plot.resize(500, 420)
    plot.show()
    qtbot.waitExposed(plot)
    for _ in range(2):
        plot.grab()
        QApplication.processEvents()
    axis = plot.colour_bar.getAxis("right")
    texts = drawn_labels(axis)
    shown = plot.mapToScene(plot.viewport().rect()).boundingRect()
    assert {text for _, _, text in texts} == {label for _, label in plot.colour_ticks}
    for rect, _, text in texts:
        assert shown.contains(axis.mapRectToScene(rect)), text


def test_the_colour_bar_labels_fit_a_classroom_font(qtbot):
    """In classroom mode (a large font) pyqtgraph's fixed 45-pixel axis dropped every label
    of the colour bar."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.landscape.plot import LandscapePlotWidget
    from dlstudio.training.landscape import Landscape

    grid = np.linspace(-0.5, 0.5, 7)
    xx, yy = np.meshgrid(grid, grid)
    valley = Landscape(grid, grid, 1.2 + 4.0 * (xx ** 2 + yy ** 2), {"examples": 64})
    before = QApplication.font()
    big = QFont(before)
    big.setPointSize(17)
    QApplication.setFont(big)
    try:
        plot = LandscapePlotWidget(classroom=True)
        qtbot.addWidget(plot)
        plot.resize(700, 600)
        plot.show()
        qtbot.waitExposed(plot)
        plot.show_landscape(valley)
        for _ in range(3):
            plot.grab()
            QApplication.processEvents()
        texts = [text for _, _, text in drawn_labels(plot.colour_bar.getAxis("right"))]
        assert texts == [label for _, label in plot.colour_ticks]
    finally:
        QApplication.setFont(before)
