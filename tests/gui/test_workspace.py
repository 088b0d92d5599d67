"""Workspaces: save and reopen round-trips specs, variants, weights and run history; broken
files give a clear error (never a crash); autosave and session restore; migration."""
from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from PySide6.QtWidgets import QWidget

from dlstudio.gui import workspace as ws
from dlstudio.gui.studio import Studio


def _trained(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.add_variant()
    s.set_variant("B", train_spec=s.train_spec.replace(learning_rate=0.05))
    s.start(compare=False)
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5000)
    return s


def test_save_and_reopen_round_trips(small_studio, qtbot, tmp_path, user_dir):
    s = _trained(small_studio, qtbot)
    path = tmp_path / "lesson.dlsw"
    ws.write(path, ws.capture(s))
    back = ws.read(path)
    assert back.network == s.network_spec
    assert back.data == s.data_spec
    assert back.train == s.train_spec
    assert [v["name"] for v in back.variants] == ["B"]
    assert back.variants[0]["train"].learning_rate == 0.05
    assert len(back.weights["A"]) == len(s.weights("A"))
    for a, b in zip(back.weights["A"], s.weights("A")):
        np.testing.assert_array_equal(a, b)
    assert back.history == json.loads(json.dumps(s.history))
    assert back.run_state == "finished"

    fresh = Studio()
    ws.apply(fresh, back)
    assert fresh.network_spec == s.network_spec and fresh.train_spec == s.train_spec
    assert [v.name for v in fresh.variants] == ["A", "B"]
    assert len(fresh.history) == len(s.history)
    assert fresh.last_telemetry is not None and fresh.last_telemetry.event == "finished"
    net = fresh.network
    for a, b in zip(net.get_weights(), s.weights("A")):
        np.testing.assert_array_equal(a, b)
    fresh.shutdown()


@pytest.mark.parametrize("content", [b"not a zip at all", b""])
def test_broken_file_gives_a_clear_error(tmp_path, content):
    path = tmp_path / "broken.dlsw"
    path.write_bytes(content)
    with pytest.raises(ws.WorkspaceError, match="not a dlstudio workspace"):
        ws.read(path)


def test_foreign_and_future_files_are_refused(tmp_path):
    path = tmp_path / "x.dlsw"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps({"format": "something.else"}))
    with pytest.raises(ws.WorkspaceError):
        ws.read(path)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps({"format": ws.FORMAT, "version": 99}))
    with pytest.raises(ws.WorkspaceError, match="newer dlstudio"):
        ws.read(path)
    with pytest.raises(ws.WorkspaceError, match="no such file"):
        ws.read(tmp_path / "missing.dlsw")


def test_version_0_documents_are_migrated(small_studio, tmp_path):
    s = small_studio
    doc = ws.to_document(ws.capture(s))
    old = {"format": ws.FORMAT, "version": 0, "network_spec": doc["network"],
           "data_spec": doc["data"], "train_spec": doc["train"]}
    path = tmp_path / "old.dlsw"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps(old))
    back = ws.read(path)
    assert back.network == s.network_spec and back.train == s.train_spec
    assert ws.migrate({"version": 1})["version"] == 1


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


def test_autosave_and_restore_last_session(small_studio, qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    auto = tmp_path / "auto.dlsw"
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    ctl._debounce.setInterval(10)
    ctl.start_autosave()
    small_studio.set_network_spec("deep_sigmoid_mlp")
    qtbot.waitUntil(auto.exists, timeout=3000)
    other = Studio()
    ctl2 = ws.WorkspaceController(other, parent, autosave_path=auto)
    assert ctl2.restore_last_session()
    assert other.network_spec == small_studio.network_spec
    # a damaged autosave is put aside and reported, and the app starts fresh
    auto.write_bytes(b"\x00 damaged")
    third = Studio()
    ctl3 = ws.WorkspaceController(third, parent, autosave_path=auto)
    assert ctl3.restore_last_session() is False
    assert not auto.exists() and (tmp_path / "auto.broken.dlsw").exists()
    other.shutdown(), third.shutdown()


def test_save_to_adds_the_suffix(small_studio, qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=tmp_path / "a.dlsw")
    assert ctl.save_to(tmp_path / "mine")
    assert (tmp_path / "mine.dlsw").exists() and ctl.path == tmp_path / "mine.dlsw"
