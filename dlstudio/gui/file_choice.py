"""Where file dialogs start, and the "Save changes first?" question.

A file dialog starts in the folder the student used last (kept in ``QSettings`` under
``FOLDER_KEY``), else in their Documents folder, else their home folder: never in the folder
the program was started from. ``get_save_path``/``get_open_path`` are Qt's file dialogs with
that start, remembering the folder chosen, sized for classroom mode (``file_dialog``).
``ask_save_changes`` is the one question asked before the session is replaced (New, Open,
a lesson) while it holds changes that are in no file; ``ask_stop_run`` the one asked before
the window closes while a run trains;
``ask_overwrite_changed`` the one asked before Save replaces a file that changed on disk
since this window opened or saved it (another dlstudio window saved it);
``ask_missing_recent`` the one asked when a recent workspace is no longer where it was.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QFileInfo, QMimeDatabase, QSettings, QStandardPaths
from PySide6.QtWidgets import (QApplication, QFileDialog, QFileIconProvider, QMessageBox,
                               QWidget)

#: the QSettings key holding the folder of the last file opened or saved
FOLDER_KEY = "files/last_folder"
#: the system's own file systems: files made up by the kernel, devices, pipes. A file dialog
#: listing one can block for good (reading /proc/kmsg froze the window, also after every
#: restart while the folder was remembered: walker14 W14-16), and no student file lives there
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
MIME_TYPES = QMimeDatabase()


def usable_folder(folder: str | Path) -> bool:
    """Whether a file dialog may start in ``folder``: a directory that still exists, may be
    listed, and is not in the system's own file systems (``SYSTEM_FOLDERS``)."""
    try:
        path = Path(folder).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    if any(path == Path(root) or Path(root) in path.parents for root in SYSTEM_FOLDERS):
        return False
    return path.is_dir() and os.access(path, os.R_OK | os.X_OK)


def start_folder(settings=None) -> Path:
    """The folder a file dialog opens in: the last one used (when it is still
    ``usable_folder``), else Documents, else home."""
    if settings is not None:
        last = str(settings.value(FOLDER_KEY, "") or "")
        if last and usable_folder(last):
            return Path(last)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(settings, path: str | Path) -> None:
    """Remember the folder of ``path`` (a file just opened or saved) for the next dialog;
    never the folder of dlstudio's autosaves (a recovered session lives there, and a
    student would save into a hidden folder: W7-20), nor one no dialog should start in
    (``usable_folder``: a save there fails anyway)."""
    from dlstudio.gui.errors import user_data_dir

    if settings is None or not path:
        return
    folder = Path(path).resolve().parent
    if folder == Path(user_data_dir()).resolve() or not usable_folder(folder):
        return
    settings.setValue(FOLDER_KEY, str(folder))


def start_path(settings, name: str = "", folder: Path | None = None) -> str:
    """The start of a dialog: ``name`` (a proposed file name) in ``folder`` when given and
    it still exists (the open workspace's folder), else in ``start_folder``."""
    if folder is None or not usable_folder(folder):
        folder = start_folder(settings)
    return str(folder / name) if name else str(folder)


def user_settings() -> QSettings:
    """The application's settings (as ``app.run`` opens them), for widgets given none."""
    return QSettings("dlstudio", "dlstudio")


class NamesOnlyIconProvider(QFileIconProvider):
    """Icons and type names from file names alone, never from what a file holds: Qt reads
    a file of unknown type to name it, and a file that never ends (/proc/kmsg) froze the
    window as soon as a dialog listed /proc, e.g. while "/proc" was typed as a file name
    (walker14 W14-10/W14-16)."""

    def icon(self, what):
        if isinstance(what, QFileInfo) and not what.isDir():
            return super().icon(QFileIconProvider.IconType.File)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: A003 (Qt name)
        if info.isDir():
            return super().type(info)
        return MIME_TYPES.mimeTypeForFile(info.fileName(),
                                          QMimeDatabase.MatchMode.MatchExtension).comment()


_PROVIDER: list[NamesOnlyIconProvider] = []


def _names_only_provider() -> NamesOnlyIconProvider:
    """One provider for every dialog (a dialog does not own the provider it is given)."""
    if not _PROVIDER:
        _PROVIDER.append(NamesOnlyIconProvider())
    return _PROVIDER[0]


#: classroom mode's file dialogs are this many times the normal size (the text is 1.5 times
#: larger, and Qt's own dialog kept its normal size: a cramped list on a projector) ...
CLASSROOM_DIALOG_SCALE = 1.5
#: ... but no larger than this share of the screen's free area
MAX_SCREEN_SHARE = 0.9


