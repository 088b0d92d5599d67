"""File dialogs sized for classroom mode (walkfix10 brief: Open/Save workspace and export
dialogs kept their normal size with 1.5x text on a projector)."""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from dlstudio.gui import file_choice, theme


def _shown_sizes(qapp, monkeypatch, tmp_path, classroom: bool):
    seen = []

    def fake_exec(dialog):
        seen.append((dialog.size(), dialog.acceptMode(), dialog.fileMode()))
        dialog.selectFile(str(tmp_path / "lesson.dlsw"))
        return QFileDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "exec", fake_exec)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    theme.apply(qapp, "light", classroom)
    try:
        path, chosen = file_choice.get_save_path(None, "Save workspace", "lesson.dlsw",
                                                 "Workspace (*.dlsw)", settings=settings)
        assert path.endswith("lesson.dlsw") and chosen == "Workspace (*.dlsw)"
        (tmp_path / "lesson.dlsw").write_text("{}")
        assert file_choice.get_open_path(None, "Open workspace", "Workspace (*.dlsw)",
                                         settings=settings).endswith("lesson.dlsw")
    finally:
        theme.apply(qapp, "light", False)
    return seen


def test_classroom_file_dialogs_are_larger_within_the_screen(qapp, monkeypatch, tmp_path,
                                                             app_look_restored):
    normal = _shown_sizes(qapp, monkeypatch, tmp_path, False)
    large = _shown_sizes(qapp, monkeypatch, tmp_path, True)
    assert [m[1:] for m in normal] == [
        (QFileDialog.AcceptMode.AcceptSave, QFileDialog.FileMode.AnyFile),
        (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.FileMode.ExistingFile)]
    room = qapp.primaryScreen().availableGeometry().size() * file_choice.MAX_SCREEN_SHARE
    for (small, *_), (big, *_) in zip(normal, large):
        for a, b, limit in ((small.width(), big.width(), room.width()),
                            (small.height(), big.height(), room.height())):
            assert b <= limit + 1
            assert b >= min(1.4 * a, limit - 1), (small, big)
