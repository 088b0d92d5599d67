"""Which workspace files other dlstudio windows have open, and whether they changed them.

Two windows are two processes (``gui/new_window.py``). Opening a file that another window has
open, with changes there that are in no file, said nothing (walker35 W35-10): the two windows
then saved over each other's work, and only the second Save was asked about. Each window's
``WorkspaceController`` keeps an :class:`OpenFileMark`: a small note in the per-user folder
(``open-files/<process>-<window>.json``) naming the file it has open and whether it has
unsaved changes, rewritten when either changes and deleted when the window closes.
:func:`open_elsewhere` reads the other windows' notes. A note whose process has ended (the
window crashed or was killed) is ignored and deleted, so a crash never blocks a file.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from dlstudio.engine.filesave import atomic_write_text, process_alive

log = logging.getLogger(__name__)

#: the notes' folder, in the folder of the windows' autosaves
FOLDER_NAME = "open-files"


def _same_file(path: str | Path) -> str:
    """``path`` as the notes compare it (absolute, links resolved)."""
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(Path(path).absolute())


class OpenFileMark:
    """One window's note of the workspace file it has open.

    ``folder`` is the per-user folder the notes' folder goes in; ``key`` tells this window
    from the others of its process.
    """

    def __init__(self, folder: Path, key: str) -> None:
        #: the per-user folder the notes are in (``open_elsewhere`` reads them there)
        self.folder = Path(folder)
        self.path = self.folder / FOLDER_NAME / f"{os.getpid()}-{key}.json"

    def mark(self, file: Path | None, modified: bool) -> None:
        """Note that this window has ``file`` open (``modified``: with changes in no file);
        None: no file (the note goes)."""
        if file is None:
            self.clear()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps(
                {"path": _same_file(file), "modified": bool(modified)}))
        except OSError as exc:                  # a note is a courtesy: never an error
            log.warning("cannot note the open file in %s: %s", self.path, exc)

    def clear(self) -> None:
        """This window has no file open any more (or closes)."""
        try:
            self.path.unlink()
        except OSError:
            pass


def open_elsewhere(folder: Path, file: str | Path,
                   mine: OpenFileMark | None = None) -> list[bool]:
    """The other live windows that have ``file`` open: for each, whether it has changes in
    no file (so ``any(...)``: unsaved work there). ``mine`` is this window's note (left out).
    Notes of ended processes are deleted."""
    wanted = _same_file(file)
    found = []
    for note in sorted((Path(folder) / FOLDER_NAME).glob("*.json")):
        if mine is not None and note == mine.path:
            continue
        pid = note.stem.split("-")[0]
        if not pid.isdigit() or not process_alive(int(pid)):
            try:
                note.unlink()                   # its window crashed or was killed
            except OSError:
                pass
            continue
        try:
            data = json.loads(note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue                            # (being rewritten, or damaged)
        if isinstance(data, dict) and data.get("path") == wanted:
            found.append(bool(data.get("modified")))
    return found
