"""The search panel's trials in workspaces: kept in the studio's ``search_record`` (saved by
``gui/workspace_search.py``) whenever they or the form's runs and epochs change, forgotten
with a new workspace, and shown again when a workspace is opened
(``Studio.sigSearchRestored``), so that "Zoom in" and "Apply best" go on from them.

A round cut short is kept with its plan (``training.search_plan``), so that the reopened
search can still run its cancelled trials ("Run the 2 cancelled trials": ``finish_round``).

``InWorkspaceMixin`` is mixed into :class:`~dlstudio.gui.search.panel.SearchPanel` and uses
its public names only.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Slot

from dlstudio.gui.search import round_progress
from dlstudio.gui.workspace_search import SearchRecord
from dlstudio.training.search import SearchRunner
from dlstudio.training.search_plan import round_plan, runner_from_plan

log = logging.getLogger(__name__)


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
        """The finished trials as the studio keeps them for workspaces, with the plan of
        the newest round when it was cut short, or of the round training now: a workspace
        saved (or autosaved) while a round or its cancelled trials trained lost the plan,
        and reopened, the trials that had not ended could not be run any more (fix89).
        None: no trials."""
        running = self.state != "idle" and self.runner is not None
        plan = round_plan(self.runner) if running or self.unfinished() else None
        return self.so_far.record(self.runs_spin.value(), self.epochs_spin.value(), plan,
                                  running=running)

    def keep_record(self) -> None:
        """Keep the trials in the studio's record for workspaces (``record``)."""
        if hasattr(self.studio, "search_record"):
            self.studio.search_record = self.record()

    def _on_boxes_changed(self, _value: int) -> None:
        if self.results:
            self.keep_record()

    @Slot(object)
    def _on_studio_search_restored(self, record: Any) -> None:
        """Show an opened workspace's search: its trials, ranges and rounds, so that "Zoom
        in" and "Apply best" go on from it."""
        if self.state != "idle" or record is None:
            return
        self.so_far.restore(record)
        self.runner = _saved_round(record)      # a round cut short can still be finished
        self.forget_lesson_search()
        for spin, value in ((self.runs_spin, record.runs), (self.epochs_spin, record.epochs)):
            if value is not None:
                spin.setValue(value)
        self.scatter.clear_zoom()
        if record.space:
            self.editor.set_space(list(record.space))
        n_runs, n_rounds = len(self.results), self.so_far.round
        unfinished = len(self.unfinished())
        cut_short = (self.runner.n_runs, unfinished) if unfinished else None
        self.round_progress.show_restored(n_runs, n_rounds, cut_short)
        self.show_results()
        self.say(lambda: round_progress.restored_text(n_runs, n_rounds, unfinished))


def _saved_round(record: SearchRecord) -> SearchRunner | None:
    """The newest round of an opened search when it was cut short (its saved plan), else
    None; a plan that cannot be used is left out (the trials still show)."""
    if record.plan is None:
        return None
    try:
        return runner_from_plan(record.plan, record.data, record.space)
    except Exception as exc:        # noqa: BLE001 - any damaged spec: the trials still show
        log.info("the saved search's unfinished round was left out: %s", exc)
        return None
