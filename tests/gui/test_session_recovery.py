"""The session a window owns and what is left of others (``gui/session_recovery.py``):
restoring the last session (a damaged one is put aside), two windows never autosave over
each other, a crashed window's session is offered for recovery, and a session left by a
crash says so."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dlstudio.gui import autosave_timer, session_recovery
from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file
from dlstudio.gui.studio import Studio


def test_autosave_and_restore_last_session(small_studio, qtbot, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    auto = tmp_path / "auto.dlsw"
    monkeypatch.setattr(autosave_timer, "CHANGE_DELAY_MS", 10)
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    ctl.start_autosave()
    small_studio.set_network_spec("deep_sigmoid_mlp")
    qtbot.waitUntil(auto.exists, timeout=3000)
    ctl.close()                     # the first window closes: its session can be restored
    other = Studio()
    ctl2 = ws.WorkspaceController(other, parent, autosave_path=auto)
    assert ctl2.recovery.restore_last_session()
    assert other.network_spec == small_studio.network_spec
    ctl2.close()
    # a damaged autosave is put aside and reported, and the app starts fresh
    auto.write_bytes(b"\x00 damaged")
    third = Studio()
    ctl3 = ws.WorkspaceController(third, parent, autosave_path=auto)
    assert ctl3.recovery.restore_last_session() is False
    assert not auto.exists() and (tmp_path / "auto.broken.dlsw").exists()
    other.shutdown(), third.shutdown()


def test_two_windows_never_autosave_over_each_other(small_studio, qtbot, tmp_path):
    """Issue 12.4: the second window autosaves to its own file and does not restore the
    session the first window is using."""
    parent = QWidget()
    qtbot.addWidget(parent)
    auto = tmp_path / "auto.dlsw"
    first = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    other = Studio()
    second = ws.WorkspaceController(other, parent, autosave_path=auto)
    assert first.owns_session and not second.owns_session
    assert second.autosave_path != auto and second.autosave_path.parent == tmp_path
    assert second.recovery.restore_last_session() is False
    small_studio.set_network_spec("deep_sigmoid_mlp")
    assert first.autosave_now() and second.autosave_now()
    assert workspace_file.read(auto).network == small_studio.network_spec
    assert workspace_file.read(second.autosave_path).network == other.network_spec
    second.close()
    assert not second.autosave_path.exists()
    first.close()
    third = ws.WorkspaceController(Studio(), parent, autosave_path=auto)
    assert third.owns_session            # the lock went with the first window
    third.close()
    other.shutdown()


def _orphan(tmp_path, spec="deep_sigmoid_mlp"):
    """An autosave left by a window whose process has ended, holding ``spec``."""
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    orphan = tmp_path / f"auto-{dead}-7f00.dlsw"
    other = Studio()
    other.set_network_spec(spec)
    workspace_file.write(orphan, workspace_file.capture(other))
    network = other.network_spec
    other.shutdown()
    return orphan, network


def _recover_box(parent):
    from PySide6.QtWidgets import QMessageBox

    boxes = [w for w in parent.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1
    return boxes[0]


def test_a_crashed_windows_session_is_offered_for_recovery(small_studio, qtbot, tmp_path):
    """Issue 12.4, W7-7: a second window's autosave left by a crash is offered at the next
    start, in words without the internal file name; Open loads it (in no file), and it is
    removed."""
    from PySide6.QtWidgets import QMessageBox

    parent = QWidget()
    qtbot.addWidget(parent)
    auto = tmp_path / "auto.dlsw"
    orphan, network = _orphan(tmp_path)
    messages = []
    small_studio.sigMessage.connect(messages.append)
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    assert ctl.recovery.orphaned_sessions() == [orphan]
    assert ctl.recovery.restore_last_session() is False            # no own session to restore
    box = _recover_box(parent)
    assert "closed unexpectedly" in box.text() and session_recovery.saved_at_text(orphan) in box.text()
    assert ".dlsw" not in box.text() + box.informativeText()     # no internal file name
    box.button(QMessageBox.StandardButton.Open).click()
    assert small_studio.network_spec == network
    assert not orphan.exists() and ctl.path is None and ctl.modified
    assert "closed unexpectedly" in messages[-1] and orphan.name not in messages[-1]
    ctl.close()


def test_opening_a_crashed_window_asks_about_the_restored_session(small_studio, qtbot,
                                                                 tmp_path):
    """W7-7 addendum: Open does not silently replace the session just restored: it asks
    Save / Discard / Cancel first; Cancel keeps both (the orphan stays for the next start),
    Save writes the restored session to a file before opening the other window's work."""
    from PySide6.QtWidgets import QMessageBox

    parent = QWidget()
    qtbot.addWidget(parent)
    auto = tmp_path / "auto.dlsw"
    first = Studio()
    first.set_network_spec("elu_he_mlp")
    workspace_file.write(auto, workspace_file.capture(first))       # the last session
    restored = first.network_spec
    first.shutdown()
    orphan, network = _orphan(tmp_path)
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked = []
    ctl.ask_save_changes = lambda _p, name, **_k: (asked.append(name), answers.pop(0))[1]
    kept = tmp_path / "kept.dlsw"
    ctl.save_as_dialog = lambda: ctl.save_to(kept)
    assert ctl.recovery.restore_last_session() and small_studio.network_spec == restored
    box = _recover_box(parent)
    box.button(QMessageBox.StandardButton.Open).click()
    assert asked == [""] and small_studio.network_spec == restored and orphan.exists()
    ctl.close()

    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    ctl.ask_save_changes = lambda _p, name, **_k: (asked.append(name), answers.pop(0))[1]
    ctl.save_as_dialog = lambda: ctl.save_to(kept)
    assert ctl.recovery.restore_last_session()
    box = [b for b in parent.findChildren(QMessageBox) if b.isVisible()][-1]
    box.button(QMessageBox.StandardButton.Open).click()
    assert workspace_file.read(kept).network == restored          # saved first
    assert small_studio.network_spec == network and not orphan.exists()
    ctl.close()


