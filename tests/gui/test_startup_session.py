"""The last session survives a start that does not restore it (walker7 W7-13): a workspace
named on the command line that cannot be opened falls back to the last session; a start with
another file, --fresh or a preset keeps it as previous-session.dlsw instead of letting the
first autosave overwrite it."""
from __future__ import annotations

import argparse

import pytest

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui import app as gui_app
from dlstudio.gui import session_recovery
from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file
from dlstudio.gui.main_window import MainWindow

#: a network no preset has, to recognise the last session by
_SESSION_NET = NetworkSpec((2,), (LayerSpec("Dense", {"units": 5, "activation": "tanh"}),
                                  LayerSpec("Dense", {"units": 2, "activation": "softmax"})))


def _args(**given) -> argparse.Namespace:
    options = dict(workspace=None, preset=None, dataset=None, epochs=None,
                   learning_rate=None, autostart=False, panel=None, fresh=False)
    return argparse.Namespace(**{**options, **given})


@pytest.fixture
def last_session(small_studio, user_dir):
    """The user's last session on disk: the studio's settings with ``_SESSION_NET``."""
    small_studio.set_network_spec(_SESSION_NET)
    path = user_dir / session_recovery.AUTOSAVE_NAME
    workspace_file.write(path, workspace_file.capture(small_studio))
    small_studio.set_network_spec("toy_2d")
    return path


def _start(qtbot, studio, args) -> MainWindow:
    window = MainWindow(studio)
    qtbot.addWidget(window)
    gui_app.after_show(window, args)
    return window


def test_a_damaged_file_on_the_command_line_restores_the_last_session(
        small_studio, qtbot, last_session, tmp_path, monkeypatch):
    problems = []
    monkeypatch.setattr(ws, "show_problem", lambda *a: problems.append(a[2]))
    damaged = tmp_path / "damaged.dlsw"
    damaged.write_bytes(b"not a workspace")
    window = _start(qtbot, small_studio, _args(workspace=str(damaged)))
    assert problems and "damaged.dlsw" in problems[0]          # said why the file failed
    assert small_studio.network_spec == _SESSION_NET           # and the session is back
    assert window.workspace.autosave_now()
    assert workspace_file.read(last_session).network == _SESSION_NET
    window.close()


@pytest.mark.parametrize("given", ["fresh", "preset"])
def test_a_start_without_the_last_session_keeps_it(small_studio, qtbot, last_session, given):
    args = _args(fresh=True) if given == "fresh" else _args(preset="toy_2d")
    window = _start(qtbot, small_studio, args)
    assert small_studio.network_spec != _SESSION_NET
    kept = last_session.with_name(session_recovery.PREVIOUS_NAME)
    assert window.workspace.autosave_now()                     # the new session's autosave
    assert workspace_file.read(kept).network == _SESSION_NET
    window.workspace.open(kept)                                # File > Open brings it back
    assert small_studio.network_spec == _SESSION_NET
    window.close()


def test_the_kept_session_is_reached_through_open_recent_not_a_hidden_path(
        small_studio, qtbot, last_session, user_dir):
    """Walker8 W8-14 (c): the status line named ~/.local/share/.../previous-session.dlsw,
    a folder the student cannot see; it now says where the app offers it, and it is there."""
    from PySide6.QtWidgets import QMessageBox

    said = []
    small_studio.sigMessage.connect(said.append)
    window = _start(qtbot, small_studio, _args(fresh=True))
    kept_line = [t for t in said if "last session" in t]
    assert kept_line and "File > Open recent > Previous session" in kept_line[0]
    assert str(user_dir) not in kept_line[0] and "previous-session" not in kept_line[0]
    window.workspace.ask_save_changes = lambda *_a, **_k: QMessageBox.StandardButton.Discard
    window.fill_recent_menu()
    previous = [a for a in window.recent_menu.actions()
                if a.objectName() == "action_previous_session"]
    assert previous and previous[0].text().startswith("Previous session (autosaved at ")
    small_studio.set_network_spec("deep_sigmoid_mlp")
    previous[0].trigger()
    assert small_studio.network_spec == _SESSION_NET
    window.close()


