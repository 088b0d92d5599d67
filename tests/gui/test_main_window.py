"""The whole window: build a network through the UI, train from the toolbar, see the plots'
store fill, pause/step/stop through the actions, panels bound to the specs, and closing while
training is clean."""
from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import Qt

from dlstudio.gui import app as gui_app
from dlstudio.gui.main_window import MainWindow
from dlstudio.gui.run_end_note import kept_weights_note

from tests.run_waits import wait_until


def test_panels_are_in_place(window):
    names = {"network", "data", "training", "compare"}
    assert names <= set(window.docks)
    for name in names:
        assert type(window.docks[name].widget()).__name__ != "QLabel", name
    from dlstudio.gui.plots import PANELS

    # every registered plot page built (a failing one is only logged, so the window lives)
    assert set(window.plot_panels) == {key for key, _title, _cls in PANELS}


def test_train_from_the_toolbar_and_watch_the_store_fill(window, small_studio, qtbot):
    s = small_studio
    editor = window.docks["network"].widget()
    # one more hidden layer, added through the palette
    editor.stack.setCurrentRow(0)
    pal = editor.palette_view
    item = next(pal.item(i) for i in range(pal.count())
                if pal.item(i).data(Qt.ItemDataRole.UserRole) == "Dense")
    pal.itemDoubleClicked.emit(item)
    assert len(s.network_spec.layers) == 5 and s.network_spec.validate() == []
    s.set_train_spec(s.train_spec.replace(epochs=300))
    acts = window.run_actions.actions
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        acts["start"].trigger()
    qtbot.waitUntil(lambda: s.state == "running", timeout=30000)
    qtbot.waitUntil(lambda: len(s.store.series(s.store.variants()[0], "train_loss")[0]) >= 3,
                    timeout=30000)
    assert not acts["start"].isEnabled() and acts["stop"].isEnabled()
    assert "step" in window.progress.label.text()
    assert acts["pause"].text() == "Pause"
    acts["pause"].trigger()
    assert s.state == "paused" and acts["pause"].isChecked()
    assert acts["pause"].text() == "Resume"     # says what pressing it does (walker6 W6-10)
    # paused: the trainer waits between mini-batches and reported the step it stands at
    # (the window may still be handing over the snapshots sent before the pause). A step
    # may wait for a kernel compiled on another thread (a cold Numba cache in CI): the
    # waits are long, and a timeout says where each thread stood.
    settled = lambda: s.runner.control.waiting and s.runner.pending() == 0
    describe = lambda: (f"state {s.state}, job running {s.runner.running}, trainer waiting "
                        f"{s.runner.control.waiting}, {s.runner.pending()} items not handed "
                        f"over, last step shown {s.last_telemetry.step}")
    wait_until(qtbot, settled, 120000, describe)
    for _ in range(2):
        before = s.last_telemetry.step
        acts["step"].trigger()                   # one mini-batch, reported, then paused
        wait_until(qtbot, lambda: s.last_telemetry.step > before and settled(), 120000,
                   describe)
        assert s.last_telemetry.step == before + 1
    acts["start"].trigger()                      # Start while paused resumes
    assert s.state == "running" and acts["pause"].text() == "Pause"
    acts["stop"].trigger()
    qtbot.waitUntil(lambda: s.state == "stopped", timeout=30000)
    assert acts["start"].isEnabled() and not acts["stop"].isEnabled()
    acts["reset"].trigger()
    assert s.state == "idle" and s.store.is_empty()


def test_training_panel_is_bound_both_ways(window, small_studio):
    s = small_studio
    panel = window.docks["training"].widget()
    panel.learning_rate.setValue(0.05)
    assert s.train_spec.learning_rate == pytest.approx(0.05)
    s.set_train_spec(s.train_spec.replace(batch_size=64, optimizer="adam"))
    assert panel.batch_size.value() == 64
    assert panel.optimizer.currentData() == "adam"
    assert "beta_1" in panel.optimizer_params.editors
    panel.clipnorm.check.setChecked(True)
    assert s.train_spec.clipnorm == pytest.approx(panel.clipnorm.spin.value())
    panel.early.setChecked(True)
    assert s.train_spec.early_stopping is not None
    assert len(panel.schedule_plot.rates) > 1


def test_data_panel_changes_the_dataset_and_previews_it(window, small_studio, qtbot):
    s = small_studio
    panel = window.docks["data"].widget()
    i = panel.dataset.findData("circles")
    panel.dataset.setCurrentIndex(i)
    panel.dataset.activated.emit(i)
    assert s.data_spec.dataset == "circles"
    panel.params.editors["n_samples"].setValue(200)
    assert s.data_spec.params["n_samples"] == 200
    s.load_dataset()
    qtbot.waitUntil(lambda: s.dataset is not None, timeout=30000)
    qtbot.waitUntil(lambda: panel.preview.n_points > 0, timeout=5000)
    assert panel.preview.currentWidget() is panel.preview.plot