def file_dialog(parent: QWidget | None, caption: str, start: str, filters: str,
                save: bool) -> QFileDialog:
    """A file dialog (Qt's own where the platform has no native one) opening at ``start``
    (a folder, or a proposed file in it), for saving (``save``) or opening an existing file,
    sized for the mode: in classroom mode ``CLASSROOM_DIALOG_SCALE`` times larger."""
    dialog = QFileDialog(parent, caption, start, filters)
    dialog.setObjectName("file_dialog")
    dialog.setIconProvider(_names_only_provider())
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    app = QApplication.instance()
    if app is not None and app.property("dlstudio_classroom"):
        size = dialog.size().expandedTo(dialog.sizeHint()) * CLASSROOM_DIALOG_SCALE
        screen = (parent.screen() if parent is not None else None) or app.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry().size() * MAX_SCREEN_SHARE
            size = size.boundedTo(room)
        dialog.resize(size)
    return dialog


def _chosen(dialog: QFileDialog) -> tuple[str, str]:
    """(the path chosen or "", the filter chosen) after ``dialog`` ran."""
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def ask_open_file(parent: QWidget | None, caption: str, start: str, filters: str) -> str:
    """The path of an existing file chosen in an open dialog (``file_dialog``) starting at
    ``start``, or ""; nothing is remembered (the caller decides)."""
    return _chosen(file_dialog(parent, caption, start, filters, save=False))[0]


def get_save_path(parent: QWidget | None, caption: str, name: str, filters: str,
                  settings=None, folder: Path | None = None) -> tuple[str, str]:
    """A save dialog (``file_dialog``) proposing ``name`` where ``start_path`` says; returns
    (path or "", the filter chosen) and remembers the folder of a chosen path."""
    settings = settings if settings is not None else user_settings()
    path, chosen = _chosen(file_dialog(parent, caption, start_path(settings, name, folder),
                                       filters, save=True))
    if path:
        remember_folder(settings, path)
    return path, chosen


def get_open_path(parent: QWidget | None, caption: str, filters: str, settings=None,
                  folder: Path | None = None) -> str:
    """An open dialog (``file_dialog``) starting where ``start_path`` says; returns the path
    or "" and remembers the folder of a chosen path."""
    settings = settings if settings is not None else user_settings()
    path, _ = _chosen(file_dialog(parent, caption, start_path(settings, "", folder), filters,
                                  save=False))
    if path:
        remember_folder(settings, path)
    return path


def ask_save_changes(parent: QWidget | None, file_name: str = "",
                     closing: bool = False) -> QMessageBox.StandardButton:
    """Ask whether to save the session's changes before it is replaced: ``Save``,
    ``Discard`` or ``Cancel`` (Qt's standard buttons, translated by Qt). ``file_name``: the
    workspace file the session came from ("" when it is in no file). ``closing``: a second
    window is closing, whose session no next start restores."""
    if file_name:
        text = QCoreApplication.translate(
            "FileChoice", "%1 has changes that are not saved in the file.").replace(
            "%1", file_name)
    else:
        text = QCoreApplication.translate(
            "FileChoice", "This session has changes that are not saved in any file.")
    buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
               | QMessageBox.StandardButton.Cancel)
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("FileChoice", "Save changes first?"), text,
                      buttons, parent)
    if closing:
        box.setInformativeText(QCoreApplication.translate(
            "FileChoice", "This is a second dlstudio window: the next start does not restore "
                          "its work. Save it before closing? Discard loses it; Cancel keeps "
                          "the window open."))
    else:
        box.setInformativeText(QCoreApplication.translate(
            "FileChoice", "Save them before they are replaced? Discard loses them; Cancel "
                          "keeps working on them."))
    # Enter changes nothing: a student who typed a file name and pressed Enter, expecting
    # the file dialog, saved the session over the file open (walker37 W37-22)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName("save_changes_box")
    return QMessageBox.StandardButton(box.exec())


