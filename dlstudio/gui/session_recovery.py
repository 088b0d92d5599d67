"""Which window owns the last session, and what is left of sessions that were not closed.

``SessionRecovery`` belongs to one window's ``WorkspaceController`` (``gui/workspace.py``,
which opens, saves and autosaves). It holds:

- the lock on the shared autosave (``OwnerLock``): the first window owns the session that
  the next start restores; a second window (or process) autosaves to a file of its own,
  named after its process, and deletes it when it closes;
- the previous session: restored at start (``restore_last_session``), or kept as
  ``previous-session.dlsw`` when the window starts without it (``keep_previous_session``);
- orphaned autosaves: those of second windows whose process ended without closing them (a
  crash), offered to be opened, saved as a file or discarded (``offer_recovery``).
"""
from __future__ import annotations

import logging
import os
import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox

from dlstudio.engine.filesave import OwnerLock, atomic_write, process_alive
from dlstudio.gui import file_choice, recent_files
from dlstudio.gui.errors import show_problem
from dlstudio.gui.i18n import render
from dlstudio.gui.workspace_file import SUFFIX, WorkspaceError, read

log = logging.getLogger(__name__)

#: the shared autosave in the per-user folder: the session the next start restores
AUTOSAVE_NAME = "autosave" + SUFFIX
#: the last session, kept when a window starts without restoring it
PREVIOUS_NAME = "previous-session" + SUFFIX