def test_compare_panel_makes_variants(window, small_studio):
    s = small_studio
    panel = window.docks["compare"].widget()
    panel.duplicate.click()
    assert [v.name for v in s.variants] == ["A", "B"]
    panel.learning_rate.setValue(0.2)
    assert s.variants[1].train_spec.learning_rate == pytest.approx(0.2)
    assert "learning rate" in panel.list.item(1).text()
    panel.batchnorm.setChecked(True)
    assert "batch norm on" in panel.list.item(1).text()
    panel.remove.click()
    assert len(s.variants) == 1


def test_start_up_options_apply_a_preset_and_autostart(small_studio, qtbot, user_dir):
    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    args = argparse.Namespace(workspace=None, preset="toy_2d", dataset="circles", epochs=1,
                              learning_rate=0.01,
                              autostart=True, panel="gradients", fresh=True)
    gui_app.after_show(w, args)
    assert small_studio.warmer.job_id == 1          # kernels compile in the background
    assert small_studio.data_spec.dataset == "circles"
    assert w.plot_tabs.currentWidget() is w.plot_panels["gradients"]
    qtbot.waitUntil(lambda: small_studio.state == "finished", timeout=60000)
    w.close()


def test_image_data_shows_a_grid_and_augmented_samples(window, small_studio, qtbot):
    s = small_studio
    panel = window.docks["data"].widget()
    s.set_data_spec(s.data_spec.with_(dataset="digits", params={"n_samples": 300}))
    assert panel.box_augment.isVisibleTo(panel)
    s.load_dataset()
    qtbot.waitUntil(lambda: s.dataset is not None, timeout=60000)
    qtbot.waitUntil(lambda: panel.preview.currentWidget() is panel.preview.grid, timeout=5000)
    assert not panel.preview.pixmap.isNull()
    panel.augment.editors["rotation_range"].setValue(20.0)
    assert s.data_spec.augmentation == {"rotation_range": 20.0}
    assert panel.augmented.currentWidget() is panel.augmented.grid
    i = panel.preprocessing.findData("standardize")
    panel.preprocessing.setCurrentIndex(i)
    panel.preprocessing.activated.emit(i)
    assert s.data_spec.preprocessing == ({"type": "standardize"},)


@pytest.mark.parametrize("module", ["editor", "data", "training"])
def test_each_panel_runs_alone(module, qapp, user_dir, monkeypatch):
    import runpy

    from PySide6.QtWidgets import QApplication

    shown = []
    # no real event loop: check that the panel is built and shown, then return at once
    monkeypatch.setattr(QApplication, "exec",
                        lambda self: shown.extend(w.windowTitle() for w in
                                                  self.topLevelWidgets() if w.isVisible()) or 0)
    with pytest.raises(SystemExit) as exc:
        runpy.run_module(f"dlstudio.gui.{module}", run_name="__main__")
    assert exc.value.code == 0
    assert any(title.startswith("dlstudio") for title in shown)
    for w in QApplication.topLevelWidgets():
        if w.windowTitle().startswith("dlstudio"):
            w.close()
            w.deleteLater()


def test_start_with_a_problem_shows_what_to_fix(window, small_studio, qtbot):
    from PySide6.QtWidgets import QMessageBox

    from dlstudio.engine.spec import LayerSpec

    s = small_studio
    s.set_network_spec(s.network_spec.insert_layer(0, LayerSpec("Conv2D", {
        "filters": 4, "kernel_size": 3})))
    window.run_actions.actions["start"].trigger()
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "input shape" in boxes[0].text()
    assert s.state == "idle"
    assert window.status_label.text().startswith("Layer 1")
    for b in boxes:
        b.close()


def test_help_menu_about_and_shortcuts(window):
    from dlstudio.gui.widgets.about import show_about, show_shortcuts, versions

    v = versions()
    for name in ("dlstudio", "Python", "Qt", "PySide6", "numpy", "numba", "pyqtgraph"):
        assert v[name] and v[name] != "-", name
    box = show_about(window)
    assert "numba" in box.text() and v["numba"] in box.text()
    box.close()
    keys = {name: act.shortcut().toString() for name, act in window.run_actions.actions.items()}
    assert keys == {"start": "F5", "pause": "Space", "step": "F10", "stop": "Shift+F5",
                    "reset": "Ctrl+R"}
    box = show_shortcuts(window)
    assert all(k in box.text() for k in ("F5", "F10", "Shift+F5", "Space"))
    box.close()


