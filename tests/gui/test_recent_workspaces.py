"""Reaching one's own work (walker7 W7-15): the workspaces opened or saved last are listed on
the start page and in File > Open recent (with "Clear list"), kept in the app's settings,
never listing the autosave folder; opening one asks about unsaved changes as File > Open
does."""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from dlstudio.gui import recent_files
from dlstudio.gui import workspace_file as ws
from dlstudio.gui.workspace import WorkspaceController
from dlstudio.gui.widgets.start_page import StartPageDialog

Button = QMessageBox.StandardButton


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _files(tmp_path, *names):
    folder = tmp_path / "homework"
    folder.mkdir(exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_bytes(b"x")
        paths.append(path)
    return paths


def test_newest_first_without_repeats_at_most_five(settings, tmp_path, user_dir):
    paths = _files(tmp_path, *[f"w{i}.dlsw" for i in range(7)])
    for path in paths:
        recent_files.add_recent(settings, path)
    recent_files.add_recent(settings, paths[3])              # used again: first, once
    listed = [r.path for r in recent_files.recent_workspaces(settings)]
    assert listed == [paths[3], paths[6], paths[5], paths[4], paths[2]]
    assert len(listed) == recent_files.MAX_RECENT
    # kept in the settings file: a new settings object (the next start) reads the same
    settings.sync()
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert [r.path for r in recent_files.recent_workspaces(again)] == listed
    recent_files.clear_recent(settings)
    assert recent_files.recent_workspaces(settings) == []


def test_the_autosave_folder_is_never_listed_and_a_missing_file_says_so(settings, tmp_path,
                                                                        user_dir):
    (mine,) = _files(tmp_path, "mine.dlsw")
    recent_files.add_recent(settings, user_dir / "autosave.dlsw")
    recent_files.add_recent(settings, user_dir / "previous-session.dlsw")
    recent_files.add_recent(settings, mine)
    entries = recent_files.recent_workspaces(settings)
    assert [r.path for r in entries] == [mine]
    assert entries[0].exists and entries[0].folder == str(mine.parent)
    assert entries[0].date_text()                           # when it was saved
    mine.unlink()
    assert not recent_files.recent_workspaces(settings)[0].exists
    settings.setValue(recent_files.RECENT_KEY, "{damaged")  # a damaged value: an empty list
    assert recent_files.recent_workspaces(settings) == []


def test_the_start_page_lists_them_and_opens_one_or_the_dialog(settings, tmp_path, qtbot,
                                                               user_dir):
    mine, gone = _files(tmp_path, "mine.dlsw", "gone.dlsw")
    for path in (gone, mine):
        recent_files.add_recent(settings, path)
    gone.unlink()
    page = StartPageDialog([], recent=recent_files.recent_workspaces(settings))
    qtbot.addWidget(page)
    page.show()
    view = page.recent_list
    assert view.isVisible() and view.topLevelItemCount() == 2
    first, second = view.topLevelItem(0), view.topLevelItem(1)
    assert (first.text(0), first.text(1)) == ("mine.dlsw", str(mine.parent)) and first.text(2)
    assert second.text(2) == "file not found"
    chosen = []
    page.sigWorkspaceChosen.connect(chosen.append)
    view.itemClicked.emit(first, 0)
    view.itemActivated.emit(first, 0)                           # a double click: once
    assert chosen == [str(mine)] and not page.isVisible()
    # no recent workspaces: no empty list, but the button to open one
    empty = StartPageDialog([], recent=[])
    qtbot.addWidget(empty)
    empty.show()
    assert not empty.recent_list.isVisible()
    wanted = []
    empty.sigOpenWorkspaceWanted.connect(lambda: wanted.append(True))
    empty.open_workspace_button.click()
    assert wanted == [True] and not empty.isVisible()


def _window(studio, settings, qtbot, tmp_path, answer):
    from dlstudio.gui.main_window import MainWindow

    window = MainWindow(studio, settings)
    qtbot.addWidget(window)
    ctl = WorkspaceController(studio, window, autosave_path=tmp_path / "auto.dlsw",
                                 settings=settings)
    asked = []
    ctl.ask_save_changes = lambda _p, name: asked.append(name) or answer[0]
    window.attach_workspace(ctl)
    return window, ctl, asked


def test_open_recent_asks_first_then_opens_and_clear_list_empties_it(small_studio, settings,
                                                                   tmp_path, qtbot,
                                                                   user_dir):
    folder = tmp_path / "homework"
    folder.mkdir()
    saved = folder / "toy & tanh.dlsw"
    ws.write(saved, ws.capture(small_studio))
    network = small_studio.network_spec
    recent_files.add_recent(settings, saved)
    recent_files.add_recent(settings, folder / "lost.dlsw")
    answer = [Button.Cancel]
    window, ctl, asked = _window(small_studio, settings, qtbot, tmp_path, answer)
    assert window.recent_menu in [a.menu() for a in window.menus["file"].actions()]
    window.fill_recent_menu()
    actions = [a for a in window.recent_menu.actions() if not a.isSeparator()]
    texts = [a.text() for a in actions]
    assert texts[0] == "lost.dlsw (file not found)"
    assert texts[1].startswith("&2 toy && tanh.dlsw — ") and actions[1].isEnabled()
    assert texts[-1] == "Clear list" and actions[-1].isEnabled()
    small_studio.set_network_spec("deep_sigmoid_mlp")          # a change in no file
    actions[1].trigger()
    assert asked == [""] and ctl.path is None                   # cancelled: nothing opened
    answer[0] = Button.Discard
    actions[1].trigger()
    assert ctl.path == saved and small_studio.network_spec == network
    actions[-1].trigger()
    assert recent_files.recent_workspaces(settings) == []
    window.fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions() if not a.isSeparator()]
    assert texts == ["No recent workspaces", "Clear list"]


