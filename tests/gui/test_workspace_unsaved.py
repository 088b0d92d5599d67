"""Work that is in no file is never lost without a question (walker7 W7-2), and the session
remembers its file across a restart (W7-1): Save / Discard / Cancel before New, Open and a
chosen lesson; the autosave keeps the file's path and whether the session has changes; the
window's title names the file with "*" while changed; file dialogs start in the last folder
used, else Documents or home, never the current folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dlstudio.gui import file_choice
from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file
from dlstudio.gui.studio import Studio

Button = QMessageBox.StandardButton


def _controller(studio, qtbot, tmp_path, answer=None, settings=None):
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(studio, parent, autosave_path=tmp_path / "auto.dlsw",
                                 settings=settings)
    asked = []

    def ask(_parent, name):
        asked.append(name)
        return answer

    ctl.ask_save_changes = ask
    return ctl, asked


def test_a_fresh_or_just_saved_session_is_replaced_without_a_question(small_studio, qtbot,
                                                                      tmp_path):
    ctl, asked = _controller(small_studio, qtbot, tmp_path, Button.Cancel)
    assert not ctl.modified and ctl.may_replace() and asked == []
    small_studio.set_network_spec("deep_sigmoid_mlp")
    assert ctl.modified
    assert ctl.save_to(tmp_path / "mine.dlsw")
    assert not ctl.modified and ctl.may_replace() and asked == []
    assert ctl.open(tmp_path / "mine.dlsw")        # loading a file is not a change
    assert not ctl.modified and ctl.path == tmp_path / "mine.dlsw"


def test_cancel_leaves_everything_as_it_was(small_studio, qtbot, tmp_path):
    ctl, asked = _controller(small_studio, qtbot, tmp_path, Button.Cancel)
    other = tmp_path / "other.dlsw"
    workspace_file.write(other, workspace_file.capture(small_studio))
    small_studio.set_network_spec("deep_sigmoid_mlp")
    edited = small_studio.network_spec
    assert ctl.new() is False
    assert small_studio.network_spec == edited and ctl.modified and ctl.path is None
    ctl.open_dialog()               # cancelled before any file dialog opens
    assert small_studio.network_spec == edited and asked == ["", ""]


def test_discard_replaces_and_save_writes_the_open_file_first(small_studio, qtbot, tmp_path):
    ctl, asked = _controller(small_studio, qtbot, tmp_path, Button.Discard)
    default = small_studio.network_spec
    small_studio.set_network_spec("deep_sigmoid_mlp")
    assert ctl.new() is True
    assert small_studio.network_spec != small_studio.network_spec.coerce("deep_sigmoid_mlp")
    assert not ctl.modified and ctl.path is None

    path = tmp_path / "kept.dlsw"
    assert ctl.save_to(path)
    small_studio.set_network_spec("deep_sigmoid_mlp")
    ctl.ask_save_changes = lambda _p, name: (asked.append(name), Button.Save)[1]
    assert ctl.new() is True
    assert asked[-1] == "kept.dlsw"                  # the question names the file
    assert (workspace_file.read(path).network
            == small_studio.network_spec.coerce("deep_sigmoid_mlp"))
    assert small_studio.network_spec == default


def test_a_run_counts_as_a_change(small_studio, qtbot, tmp_path):
    ctl, _ = _controller(small_studio, qtbot, tmp_path, Button.Cancel)
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=1))
    ctl.save_to(tmp_path / "before.dlsw")
    small_studio.start()
    qtbot.waitUntil(lambda: not small_studio.is_active(), timeout=60000)
    assert ctl.modified and not ctl.may_replace()


def test_the_autosave_keeps_the_file_and_its_changes_across_a_restart(small_studio, qtbot,
                                                                     tmp_path):
    ctl, _ = _controller(small_studio, qtbot, tmp_path, Button.Cancel)
    path = tmp_path / "toy1.dlsw"
    assert ctl.save_to(path)
    small_studio.set_network_spec("deep_sigmoid_mlp")
    ctl.close()

    again = Studio()
    ctl2, asked = _controller(again, qtbot, tmp_path, Button.Cancel)
    assert ctl2.recovery.restore_last_session()
    assert ctl2.path == path and ctl2.modified
    assert ctl2.may_replace() is False and asked == ["toy1.dlsw"]
    assert ctl2.save()                   # Ctrl+S writes to the file, no dialog
    assert workspace_file.read(path).network == again.network_spec and not ctl2.modified
    ctl2.close()

    third = Studio()
    ctl3, _ = _controller(third, qtbot, tmp_path, Button.Cancel)
    assert ctl3.recovery.restore_last_session()
    assert ctl3.path == path and not ctl3.modified
    ctl3.close()
    again.shutdown(), third.shutdown()


def test_the_question_has_qts_save_discard_and_cancel_in_chinese(qapp, qtbot):
    from dlstudio.gui import i18n

    seen = {}

    def answer():
        box = QApplication.activeModalWidget()
        seen["title"] = box.windowTitle()
        seen["text"] = box.text()
        seen["buttons"] = [box.button(b).text() for b in (Button.Save, Button.Discard,
                                                          Button.Cancel)]
        box.button(Button.Cancel).click()

    i18n.set_language("zh_CN")
    try:
        QTimer.singleShot(50, answer)
        assert file_choice.ask_save_changes(None, "toy1.dlsw") == Button.Cancel
    finally:
        i18n.set_language("en")
    assert "toy1.dlsw" in seen["text"] and "保存" in seen["title"]
    assert all(text and not text.isascii() for text in seen["buttons"]), seen["buttons"]


def test_file_dialogs_start_in_the_last_folder_else_documents_or_home(tmp_path,
                                                                      monkeypatch):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    first = file_choice.start_folder(settings)
    assert first != elsewhere and first.is_dir()
    assert first == Path.home() or first.name.lower() == "documents"
    (tmp_path / "work").mkdir()
    file_choice.remember_folder(settings, tmp_path / "work" / "toy1.dlsw")
    assert file_choice.start_folder(settings) == (tmp_path / "work").resolve()
    assert file_choice.start_path(settings, "a.dlsw") == str((tmp_path / "work" / "a.dlsw")
                                                             .resolve())
    (tmp_path / "gone").mkdir()
    file_choice.remember_folder(settings, tmp_path / "gone" / "x.dlsw")
    (tmp_path / "gone").rmdir()
    assert file_choice.start_folder(settings) == first     # a folder that went away


def test_dlstudios_own_data_folder_is_never_the_next_dialogs_start(tmp_path, user_dir):
    """W7-20: after opening a recovered autosave, Save started in the hidden data folder."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    (tmp_path / "work").mkdir()
    file_choice.remember_folder(settings, tmp_path / "work" / "toy1.dlsw")
    file_choice.remember_folder(settings, user_dir / "autosave-123.dlsw")
    assert file_choice.start_folder(settings) == (tmp_path / "work").resolve()


