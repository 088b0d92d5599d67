"""The questions a window's workspace asks before the window closes
(``gui/workspace_closing.py``): none when nothing trains, none about the first window's
changes (its autosave is restored). The questions themselves are ``test_quit_during_run.py``
and ``test_second_window_close.py``."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dlstudio.gui.workspace import WorkspaceController


def _never_asked(*_args, **_kwargs):
    raise AssertionError("asked")


def test_the_first_window_closes_without_a_question(small_studio, qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = WorkspaceController(small_studio, parent, autosave_path=tmp_path / "auto.dlsw")
    ctl.ask_stop_run = ctl.ask_save_changes = _never_asked
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=12))
    assert ctl.owns_session and ctl.modified
    assert ctl.may_close() and ctl.may_close_unsaved()
    ctl.close()
