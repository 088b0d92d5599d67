"""A second window says so in its title and asks before its unsaved work goes (walker7 W7-7)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from dlstudio.gui import file_choice
from dlstudio.gui import workspace as ws
from dlstudio.gui.main_window import MainWindow
from dlstudio.gui.studio import Studio

Button = QMessageBox.StandardButton


def second_window(qtbot, tmp_path):
    """A first controller owning ``auto.dlsw`` and a second window beside it."""
    first_studio = Studio()
    first = ws.WorkspaceController(first_studio, None, autosave_path=tmp_path / "auto.dlsw")
    studio = Studio()
    window = MainWindow(studio)
    qtbot.addWidget(window)
    ctl = ws.WorkspaceController(studio, window, autosave_path=tmp_path / "auto.dlsw")
    window.attach_workspace(ctl)
    window.show()
    return first, first_studio, window, ctl


def test_the_second_window_says_so_and_asks_before_its_work_is_lost(qtbot, tmp_path,
                                                                    monkeypatch):
    first, first_studio, window, ctl = second_window(qtbot, tmp_path)
    try:
        assert first.owns_session and not ctl.owns_session
        assert "(second window)" in window.windowTitle()
        ctl.start_autosave()
        window.studio.set_train_spec(window.studio.train_spec.replace(epochs=12))
        assert ctl.autosave_now() and ctl.autosave_path.exists()
        asked = []
        ctl.ask_save_changes = lambda _p, name, closing=False: (asked.append(closing),
                                                                Button.Cancel)[1]
        window.close()
        assert asked == [True] and window.isVisible()        # Cancel: the window stays
        saved = tmp_path / "mine.dlsw"
        monkeypatch.setattr(file_choice, "get_save_path", lambda *a, **k: (str(saved), ""))
        ctl.ask_save_changes = lambda _p, name, closing=False: Button.Save
        window.close()
        assert not window.isVisible() and saved.exists()
        assert not ctl.autosave_path.exists()                  # its work is in mine.dlsw
    finally:
        first.close()
        first_studio.shutdown()


def test_a_second_window_without_changes_closes_without_a_question(qtbot, tmp_path):
    first, first_studio, window, ctl = second_window(qtbot, tmp_path)
    try:
        ctl.ask_save_changes = lambda *_a, **_k: (_ for _ in ()).throw(AssertionError("asked"))
        window.close()
        assert not window.isVisible()
    finally:
        first.close()
        first_studio.shutdown()


def test_window_titles_follow_one_pattern_in_both_languages(qtbot, tmp_path):
    """Walker9 W9-18: "dlstudio - watch neural networks learn" for an unnamed session, "name
    — dlstudio" for a file, and the second-window mark moved between them."""
    from dlstudio.gui import i18n

    first, first_studio, window, ctl = second_window(qtbot, tmp_path)
    try:
        assert window.windowTitle() == "untitled[*] (second window) — dlstudio"
        assert i18n.set_language("zh_CN")
        assert window.windowTitle() == "未命名[*]（第二个窗口） — dlstudio"
        assert ctl.save_to(tmp_path / "homework.dlsw")
        assert window.windowTitle() == "homework.dlsw[*]（第二个窗口） — dlstudio"
        assert i18n.set_language("en")
        assert window.windowTitle() == "homework.dlsw[*] (second window) — dlstudio"
    finally:
        i18n.set_language("en")
        first.close()
        first_studio.shutdown()
    owner = MainWindow(Studio())
    qtbot.addWidget(owner)
    owner.attach_workspace(ws.WorkspaceController(owner.studio, owner,
                                                  autosave_path=tmp_path / "own.dlsw"))
    assert owner.windowTitle() == "untitled[*] — dlstudio"
    owner.studio.shutdown()


def test_a_second_window_ended_by_the_system_keeps_its_unsaved_work(qtbot, tmp_path):
    """Walker32 B1: SIGTERM (a logout) closes without questions (an open dialog is
    cancelled); a second window's unsaved work stays in its autosave, which the next start
    offers to recover."""
    from PySide6.QtWidgets import QDialog

    first, first_studio, window, ctl = second_window(qtbot, tmp_path)
    try:
        ctl.start_autosave()
        window.studio.set_train_spec(window.studio.train_spec.replace(epochs=12))
        ctl.ask_save_changes = lambda *_a, **_k: (_ for _ in ()).throw(AssertionError("asked"))
        dialog = QDialog(window)
        dialog.setModal(True)
        dialog.show()
        window.end_for_system()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        assert not dialog.isVisible()
        assert ctl.autosave_path.exists()   # offered at the next start (its process ended)
    finally:
        first.close()
        first_studio.shutdown()