def test_the_window_title_names_the_file_and_marks_changes(window, qtbot, tmp_path):
    ctl = ws.WorkspaceController(window.studio, window, autosave_path=tmp_path / "a.dlsw")
    window.attach_workspace(ctl)
    assert not window.isWindowModified() and "dlstudio" in window.windowTitle()
    window.studio.set_network_spec("deep_sigmoid_mlp")
    assert window.isWindowModified()
    assert ctl.save_to(tmp_path / "toy1.dlsw")
    assert window.windowTitle() == "toy1.dlsw[*] — dlstudio" and not window.isWindowModified()
    window.studio.set_train_spec(window.studio.train_spec.replace(epochs=3))
    assert window.isWindowModified()


def test_choosing_a_lesson_asks_first_and_cancel_opens_nothing(window, qtbot, tmp_path):
    ctl = ws.WorkspaceController(window.studio, window, autosave_path=tmp_path / "a.dlsw")
    ctl.ask_save_changes = lambda _p, _n: Button.Cancel
    window.attach_workspace(ctl)
    panel = window.lesson_panel()
    if panel is None or not panel.lessons:
        pytest.skip("no lessons")
    window.studio.set_network_spec("deep_sigmoid_mlp")
    before = panel.lesson
    other = next(l for l in panel.lessons if l is not before)
    assert window.open_lesson(other.id, ask_first=True) is False
    assert panel.lesson is before
    ctl.ask_save_changes = lambda _p, _n: Button.Discard
    assert window.open_lesson(other.id, ask_first=True) is True
    assert panel.lesson is other


def test_picking_another_lesson_in_the_lesson_list_asks_first(window, qtbot, tmp_path):
    ctl = ws.WorkspaceController(window.studio, window, autosave_path=tmp_path / "a.dlsw")
    ctl.ask_save_changes = lambda _p, _n: Button.Cancel
    window.attach_workspace(ctl)
    panel = window.lesson_panel()
    if panel is None or len(panel.lessons) < 2:
        pytest.skip("no lessons")
    before = panel.lesson
    row = panel.lessons.index(before)
    other = (row + 1) % len(panel.lessons)
    window.studio.set_network_spec("deep_sigmoid_mlp")
    panel.lesson_list.setCurrentRow(other)
    assert panel.lesson is before and panel.lesson_list.currentRow() == row
    ctl.ask_save_changes = lambda _p, _n: Button.Discard
    panel.lesson_list.setCurrentRow(other)
    assert panel.lesson is panel.lessons[other]


