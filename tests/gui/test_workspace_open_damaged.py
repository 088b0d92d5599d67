"""Walker20 W20-5: File > Open, "Discard", then a damaged file: the open failed but the
window had already emptied its runs while still being "conv2.dlsw*", so Ctrl+S overwrote the
good file with a session holding no runs and no weights. The discard happens only once the
chosen file was read: a file that cannot be opened (or a cancelled file dialog) changes
nothing."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from dlstudio.gui import file_choice, workspace as ws

pytest.importorskip("pytestqt")

Button = QMessageBox.StandardButton


@pytest.fixture
def trained(small_studio, qtbot, tmp_path, monkeypatch):
    """``(studio, controller, good file)``: a run of the student's own, saved in a file,
    then trained on (changes in no file)."""
    monkeypatch.setattr(ws, "show_problem", lambda *a, **k: None)
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(s, parent, autosave_path=tmp_path / "auto.dlsw")
    ctl.ask_save_changes = lambda _parent, _name: Button.Discard
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    good = tmp_path / "conv2.dlsw"
    assert ctl.save_to(good)
    s.start()                                    # more of the student's own work
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    assert "run" in ctl.own_work and ctl.modified
    return s, ctl, good


@pytest.mark.parametrize("chosen", ["damaged", "cancelled"])
def test_discard_then_an_unreadable_file_changes_nothing(trained, tmp_path, monkeypatch,
                                                         chosen):
    s, ctl, good = trained
    damaged = tmp_path / "corrupt.dlsw"
    damaged.write_bytes(b"\x00\x13 not a workspace" * 50)
    monkeypatch.setattr(file_choice, "get_open_path",
                        lambda *a, **k: str(damaged) if chosen == "damaged" else "")
    snapshots = len(s.store.snapshots("A"))
    weights = s.weights("A")
    ctl.open_dialog()
    assert len(s.store.snapshots("A")) == snapshots and snapshots > 0
    assert s.weights("A") is weights                     # the run is still on screen
    assert ctl.path == good and ctl.modified and "run" in ctl.own_work


def test_discard_then_a_good_file_opens_it(trained, tmp_path, monkeypatch):
    s, ctl, good = trained
    monkeypatch.setattr(file_choice, "get_open_path", lambda *a, **k: str(good))
    ctl.open_dialog()
    assert ctl.path == good and not ctl.modified and not ctl.own_work
