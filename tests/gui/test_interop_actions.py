"""File > Export network, File > Open Keras model and Run > Write TensorBoard logs."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dlstudio.gui.main_window import MainWindow
from dlstudio.interop.tensorboard import read_events


@pytest.fixture
def window(small_studio, qtbot):
    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    return w


def test_menus_offer_export_open_keras_and_tensorboard(window):
    assert window.acts["export_network"] in window.menus["file"].actions()
    assert window.acts["open_keras"] in window.menus["file"].actions()
    assert window.acts["tensorboard"].isCheckable()
    assert "ONNX" in window.acts["export_network"].text()


def test_export_runs_in_the_background_and_onnxruntime_agrees(window, qtbot, tmp_path):
    ort = pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    pytest.importorskip("onnx", reason="onnx is not installed")
    with qtbot.waitSignal(window.interop.exporter.sigFinished, timeout=30000) as done:
        window.interop.export_to("onnx", tmp_path / "net.onnx")
    (path,) = done.args[0]
    net = window.studio.network
    x = np.random.default_rng(0).standard_normal((4, *net.input_shape)).astype(np.float32)
    out = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(
        None, {"input": x})[0]
    np.testing.assert_allclose(out, net.predict(x), rtol=1e-5, atol=1e-6)
    assert "Exported" in window.status_label.full_text()


def test_each_export_file_type_names_one_pattern_its_targets_suffix(window):
    """Qt reads every word in a filter's brackets as a pattern and puts the first in the file
    name: '(*.py, weights in a .pt beside it)' made 'network.py,.py' (walker11 W11-8)."""
    import re

    from dlstudio.interop.exporters import TARGETS

    zh = json.loads((Path(__file__).parents[2] / "resources" / "translations"
                     / "zh_CN.json").read_text(encoding="utf-8"))
    for text, target in window.interop.export_filters().items():
        for shown in (text, zh[text]):
            assert re.search(r"\(([^()]*)\)$", shown).group(1) == "*" + TARGETS[target].suffix


def test_export_puts_the_targets_suffix_in_place_of_anothers(monkeypatch, tmp_path):
    from dlstudio.interop import exporters

    written = []
    monkeypatch.setitem(exporters.TARGETS, "pytorch", exporters.TARGETS["pytorch"].__class__(
        "pytorch", "PyTorch", ".py", lambda net, path: written.append(path) or [path]))
    exporters.export(None, "pytorch", tmp_path / "network.onnx")
    exporters.export(None, "pytorch", tmp_path / "network")
    exporters.export(None, "pytorch", tmp_path / "network.py")
    assert [p.name for p in written] == ["network.py"] * 3


def test_a_failed_export_explains(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("dlstudio.gui.interop_actions.show_problem",
                        lambda parent, title, text: shown.append(text))
    with qtbot.waitSignal(window.interop.exporter.sigFailed, timeout=30000):
        window.interop.export_to("onnx", tmp_path / "missing" / "net.onnx")
    assert shown and "missing" in shown[0]


def test_open_keras_config_replaces_the_network(window, tmp_path):
    cfg = {"class_name": "Sequential", "config": {"layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 2], "name": "in"}},
        {"class_name": "Dense", "config": {"name": "hidden", "units": 5, "activation": "tanh"}},
        {"class_name": "Dense", "config": {"name": "out", "units": 2,
                                           "activation": "softmax"}}]}}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(cfg))
    assert window.interop.open_keras(path)
    assert [ls.config["units"] for ls in window.studio.network_spec.layers] == [5, 2]
    assert "2 layers" in window.status_label.full_text()


def test_open_keras_lists_unsupported_layers(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("dlstudio.gui.interop_actions.show_problem",
                        lambda parent, title, text: shown.append(text))
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"class_name": "Sequential", "config": {"layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4, 3]}},
        {"class_name": "GRU", "config": {"name": "gru", "units": 3}}]}}))
    before = window.studio.network_spec
    assert not window.interop.open_keras(path)
    assert "layer 'gru' (GRU): dlstudio has no such layer" in shown[0]
    assert window.studio.network_spec == before


def test_tensorboard_setting_writes_each_run(window, qtbot, tmp_path):
    window.interop.set_tensorboard_dir(str(tmp_path / "tb"))
    assert window.acts["tensorboard"].isChecked()
    studio = window.studio
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=120000):
        studio.start(max_steps=10)
    (path,) = (tmp_path / "tb").glob("run-*/events.out.tfevents.*")
    tags = {e.get("tag") for e in read_events(path)}
    assert {"train/loss", "learning_rate"} <= tags
    window.interop.set_tensorboard_dir(None)
    assert not window.acts["tensorboard"].isChecked() and studio.tensorboard_dir is None


def test_exports_say_which_weights_and_panel_exports_say_where(window, small_studio, qtbot,
                                                               tmp_path, monkeypatch):
    """Walker11 W11-9: after scrubbing the timeline back, the export said only 'Exported:
    path'; a panel's PNG/CSV export said nothing at all."""
    from dlstudio.gui import file_choice

    s = small_studio
    assert "new random weights" in window.interop.weights_moment("A")
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    last = s.store.latest("A").step
    assert f"newest trained weights (step {last:,})" in window.interop.weights_moment("A")
    s.scrub_to(10)
    assert "weights of step 10 (the moment the timeline shows)" in \
        window.interop.weights_moment("A")
    window.build_panels()
    panel = window.plot_panels["convergence"]
    monkeypatch.setattr(file_choice, "get_save_path",
                        lambda *a, **k: (str(tmp_path / "metrics"), ""))
    panel._ask_export("csv")
    said = window.status_label.full_text()
    assert (tmp_path / "metrics.csv").exists() and "Saved the run's metrics" in said
    assert str(tmp_path / "metrics.csv") in said


def test_open_keras_refuses_a_file_of_another_kind_as_not_a_keras_model(window, tmp_path,
                                                                        monkeypatch):
    """walker20 W20-12: an ONNX file typed into the dialog was refused as 'the file is not
    UTF-8 text'."""
    shown = []
    monkeypatch.setattr("dlstudio.gui.interop_actions.show_problem",
                        lambda parent, title, text: shown.append(text))
    path = tmp_path / "network.onnx"
    path.write_bytes(b"\x08\x01\xff\xfe")
    assert not window.interop.open_keras(path)
    assert shown == [f"{path}: not a Keras model (.keras, or its config in .json), or the "
                     f"file is damaged"]


