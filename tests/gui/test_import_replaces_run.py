"""Opening a Keras model replaces the trained weights: unsaved work is asked about first, and
the old run's curves are said to belong to the earlier network (walker7 W7-21)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from dlstudio.engine import spec_edits as edits
from dlstudio.gui import file_choice
from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file

Button = QMessageBox.StandardButton


def test_open_keras_model_asks_about_unsaved_work_first(window, small_studio, tmp_path,
                                                        monkeypatch):
    window.attach_workspace(ws.WorkspaceController(small_studio, window,
                                                   autosave_path=tmp_path / "auto.dlsw"))
    asked, chosen = [], []
    window.workspace.ask_save_changes = lambda _parent, name: (asked.append(name),
                                                               Button.Cancel)[1]
    monkeypatch.setattr(file_choice, "get_open_path",
                        lambda *a, **k: chosen.append(a) or "")
    small_studio.set_network_spec("deep_sigmoid_mlp")          # work that is in no file
    window.interop.open_keras_dialog()
    assert asked and not chosen                                # cancelled: no file dialog
    window.workspace.ask_save_changes = lambda _parent, name: Button.Discard
    window.interop.open_keras_dialog()
    assert chosen                                              # discarded: the dialog opens


def test_after_another_network_the_interrupted_run_is_not_said_to_hold_its_weights(
        small_studio, qtbot):
    """An interrupted run's note must not outlive its network: opening another model (or
    an edit) makes the curves the earlier network's."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    saved = workspace_file.capture(s)
    saved.history = [rec for rec in saved.history if rec["event"] != "finished"]
    from dlstudio.gui.studio import Studio

    fresh = Studio()
    workspace_file.apply(fresh, saved)
    assert "interrupted" in fresh.curves_note()
    fresh.set_network_spec(edits.set_hidden_activation(fresh.network_spec, "relu"))
    assert "edited after this run" in fresh.curves_note()
    fresh.shutdown()


def test_send_to_studio_asks_about_unsaved_work_first(window, small_studio, tmp_path):
    """Walker9 W9-25: Transfer's Send to studio replaced the studio's network (and its
    continuable run) without the question Open Keras model asks."""
    from dlstudio import Network

    window.attach_workspace(ws.WorkspaceController(small_studio, window,
                                                   autosave_path=tmp_path / "auto.dlsw"))
    asked = []
    window.workspace.ask_save_changes = lambda _parent, name: (asked.append(name),
                                                               Button.Cancel)[1]
    small_studio.set_network_spec(edits.set_hidden_activation(small_studio.network_spec,
                                                              "elu"))     # work in no file
    own = small_studio.network_spec
    sent = edits.set_hidden_activation(own, "relu")
    panel = window.tool_tabs["transfer"]
    panel.result = {"network": Network.from_spec(sent, seed=0),
                    "val_accuracy": {"head": 0.9, "fine_tune": None}}
    assert not panel.send_to_studio()
    assert asked and small_studio.network_spec == own           # cancelled: nothing sent
    window.workspace.ask_save_changes = lambda _parent, name: Button.Discard
    assert panel.send_to_studio() and small_studio.network_spec == sent
    assert "validation accuracy 90.0%" in panel.status_label.text()


def test_an_opened_keras_model_trains_on_from_its_weights(window, small_studio, qtbot,
                                                          monkeypatch):
    """Walker11 W11-11: after File > Open Keras model the note said 'press Start to train
    this one', and Start gave new random weights: the file's trained weights were lost."""
    import numpy as np

    from dlstudio import Network

    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    opened = Network.from_spec(edits.set_hidden_activation(s.network_spec, "relu"), seed=7)
    monkeypatch.setattr(Network, "from_spec", classmethod(lambda cls, spec, **k: opened))
    assert window.interop.open_keras("trained.keras")
    assert s.network_spec == opened.spec
    kept = s.weights_to_start_from(s.network_spec)
    assert kept is not None and all(np.array_equal(a, b)
                                    for a, b in zip(kept, opened.get_weights()))
    assert "trained.keras" in s.curves_note() and "press Start" not in s.curves_note()
    assert "with its trained weights" in window.status_label.full_text()
