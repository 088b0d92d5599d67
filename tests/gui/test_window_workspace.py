"""The main window's side of its workspace (``gui/window_workspace.py``): the title, and the
File menu's calls without a controller. Opening through the window is
``test_recent_workspaces.py``, following an opened view ``test_workspace_view.py``."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QMainWindow

from dlstudio.gui.window_workspace import WindowWorkspaceMixin


class _WorkspaceWindow(WindowWorkspaceMixin, QMainWindow):
    def __init__(self):
        super().__init__()
        self.workspace = None


def test_the_title_names_the_file_and_marks_changes(qtbot):
    w = _WorkspaceWindow()
    qtbot.addWidget(w)
    w.update_title()
    assert w.windowTitle() == "untitled[*] — dlstudio" and not w.isWindowModified()
    w.workspace = SimpleNamespace(path=Path("lab") / "homework.dlsw", modified=True,
                                  owns_session=False)
    w.update_title()
    assert w.windowTitle() == "homework.dlsw[*] (second window) — dlstudio"
    assert w.isWindowModified()


def test_without_a_controller_the_file_actions_do_nothing(qtbot):
    w = _WorkspaceWindow()
    qtbot.addWidget(w)
    w.workspace_call("save")
    assert w.may_replace_session() is True
    assert w.open_workspace_file("missing.dlsw") is False
