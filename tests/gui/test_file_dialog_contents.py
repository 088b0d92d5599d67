"""File dialogs never read the files they list (walker14: typing "/proc/" as a file name
listed /proc in the name completer, and naming /proc/kmsg by its contents blocked the
window for good)."""
from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileIconProvider

from dlstudio.gui import file_choice


def test_the_dialogs_name_files_by_their_names_not_their_contents(qapp, tmp_path):
    mystery = tmp_path / "mystery"                 # a PDF by its contents, no extension
    mystery.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (tmp_path / "notes.pdf").write_bytes(b"not really")
    assert "PDF" in QFileIconProvider().type(QFileInfo(str(mystery)))   # Qt reads it
    dialog = file_choice.file_dialog(None, "Open", str(tmp_path), "All (*)", save=False)
    provider = dialog.iconProvider()
    assert "PDF" not in provider.type(QFileInfo(str(mystery)))
    assert "PDF" in provider.type(QFileInfo(str(tmp_path / "notes.pdf")))   # by name
    assert provider.type(QFileInfo(str(tmp_path))) == QFileIconProvider().type(
        QFileInfo(str(tmp_path)))                                          # a folder
    plain = provider.icon(QFileIconProvider.IconType.File)
    assert provider.icon(QFileInfo(str(mystery))).name() == plain.name()
    dialog.deleteLater()


def test_the_data_path_field_uses_the_same_dialog(qapp, monkeypatch, tmp_path):
    """The Data panel's "path" field opens the project's dialog too (it used Qt's static
    one, which names files by their contents)."""
    from PySide6.QtWidgets import QFileDialog

    from dlstudio.gui.widgets import path_edit

    seen = []

    def fake_exec(dialog):
        seen.append(type(dialog.iconProvider()).__name__)
        return QFileDialog.DialogCode.Rejected

    monkeypatch.setattr(QFileDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (seen.append("static") or ("", "")))
    edit = path_edit.PathEdit("file")
    assert edit.ask(None, "Choose the data", str(tmp_path), "All files (*)") == ""
    assert seen == ["NamesOnlyIconProvider"]