class SessionRecovery(QObject):
    """The session lock, the previous session and crashed windows' work, for one window.

    ``workspace`` is the window's ``WorkspaceController``: a recovered or restored session is
    put in through its public methods (``may_replace``, ``put_session``, ``file_filter``,
    ``dialog_folder``). ``autosave_path`` is where this window autosaves: the shared autosave
    when it owns the session (``owns_session``), otherwise a file of its own beside it.
    """

    #: the question about a crashed window's work was answered (True: its work was opened)
    sigRecoveryAnswered = Signal(bool)
    #: the restored session is what the last window (which crashed or was killed) had
    #: autosaved, at this time of day (``saved_at_text``): the window keeps a note of it in
    #: sight until it is read (walker32 B35)
    sigCrashRestored = Signal(str)

    def __init__(self, workspace, shared_autosave: Path):
        super().__init__(workspace)
        self.workspace = workspace
        #: the open question about a crashed window's work (``offer_recovery``), or None
        self.recovery_box: QMessageBox | None = None
        # one window owns the shared autosave; another window (or process) autosaves to its
        # own file instead, so that two windows never overwrite each other's session
        self._lock = OwnerLock(shared_autosave)
        self.owns_session = self._lock.acquire()
        weakref.finalize(workspace, self._lock.release)
        self.autosave_path = shared_autosave
        if not self.owns_session:
            self.autosave_path = shared_autosave.with_name(
                f"{shared_autosave.stem}-{os.getpid()}-{id(workspace):x}{SUFFIX}")

    def release(self) -> None:
        """Let another window own the shared autosave (this window closes)."""
        self._lock.release()

    # -- crashed windows ----------------------------------------------------------------------
    def orphaned_sessions(self) -> list[Path]:
        """Autosaves of other windows whose process has ended without closing them (a
        crash): their work can still be recovered. Newest first."""
        found = []
        for path in self.autosave_path.parent.glob(f"{self.autosave_path.stem}-*{SUFFIX}"):
            pid = path.stem[len(self.autosave_path.stem) + 1:].split("-")[0]
            if pid.isdigit() and not process_alive(int(pid)) and path != self.autosave_path:
                found.append(path)
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def offer_recovery(self) -> QMessageBox | None:
        """Ask (without blocking) what to do with the newest orphaned session: Open it here
        (after ``may_replace``: the session now on screen is saved first or discarded only
        when the student says so), Save it as a workspace file (the session on screen
        stays), or Discard it. Cancelling a question keeps the orphan for the next start.
        Returns the question box (None when there is none)."""
        orphans = self.orphaned_sessions()
        if not orphans:
            return None
        path = orphans[0]
        when = saved_at_text(path)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Recover a session?"),
                          self.tr("A second dlstudio window closed unexpectedly. Its work was "
                                  "autosaved at %1.").replace("%1", when),
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard,
                          self.workspace.window)
        box.setInformativeText(self.tr(
            "Open it here (you are asked first about this window's changes that are in no "
            "file), or save it as a workspace file to open later and keep this window as it "
            "is. Discard deletes it."))
        box.button(QMessageBox.StandardButton.Open).setText(self.tr("Open here"))
        save_as = box.addButton(self.tr("Save as file..."), QMessageBox.ButtonRole.AcceptRole)
        box.setObjectName("recover_box")
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button) -> None:
            self.recovery_box = None
            opened = box.standardButton(button) == QMessageBox.StandardButton.Open
            if button is save_as:
                done = self._save_orphan_as(path, when)
            elif opened:
                done = opened = self.workspace.may_replace(whole=True) and self._open_orphan(path, when)
            else:
                done = True
            if done:
                try:
                    path.unlink()
                except OSError:
                    pass
            self.sigRecoveryAnswered.emit(opened)

        def closed(_result) -> None:
            if self.recovery_box is box:    # closed unanswered: asked again at the next start
                self.recovery_box = None
                self.sigRecoveryAnswered.emit(False)

        box.buttonClicked.connect(answered)
        box.finished.connect(closed)
        box.show()
        self.recovery_box = box
        return box

    def _open_orphan(self, path: Path, when: str) -> bool:
        """Open a crashed window's autosave in place of the session; it is in no file, so
        it counts as changed and Save asks for a name (never the autosave folder)."""
        workspace = self.workspace
        try:
            ws = read(path, shown=self.tr("the recovered work"))
        except WorkspaceError as exc:
            show_problem(workspace.window, self.tr("Cannot open the workspace"), render(exc))
            return False
        workspace.put_session(
            ws, None, True, workspace.own_work | {"session"},   # the student's, in no file
            lambda: self.tr("Opened the work of the window that closed unexpectedly "
                            "(autosaved at %1). It is in no file yet: File > Save workspace "
                            "keeps it.").replace("%1", when))
        return True

    def _save_orphan_as(self, path: Path, when: str) -> bool:
        """Copy a crashed window's autosave to a workspace file the student names; the
        session on screen is not touched. False when cancelled or the copy failed."""
        workspace = self.workspace
        target, _ = file_choice.get_save_path(
            workspace.window, self.tr("Save the recovered work"), "recovered" + SUFFIX,
            workspace.file_filter(), workspace.settings, workspace.dialog_folder())
        if not target:
            return False
        target = Path(target)
        if target.suffix != SUFFIX:
            target = target.with_name(target.name + SUFFIX)
        try:
            read(path, shown=self.tr("the recovered work"))   # damaged: said, not copied
            atomic_write(target, path.read_bytes())
        except Exception as exc:
            show_problem(workspace.window, self.tr("Cannot save the workspace"), render(exc))
            return False
        recent_files.add_recent(workspace.settings, target)
        workspace.studio.sigMessage.emit(self.tr(
            "Saved the work of the window that closed unexpectedly (autosaved at %1) as %2 "
            "(File > Open workspace).").replace("%1", when).replace("%2", str(target)))
        return True

    # -- the previous session ------------------------------------------------------------------
    def keep_previous_session(self) -> Path | None:
        """Keep the last session's autosave as ``previous-session.dlsw`` beside it when this
        window starts without it (a workspace file, ``--fresh`` or a preset was given): its
        first autosave would otherwise overwrite a session that may be in no file. Returns
        where it was kept (None: nothing to keep, or another window owns the session)."""
        if not self.owns_session or not self.autosave_path.exists():
            return None
        kept = self.autosave_path.with_name(PREVIOUS_NAME)
        try:
            self.autosave_path.replace(kept)
        except OSError:
            log.warning("could not keep the previous session", exc_info=True)
            return None
        # where the student reaches it, not the hidden folder it is in (W8-14 c)
        self.workspace.studio.sigMessage.emit(self.tr(
            "Your last session (autosaved at %1) was kept: File > Open recent > Previous "
            "session opens it.").replace("%1", saved_at_text(kept)))
        return kept

    def previous_session_path(self) -> Path | None:
        """The last session kept by ``keep_previous_session`` (None: there is none)."""
        kept = self.autosave_path.with_name(PREVIOUS_NAME)
        return kept if kept.is_file() else None

    def open_previous_session(self) -> bool:
        """Open the kept previous session in place of the one on screen (File > Open recent
        > Previous session), after ``may_replace``; it belongs to the workspace file it came
        from, if any, as a restored session does. False when cancelled or unreadable."""
        workspace, kept = self.workspace, self.previous_session_path()
        if kept is None or not workspace.may_replace(whole=True):
            return False
        try:
            when = saved_at_text(kept)
            ws = read(kept, shown=self.tr("your previous session"))
        except WorkspaceError as exc:
            show_problem(workspace.window, self.tr("Cannot open the workspace"), render(exc))
            return False
        file = ws.ui.get("file")
        modified = bool(ws.ui.get("modified", True))
        workspace.put_session(ws, Path(file) if isinstance(file, str) and file else None,
                              modified, restored_own_work(ws.ui.get("own_work"), modified),
                              lambda: self.tr("Opened your previous session (autosaved "
                                              "at %1).").replace("%1", when))
        return True

    def restore_last_session(self) -> bool:
        """Restore the last session's autosave in place of the session on screen (after
        offering a crashed window's work); False when there is none, another window owns
        it, or it cannot be opened (it is then kept as ``autosave.broken.dlsw``)."""
        workspace = self.workspace
        if not self.owns_session:
            workspace.studio.sigMessage.emit(self.tr(
                "Another dlstudio window is using your last session: this window starts "
                "fresh, and the next start does not restore its work. Save it to a file "
                "(you are asked when you close it)."))
            return False
        self.offer_recovery()
        if not self.autosave_path.exists():
            return False
        try:
            saved_at = saved_at_text(self.autosave_path)
            ws = read(self.autosave_path)
            file = ws.ui.get("file")
            # an autosave from before the file was kept: its changes may be in no file
            modified = bool(ws.ui.get("modified", True))
            if self._lock.taken_over:   # the last window crashed or was killed (W9-3)
                def said() -> str:
                    return self.tr("dlstudio did not close properly last time: this is your "
                                   "session as autosaved at %1 (what happened after that was "
                                   "not kept).").replace("%1", saved_at)
            else:
                def said() -> str:
                    return self.tr("Restored your last session.")
            workspace.put_session(ws, Path(file) if isinstance(file, str) and file else None,
                                  modified, restored_own_work(ws.ui.get("own_work"), modified),
                                  said)
            if self._lock.taken_over:
                self.sigCrashRestored.emit(saved_at)
            return True
        except Exception as exc:
            broken = self.autosave_path.with_suffix(".broken" + SUFFIX)
            try:
                self.autosave_path.replace(broken)
            except OSError:
                pass
            show_problem(workspace.window, self.tr("Last session not restored"),
                         self.tr("The autosaved session could not be opened (%1). It was "
                                 "kept as %2; you start with a fresh workspace.")
                         .replace("%1", render(exc)).replace("%2", str(broken)))
            return False


