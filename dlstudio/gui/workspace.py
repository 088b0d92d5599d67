"""The window's workspace: the session's file, its changes, New/Open/Save and autosave.

``WorkspaceController`` saves and opens workspace files (the format is
``gui/workspace_file.py``) and autosaves the session to the per-user folder, periodically,
shortly after every change and during runs (when: ``gui/autosave_timer.py``). Which window
owns that autosave, restoring it at start (or keeping it as ``previous-session.dlsw``) and
the work of a window that crashed are ``gui/session_recovery.py``
(``WorkspaceController.recovery``); the questions before the window closes are
``gui/workspace_closing.py``; the File menu's file dialogs are ``gui/workspace_dialogs.py``;
whose work the unsaved changes are (the student's, a lesson's) is ``gui/own_work.py``.
A broken file is reported in a dialog and never crashes the app.
"""
from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dlstudio.gui import specs
from dlstudio.gui import errors, file_choice, recent_files
from dlstudio.gui.autosave_timer import AutosaveTimer
from dlstudio.gui.errors import show_problem
from dlstudio.gui.i18n import current_language, render, sentences
from dlstudio.gui.open_files import OpenFileMark
from dlstudio.gui.own_work import OwnWork
from dlstudio.gui.session_recovery import AUTOSAVE_NAME, SessionRecovery
from dlstudio.gui.workspace_closing import WorkspaceClosingMixin
from dlstudio.gui.workspace_dialogs import WorkspaceDialogsMixin
from dlstudio.gui.workspace_view import classroom_note, language_note
from dlstudio.gui.workspace_file import (SUFFIX, Workspace, WorkspaceError, apply, capture,
                                         read, write)

log = logging.getLogger(__name__)


