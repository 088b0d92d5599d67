"""Choosing the transfer panel's source (gui/transfer/source_choice.py): the studio's network
when it has one, a clear sentence for a file that is no network."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.studio import Studio
from dlstudio.gui.transfer.panel import TransferPanel


def test_a_source_sets_the_reused_layers_and_the_frozen_ones(qtbot):
    panel = TransferPanel(Studio())
    qtbot.addWidget(panel)
    net = Network.from_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 6, "activation": "tanh"}),
        LayerSpec("Dense", {"units": 5, "activation": "tanh"}),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"}))), seed=0)
    panel.set_source(net, "toy")
    assert panel.source is net and panel.reuse_spin.value() == 2
    assert panel.layers.frozen() == [0, 1]


def test_a_file_that_is_no_network_is_not_loaded(qtbot, tmp_path):
    panel = TransferPanel(Studio())
    qtbot.addWidget(panel)
    bad = tmp_path / "notes.dlsnet"
    bad.write_text("not a network")
    assert panel.load_source(bad) is False
    assert panel.source is None
    assert panel.status_label.text().startswith("Not loaded")