def test_the_export_dialog_starts_in_the_last_folder_not_the_program_folder(
        small_studio, qtbot, tmp_path, monkeypatch):
    """W7-5 (a): File > Export network proposed network.onnx in the folder dlstudio was
    started from and forgot the folder of the previous export."""
    from dlstudio.gui.interop_actions import InteropController

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").mkdir()
    starts = []

    def save_dialog(dialog):
        starts.append(dialog.selectedFiles()[0])       # where it opens, the name proposed
        dialog.selectFile(str(tmp_path / "exports" / "toy1.onnx"))
        return file_choice.QFileDialog.DialogCode.Accepted

    monkeypatch.setattr(file_choice.QFileDialog, "exec", save_dialog)
    parent = QWidget()
    qtbot.addWidget(parent)
    interop = InteropController(small_studio, parent, settings)
    monkeypatch.setattr(interop, "export_to", lambda *_a: None)
    interop.export_dialog()
    interop.export_dialog()
    assert Path(starts[0]).name == "network.onnx"
    assert Path(starts[0]).parent != tmp_path and Path(starts[0]).parent.is_dir()
    assert Path(starts[1]).parent == (tmp_path / "exports").resolve()


def test_looking_at_a_moment_of_the_timeline_is_no_change(small_studio, qtbot, tmp_path):
    ctl, _ = _controller(small_studio, qtbot, tmp_path, Button.Cancel)
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5000)
    assert ctl.save_to(tmp_path / "run.dlsw")
    s.sigWeightsChanged.emit()                  # as a timeline scrub does
    assert not ctl.modified
    s.reset_weights()                           # the trained weights are gone: a change
    assert ctl.modified


def test_saving_over_a_file_another_window_saved_asks_first(small_studio, qtbot, tmp_path):
    """Walker9 W9-17: the same workspace open in two windows: the second Save silently
    replaced what the first had saved. Save now asks when the file changed on disk since
    this window opened or saved it: replace it, save as another file, or cancel."""
    import os

    ctl, _ = _controller(small_studio, qtbot, tmp_path, Button.Cancel)
    path = tmp_path / "shared.dlsw"
    assert ctl.save_to(path)
    other = Studio()
    other.set_network_spec("deep_sigmoid_mlp")
    workspace_file.write(path, workspace_file.capture(other))      # the other window saves
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    other.shutdown()
    small_studio.set_network_spec("elu_he_mlp")
    answers, asked = ["cancel", "save_as", "overwrite"], []
    ctl.ask_overwrite_changed = lambda _p, name: (asked.append(name), answers.pop(0))[1]
    ctl.save_as_dialog = lambda: ctl.save_to(tmp_path / "mine.dlsw")
    assert ctl.save() is False and asked == ["shared.dlsw"]
    assert workspace_file.read(path).network == small_studio.network_spec.coerce(
        "deep_sigmoid_mlp")                                        # untouched
    assert ctl.save() and ctl.path == tmp_path / "mine.dlsw"       # kept both
    assert workspace_file.read(path).network != small_studio.network_spec
    assert ctl.open(path) and ctl.save() and len(asked) == 2       # read here: no question
    workspace_file.write(path, workspace_file.capture(small_studio))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 9_000_000))
    assert ctl.save() and asked == ["shared.dlsw"] * 3            # replaced when told so


def test_no_dialog_starts_in_the_systems_own_folders(tmp_path):
    """W14-16: a save tried in /proc made it the remembered folder, and every later file
    dialog froze listing it (also after a restart)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    (tmp_path / "work").mkdir()
    file_choice.remember_folder(settings, tmp_path / "work" / "toy1.dlsw")
    for system in ("/proc", "/sys", "/dev"):
        file_choice.remember_folder(settings, f"{system}/x.dlsw")
        assert file_choice.start_folder(settings) == (tmp_path / "work").resolve(), system
    # remembered by an older version: not used either
    settings.setValue(file_choice.FOLDER_KEY, "/proc/self")
    assert not file_choice.usable_folder("/proc/self")
    assert file_choice.start_folder(settings) != Path("/proc/self")
    assert file_choice.start_path(settings, "a.dlsw", folder=Path("/dev")).startswith(
        str(file_choice.start_folder(settings)))
    assert file_choice.usable_folder(tmp_path / "work")


def test_enter_on_the_question_changes_nothing(qapp, qtbot):
    """Walker37 W37-22: Save was the default button; a student who typed a path and pressed
    Enter, expecting the file dialog, saved the session over the open file. Enter now
    cancels, as Escape does."""
    from PySide6.QtCore import Qt

    seen = {}

    def press_enter():
        box = QApplication.activeModalWidget()
        seen["default"] = box.defaultButton() is box.button(Button.Cancel)
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(50, press_enter)
    assert file_choice.ask_save_changes(None, "toy1.dlsw") == Button.Cancel
    assert seen["default"]
