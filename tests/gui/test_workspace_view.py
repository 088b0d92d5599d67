"""An opened workspace's classroom mode and language (``gui/workspace_view.py``): classroom
mode is turned on by a file saved in it, never off; the file's language is used only when
the user did not choose one; neither is remembered for the next start."""
from __future__ import annotations

import json
import zipfile

import pytest

from dlstudio.gui import i18n
from dlstudio.gui import workspace_file as ws
from dlstudio.gui.workspace_view import view_to_follow

ZH = {"classroom": True, "theme": "light", "language": "zh_CN"}


@pytest.mark.parametrize("ui,classroom,language,chosen,expected", [
    (ZH, False, "en", False, {"classroom": True, "language": "zh_CN"}),
    (ZH, True, "en", True, {}),                             # on already; English chosen
    ({"classroom": False, "language": "en"}, True, "zh_CN", False, {"language": "en"}),
    ({"classroom": True}, False, "en", False, {"classroom": True}),  # older file: no language
    ({}, False, "en", False, {}),
    ({"classroom": "yes", "language": "klingon"}, False, "en", False, {}),   # damaged
    ("not a dict", False, "en", False, {}),
])
def test_the_rule(ui, classroom, language, chosen, expected):
    assert view_to_follow(ui, classroom=classroom, language=language,
                          language_chosen=chosen) == expected


def _saved_with_view(studio, path, ui):
    ws.write(path, ws.capture(studio))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(members["workspace.json"])
    doc["ui"] = {**doc["ui"], **ui}
    members["workspace.json"] = json.dumps(doc).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.fixture
def opened_in_window(small_studio, qtbot, tmp_path):
    """``open(ui, chosen)``: a window (with its own settings file) whose language is English
    (``chosen`` by the user or not) opens a workspace saved with view settings ``ui``;
    returns the window."""
    from PySide6.QtCore import QSettings

    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.workspace import WorkspaceController

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(small_studio, settings)
    qtbot.addWidget(window)
    window.attach_workspace(WorkspaceController(small_studio, window,
                                                autosave_path=tmp_path / "auto.dlsw"))

    def open_(ui: dict, chosen: bool):
        path = tmp_path / "lesson.dlsw"
        _saved_with_view(small_studio, path, ui)
        i18n.set_language("en", chosen=chosen)
        assert window.workspace.open(path)
        return window

    yield open_
    i18n.set_language("en")
    window.set_classroom(False, remember=False)      # the application's fonts as before


def test_a_classroom_workspace_opens_in_classroom_mode_and_its_language(opened_in_window):
    window = opened_in_window(ZH, chosen=False)
    assert window.studio.classroom and window.acts["classroom"].isChecked()
    assert i18n.current_language() == "zh_CN" and not i18n.language_chosen()
    assert window.acts["lang_zh_CN"].isChecked()
    # the file's choice, not the user's: nothing remembered for the next start
    assert window.settings.value("classroom") is None
    assert window.settings.value("language") is None


def test_the_window_says_when_it_went_into_classroom_mode_with_a_workspace(opened_in_window,
                                                                          small_studio):
    """Walker32 W32-1: a start without --classroom came up in classroom mode (the session
    was kept in it) and nothing said why; the opening's message now does, and only then."""
    messages = []
    small_studio.sigMessage.connect(messages.append)
    opened_in_window({"classroom": True, "language": "en"}, chosen=True)
    assert "Classroom mode is on, as when this was saved" in messages[-1]
    assert "F11" in messages[-1] and "lesson.dlsw. Classroom" in messages[-1]
    opened_in_window({"classroom": True, "language": "en"}, chosen=True)   # already on
    assert "Classroom mode" not in messages[-1]


def test_the_window_says_when_it_took_a_workspaces_language(opened_in_window, small_studio):
    """walker35: a start without --lang came up in Chinese (the session was kept in it) and
    nothing said why; the opening's message names the language and the menu to change it,
    in that language, and only when the language changed."""
    from dlstudio.gui.workspace_view import language_note

    messages = []
    small_studio.sigMessage.connect(messages.append)
    opened_in_window({"language": "zh_CN"}, chosen=False)
    assert messages[-1].endswith("窗口语言为简体中文，与保存时相同（“视图 > 语言”可更改）。")
    opened_in_window({"language": "en"}, chosen=False)          # (set back to English first)
    assert "语言" not in messages[-1] and "Language" not in messages[-1]
    opened_in_window({"language": "zh_CN"}, chosen=True)        # English chosen: kept
    assert "Language" not in messages[-1]
    i18n.set_language("en", chosen=False)
    assert language_note() == ("The window is in English, as when this was saved "
                               "(View > Language changes it).")


def test_a_language_the_user_chose_is_kept(opened_in_window):
    window = opened_in_window(ZH, chosen=True)
    assert i18n.current_language() == "en"
    assert window.studio.classroom               # classroom mode still follows the file


def test_a_workspace_saved_at_a_desk_leaves_classroom_mode_on(opened_in_window,
                                                              small_studio):
    small_studio.set_classroom(True)                 # as --classroom does
    window = opened_in_window({"classroom": False, "language": "en"}, chosen=False)
    assert window.studio.classroom and i18n.current_language() == "en"


def test_the_language_is_saved_with_the_workspace(small_studio, tmp_path):
    i18n.set_language("zh_CN", chosen=False)
    try:
        assert ws.capture(small_studio).ui["language"] == "zh_CN"
    finally:
        i18n.set_language("en")


def test_a_restored_chinese_session_is_greeted_in_chinese(small_studio, qtbot, tmp_path):
    """Walker30 W30-1: a start without --lang restored a session saved in Chinese, and the
    window followed it into Chinese, but the status line said 'Restored your last session.':
    the greeting was translated before the session's language was taken on."""
    from PySide6.QtCore import QSettings

    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.workspace import WorkspaceController

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(small_studio, settings)
    qtbot.addWidget(window)
    auto = tmp_path / "auto.dlsw"
    _saved_with_view(small_studio, auto, {"language": "zh_CN"})
    messages = []
    small_studio.sigMessage.connect(messages.append)
    i18n.set_language("en", chosen=False)
    try:
        window.attach_workspace(WorkspaceController(small_studio, window, autosave_path=auto))
        assert window.workspace.recovery.restore_last_session()
        assert i18n.current_language() == "zh_CN"
        assert messages and "已恢复上次的会话。" in messages[-1], messages
        # and says why the window is in Chinese, and where to change it (walker35 b02)
        assert "已恢复上次的会话。窗口语言为简体中文，与保存时相同（“视图 > 语言”可更改）。" \
            in messages[-1], messages
    finally:
        window.workspace.close()
        i18n.set_language("en")