def test_a_recent_file_that_cannot_be_read_is_said_in_the_apps_words(small_studio, settings,
                                                                      tmp_path, qtbot,
                                                                      user_dir, monkeypatch):
    from dlstudio.gui import workspace

    shown = []
    monkeypatch.setattr(workspace, "show_problem",
                        lambda _parent, title, text, hint="": shown.append((title, text, hint)))
    window, ctl, _ = _window(small_studio, settings, qtbot, tmp_path, [Button.Discard])
    (broken,) = _files(tmp_path, "broken.dlsw")
    assert window.open_workspace_file(str(broken)) is False
    assert shown and shown[0][0] == "Cannot open the workspace"
    assert "broken.dlsw" in shown[0][1] and "Traceback" not in shown[0][1]
    # and what to try (walker14 W14-10)
    assert ".dlsw" in shown[0][2] and "Open recent > Previous session" in shown[0][2]
    assert os.fspath(ctl.path or "") == ""


def test_opening_and_saving_a_workspace_remembers_it_but_never_an_autosave(
        small_studio, settings, tmp_path, qtbot, user_dir):
    window, ctl, _ = _window(small_studio, settings, qtbot, tmp_path, [Button.Discard])
    folder = tmp_path / "homework"
    folder.mkdir()
    assert ctl.save_to(folder / "first")                      # saved as first.dlsw
    ws.write(folder / "second.dlsw", ws.capture(small_studio))
    assert ctl.open(folder / "second.dlsw")
    assert ctl.autosave_now()
    ctl.open(ctl.autosave_path)                                # e.g. a recovered session
    names = [r.name for r in recent_files.recent_workspaces(settings)]
    assert names == ["second.dlsw", "first.dlsw"]


def test_the_entry_the_session_came_from_says_it_is_open_with_changes(settings, tmp_path,
                                                                      qtbot, user_dir):
    """Walker9 W9-9: clicking the restored session's own file on the start page offered to
    replace its unsaved (continuable) run with the file's older one, with nothing marking
    it; the entry now reads 'open now, with unsaved changes'."""
    mine, other = _files(tmp_path, "mine.dlsw", "other.dlsw")
    for path in (other, mine):
        recent_files.add_recent(settings, path)
    page = StartPageDialog([], recent=recent_files.recent_workspaces(settings),
                           current=str(mine))
    qtbot.addWidget(page)
    first, second = page.recent_list.topLevelItem(0), page.recent_list.topLevelItem(1)
    assert first.text(2) == "open now, with unsaved changes"
    assert second.text(2) != first.text(2)


