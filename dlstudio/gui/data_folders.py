"""Folders the student gave for downloadable data (MNIST, Fashion-MNIST), remembered.

A lesson step names its data without a folder ("mnist"). On a computer where the files are in
none of the places dlstudio looks by itself, the student gives their folder in the Data
panel's Path; applying the step again used to drop that folder and fail the same way
(walker8 W8-4). Once a downloadable dataset has loaded from a folder the student gave, the
folder is remembered: every later load that names no folder (a lesson step, its check, the
next start of dlstudio) searches it too (``dlstudio.data.cache.set_remembered_data_dirs``).

The folders live in the application's ``QSettings`` under ``FOLDERS_KEY`` (a JSON list,
newest first, at most ``MAX_FOLDERS``; read with ``recent_files.stored_list``).
"""
from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject

from dlstudio.data import cache
from dlstudio.gui.recent_files import stored_list

#: the QSettings key holding the folders
FOLDERS_KEY = "data/remembered_folders"
#: how many folders are remembered
MAX_FOLDERS = 8


def remembered_folders(settings: Any) -> list[str]:
    """The remembered folders, newest first (empty without settings or when the stored
    value is damaged)."""
    items = stored_list(settings, FOLDERS_KEY)
    return [f for f in items if isinstance(f, str) and f][:MAX_FOLDERS]


def given_folder(data_spec: Any) -> str:
    """The folder ``data_spec`` names for a downloadable dataset's files ("" when it names
    none, or its dataset is generated or the student's own files)."""
    from dlstudio.data import DATASETS

    folder = str(data_spec.params.get("path") or "").strip()
    if not folder or data_spec.dataset not in DATASETS:
        return ""
    entry = DATASETS[data_spec.dataset]
    return "" if entry.offline or entry.path_kind != "folder" else folder


class DataFolderMemory(QObject):
    """Remembers the folder each downloadable dataset loaded from (see the module
    docstring) and hands the remembered folders to the data package's search."""

    def __init__(self, studio: Any, settings: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.studio = studio
        self.settings = settings
        self.folders = remembered_folders(settings)
        cache.set_remembered_data_dirs(self.folders)
        studio.sigDatasetReady.connect(self._on_studio_dataset_ready)

    def _on_studio_dataset_ready(self, _dataset: Any) -> None:
        folder = given_folder(self.studio.data_spec)
        if folder:
            self.remember(folder)

    def remember(self, folder: str) -> None:
        """Put ``folder`` first among the remembered folders (kept in the settings)."""
        folders = [folder] + [f for f in self.folders if f != folder]
        folders = folders[:MAX_FOLDERS]
        if folders == self.folders:
            return
        self.folders = folders
        cache.set_remembered_data_dirs(folders)
        if self.settings is not None:
            self.settings.setValue(FOLDERS_KEY, json.dumps(folders))
