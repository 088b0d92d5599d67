"""UnitsPanel: the chosen layer unit by unit (issue 10.4): a map of dead units and one
unit's output over time."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.plots.units import UnitsPanel


def test_unit_map_and_one_unit_over_time(qtbot, moons_store):
    panel = UnitsPanel(moons_store)
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.followed() == {"": 0}             # the demo run follows layer 0
    active = moons_store.latest_layer_field("", 0, "unit_active")
    heights = panel.bars[""].opts["height"]
    np.testing.assert_allclose(heights, np.maximum(active, 0.02))
    x, y = moons_store.series("", "unit_value", layer=0)
    assert y.size >= 5
    np.testing.assert_allclose(panel.curves[""].yData, y)


def test_choosing_a_layer_is_announced(qtbot, store):
    panel = UnitsPanel(store)
    qtbot.addWidget(panel)
    panel.set_layer_names(["dense", "dense_1"], chosen=1)
    assert panel.layer_box.currentData() == 1
    with qtbot.waitSignal(panel.sigUnitLayerChosen) as got:
        panel.layer_box.setCurrentIndex(0)
        panel.layer_box.activated.emit(0)
    assert got.args == [None]
    assert not panel._has_data()                   # nothing followed yet: the placeholder


def test_the_window_follows_the_chosen_layer_from_the_next_run(window, small_studio, qtbot):
    w = window
    panel = w.plot_panels["units"]
    names = small_studio.network_spec.layer_names()
    assert panel.layer_box.count() == len(names) + 1
    panel.layer_box.setCurrentIndex(1)
    panel.layer_box.activated.emit(1)
    assert small_studio.train_spec.telemetry.unit_layer == 0
    small_studio.start(max_steps=5)
    qtbot.waitUntil(lambda: small_studio.state in ("finished", "stopped"), timeout=60000)
    assert panel.followed() == {"": 0} or panel.followed() == {"A": 0}


def test_the_placeholder_does_not_ask_to_train_after_a_finished_run(qtbot, store):
    """Walker6 W6-27: after a run that followed no layer the page said "Start training after
    choosing a layer above", read as "the run must be redone". It says what happens: the
    chosen layer's units are recorded from the next Start on (en/zh)."""
    from dlstudio.gui import i18n

    panel = UnitsPanel(store)
    qtbot.addWidget(panel)
    text = panel.placeholder_text()
    assert text.startswith("Choose a layer above") and "next Start" in text
    try:
        i18n.set_language("zh_CN")
        assert panel.placeholder_text().startswith("请在上方选择一层")
    finally:
        i18n.set_language("en")


def test_once_a_layer_is_chosen_the_page_names_it_instead_of_asking_for_one(qtbot, store):
    """Walker19 W19-12: after choosing dense_1 the page still said "Choose a layer above"
    (zh 请在上方选择一层). With a layer chosen it names that layer, recorded from the next
    Start on; back at "(no layer)" it asks again (en/zh)."""
    from dlstudio.gui import i18n

    panel = UnitsPanel(store)
    qtbot.addWidget(panel)
    panel.set_layer_names(["dense", "dense_1", "dense_2"])
    assert panel.placeholder.text().startswith("Choose a layer above")
    panel.layer_box.setCurrentIndex(2)
    panel.layer_box.activated.emit(2)
    shown = panel.placeholder.text()
    assert "Choose a layer" not in shown and "dense_1" in shown and "next Start" in shown
    panel.set_layer_names(["dense", "dense_1", "dense_2"], chosen=2)     # from the spec
    assert "dense_2" in panel.placeholder.text()
    try:
        i18n.set_language("zh_CN")
        text = panel.placeholder_text()
        assert "dense_2" in text and "请在上方选择一层" not in text and "开始" in text
    finally:
        i18n.set_language("en")
    panel.layer_box.setCurrentIndex(0)
    panel.layer_box.activated.emit(0)
    assert panel.placeholder.text().startswith("Choose a layer above")


def test_the_chosen_unit_is_named_and_followed_over_time(qtbot, moons_store, moons_run):
    """Walker17 W17-22: the lower plot said "one unit of dense_1" without saying which. It
    names the unit chosen in the unit box and draws that unit's mean output at every probe
    (every unit is recorded, so the choice works after the run too)."""
    panel = UnitsPanel(moons_store)
    qtbot.addWidget(panel)
    panel.refresh(force=True)
    with qtbot.waitSignal(panel.sigUnitChosen) as got:
        panel.unit_box.setValue(3)
    assert got.args == [3]
    assert "Unit 3 of" in panel.time_plot.titleLabel.text
    # unit 3's mean output at each probe, as the snapshots carry it
    probes = {}
    for s in moons_run[1]:
        if s.layers and s.layers[0].unit_mean is not None:
            probes[s.extra.get("probe_step", s.step)] = s.layers[0].unit_mean[3]
    y = panel.curves[""].yData
    assert y.size == len(probes) >= 5
    np.testing.assert_allclose(y, list(probes.values()), rtol=1e-6, atol=1e-6)
    lo, hi = panel.unit_mark.getRegion()
    assert lo < 3 < hi


def test_the_compare_legend_sits_under_the_axis(qtbot, compare_store):
    """Walker17 W17-22: the A / B legend sat in the plot's corner, on A's line."""
    from dlstudio.gui.plots.legend_below import BelowLegend

    panel = UnitsPanel(compare_store)
    qtbot.addWidget(panel)
    panel.refresh(force=True)
    assert len(panel.curves) == 2
    legend = panel.time_plot.legend
    assert isinstance(legend, BelowLegend)
    assert legend.parentItem() is not panel.time_plot.vb


