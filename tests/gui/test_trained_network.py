"""A student's trained work opens where a trained network is wanted (walker7 W7-16): Draw a
digit and Transfer take a workspace (.dlsw: its network and trained weights) as well as a
saved network (.dlsnet); File > Save trained network writes a .dlsnet; refusals name the file
once, by name, never the parts inside it."""
from __future__ import annotations

import re
import zipfile

import numpy as np
import pytest

from dlstudio.engine.fileio import FileFormatError
from dlstudio.engine.serialize import load_network, save_network
from dlstudio.gui import trained_network as tn
from dlstudio.gui import workspace_file
from dlstudio.gui.i18n import render
from dlstudio.messages import message_of, render_error

CJK = re.compile(r"[\u4e00-\u9fff]")


def _trained(studio):
    """Give ``studio`` trained weights (different from a fresh build's) and return them."""
    net = studio.network_for("A")
    weights = [w + 0.25 for w in net.get_weights()]
    studio.set_weights({"A": weights})
    return weights


def _workspace(studio, path):
    workspace_file.write(path, workspace_file.capture(studio))
    return path


def _refusal(path) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        tn.open_trained_network(path)
    exc = info.value
    text = str(exc)
    assert str(path.parent) not in text and text.count(path.name) == 1, text
    for inside in ("meta.json", "arrays.npz", "workspace.json", "weights.npz"):
        assert inside not in text, text
    assert CJK.search(render_error(exc, "zh"))
    return exc


def test_a_workspace_gives_its_network_with_the_trained_weights(small_studio, tmp_path):
    weights = _trained(small_studio)
    net = tn.open_trained_network(_workspace(small_studio, tmp_path / "toy1.dlsw"))
    assert net.spec == small_studio.network_spec
    for got, want in zip(net.get_weights(), weights):
        np.testing.assert_array_equal(got, want)


def test_a_saved_network_opens_as_before(small_studio, tmp_path):
    net = small_studio.network_for("A")
    save_network(net, tmp_path / "m.dlsnet")
    loaded = tn.open_trained_network(tmp_path / "m.dlsnet")
    for got, want in zip(loaded.get_weights(), net.get_weights()):
        np.testing.assert_array_equal(got, want)


def test_refusals_in_a_students_words(small_studio, tmp_path):
    untrained = _workspace(small_studio, tmp_path / "homework.dlsw")
    exc = _refusal(untrained)
    assert message_of(exc).id == "model.workspace_untrained"
    assert "File > Open workspace" in str(exc) and "train" in str(exc)
    # damaged trained weights: said as such
    _trained(small_studio)
    damaged = _workspace(small_studio, tmp_path / "damaged.dlsw")
    with zipfile.ZipFile(damaged) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(damaged, "w") as zf:
        zf.writestr("workspace.json", parts["workspace.json"])
        zf.writestr("weights.npz", b"damaged")
    assert message_of(_refusal(damaged)).id == "model.workspace_weights_damaged"
    # some other zip, and a file that is no zip at all
    other = tmp_path / "notes.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("notes.txt", "hello")
    assert message_of(_refusal(other)).id == "model.neither_kind"
    text = tmp_path / "net.dlsnet"
    text.write_text("not a network")
    _refusal(text)


def test_save_trained_network_writes_a_dlsnet_only_once_trained(small_studio, tmp_path):
    with pytest.raises(ValueError) as info:
        tn.save_trained_network(small_studio, tmp_path / "mine")
    assert message_of(info.value).id == "model.nothing_trained"
    weights = _trained(small_studio)
    path = tn.save_trained_network(small_studio, tmp_path / "mine")
    assert path == tmp_path / "mine.dlsnet"
    loaded = load_network(path)
    assert loaded.network.spec == small_studio.network_spec
    assert loaded.extra["train_spec"] == small_studio.train_spec.to_dict()
    for got, want in zip(loaded.network.get_weights(), weights):
        np.testing.assert_array_equal(got, want)


def test_the_file_menu_has_save_trained_network(small_studio, qtbot, tmp_path, monkeypatch):
    from dlstudio.gui import file_choice
    from dlstudio.gui.main_window import MainWindow

    window = MainWindow(small_studio)
    qtbot.addWidget(window)
    action = window.acts["save_trained"]
    assert action in window.menus["file"].actions()
    assert action.text() == "Save trained network (.dlsnet)..."
    shown = []
    monkeypatch.setattr("dlstudio.gui.errors.show_problem",
                        lambda _p, title, text: shown.append(text))
    action.trigger()                                   # nothing trained: said, no dialog
    assert shown and "not been trained" in shown[0]
    _trained(small_studio)
    monkeypatch.setattr(file_choice, "get_save_path",
                        lambda *a, **k: (str(tmp_path / "digits"), ""))
    action.trigger()
    assert (tmp_path / "digits.dlsnet").is_file()


def test_draw_a_digit_and_transfer_open_a_workspace(small_studio, qtbot, tmp_path):
    from dlstudio.engine.spec import NetworkSpec
    from dlstudio.gui.drawing import DrawDigitPanel
    from dlstudio.gui.transfer.panel import TransferPanel

    small_studio.set_network_spec(NetworkSpec.from_dict(
        {"input_shape": [28, 28, 1], "layers": [{"type": "Flatten"},
                                                 {"type": "Dense", "units": 10,
                                                  "activation": "softmax"}]}))
    untrained = _workspace(small_studio, tmp_path / "digits.dlsw")
    draw = DrawDigitPanel(small_studio)
    qtbot.addWidget(draw)
    assert not draw.open_model(str(untrained))
    status = draw.status.text()
    assert status.count("digits.dlsw") == 1 and str(tmp_path) not in status
    assert "File > Open workspace" in status
    weights = _trained(small_studio)
    trained = _workspace(small_studio, tmp_path / "trained.dlsw")
    assert draw.open_model(str(trained))
    for got, want in zip(draw.model[1], weights):
        np.testing.assert_array_equal(got, want)
    draw.shutdown()
    transfer = TransferPanel(small_studio)
    qtbot.addWidget(transfer)
    assert transfer.load_source(trained)
    assert "trained.dlsw" in transfer.source_label.text()
    assert not transfer.load_source(untrained)
    said = transfer.status_label.text()
    assert said.count("digits.dlsw") == 1 and "meta.json" not in said
    transfer.shutdown()
    assert render(tn.open_filter()).startswith("Trained networks (*.dlsnet *.dlsw)")


def test_a_saved_network_records_the_data_it_was_trained_on(small_studio, tmp_path):
    """walker36: 'dlstudio evaluate toy.dlsnet' needed --data and took any toy set without a
    word; the file now says the data its weights were trained on (not the Data dock's now)."""
    _trained(small_studio)
    trained_on = small_studio.trained_on("A")
    small_studio.set_data_spec(small_studio.data_spec.with_(dataset="moons"))
    path = tn.save_trained_network(small_studio, tmp_path / "mine")
    recorded = load_network(path).extra["data_spec"]
    assert recorded == trained_on.to_dict() and recorded["dataset"] == "spirals"
