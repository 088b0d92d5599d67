"""The questions a window's workspace asks before the window closes.

``WorkspaceClosingMixin`` (mixed into :class:`~dlstudio.gui.workspace.WorkspaceController`)
answers the window's ``closeEvent`` (``gui/window_closing.py``): while a run trains, whether
to stop it and quit (``gui/stop_run_question.py``; the run waits while the question is read);
in a second window, whether to save the changes that are in no file, since its autosave is
deleted on close. The first window's session is autosaved and restored at the next start.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from dlstudio.gui.stop_run_question import stop_run_question


class WorkspaceClosingMixin:
    """The questions before closing of ``WorkspaceController`` (uses its ``studio``,
    ``window``, ``ask_stop_run``, ``ask_save_changes`` and its saving)."""

    def may_close(self) -> bool:
        """Whether the window may close: at once when nothing trains; while a run trains,
        only once the student chose "Stop and quit" (the window then stops the run and closes
        when it has ended, so that the autosave keeps the stopped run to continue later).
        The run is paused while the question is up."""
        studio = self.studio
        if not studio.is_active():
            return True
        was_paused = studio.state == "paused"
        _text, detail = stop_run_question(studio, was_paused)
        # the run waits while the question is read: the epoch asked about is the one kept
        # (an MLP trains an epoch in seconds: W9-10); Cancel lets it train on. The question
        # follows the snapshots that still arrive as the run pauses (walker21 W21-14)
        paused = studio.state == "running"
        if paused:
            studio.pause()
        stop = bool(self.ask_stop_run(self.window,
                                      lambda: stop_run_question(studio, was_paused)[0],
                                      detail, refresh=studio.sigTelemetry))
        if paused and not stop:
            studio.resume()
        return stop

    def may_close_unsaved(self) -> bool:
        """Whether the window may close without losing work: a second window (one that
        does not own the session) deletes its autosave on close, so its changes that are in
        no file are asked about first (Save, Discard, Cancel: False). The first window's
        session is autosaved and restored at the next start: nothing to ask."""
        if self.owns_session or not self.modified:
            return True
        answer = self.ask_save_changes(self.window, self.path.name if self.path else "",
                                       closing=True)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
