"""The window's workspace controller: opening a broken or partly damaged file shows a dialog
and keeps or opens what it can; saving adds the suffix. Session restore and recovery:
``test_session_recovery.py``."""
from __future__ import annotations

import json
import zipfile

import numpy as np
from PySide6.QtWidgets import QWidget

from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file


def test_controller_open_broken_file_shows_dialog_and_keeps_state(small_studio, qtbot,
                                                                  tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=tmp_path / "auto.dlsw")
    bad = tmp_path / "bad.dlsw"
    bad.write_text("garbage")
    before = small_studio.network_spec
    assert ctl.open(bad) is False
    assert small_studio.network_spec == before
    boxes = [w for w in parent.findChildren(QWidget) if w.isVisible() and w.isWindow()]
    assert boxes, "a message box explains the problem"


def test_save_to_adds_the_suffix(small_studio, qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=tmp_path / "a.dlsw")
    assert ctl.save_to(tmp_path / "mine")
    assert (tmp_path / "mine.dlsw").exists() and ctl.path == tmp_path / "mine.dlsw"


def _damage_weights(path, tmp_path, change):
    """Rewrite ``path``'s weights.npz with ``change(arrays)`` applied."""
    import io

    with zipfile.ZipFile(path) as zf:
        doc = zf.read("workspace.json")
        arrays = dict(np.load(io.BytesIO(zf.read("weights.npz")), allow_pickle=False))
    change(arrays)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", doc)
        zf.writestr("weights.npz", buf.getvalue())


def test_a_partly_damaged_workspace_opens_the_rest_and_says_what_was_left_out(
        small_studio, qtbot, tmp_path):
    """Issue 12.3: wrong-shaped or NaN weights are not applied silently; a broken variant
    is left out; the window shows a dialog listing what was not opened."""
    s = small_studio
    ws_obj = workspace_file.Workspace(network=s.network_spec, data=s.data_spec,
                                      train=s.train_spec, weights={"A": s.network.get_weights()})
    path = tmp_path / "w.dlsw"
    workspace_file.write(path, ws_obj)

    def nan(arrays):
        arrays["A/0"] = np.full_like(arrays["A/0"], np.nan)

    _damage_weights(path, tmp_path, nan)
    back = workspace_file.read(path)
    assert back.weights == {} and any("NaN" in p for p in back.problems)

    def reshape(arrays):
        arrays["A/0"] = np.zeros((7, 7), np.float32)

    _damage_weights(path, tmp_path, reshape)
    back = workspace_file.read(path)
    assert back.weights == {} and any("do not fit" in p for p in back.problems)

    with zipfile.ZipFile(path) as zf:
        doc = json.loads(zf.read("workspace.json"))
    doc["variants"] = [{"name": "B", "network": {"layers": 5}, "train": {}}]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps(doc))
    back = workspace_file.read(path)
    assert back.network == s.network_spec and back.variants == []
    assert any("variant" in p for p in back.problems)

    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(s, parent, autosave_path=tmp_path / "auto.dlsw")
    assert ctl.open(path)
    boxes = [w for w in parent.findChildren(QWidget) if w.isVisible() and w.isWindow()]
    assert boxes and "variant" in boxes[-1].text()