def crash_note(saved_at: str) -> tuple[str, str]:
    """The heading and the sentence of the note a window keeps in sight after restoring the
    session a crash left (``sigCrashRestored``; ``saved_at``: ``saved_at_text``)."""
    from PySide6.QtCore import QCoreApplication

    return (QCoreApplication.translate("SessionRecovery",
                                       "dlstudio did not close properly last time."),
            QCoreApplication.translate(
                "SessionRecovery", "This is your session as autosaved at %1: what happened "
                "after that (the end of a run that was training, changes made since) was not "
                "kept.").replace("%1", saved_at))


def saved_at_text(path: Path) -> str:
    """When ``path`` (an autosave) was last written, for a student: the time of day in the
    UI's locale ("09:01"), with the date when it is not today."""
    try:
        stamp = QDateTime.fromSecsSinceEpoch(int(path.stat().st_mtime))
    except OSError:
        return "?"
    locale = QLocale()
    time = locale.toString(stamp.time(), QLocale.FormatType.ShortFormat)
    if stamp.date() == QDate.currentDate():
        return time
    return f"{locale.toString(stamp.date(), QLocale.FormatType.ShortFormat)} {time}"


def restored_own_work(saved: Any, modified: bool) -> set[str]:
    """``WorkspaceController.own_work`` as an autosave kept it; an autosave from before it
    was kept counts all its changes (``modified``) as the student's."""
    if isinstance(saved, list):
        return {part for part in saved if isinstance(part, str)}
    return {"session"} if modified else set()