def test_a_missing_recent_file_says_where_it_was_and_can_be_removed(settings, tmp_path, qtbot,
                                                                    user_dir, monkeypatch):
    """Walker9 W9-15: a row marked "file not found" did nothing when chosen."""
    from dlstudio.gui import file_choice

    mine, gone = _files(tmp_path, "mine.dlsw", "gone.dlsw")
    for path in (mine, gone):
        recent_files.add_recent(settings, path)
    gone.unlink()
    asked, answer = [], ["cancel"]
    monkeypatch.setattr(file_choice, "ask_missing_recent",
                        lambda _parent, path: asked.append(path) or answer[0])
    page = StartPageDialog([], recent=recent_files.recent_workspaces(settings))
    qtbot.addWidget(page)
    page.sigRecentRemoved.connect(lambda path: recent_files.remove_recent(settings, path))
    chosen, wanted = [], []
    page.sigWorkspaceChosen.connect(chosen.append)
    page.sigOpenWorkspaceWanted.connect(lambda: wanted.append(True))
    page.show()
    view = page.recent_list
    missing = view.topLevelItem(0)
    assert missing.text(2) == "file not found" and missing.flags() & Qt.ItemFlag.ItemIsEnabled
    view.itemActivated.emit(missing, 0)                 # Cancel: nothing changes
    assert asked == [str(gone)] and page.isVisible() and view.topLevelItemCount() == 2
    answer[0] = "remove"
    view.itemClicked.emit(missing, 0)
    assert view.topLevelItemCount() == 1 and view.topLevelItem(0).text(0) == "mine.dlsw"
    assert [r.path for r in recent_files.recent_workspaces(settings)] == [mine]
    assert page.isVisible() and chosen == [] and wanted == []


def test_the_start_page_offers_the_open_dialog_for_a_missing_file(settings, tmp_path, qtbot,
                                                                   user_dir, monkeypatch):
    from dlstudio.gui import file_choice

    (gone,) = _files(tmp_path, "gone.dlsw")
    recent_files.add_recent(settings, gone)
    gone.unlink()
    monkeypatch.setattr(file_choice, "ask_missing_recent", lambda _parent, _path: "open")
    page = StartPageDialog([], recent=recent_files.recent_workspaces(settings))
    qtbot.addWidget(page)
    wanted = []
    page.sigOpenWorkspaceWanted.connect(lambda: wanted.append(True))
    page.show()
    page.recent_list.itemActivated.emit(page.recent_list.topLevelItem(0), 0)
    assert wanted == [True] and not page.isVisible()


def test_open_recent_says_a_file_is_missing_and_removes_it(small_studio, settings, tmp_path,
                                                          qtbot, user_dir, monkeypatch):
    from dlstudio.gui import file_choice

    (mine,) = _files(tmp_path, "mine.dlsw")
    lost = mine.parent / "lost.dlsw"
    recent_files.add_recent(settings, mine)
    recent_files.add_recent(settings, lost)
    asked = []
    monkeypatch.setattr(file_choice, "ask_missing_recent",
                        lambda _parent, path: asked.append(path) or "remove")
    window, ctl, _ = _window(small_studio, settings, qtbot, tmp_path, [Button.Discard])
    window.fill_recent_menu()
    first = window.recent_menu.actions()[0]
    assert first.text() == "lost.dlsw (file not found)" and first.isEnabled()
    first.trigger()
    assert asked == [str(lost)] and ctl.path is None
    assert [r.path for r in recent_files.recent_workspaces(settings)] == [mine]


def test_the_start_page_chooses_the_first_lesson_with_steps_still_to_do(qtbot, tmp_path):
    """Walker30 W30-19: after reopening, the start page chose lesson 1, done long ago,
    instead of the next lesson with steps to do."""
    from dlstudio.gui.widgets.start_page import LESSON_ROLE
    from dlstudio.lessons.loader import load_all
    from dlstudio.lessons.path import ordered
    from dlstudio.lessons.progress import ProgressStore

    lessons = ordered(load_all())
    progress = ProgressStore(tmp_path / "progress.json")
    page = StartPageDialog(lessons, progress, recent=[])
    qtbot.addWidget(page)
    first = page.tree.currentItem().data(0, LESSON_ROLE)
    for step in next(lesson for lesson in lessons if lesson.id == first).steps:
        progress.mark_completed(first, step.id)
    again = StartPageDialog(lessons, progress, recent=[])
    qtbot.addWidget(again)
    chosen = again.tree.currentItem().data(0, LESSON_ROLE)
    assert chosen != first
    order = [again.tree.topLevelItem(t).child(c).data(0, LESSON_ROLE)
             for t in range(again.tree.topLevelItemCount())
             for c in range(again.tree.topLevelItem(t).childCount())]
    assert order.index(chosen) == order.index(first) + 1