@pytest.mark.parametrize("answer", ["discard", "open"])
def test_the_start_page_waits_for_the_question_about_a_crashed_window(
        small_studio, qtbot, last_session, user_dir, monkeypatch, answer):
    """W7-7: the modal start page used to open over the question about a crashed second
    window's work, hiding and blocking it; it now comes once the question is answered,
    and not at all when that work was opened."""
    import subprocess
    import sys

    from PySide6.QtWidgets import QMessageBox

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    workspace_file.write(user_dir / f"autosave-{dead}-7f00.dlsw",
                         workspace_file.capture(small_studio))
    shown = []
    monkeypatch.setattr(MainWindow, "wants_start_page", lambda self: True)
    monkeypatch.setattr(MainWindow, "show_start_page", lambda self: shown.append(1))
    window = _start(qtbot, small_studio, _args())
    window.workspace.ask_save_changes = lambda *_a, **_k: QMessageBox.StandardButton.Discard
    box = window.workspace.recovery.recovery_box
    assert box is not None and box.isVisible()
    qtbot.wait(400)
    assert shown == []                                  # not over the question
    button = (QMessageBox.StandardButton.Open if answer == "open"
              else QMessageBox.StandardButton.Discard)
    box.button(button).click()
    qtbot.wait(50)
    assert shown == ([] if answer == "open" else [1])
    assert window.workspace.recovery.recovery_box is None
    window.close()


def test_a_session_a_crash_left_is_said_in_a_note_that_stays(
        small_studio, qtbot, last_session, user_dir, monkeypatch):
    """Walker32 B35: after kill -9 the restore was said only in the status line, gone at the
    next status; a closable note above the plots keeps it until read, in either language,
    and goes with the session it is about."""
    import subprocess
    import sys

    from dlstudio.gui import i18n

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (user_dir / (session_recovery.AUTOSAVE_NAME + ".lock")).write_text(f"{dead}:abc",
                                                                       encoding="ascii")
    monkeypatch.setattr(MainWindow, "wants_start_page", lambda self: False)
    window = _start(qtbot, small_studio, _args())
    note = window.session_note
    when = session_recovery.saved_at_text(last_session)
    assert not note.isHidden()
    assert "did not close properly" in note.label.text() and when in note.label.text()
    small_studio.sigMessage.emit("Another status")          # the status line moves on
    assert not note.isHidden()
    try:
        window.set_language("zh_CN")
        assert "没有正常关闭" in note.label.text() and when in note.label.text()
    finally:
        window.set_language("en")
    note.close_button.click()                               # read: closed
    assert note.isHidden()
    window._on_recovery_crash_restored(when)
    small_studio.session_replaced()                         # another session: not about it
    assert note.isHidden()
    window.close()


def test_a_clean_last_close_leaves_no_note(small_studio, qtbot, last_session, monkeypatch):
    monkeypatch.setattr(MainWindow, "wants_start_page", lambda self: False)
    window = _start(qtbot, small_studio, _args())
    assert window.session_note.isHidden()
    window.close()


@pytest.mark.parametrize("answer", [False, True])
def test_a_file_on_the_command_line_another_window_has_open_is_asked_about(
        small_studio, qtbot, last_session, user_dir, tmp_path, monkeypatch, answer):
    """fix89: File > Open asked first when another window had the file open (W35-10), the
    command line (a file manager's double-click) opened it without a word. It asks the same
    way once the window is up; Cancel starts the window as if no file had been given."""
    from dlstudio.gui import file_choice
    from dlstudio.gui.open_files import OpenFileMark

    small_studio.set_network_spec("elu_he_mlp")
    in_file = small_studio.network_spec
    shared = tmp_path / "shared.dlsw"
    workspace_file.write(shared, workspace_file.capture(small_studio))
    small_studio.set_network_spec("toy_2d")
    OpenFileMark(user_dir, "another-window").mark(shared, True)   # open there, unsaved
    asked = []
    monkeypatch.setattr(file_choice, "ask_open_elsewhere", lambda parent, name, unsaved: (
        asked.append((parent.isVisible(), name, unsaved)), answer)[1])
    window = MainWindow(small_studio)
    qtbot.addWidget(window)
    window.show()
    gui_app.after_show(window, _args(workspace=str(shared)))
    assert asked == [(True, "shared.dlsw", True)]
    if answer:
        assert window.workspace.path == shared
        assert small_studio.network_spec == in_file
    else:
        assert window.workspace.path is None
        assert small_studio.network_spec == _SESSION_NET      # the last session, as without
    window.close()