def test_the_unit_box_follows_the_training_spec_both_ways(window, small_studio):
    panel = window.plot_panels["units"]
    panel.unit_box.setValue(2)
    assert small_studio.train_spec.telemetry.unit_index == 2
    small_studio.set_train_spec(small_studio.train_spec.replace(telemetry={"unit_index": 4}))
    assert panel.unit_box.value() == 4


def test_a_layer_chosen_after_a_run_shows_the_trained_networks_units_at_once(
        window, small_studio, qtbot):
    """Walker22 W22-5: after a finished run that followed no layer, choosing one left the
    page empty and the only way to fill it was Start, which trains a new network from step 0
    over the trained one. The page now shows the layer's units on the trained network at
    once (one pass over the validation batch), and no run starts."""
    from dlstudio.gui.trained_network import trained_network
    from dlstudio.gui.trained_units import probe_batch
    from dlstudio.training.activation_stats import unit_stats
    from dlstudio.training.probes import layer_activation

    panel = window.plot_panels["units"]
    small_studio.start(max_steps=5)
    qtbot.waitUntil(lambda: small_studio.state in ("finished", "stopped"), timeout=60000)
    panel.refresh(force=True)
    assert panel.followed() == {}
    weights = [np.array(w, copy=True) for w in small_studio.shown_weights("A")]
    panel.layer_box.setCurrentIndex(2)                       # "2. <second layer>"
    panel.layer_box.activated.emit(2)
    assert small_studio.train_spec.telemetry.unit_layer == 1
    assert not small_studio.is_active()                      # nothing trains
    assert panel.followed() == {"A": 1} and panel._has_data()
    net = trained_network(small_studio)
    x = probe_batch(small_studio.dataset, small_studio.train_spec.telemetry.probe_size)
    assert len(x) == min(64, len(small_studio.dataset.x_val))
    out = net.probe(x)[1][1]
    want = unit_stats(layer_activation(net, 1), out)["unit_active"]
    np.testing.assert_allclose(panel.bars["A"].opts["height"], np.maximum(want, 0.02),
                               rtol=1e-6)
    assert panel.curves["A"].xData.size == 1                 # one point: the run's last step
    assert "trained network" in panel.map_plot.titleLabel.text     # says what it shows
    for before, after in zip(weights, small_studio.shown_weights("A")):
        np.testing.assert_array_equal(before, after)        # the trained network is kept
    panel.layer_box.setCurrentIndex(0)                       # "(no layer)": nothing shown
    panel.layer_box.activated.emit(0)
    assert panel.followed() == {}


def test_a_layer_chosen_after_a_run_that_followed_another_or_after_an_ab_run_shows_at_once(
        window, small_studio, qtbot):
    """Walker23 W23-12: W22-5's fix held only after a single run that followed no layer.
    (a) After a run that recorded layer 1, choosing layer 2 left the charts titled with
    layer 1 under a box naming layer 2; (b) after an A/B run, choosing a layer said only that
    it would be recorded from the next Start (which trains new networks). Both now show the
    chosen layer on each variant's trained network at once."""
    panel = window.plot_panels["units"]
    names = list(small_studio.network_spec.layer_names())
    small_studio.set_train_spec(small_studio.train_spec.replace(
        telemetry={"unit_layer": 0}))
    small_studio.start(max_steps=5)
    qtbot.waitUntil(lambda: small_studio.state in ("finished", "stopped"), timeout=60000)
    panel.refresh(force=True)
    assert panel.followed() == {"A": 0}
    panel.layer_box.setCurrentIndex(2)                       # "2. <second layer>"
    panel.layer_box.activated.emit(2)
    assert panel.followed() == {"A": 1}
    assert names[1] in panel.map_plot.titleLabel.text
    assert names[0] not in panel.map_plot.titleLabel.text.replace(names[1], "")
    assert panel.bars["A"].opts["height"].size == small_studio.network_spec.layers[1].config["units"]
    # (b) two variants
    small_studio.add_variant()
    small_studio.start(max_steps=5)
    qtbot.waitUntil(lambda: small_studio.state in ("finished", "stopped"), timeout=60000)
    panel.layer_box.setCurrentIndex(1)
    panel.layer_box.activated.emit(1)
    assert not small_studio.is_active()
    assert panel.followed() == {"A": 0, "B": 0}
    assert set(panel.bars) == {"A", "B"}


def test_a_layer_chosen_after_a_run_restored_mid_training_shows_its_units(
        window, small_studio, qtbot, stop_after, tmp_path):
    """Walker23 W23-12 (c): after dlstudio closed during a run (kill -9), the restored session
    keeps the run's weights only in the point it can continue from; choosing a layer said it
    would be recorded from the next Start (which would throw the run away). The layer is now
    measured on the weights the run can continue from."""
    from dlstudio.gui import workspace_file as wf

    panel = window.plot_panels["units"]
    s = small_studio
    stop_after(4)
    saved = wf.capture(s)
    saved.history = [rec for rec in saved.history if rec["event"] != "stopped"]
    saved.weights = {}                           # as an autosave made during the run
    wf.write(tmp_path / "crash.dlsw", saved)
    wf.apply(s, wf.read(tmp_path / "crash.dlsw"))
    moment = s.resume_point()
    assert moment is not None and s.shown_weights("A") is None
    s.load_dataset()
    qtbot.waitUntil(lambda: s.dataset is not None, timeout=20000)
    panel.layer_box.setCurrentIndex(2)
    panel.layer_box.activated.emit(2)
    assert not s.is_active() and s.resume_point() is not None      # nothing trains
    assert panel.followed() == {"A": 1}