class WorkspaceController(WorkspaceDialogsMixin, WorkspaceClosingMixin, QObject):
    """File-menu actions and autosave for one window.

    ``path`` is the workspace file the session was opened from or saved to (None: no file);
    ``modified`` says whether the session has changes that are in no file (any change of the
    specs, variants, weights or run since the file was opened or saved, or since New);
    ``own_work`` says which of those changes are the student's own work (see there). All
    three are kept in the autosave, so they hold across a restart. New, Open and opening a
    lesson ask ``may_replace`` first, which asks the student only about their own work.
    ``recovery`` (``SessionRecovery``) decides ``autosave_path`` and restores or recovers
    sessions.
    """

    #: ``path`` or ``modified`` changed (the window's title follows)
    sigFileStateChanged = Signal()
    #: a workspace was put in place of the session (opened, restored): its view settings
    #: (``ui``), which the window follows as ``gui/workspace_view.py`` says
    sigViewOpened = Signal(object)

    def __init__(self, studio, window: QWidget, autosave_path: Path | None = None,
                 settings: Any = None):
        super().__init__(window)
        self.studio = studio
        self.window = window
        self.settings = settings if settings is not None else getattr(window, "settings", None)
        self.path: Path | None = None
        self._modified = False
        self._applying = False          # loading a workspace: its changes are the file's
        #: whose work the changes in no file are (``own_work``, ``lesson_work``)
        self.work = OwnWork(studio, self)
        #: replaced in tests: (parent, file name) -> QMessageBox.StandardButton
        self.ask_save_changes = file_choice.ask_save_changes
        #: replaced in tests: (parent, question, detail) -> True to stop the run and quit
        self.ask_stop_run = file_choice.ask_stop_run
        #: replaced in tests: (parent, file name) -> "overwrite", "save_as" or "cancel"
        self.ask_overwrite_changed = file_choice.ask_overwrite_changed
        #: (modification time in ns, size) of ``path`` when this window last read or wrote
        #: it: another window saving the same file changes it (W9-17)
        self._file_stamp: tuple[int, int] | None = None
        #: the session lock, the previous session and crashed windows' work
        self.recovery = SessionRecovery(
            self, autosave_path or (errors.user_data_dir() / AUTOSAVE_NAME))
        self.autosave_path = self.recovery.autosave_path
        #: the note telling other windows which file this one has open (``gui/open_files.py``)
        self.open_mark = OpenFileMark(self.autosave_path.parent, f"{id(self):x}")
        weakref.finalize(self, self.open_mark.clear)
        #: replaced in tests: (parent, file name, unsaved there) -> True to open it anyway
        self.ask_open_elsewhere = file_choice.ask_open_elsewhere
        #: when to autosave (``autosave_now`` writes it)
        self.autosave = AutosaveTimer(studio, lambda: self.autosave_now(), self)
        # bound methods, not closures: the studio may outlive this window
        studio.sigNetworkChanged.connect(self._on_studio_network)
        studio.sigDataChanged.connect(self._on_studio_data)
        studio.sigTrainChanged.connect(self._on_studio_training)
        studio.sigVariantsChanged.connect(self._on_studio_variants)
        studio.sigRunStateChanged.connect(self._on_studio_run)
        studio.store.sigCleared.connect(self._on_studio_run)
        #: the trained weights as the file holds them (a timeline scrub changes no weights)
        self._clean_weights = studio.all_weights()
        studio.sigWeightsChanged.connect(self._on_studio_weights)

    # -- the file and its changes ---------------------------------------------------------------
    @property
    def modified(self) -> bool:
        """Whether the session has changes that are in no file."""
        return self._modified

    @property
    def own_work(self) -> frozenset[str]:
        """Where the student's own work is, among the changes that are in no file:
        ``"network"``, ``"data"``, ``"training"``, ``"variants"`` (edits made by hand),
        ``"run"`` (a run the student started, weights they imported), ``"session"`` (a
        restored or recovered session from before this was kept). A lesson step's
        demonstration (``Studio.demonstration``: the specs it sets, the run it starts and
        everything that run does) is not the student's work, and it replaces what it sets:
        a step that sets the network takes ``"network"`` out. Empty: nothing a replacement
        would lose that the student made (the lessons' own runs can be made again). Nor
        are ``lesson_work``'s changes."""
        return frozenset(self.work.parts)

    @property
    def lesson_work(self) -> frozenset[str]:
        """The parts of the session the student changed (``own_work``'s names) after a step
        of the lesson on screen was applied, while that lesson stays open: the lesson's
        text asks for such edits (walker33 W33-11: lesson 3 step 2's "He normal on all
        layers, Check before training" made step 3's Apply ask to save a file), so the next
        step replaces them without a question and the status line says so. Work from
        before the lesson's step was applied, or in parts the student changed before it,
        stays ``own_work``."""
        return frozenset(self.work.lesson_edits)

    def _set_file_state(self, path: Path | None, modified: bool) -> None:
        if not modified:
            self._clean_weights = self.studio.all_weights()
            self.work.clear()
        if path != self.path or not modified:
            self._file_stamp = _file_stamp(path)
        if (path, modified) != (self.path, self._modified):
            self.path, self._modified = path, modified
            self.open_mark.mark(path, modified)
            self.sigFileStateChanged.emit()

    def _load(self, ws: Workspace) -> str:
        """Put ``ws`` into the studio; the changes this makes are not the student's. Returns
        what the opening's message adds about the view ("" when nothing)."""
        self._applying = True
        self.work.lesson = None
        try:
            self.studio.session_replaced()
            apply(self.studio, ws)
        finally:
            self._applying = False
        was_classroom, was_language = bool(self.studio.classroom), current_language()
        self.sigViewOpened.emit(dict(ws.ui))
        # a window that took on the workspace's view says so with the opening's message
        return sentences(classroom_note() if self.studio.classroom and not was_classroom
                         else "",
                         language_note() if current_language() != was_language else "")

    def put_session(self, ws: Workspace, path: Path | None, modified: bool,
                    own_work: set[str] | frozenset[str], said: Callable[[], str]) -> None:
        """Put a restored or recovered session ``ws`` in place of the one on screen: it
        belongs to the file ``path`` (None: no file), has changes that file lacks when
        ``modified``, and the student's own work is in ``own_work``. The status line says
        ``said()`` (after the studio's ``curves_note``); damaged parts left out are shown.
        ``said`` is called once the session is in place: a session the window follows into
        its language is greeted in that language (walker30 W30-1)."""
        view = self._load(ws)
        self._set_file_state(path, modified)
        self.work.restore(own_work)
        self._say_opened(self.studio.curves_note(), said(), view)
        self._report_problems(ws)

    @property
    def owns_session(self) -> bool:
        """Whether this window owns the session the next start restores (``recovery``)."""
        return self.recovery.owns_session

    def may_replace(self, parts: Collection[str] | None = None, whole: bool = False) -> bool:
        """Whether the session may be replaced (New, Open, a lesson): True when it has no
        changes that are in no file, or once the student saved them or chose to discard
        them (a run of their own is then taken off screen); False when they cancelled (or
        the save failed): nothing changes then. ``parts``: the parts of the session the
        replacement changes (``own_work``'s names; None: all of it), as when a lesson step
        is applied: own work elsewhere is not asked about and stays the student's.
        ``whole``: the whole session goes (New, Open), the edits made while following a
        lesson with it (``OwnWork.at_stake``)."""
        answer = self.ask_replace(parts, whole)
        if answer == "discard":
            self.discard_own(parts, whole)
        return answer is not None

    def ask_replace(self, parts: Collection[str] | None = None,
                    whole: bool = False) -> str | None:
        """``may_replace``'s question, its discard not done yet: "" (nothing to ask, or
        saved), "discard", or None (cancelled, or the save failed)."""
        if not self.work.at_stake(parts, whole):   # a lesson's demonstrations are made again
            return ""
        answer = self.ask_save_changes(self.window, self.path.name if self.path else "")
        if answer == QMessageBox.StandardButton.Save:
            return "" if self.save() else None
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return None

    def discard_own(self, parts: Collection[str] | None = None, whole: bool = False) -> None:
        """Let the student's own changes (in ``parts``, None: all; ``whole``: with the edits
        made while following a lesson) go, as they chose (Discard)."""
        lost = self.work.at_stake(parts, whole)
        if "run" in lost:
            # their run goes as the dialog says: else a lesson switch kept it stopped
            # on screen, and Continue trained it under the next lesson (W16-28)
            self.studio.reset_weights()
        self.work.let_go(lost)       # (after the reset, itself a change of the run)

    # -- autosave ---------------------------------------------------------------------------
    def start_autosave(self) -> None:
        self.autosave.start()

    def _on_studio_weights(self) -> None:
        """New trained weights (a run, an imported model, reset) are a change; showing a
        moment of the timeline is not."""
        now = self.studio.all_weights()
        if now.keys() != self._clean_weights.keys() or any(
                now[k] is not self._clean_weights[k] for k in now):
            self._on_studio_changed("run")

    def _on_studio_network(self) -> None:
        self._on_studio_changed("network")

    def _on_studio_data(self) -> None:
        self._on_studio_changed("data")

    def _on_studio_training(self) -> None:
        self._on_studio_changed("training")

    def _on_studio_variants(self) -> None:
        self._on_studio_changed("variants")

    def _on_studio_run(self, *_: Any) -> None:
        self._on_studio_changed("run")

    def _on_studio_changed(self, part: str) -> None:
        """``part`` of the session changed (``own_work`` names the parts): the student's
        own work, or a lesson's demonstration that replaces it (``gui/own_work.py``)."""
        if not self._applying:
            self.work.changed(part)
        if not self._applying and not self._modified:
            self._set_file_state(self.path, True)
        self.autosave.changed()

    def autosave_now(self) -> bool:
        """Write the session, with its file state, to ``autosave_path``; True when written
        (a failure is logged)."""
        try:
            session = capture(self.studio)
            # the file the session belongs to and whether it has changes that file lacks
            session.ui.update({"file": str(self.path) if self.path else "",
                               "modified": self._modified, "own_work": sorted(self.work.parts)})
            write(self.autosave_path, session)
            return True
        except Exception:
            log.warning("autosave failed", exc_info=True)
            return False

    def close(self, keep_unsaved: bool = False) -> None:
        """Save the session one last time and let another window own the autosave. A
        second window deletes its own autosave, unless ``keep_unsaved`` and its changes are
        in no file (it was ended without being asked: the next start offers that work)."""
        self.autosave.stop()
        self.autosave_now()
        if not self.owns_session and not (keep_unsaved and self._modified):
            try:
                self.autosave_path.unlink()     # a second window's session is not restored
            except OSError:
                pass
        self.open_mark.clear()
        self.recovery.release()

    # -- file menu -----------------------------------------------------------------------------
    def new(self) -> bool:
        """Start a new workspace (after ``may_replace``); False when the student cancelled."""
        if not self.may_replace(whole=True):
            return False
        self._applying = True
        self.work.lesson = None
        try:
            self.studio.session_replaced()
            self.studio.reset_weights()
            self.studio.clear_variants()
            self.studio.set_network_spec(specs.default_network_spec())
            self.studio.set_data_spec(specs.default_data_spec())
            self.studio.set_train_spec(specs.default_train_spec())
        finally:
            self._applying = False
        self._set_file_state(None, False)
        self.studio.sigMessage.emit(self.tr("Started a new workspace: the default network, "
                                            "data and settings, not trained yet."))
        return True

    def open(self, path: str | Path, before: Callable[[], None] | None = None) -> bool:
        """Open the workspace file ``path`` in place of the session (the caller asked
        ``may_replace`` first, or passes its discard as ``before``, done once the file was
        read); a file that cannot be read leaves the session as it was."""
        try:
            ws = read(path)
        except WorkspaceError as exc:
            # what to try, not only what went wrong (walker14 W14-10)
            show_problem(self.window, self.tr("Cannot open the workspace"), render(exc),
                         self.tr("Choose a workspace that dlstudio saved (its name ends in "
                                 ".dlsw). If it is one you worked on recently, File > Open "
                                 "recent > Previous session may hold a copy: dlstudio "
                                 "autosaves your session."))
            return False
        if before is not None:
            before()
        view = self._load(ws)
        self._set_file_state(Path(path), False)
        file_choice.remember_folder(self.settings, path)
        recent_files.add_recent(self.settings, path)
        note = self.studio.curves_note()
        more = note or view                    # sentences around it: it ends as one
        self._say_opened(note, (self.tr("Opened %1.") if more else self.tr("Opened %1"))
                         .replace("%1", str(path)), view)
        self._report_problems(ws)
        return True

    def _say_opened(self, note: str, text: str, view: str = "") -> None:
        """The status line after opening: ``text``, with the studio's ``curves_note`` first
        when there is one (the curves' trained weights are not the network's), and ``view``
        (``_load``'s) after it."""
        self.studio.sigMessage.emit(sentences(note, text, view))

    def _report_problems(self, ws: Workspace) -> None:
        """Tell the user which damaged parts of an opened workspace were left out."""
        if ws.problems:
            show_problem(self.window, self.tr("Parts of the workspace were not opened"),
                         self.tr("The rest of the workspace was opened. Left out:")
                         + "\n- " + "\n- ".join(render(p) for p in ws.problems))

    def save(self) -> bool:
        """Save to the session's file (asking for one when it has none). When that file
        changed on disk since this window opened or saved it (another window saved it),
        ask first: replace it, save as another file, or cancel (False)."""
        if self.path is None:
            return self.save_as_dialog()
        now = _file_stamp(self.path)
        if now is not None and self._file_stamp is not None and now != self._file_stamp:
            answer = self.ask_overwrite_changed(self.window, self.path.name)
            if answer == "save_as":
                return self.save_as_dialog()
            if answer != "overwrite":
                return False
        return self.save_to(self.path)

    def save_to(self, path: str | Path) -> bool:
        path = Path(path)
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        try:
            write(path, capture(self.studio))
        except Exception as exc:
            show_problem(self.window, self.tr("Cannot save the workspace"), render(exc))
            return False
        self._set_file_state(path, False)
        file_choice.remember_folder(self.settings, path)
        recent_files.add_recent(self.settings, path)
        self.studio.sigMessage.emit(self.tr("Saved %1").replace("%1", str(path)))
        return True


def _file_stamp(path: Path | None) -> tuple[int, int] | None:
    """``path``'s (modification time in ns, size); None when there is no such file."""
    try:
        stat = Path(path).stat() if path is not None else None
    except OSError:
        return None
    return None if stat is None else (stat.st_mtime_ns, stat.st_size)

