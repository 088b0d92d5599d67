"""The search panel's widgets and their arrangement (``build_view``), apart from what the
panel does with them (``panel.py`` connects them).

On the left, top to bottom: what to search (the range table, never cut), the round's form
with the sentence about its basis and its time, the round's buttons (pinned) and the status
sentence; on the right the scatter plots over the results table, with the note that says
when the results ran on other data (``ToolLayoutWidget`` puts the controls first in a
narrow window).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGroupBox, QSplitter, QVBoxLayout, QWidget

from dlstudio.gui.search import round_progress
from dlstudio.gui.search.basis_notes import BasisLabelWidget, OtherDataNoteWidget
from dlstudio.gui.search.results_view import (MIN_TABLE_ROWS, MIN_TABLE_ROWS_SHORT,
                                              ResultsTableWidget)
from dlstudio.gui.search.round_buttons import RoundButtonsWidget
from dlstudio.gui.search.round_form import RoundFormWidget
from dlstudio.gui.search.round_time import RoundTimeLabelWidget
from dlstudio.gui.search.scatter_grid import ScatterGridWidget
from dlstudio.gui.search.space_editor import SpaceEditorWidget
from dlstudio.gui.widgets.status_line import SentenceLabelWidget
from dlstudio.gui.widgets.tool_layout import ToolLayoutWidget


def build_view(panel: QWidget, studio: Any, first_sentence: Callable[[], str]) -> None:
    """Make the search panel's widgets as attributes of ``panel`` and lay them out in it:
    ``editor`` (in ``space_box``), ``form`` and its spin boxes, ``base_label`` (about
    ``studio``'s network and data), ``time_label``, ``buttons`` and its buttons and
    ``progress`` bar, ``status_label`` (saying ``first_sentence`` at first),
    ``round_progress``, ``scatter``, ``table``, ``other_data_note`` and ``arrangement``."""
    panel.editor = SpaceEditorWidget()
    panel.space_box = space_box = QGroupBox()
    QVBoxLayout(space_box).addWidget(panel.editor)

    panel.form = form = RoundFormWidget()
    panel.runs_spin, panel.epochs_spin = form.runs_spin, form.epochs_spin
    panel.workers_spin, panel.seed_spin = form.workers_spin, form.seed_spin
    panel.base_label = BasisLabelWidget(studio)
    panel.time_label = RoundTimeLabelWidget()

    panel.buttons = buttons = RoundButtonsWidget()
    panel.start_button, panel.cancel_button = buttons.start_button, buttons.cancel_button
    panel.zoom_button, panel.apply_button = buttons.zoom_button, buttons.apply_button
    panel.clear_button, panel.progress = buttons.clear_button, buttons.progress
    panel.rerun_button = buttons.rerun_button
    panel.status_label = SentenceLabelWidget(first_sentence)
    panel.round_progress = round_progress.RoundProgress(panel.progress, panel.status_label,
                                                        parent=panel)

    run_box = QWidget()
    run = QVBoxLayout(run_box)
    run.setContentsMargins(0, 0, 0, 0)
    run.addWidget(form)
    run.addWidget(panel.base_label)
    run.addWidget(panel.time_label)

    panel.scatter = ScatterGridWidget()
    panel.table = ResultsTableWidget()
    # results of another data set than the one the studio holds now say so (W7-17)
    panel.other_data_note = OtherDataNoteWidget()
    results_box = QWidget()
    results = QVBoxLayout(results_box)
    results.setContentsMargins(0, 0, 0, 0)
    results.addWidget(panel.other_data_note)
    results.addWidget(panel.table)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(panel.scatter)
    split.addWidget(results_box)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    # the range table is never cut (its numbers: W7-11; the classroom font needs more).
    # Stacked, the settings are read whole and the page scrolls instead of them: a
    # ~120-pixel scrolling view of them inside the scrolling page at 1366x768 never showed
    # "Batch size" and "Runs" together (walker33 W33-3), as on the Transfer page (walker30)
    panel.arrangement = ToolLayoutWidget(
        split, [space_box, run_box, buttons, panel.status_label], controls_first=True,
        controls_width=480, pinned=buttons, whole_controls=True)
    QVBoxLayout(panel).addWidget(panel.arrangement)


#: rows of the range table ("What to search") kept in sight under its header
RANGE_ROWS_IN_SIGHT = 2


def fit_results_rows(panel: QWidget) -> None:
    """The results table keeps ``MIN_TABLE_ROWS`` rows in sight, or only
    ``MIN_TABLE_ROWS_SHORT`` when the page is too short for that and for
    ``RANGE_ROWS_IN_SIGHT`` rows of the range table above (stacked at 1366x768 with the
    "Other data" note, or below a run's note, the range table kept one row: walker31 W31-7).
    Call it when the panel's size or the note changed."""
    arrangement, table, editor = panel.arrangement, panel.table, panel.editor
    rows = MIN_TABLE_ROWS
    if arrangement.stacked and arrangement.controls.isAncestorOf(editor):
        row = table.verticalHeader().defaultSectionSize()
        pane = (arrangement.plot_pane.minimumSizeHint().height()
                + (MIN_TABLE_ROWS - table.min_rows) * row)
        top = editor.mapTo(arrangement.controls, QPoint(0, 0)).y()
        wanted = (top + editor.horizontalHeader().height()
                  + RANGE_ROWS_IN_SIGHT * editor.rowHeight(0))
        if pane + arrangement.splitter.handleWidth() + wanted > arrangement.height():
            rows = MIN_TABLE_ROWS_SHORT
    if table.set_min_rows(rows):
        arrangement.sections_changed()
