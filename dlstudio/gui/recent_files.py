"""The workspaces the student opened or saved last, newest first (start page, File menu).

The list lives in the application's ``QSettings`` under ``RECENT_KEY`` (a JSON list of
``{"path", "when"}``; JSON because QSettings turns a one-element list into a string), at most
``MAX_RECENT`` entries. dlstudio's own autosaves (the per-user data folder) are never listed:
they are not the student's files. A file that has gone since is kept, marked ``exists=False``,
so the list can say so (a USB stick may come back); choosing it offers to remove that entry
(``remove_recent``); "Clear list" empties it.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

#: the QSettings key holding the list
RECENT_KEY = "files/recent_workspaces"
#: how many workspaces are remembered
MAX_RECENT = 5


@dataclass(frozen=True)
class RecentWorkspace:
    """One remembered workspace file."""

    path: Path
    #: when the student last opened or saved it (seconds since the epoch)
    when: float

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def folder(self) -> str:
        return str(self.path.parent)

    def date_text(self) -> str:
        """When the file was last saved (its modification time; for a missing file, when
        it was last used), as the window's language writes a date."""
        try:
            stamp = self.path.stat().st_mtime
        except OSError:
            stamp = self.when
        # "5 Dec 2026, 10:27" / "2026年12月5日 10:27" (month names from the C locale)
        pattern = QCoreApplication.translate("RecentFiles", "d MMM yyyy, HH:mm")
        return QLocale.c().toString(QDateTime.fromSecsSinceEpoch(int(stamp)), pattern)


def _is_autosave(path: Path) -> bool:
    from dlstudio.gui.errors import user_data_dir

    try:
        return path.parent == Path(user_data_dir()).resolve()
    except OSError:
        return False


def stored_list(settings, key: str) -> list:
    """The JSON list kept in ``settings`` under ``key`` (empty without settings, when
    nothing is kept or when the stored value is damaged). Lists are kept as JSON because
    QSettings turns a one-element list into a string."""
    if settings is None:
        return []
    raw = settings.value(key, "")
    try:
        items = json.loads(raw) if isinstance(raw, str) and raw else []
    except ValueError:
        return []
    return items if isinstance(items, list) else []


def recent_workspaces(settings) -> list[RecentWorkspace]:
    """The remembered workspaces, newest first (empty without settings or when the stored
    value is damaged)."""
    out: list[RecentWorkspace] = []
    for item in stored_list(settings, RECENT_KEY):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue
        when = item.get("when")
        path = Path(item["path"])
        if _is_autosave(path) or any(r.path == path for r in out):
            continue
        out.append(RecentWorkspace(path, float(when) if isinstance(when, (int, float))
                                   else 0.0))
    return out[:MAX_RECENT]


def _store(settings, entries: list[RecentWorkspace]) -> None:
    settings.setValue(RECENT_KEY, json.dumps(
        [{"path": str(r.path), "when": r.when} for r in entries[:MAX_RECENT]]))


def add_recent(settings, path: str | Path) -> None:
    """Put ``path`` (a workspace just opened or saved) first in the list; dlstudio's
    autosaves are left out."""
    if settings is None or not path:
        return
    path = Path(path).resolve()
    if _is_autosave(path):
        return
    entries = [r for r in recent_workspaces(settings) if r.path != path]
    _store(settings, [RecentWorkspace(path, time.time())] + entries)


def remove_recent(settings, path: str | Path) -> None:
    """Forget the one remembered workspace ``path`` (a file that has gone)."""
    if settings is None or not path:
        return
    path = Path(path)
    _store(settings, [r for r in recent_workspaces(settings) if r.path != path])


def clear_recent(settings) -> None:
    """Forget every remembered workspace."""
    if settings is not None:
        settings.setValue(RECENT_KEY, "[]")
