"""The transfer panel's sentences (gui/transfer/plan_sentences.py): what Train will do, the
studio's network after Send, the source line (a source that cannot read the data: see
test_transfer_panel.py)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dlstudio.data.spec import DataSpec
from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.studio import Studio
from dlstudio.gui.transfer.panel import TransferPanel


def _source(n_in=2):
    return Network.from_spec(NetworkSpec((n_in,), (
        LayerSpec("Dense", {"units": 6, "activation": "tanh"}),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"}))), seed=0)


def _panel(qtbot):
    studio = Studio()
    studio.set_data_spec(DataSpec(dataset="blobs", params={"n_samples": 60, "n_classes": 3}))
    panel = TransferPanel(studio)
    qtbot.addWidget(panel)
    return panel


def test_the_plan_sentence_says_whether_fine_tuning_follows(qtbot):
    panel = _panel(qtbot)
    panel.set_source(_source(), "toy")
    train = panel.studio.train_spec
    panel.fine_layers_spin.setValue(0)
    assert "no fine-tuning" in panel._fine_tune_text(train)
    panel.fine_layers_spin.setValue(1)
    panel.fine_epochs_spin.setValue(3)
    assert "top reused layer" in panel._fine_tune_text(train)
    assert "toy" in panel.source_label.text()


def test_sent_text_names_the_frozen_layers_and_the_accuracy(qtbot):
    panel = _panel(qtbot)
    assert "(2)" in panel.sent_text(0.5, 2) and "50.0%" in panel.sent_text(0.5, 2)
    assert "?" in panel.sent_text(None, 0)


def test_no_data_problem_before_a_source(qtbot):
    panel = _panel(qtbot)
    assert panel.data_problem() == ""
    assert panel.source_label.text() == "No source network yet."