def test_a_crashed_windows_session_can_be_saved_as_a_file(small_studio, qtbot, tmp_path,
                                                          monkeypatch):
    """W7-7 addendum: "Save as file..." keeps both: the crashed window's work goes to a
    file the student names, the restored session stays on screen untouched."""
    parent = QWidget()
    qtbot.addWidget(parent)
    auto = tmp_path / "auto.dlsw"
    orphan, network = _orphan(tmp_path)
    target = tmp_path / "docs" / "rescued"
    target.parent.mkdir()
    monkeypatch.setattr(session_recovery.file_choice, "get_save_path", lambda *a, **k: (str(target), ""))
    before = small_studio.network_spec
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    ctl.recovery.restore_last_session()
    box = _recover_box(parent)
    [save_as] = [b for b in box.buttons() if b.text() == "Save as file..."]
    save_as.click()
    assert small_studio.network_spec == before and not orphan.exists()
    assert workspace_file.read(tmp_path / "docs" / "rescued.dlsw").network == network
    ctl.close()


def test_a_session_left_by_a_crash_says_so_when_restored(small_studio, qtbot, tmp_path):
    """Walker9 W9-3: after kill -9 the next start said only 'Restored your last session.';
    the lock the killed window left says it did not close, and the autosave's time says
    what was kept."""
    import subprocess
    import sys

    parent = QWidget()
    qtbot.addWidget(parent)
    auto = tmp_path / "auto.dlsw"
    workspace_file.write(auto, workspace_file.capture(small_studio))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (tmp_path / "auto.dlsw.lock").write_text(f"{dead}:abc", encoding="ascii")
    messages = []
    small_studio.sigMessage.connect(messages.append)
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    assert ctl.owns_session and ctl.recovery.restore_last_session()
    assert "did not close properly" in messages[-1]
    assert session_recovery.saved_at_text(auto) in messages[-1]
    ctl.close()                                     # a clean close: the next start is quiet
    ctl = ws.WorkspaceController(small_studio, parent, autosave_path=auto)
    assert ctl.recovery.restore_last_session() and messages[-1].endswith("Restored your last session.")
    ctl.close()
