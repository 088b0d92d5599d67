"""File > New asks about an unsaved run, then leaves nothing of it on screen (walker7 W7-19)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from dlstudio.gui import workspace as ws

Button = QMessageBox.StandardButton


def test_new_workspace_asks_then_clears_the_old_runs_traces(window, small_studio, qtbot,
                                                            tmp_path):
    s = small_studio
    ctl = ws.WorkspaceController(s, window, autosave_path=tmp_path / "auto.dlsw")
    window.attach_workspace(ctl)
    asked = []
    ctl.ask_save_changes = lambda _parent, name: (asked.append(name), Button.Discard)[1]
    s.set_train_spec(s.train_spec.replace(epochs=1))
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    s.sigMessage.emit("Restored your last session.")
    landscape = window.tool_tabs["landscape"]
    landscape.resolution_spin.setValue(5)
    landscape.examples_spin.setValue(32)
    with qtbot.waitSignal(landscape.sigComputed, timeout=60000):
        assert landscape.compute("random_2d")
    assert landscape.plot.landscape is not None
    transfer = window.tool_tabs["transfer"]
    assert transfer.use_studio_network() and transfer.source is not None
    search = window.tool_tabs["search"]
    search.results = [{"trial": 1}]               # as if a search had run

    assert s.preflight is not None               # the run's check of its initialization
    assert ctl.new()
    assert asked == [""]                          # the trained run was in no file
    assert s.store.is_empty() and s.weights("A") is None and s.preflight is None
    assert landscape.result is None and landscape.plot.landscape is None
    assert not landscape.results and not landscape.weight_path.kept
    assert transfer.source is None and transfer.layers.rowCount() == 0
    assert search.results == []
    status = window.status_label.full_text()
    assert "Restored" not in status and "new workspace" in status