def test_saturation_margin_is_bound_to_the_training_spec_and_saved(window, small_studio,
                                                                   tmp_path):
    from dlstudio.gui import workspace_file as ws

    s = small_studio
    panel = window.plot_panels["activations"]
    assert panel.margin_box.value() == pytest.approx(0.02)      # the spec's None: the default
    panel.margin_box.setValue(0.05)
    assert s.train_spec.telemetry.saturation_margin == pytest.approx(0.05)
    s.set_train_spec(s.train_spec.replace(telemetry={"saturation_margin": 0.1}))
    assert panel.margin_box.value() == pytest.approx(0.1)
    assert panel.saturation_margin == pytest.approx(0.1)
    path = tmp_path / "margin.dlsw"
    ws.write(path, ws.capture(s))
    assert ws.read(path).train.telemetry.saturation_margin == pytest.approx(0.1)


def test_why_a_run_diverged_is_readable_in_full(window, small_studio, qtbot):
    """Walker3 W3-4: the cause of a divergence was cut off in the one-line status bar; the
    status line now ends in "…" with the whole sentence as its tooltip, and a wrapped note
    above the plots says it in full until the next run."""
    from dlstudio.engine import spec_edits as edits

    big = {"class_name": "random_normal", "config": {"stddev": 30.0}}   # lesson 04 step 1
    small_studio.set_network_spec(edits.set_hidden_activation(
        edits.set_hidden_initializer(small_studio.network_spec, big), "relu"))
    small_studio.set_train_spec(small_studio.train_spec.replace(optimizer="sgd",
                                                                optimizer_config={}))
    assert window.run_note.isHidden()
    small_studio.start()
    qtbot.waitUntil(lambda: small_studio.state in ("diverged", "finished", "failed"),
                    timeout=60_000)
    assert small_studio.state == "diverged"
    note = window.run_note
    assert not note.isHidden()
    text = note.text()
    assert text.startswith("Why the run stopped:") and "use a smaller initialization" in text
    # which weights are left and what Start does now (W11-6)
    last = small_studio.store.latest()
    kept = last.extra["last_good_step"]
    assert kept == last.step - 1 and kept_weights_note(kept, last.step) in text
    assert "Start trains again" in text
    assert f"after step {kept}," in text if kept else "its initial weights" in text
    assert "its initial weights" in kept_weights_note(0)
    assert "first step" not in kept_weights_note(0)     # step 1 was fine: step 2 blew up
    full = small_studio.store.latest().message
    assert str(full)[:40].lower() in text.lower()       # the whole explanation, wrapped
    status = window.status_label
    window.resize(700, 600)          # as narrow as it goes (its least width, ~900 px)
    qtbot.wait(200)
    # in the font in use, the sentence is longer than the status line's lines hold (cut
    # with "…"), or it is shown whole (Noto Sans CJK's Latin letters are narrower)
    wide = status.fontMetrics().horizontalAdvance(status.full_text())
    room = status.max_lines * status.contentsRect().width()
    if wide > room:
        qtbot.waitUntil(lambda: status.text().endswith("…"), timeout=5_000)
        assert len(status.full_text()) > len(status.text())
    elif wide < 0.9 * room:          # (a line breaks at a word: room for its slack)
        assert status.text().replace("\n", " ") == status.full_text()
    assert status.full_text()[-30:].replace("&", "&amp;") in status.toolTip()
    small_studio.undo()
    small_studio.start()
    assert note.isHidden()                             # a new run: the note goes
    qtbot.waitUntil(lambda: small_studio.state in ("finished", "failed", "diverged"),
                    timeout=60_000)


def test_status_line_elides_and_keeps_the_whole_text(qtbot):
    from dlstudio.gui.widgets.status_line import StatusLineWidget

    line = StatusLineWidget()
    qtbot.addWidget(line)
    line.resize(200, 20)
    line.show()
    long = "Gradients in layer 3 (dense_1) exceeded 1e6 at step 2. Cause: " + "x " * 80
    line.setText(long)
    assert line.full_text() == long and line.text().endswith("…")
    assert "Cause:" in line.toolTip()
    line.setText("short")
    assert line.text() == "short"


def test_every_plot_tab_says_what_its_page_shows(window):
    """W11-16: hovering the plot tabs (Gradients, Activations, Units ...) gave nothing."""
    from dlstudio.gui.plots import PANELS

    for key, _title, _cls in PANELS:
        panel = window.plot_panels[key]
        button = window.tab_rows.button_for(panel)
        assert button is not None and len(button.toolTip()) > 20, key
    assert "dL/dz" in window.tab_rows.button_for(window.plot_panels["gradients"]).toolTip()
