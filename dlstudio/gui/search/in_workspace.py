"""The search panel's trials in workspaces: kept in the studio's ``search_record`` (saved by
``gui/workspace_search.py``) whenever they or the form's runs and epochs change, forgotten
with a new workspace, and shown again when a workspace is opened
(``Studio.sigSearchRestored``), so that "Zoom in" and "Apply best" go on from them.

``InWorkspaceMixin`` is mixed into :class:`~dlstudio.gui.search.panel.SearchPanel` and uses
its public names only.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot

from dlstudio.gui.search import round_progress
from dlstudio.gui.workspace_search import SearchRecord


class InWorkspaceMixin:
    """The panel's trials kept in the studio's workspace (mixed into ``SearchPanel``)."""

    def follow_workspaces(self) -> None:
        """Keep the trials with the form's runs and epochs, forget them with a new
        workspace, and show an opened workspace's (also one opened before the panel was
        built)."""
        studio = self.studio
        for spin in (self.runs_spin, self.epochs_spin):     # a workspace keeps the two too
            spin.valueChanged.connect(self._on_boxes_changed)
        if hasattr(studio, "sigSessionReplaced"):      # a new workspace: old results go
            studio.sigSessionReplaced.connect(self.clear)
        if hasattr(studio, "sigSearchRestored"):       # ... and its own come back
            studio.sigSearchRestored.connect(self._on_studio_search_restored)
        if getattr(studio, "search_record", None) is not None:   # built after an open
            self._on_studio_search_restored(studio.search_record)

    def record(self) -> SearchRecord | None:
        """The finished trials as the studio keeps them for workspaces (None: none)."""
        return self.so_far.record(self.runs_spin.value(), self.epochs_spin.value())

    def _on_boxes_changed(self, _value: int) -> None:
        if self.results and hasattr(self.studio, "search_record"):
            self.studio.search_record = self.record()

    @Slot(object)
    def _on_studio_search_restored(self, record: Any) -> None:
        """Show an opened workspace's search: its trials, ranges and rounds, so that "Zoom
        in" and "Apply best" go on from it."""
        if self.state != "idle" or record is None:
            return
        self.so_far.restore(record)
        self.runner = None          # its rounds are done: none is finished from here
        self.forget_lesson_search()
        for spin, value in ((self.runs_spin, record.runs), (self.epochs_spin, record.epochs)):
            if value is not None:
                spin.setValue(value)
        self.scatter.clear_zoom()
        if record.space:
            self.editor.set_space(list(record.space))
        n_runs, n_rounds = len(self.results), self.so_far.round
        self.round_progress.show_restored(n_runs, n_rounds)
        self.show_results()
        self.say(lambda: round_progress.restored_text(n_runs, n_rounds))