def ask_stop_run(parent: QWidget | None, text: "str | Callable[[], str]", detail: str,
                 refresh: Any = None) -> bool:
    """Ask whether to stop the training run and quit: True for "Stop and quit", False for
    Cancel (keep training). ``text``: the question, naming the run's epoch, or a function
    making it, asked again each time the signal ``refresh`` fires while the question is up
    (the run's snapshots still in flight as it pauses: the question said epoch 35 while the
    toolbar behind it went on to 36, walker21 W21-14); ``detail``: what happens to the run."""
    make = text if callable(text) else (lambda: text)
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("FileChoice", "Stop the training?"), make(),
                      QMessageBox.StandardButton.Cancel, parent)
    stop = box.addButton(QCoreApplication.translate("FileChoice", "Stop and quit"),
                         QMessageBox.ButtonRole.AcceptRole)
    box.setInformativeText(detail)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName("stop_run_box")

    def _on_refresh(*_args) -> None:
        box.setText(make())

    if refresh is not None:
        refresh.connect(_on_refresh)
    try:
        box.exec()
    finally:
        if refresh is not None:
            refresh.disconnect(_on_refresh)
    return box.clickedButton() is stop


def ask_overwrite_changed(parent: QWidget | None, file_name: str) -> str:
    """Ask before saving over ``file_name``, which changed on disk since this window opened
    or saved it: ``"overwrite"``, ``"save_as"`` or ``"cancel"``."""
    title = QCoreApplication.translate("FileChoice", "The file changed elsewhere")
    text = QCoreApplication.translate(
        "FileChoice", "%1 was changed on disk since you opened or saved it here (perhaps in "
        "another dlstudio window).").replace("%1", file_name)
    detail = QCoreApplication.translate(
        "FileChoice", "Saving here replaces those changes. Save as... keeps both; Cancel "
        "saves nothing.")
    return _ask_two_ways(parent, "overwrite_changed_box", title, text, detail,
                         ("overwrite", QCoreApplication.translate("FileChoice", "Replace it")),
                         ("save_as", QCoreApplication.translate("FileChoice", "Save as...")))


def ask_open_elsewhere(parent: QWidget | None, file_name: str, unsaved: bool) -> bool:
    """Say that ``file_name`` is open in another dlstudio window (``unsaved``: with changes
    there that are in no file) before opening it here too: True to open it anyway (Cancel is
    the default while that window has unsaved changes)."""
    title = QCoreApplication.translate("FileChoice", "Open in another window")
    if unsaved:
        text = QCoreApplication.translate(
            "FileChoice", "%1 is open in another dlstudio window, with changes not saved "
            "there yet.").replace("%1", file_name)
    else:
        text = QCoreApplication.translate(
            "FileChoice", "%1 is open in another dlstudio window.").replace("%1", file_name)
    detail = QCoreApplication.translate(
        "FileChoice", "Opened here too, it is the file as last saved. When both windows save "
        "it, the later save replaces the other's work: to keep both, save one of them under "
        "another name.")
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(detail)
    anyway = box.addButton(QCoreApplication.translate("FileChoice", "Open anyway"),
                           QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel if unsaved else anyway)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName("open_elsewhere_box")
    box.exec()
    return box.clickedButton() is anyway


def ask_missing_recent(parent: QWidget | None, path: str) -> str:
    """Say that the recent workspace ``path`` is no longer where it was and ask what to do:
    ``"remove"`` (forget it in the list), ``"open"`` (look for it with the open dialog) or
    ``"cancel"``."""
    where = Path(path)
    title = QCoreApplication.translate("FileChoice", "Workspace not found")
    text = QCoreApplication.translate(
        "FileChoice", "%1 is no longer in %2: it was moved, renamed or deleted, or the drive "
        "it was on is not connected.").replace("%1", where.name).replace("%2", str(where.parent))
    detail = QCoreApplication.translate(
        "FileChoice", "Look for it with Open a saved workspace..., or remove it from the list "
        "of recent workspaces.")
    remove = QCoreApplication.translate("FileChoice", "Remove from the list")
    look = QCoreApplication.translate("FileChoice", "Open a saved workspace...")
    return _ask_two_ways(parent, "missing_recent_box", title, text, detail,
                         ("remove", remove), ("open", look))


def _ask_two_ways(parent: QWidget | None, name: str, title: str, text: str, detail: str,
                  destructive: tuple[str, str], default: tuple[str, str]) -> str:
    """A warning with a destructive choice, a default choice and Cancel (``(key, label)``
    each): the key of the choice made, or ``"cancel"``."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(detail)
    buttons = {box.addButton(destructive[1], QMessageBox.ButtonRole.DestructiveRole):
               destructive[0]}
    chosen = box.addButton(default[1], QMessageBox.ButtonRole.AcceptRole)
    buttons[chosen] = default[0]
    box.setDefaultButton(chosen)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setObjectName(name)
    box.exec()
    return buttons.get(box.clickedButton(), "cancel")
