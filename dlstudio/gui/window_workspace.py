"""The main window's side of its workspace: the File menu's calls, the title, the view.

``WindowWorkspaceMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) holds the
window's ``WorkspaceController`` (``gui/workspace.py``, attached by ``app.run``): the menus
call it through ``workspace_call``, lessons and tools ask ``may_replace_session`` before they
replace the session, and the window follows it: the title names its file and shows "*" while
the session has changes in no file, an opened workspace's classroom mode and language are
followed where ``gui/workspace_view.py`` says, and a session restored after a crash is said
in the note above the plots (``gui/crash_note.py``). The texts keep the ``MainWindow``
translation context.
"""
from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QCoreApplication

from dlstudio.gui import i18n

translate = QCoreApplication.translate


class WindowWorkspaceMixin:
    """The workspace controller's window side (mixed into ``MainWindow``)."""

    def attach_workspace(self, controller) -> None:
        """Use ``controller`` (a ``WorkspaceController``) for the File menu; the title
        names its file and shows "*" while the session has changes in no file."""
        self.workspace = controller
        controller.sigFileStateChanged.connect(self.update_title)
        controller.sigViewOpened.connect(self._on_workspace_view_opened)
        controller.recovery.sigCrashRestored.connect(self._on_recovery_crash_restored)
        self.update_title()

    def open_workspace_file(self, path: str) -> bool:
        """Open the workspace file ``path`` as File > Open does once a file is chosen: ask
        about unsaved changes first; a file that cannot be read is said in a dialog."""
        if self.workspace is None:
            return False
        return bool(self.workspace.open_replacing(path))

    def workspace_call(self, method: str) -> None:
        """Call the workspace controller's ``method`` (a File-menu action; nothing without
        a controller)."""
        if self.workspace is not None:
            getattr(self.workspace, method)()

    def may_replace_session(self, parts: Collection[str] | None = None) -> bool:
        """Whether the session (its ``parts``: ``WorkspaceController.may_replace``) may be
        replaced (asks about unsaved changes; True when there is no workspace controller)."""
        return self.workspace is None or self.workspace.may_replace(parts)

    def may_reset_weights(self) -> bool:
        """Whether Reset weights may throw the run on screen away: a run of the student's
        own that is in no file is asked about as New and Open ask (Save, Discard, Cancel;
        walker34 lost a finished comparison to one click), also while it trains (it goes
        too); a lesson's run, or nothing trained, goes without a question."""
        studio = self.studio
        if not (studio.all_weights() or studio.store.variants() or studio.is_active()):
            return True
        return self.may_replace_session({"run"})

    def update_title(self) -> None:
        """One title pattern (W9-18): "<file name or untitled>[*]<second-window mark> —
        dlstudio"; "[*]" shows "*" while the session has changes in no file."""
        path = getattr(self.workspace, "path", None)
        name = path.name if path is not None else translate("MainWindow", "untitled")
        # another window has the last session; this one's is not restored (W7-7)
        mark = "" if getattr(self.workspace, "owns_session", True) \
            else translate("MainWindow", " (second window)")
        self.setWindowTitle(translate("MainWindow", "%1[*]%2 — dlstudio").replace(
            "%1", name).replace("%2", mark))
        self.setWindowModified(bool(getattr(self.workspace, "modified", False)))

    def _on_recovery_crash_restored(self, saved_at: str) -> None:
        """Keep in sight, until closed, that the restored session is what a crash left: a
        status line is missed and goes at the next status (walker32 B35)."""
        self.crash_note.show(saved_at)

    def _on_workspace_view_opened(self, ui: dict) -> None:
        """Follow an opened workspace's classroom mode and language where
        ``workspace_view`` says (not remembered for the next start)."""
        from dlstudio.gui.workspace_view import view_to_follow

        follow = view_to_follow(ui, classroom=self.studio.classroom,
                                language=i18n.current_language(),
                                language_chosen=i18n.language_chosen())
        if "classroom" in follow:
            self.set_classroom(True, remember=False)
        if "language" in follow:
            self.set_language(follow["language"], chosen=False)
