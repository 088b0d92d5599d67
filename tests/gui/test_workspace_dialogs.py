"""The File menu's dialogs of a window's workspace (``gui/workspace_dialogs.py``): a network
saved as JSON opens again, the dialogs start in the open workspace's folder. Opening a
workspace through the dialog is ``test_workspace_open_damaged.py`` and
``test_workspace_unsaved.py``."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dlstudio.gui import file_choice
from dlstudio.gui.workspace import WorkspaceController


def _controller(studio, qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    return WorkspaceController(studio, parent, autosave_path=tmp_path / "auto.dlsw")


def test_a_network_saved_as_json_opens_again(small_studio, qtbot, tmp_path, monkeypatch):
    ctl = _controller(small_studio, qtbot, tmp_path)
    path = tmp_path / "net.json"
    monkeypatch.setattr(file_choice, "get_save_path", lambda *_a, **_k: (str(path), ""))
    monkeypatch.setattr(file_choice, "get_open_path", lambda *_a, **_k: str(path))
    saved = small_studio.network_spec
    ctl.save_network_dialog()
    assert path.is_file()
    small_studio.set_network_spec(saved.remove_layer(0))
    assert small_studio.network_spec != saved
    ctl.open_network_dialog()
    assert small_studio.network_spec == saved


def test_the_dialogs_start_in_the_open_workspaces_folder(small_studio, qtbot, tmp_path,
                                                         monkeypatch):
    ctl = _controller(small_studio, qtbot, tmp_path)
    assert ctl.dialog_folder() is None and "*.dlsw" in ctl.file_filter()
    folder = tmp_path / "homework"
    folder.mkdir()
    assert ctl.save_to(folder / "first")
    assert ctl.dialog_folder() == folder
    starts = []
    monkeypatch.setattr(file_choice, "get_save_path",
                        lambda _w, _t, name, _f, _s, start: (starts.append((name, start)),
                                                             ("", ""))[1])
    assert ctl.save_as_dialog() is False                     # cancelled: nothing saved
    assert starts == [("first.dlsw", folder)]


def test_opening_a_file_another_window_has_open_says_so_first(small_studio, qtbot, tmp_path):
    """Walker35 W35-10: opening a file that another window had open, with unsaved changes
    there, said nothing (only the later Save did): it is said before opening, with whether
    that window has unsaved changes; Cancel opens nothing."""
    from dlstudio.gui.studio import Studio

    first = _controller(small_studio, qtbot, tmp_path)
    path = tmp_path / "shared.dlsw"
    assert first.save_to(path)
    other = Studio()
    try:
        second = _controller(other, qtbot, tmp_path)
        asked, answers = [], [False, True]
        second.ask_open_elsewhere = lambda _p, name, unsaved: (
            asked.append((name, unsaved)), answers.pop(0))[1]
        assert second.open_replacing(path) is False and second.path is None
        assert asked == [("shared.dlsw", False)]
        small_studio.reset_weights()
        small_studio.set_network_spec("elu_he_mlp")             # unsaved in the first window
        assert first.modified
        assert second.open_replacing(path) and second.path == path
        assert asked[-1] == ("shared.dlsw", True)
        assert second.open_replacing(path) and len(asked) == 2  # its own file: no question
        first.close()
        third = _controller(Studio(), qtbot, tmp_path)
        try:
            third.ask_open_elsewhere = lambda *_a: (asked.append("third"), False)[1]
            assert not third.open_replacing(path) and asked[-1] == "third"   # the second has it
            second.close()
            assert third.open_replacing(path) and asked.count("third") == 1
        finally:
            third.studio.shutdown()
    finally:
        other.shutdown()