def test_an_export_of_a_comparison_names_the_variant_exported(window, qtbot, tmp_path,
                                                               monkeypatch):
    """walker20: after File > Export of B in a comparison, the status line said "Exported the
    network with its newest trained weights (step 3,376)": not which network it was."""
    from dlstudio.interop import exporters

    monkeypatch.setitem(exporters.TARGETS, "pytorch", exporters.TARGETS["pytorch"].__class__(
        "pytorch", "PyTorch", ".py", lambda net, path: [path]))
    window.studio.add_variant()
    assert [v.name for v in window.studio.variants] == ["A", "B"]
    with qtbot.waitSignal(window.interop.exporter.sigFinished, timeout=30000):
        window.interop.export_to("pytorch", tmp_path / "net.py", "B")
    said = window.status_label.full_text()
    assert said.startswith("Exported the network of variant B with new random weights")
    assert str(tmp_path / "net.py") in said


def test_the_export_question_says_which_variants_are_trained(window, monkeypatch):
    """walker28 e_29: 'Which variant's network (with its trained weights)?' offered an
    untrained B as if it had trained weights."""
    from PySide6.QtWidgets import QInputDialog

    window.studio.add_variant()
    asked = {}

    def answer(parent, title, label, items, current, editable):
        asked.update(label=label, items=list(items))
        return items[1], False          # (cancelled: no file dialog)

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(answer))
    window.interop.export_dialog()
    assert asked["items"] == ["A: not trained yet (new random weights)",
                              "B: not trained yet (new random weights)"]
    assert "trained weights" not in asked["label"]


def test_an_export_is_said_in_the_status_line_and_stays(window):
    """walker36 c_exported.png: after File > Export... ONNX the status line went back to
    'Saved the trained network as ....dlsnet' (the export's sentence was a 10 s message over
    it): the export's sentence replaces the line's, as the studio's own messages do."""
    window.studio.sigMessage.emit("Saved the trained network as /tmp/toy.dlsnet")
    window.interop._exported_weights, window.interop._exported_variant = \
        "with its trained weights", None
    window.interop._on_exporter_finished([Path("/tmp/toy.onnx")])
    assert window.status_label.full_text() == \
        "Exported the network with its trained weights: /tmp/toy.onnx"
    assert window.statusBar().currentMessage() == ""      # nothing over it that times out
