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
    form = panel.settings_form.form
    # one network: no "Network: A" naming a comparison there is not (walker32)
    assert not form.isRowVisible(panel.variant_combo)
    small_studio.add_variant()
    assert [panel.variant_combo.itemData(i) for i in range(panel.variant_combo.count())] == \
        ["A", "B"]
    assert form.isRowVisible(panel.variant_combo)
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
    from dlstudio.gui.landscape.plot import colour_scale

    # the bar spans the nice values around the shared range (its ends labelled)
    assert panel.plot.colour_bar.levels() == pytest.approx(colour_scale(lo, hi)[:2])
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


def test_the_landscape_uses_the_data_the_run_trained_on(small_studio, qtbot):
    """Walker7 W7-18: after a run, switching the Data dock to other data made the landscape
    compute on those (or refuse, in English, when their shape differs). It computes on the
    run's own data and says which."""
    from dlstudio.training.landscape import fixed_subset

    panel = _panel(small_studio, qtbot, 5)
    trained_spec = small_studio.data_spec
    trained = small_studio.dataset
    small_studio.start()
    qtbot.waitUntil(lambda: small_studio.state == "finished", timeout=120000)
    assert small_studio.trained_on("A") == trained_spec
    # the student looks at other data (not loaded: the landscape loads the run's itself)
    small_studio.set_data_spec(trained_spec.with_params(n_samples=300, noise=0.5))
    with qtbot.waitSignal(panel.sigComputed, timeout=60000) as blocker:
        assert panel.compute("random_2d")
    land = blocker.args[0].result
    x, y = fixed_subset(trained.x_train, trained.y_train, 64, 0)
    net = small_studio.network_for("A")
    assert land.centre_loss == pytest.approx(net.evaluate(x, y)[0], rel=1e-5)
    text = panel.status.text()
    from dlstudio.gui.specs import dataset_name

    assert dataset_name(trained_spec.dataset) in text and "trained on" in text
    panel.shutdown()


def test_the_engine_refuses_other_shapes_in_the_students_language():
    from dlstudio.engine.network import Network, NetworkError
    from dlstudio.messages import render_error

    net = Network.from_spec("toy_2d")
    with pytest.raises(NetworkError) as info:
        net.predict(np.zeros((3, 28, 28, 1), np.float32))
    assert "(N, 2)" in str(info.value)
    zh = render_error(info.value, "zh")
    assert "网络期望形状为 (N, 2) 的输入" in zh and "(3, 28, 28, 1)" in zh


def test_the_path_of_a_restored_then_continued_run_says_where_it_starts(small_studio, qtbot,
                                                                         stop_after):
    """Walker9 W9-5: the red path of a run restored from a workspace and continued covers
    only the continued part; the result line now says where it starts and why."""
    from dlstudio.gui import workspace_file

    stop_after(9)
    saved = workspace_file.capture(small_studio)
    small_studio.store.clear()
    workspace_file.apply(small_studio, saved)           # as after a restart
    from dlstudio.gui.landscape import LandscapePanel

    panel = LandscapePanel(small_studio)
    qtbot.addWidget(panel)
    panel.resolution_spin.setValue(5)
    panel.examples_spin.setValue(64)
    with qtbot.waitSignal(small_studio.runner.sigFinished, timeout=120000):
        assert small_studio.continue_run()
    start = small_studio.moments_start()
    assert start is not None
    with qtbot.waitSignal(panel.sigComputed, timeout=60000):
        assert panel.compute("run_plane")
    assert f"The path starts at step {start:,}" in panel.status.text()
    panel.shutdown()


def test_a_lessons_landscapes_go_when_the_student_leaves_the_lesson(small_studio, qtbot):
    """Lesson 6's landscapes stayed in the Loss landscape tab under the next lesson, and a
    computation armed for its step's run ran on the next lesson's run (``leave_lesson``,
    called on a lesson switch). The student's own landscape of their own run stays."""
    panel = _panel(small_studio, qtbot, 5)
    got = []
    panel.sigComputed.connect(got.append)
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=1))
    with small_studio.demonstration():               # as the step's Apply
        panel.compute_after_run(span=0.5, examples=64)
        small_studio.start()
    qtbot.waitUntil(lambda: len(got) == 1, timeout=120000)
    assert panel.results and panel.path_snapshots("A")
    small_studio.leave_lesson()                      # its run goes, then the landscape
    assert panel.leave_lesson()
    assert not panel.results and panel.plot.landscape is None
    assert panel.path_snapshots("A") == []
    # armed for a run that had not ended: it does not compute the next lesson's run
    with small_studio.demonstration():
        panel.compute_after_run(span=0.5, examples=64)
    assert panel.leave_lesson()
    assert "as soon as the run ends" not in panel.status.text()
    small_studio.start()
    qtbot.waitUntil(lambda: small_studio.state == "finished", timeout=120000)
    assert panel.compute_button.isEnabled() and len(got) == 1
    # the student's own landscape of their own run stays
    with qtbot.waitSignal(panel.sigComputed, timeout=60000):
        assert panel.compute("random_2d")
    assert not panel.leave_lesson() and "A" in panel.results
    panel.shutdown()


def test_before_compute_the_axes_span_the_grid_asked_for(small_studio, qtbot):
    """Walker22 W22-2: with Span 1.00 the empty axes read -0.5 to 0.5."""
    from dlstudio.gui.landscape import LandscapePanel

    panel = LandscapePanel(small_studio)
    qtbot.addWidget(panel)
    vb = panel.plot.getPlotItem().vb

    def ranges():
        (x0, x1), (y0, y1) = vb.viewRange()
        return round(x0, 6), round(x1, 6), round(y0, 6), round(y1, 6)

    assert ranges() == (-1.0, 1.0, -1.0, 1.0)
    panel.span_spin.setValue(2.5)
    assert ranges() == (-2.5, 2.5, -2.5, 2.5)
    panel.shutdown()


def test_the_network_box_names_variants_as_the_compare_list_does(small_studio, qtbot):
    """Walker33 W33-9: the box listed bare "A", "B", "C"; it now says what each changes."""
    from dlstudio.engine import spec_edits
    from dlstudio.gui.landscape import LandscapePanel
    from dlstudio.gui.training.compare import variant_line

    panel = LandscapePanel(small_studio)
    qtbot.addWidget(panel)
    b = small_studio.add_variant()
    small_studio.set_variant(b.name, network_spec=spec_edits.set_hidden_activation(
        small_studio.network_spec, "relu"))
    texts = [panel.variant_combo.itemText(i) for i in range(panel.variant_combo.count())]
    assert texts == [variant_line(small_studio, v) for v in small_studio.variants]
    assert texts[1].startswith("B: ") and "ReLU" in texts[1], texts
    assert panel.variant_combo.itemData(1) == "B"        # chosen by letter, as before
    panel.shutdown()
