"""The hyperparameter search panel: random search, coarse to fine, in worker processes.

The student picks the hyperparameters to search (each with a range and a sampling scale),
the number of runs and the epochs per run, reads how long that takes (``round_time``: from
the last round, or the studio's last run of this network on this data), and starts. Every
run trains the studio's current network on its current data with one sampled setting; runs
execute in parallel worker processes, and each result lands in the table and in one scatter
plot per hyperparameter (validation accuracy against the value, log x axes for log-scale
parameters). "Zoom in" narrows the ranges around the best results for a finer round;
"Apply best" copies the best setting into the studio's training (and network) spec
(``best_trial``: applying it, and what to say about it). The bar and the sentences of a
running round, with its time so far and left, are ``round_progress``'s. The trials so far,
by round, are a ``trials.SearchTrials``; the studio keeps them as its ``search_record``
(saved in workspaces: ``gui/workspace_search.py``) and an opened workspace's search is shown
again (``Studio.sigSearchRestored``): ``in_workspace``. A lesson step's search, tagged with
the step, is ``lesson_search``'s; the panel's own sentences are ``status_texts``'. A
cancelled round's trials run again with its settings and seeds ("Run the 2 cancelled
trials"): ``finish_round``. A round in the worker (launched, cancelled, its reports turned
into the table, the plots and the sentences) is ``round_worker``'s.

Run alone on a small 2-D problem: ``python -m dlstudio.gui.search.panel``.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from dlstudio.gui.i18n import render, sentences
from dlstudio.gui.search import best_trial, round_progress, start_check, status_texts
from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.finish_round import FinishRoundMixin
from dlstudio.gui.search.in_workspace import InWorkspaceMixin
from dlstudio.gui.search.lesson_search import LessonSearchMixin
from dlstudio.gui.search.round_time import MeasuredEpoch, measured_by_run
from dlstudio.gui.search.round_worker import RoundWorkerMixin
from dlstudio.gui.search.running_trials import running_rows
from dlstudio.gui.search.trials import SearchTrials
from dlstudio.gui.search.view import build_view, fit_results_rows
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.worker import GeneratorWorker
from dlstudio.training.search import SearchRunner
from dlstudio.training.search_space import zoom


class SearchPanel(RetranslateMixin, RoundWorkerMixin, LessonSearchMixin, InWorkspaceMixin,
                  FinishRoundMixin, QWidget):
    """Random search over the studio's current configuration; every text follows the UI
    language.

    Signals
    -------
    sigStateChanged(str) : "idle", "running" or "cancelling".
    sigResultsChanged() : a result arrived or the results were cleared.
    """

    sigStateChanged = Signal(str)
    sigResultsChanged = Signal()

    def __init__(self, studio: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        #: the trials so far, by round, and the data and space they ran on
        self.so_far = SearchTrials()
        self.state = "idle"
        self.runner: SearchRunner | None = None
        #: the running round's trials that reported progress (``running_trials``)
        self.reported: set[int] = set()
        self.worker = GeneratorWorker("hyperparameter-search", self)
        self.worker.sigYielded.connect(self._on_worker_yielded)
        self.worker.sigFinished.connect(self._on_worker_finished)
        self.worker.sigFailed.connect(self._on_worker_failed)
        #: the epoch time the newest finished round measured (the time estimate's basis
        #: while the studio holds its network and data)
        self.measured: MeasuredEpoch | None = None
        self._build_ui()
        self.retranslate()
        self._on_space_changed()
        if hasattr(studio, "sigDataChanged"):
            studio.sigDataChanged.connect(self._update_other_data_note)
        if hasattr(studio, "sigAppearanceChanged"):
            studio.sigAppearanceChanged.connect(self._on_studio_appearance_changed)
        # what the time estimate stands on: the network, the data, a run that measured it
        for name in ("sigNetworkChanged", "sigDataChanged", "sigTrainChanged",
                     "sigRunStateChanged"):
            if hasattr(studio, name):
                getattr(studio, name).connect(self.update_time_estimate)
        if hasattr(studio, "add_job_in_the_way"):     # a round running: Start waits
            studio.add_job_in_the_way(self.in_the_way_text)
        if hasattr(studio, "sigRunStateChanged"):     # a run out of the way: Start may go
            studio.sigRunStateChanged.connect(self._on_studio_run_state_changed)
        self.update_time_estimate()
        self._on_studio_appearance_changed()
        self._update_buttons()
        self.follow_workspaces()

    # -- the trials so far (``so_far``) ----------------------------------------------------
    @property
    def results(self) -> list[dict]:
        """Every trial's result so far, each with its ``round``."""
        return self.so_far.results

    @results.setter
    def results(self, results: list[dict]) -> None:
        self.so_far.results = results

    # -- layout ----------------------------------------------------------------------------
    def _build_ui(self) -> None:
        """The widgets (``view.build_view``), connected to what the panel does."""
        build_view(self, self.studio, self.first_sentence)
        self.editor.sigSpaceChanged.connect(self._on_space_changed)
        for spin in (self.runs_spin, self.epochs_spin, self.workers_spin):
            spin.valueChanged.connect(self.update_time_estimate)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.cancel_button.clicked.connect(self.cancel)
        self.zoom_button.clicked.connect(self.zoom_in)
        self.apply_button.clicked.connect(self.apply_best)
        self.clear_button.clicked.connect(self.clear)
        self.rerun_button.clicked.connect(self.run_unfinished)
        self.other_data_note.sigAction.connect(self.clear)

    def retranslate(self) -> None:
        """Every text of the panel in the current language (the editor, the form, the
        basis sentence, the buttons, the table, the scatter plots and the status sentence
        retranslate themselves)."""
        self.space_box.setTitle(self.tr("What to search"))
        self._update_other_data_note()
        self.round_progress.retranslate()

    # -- actions ---------------------------------------------------------------------------
    def _on_start_clicked(self) -> None:
        self.forget_lesson_search()     # the student's own search from here on
        self.start()

    def busy_text(self) -> str:
        """What runs now, for the Quit question ("" when nothing runs)."""
        if self.state == "idle":
            return ""
        return status_texts.running_text(self.so_far.done_this_round())

    def start(self) -> bool:
        """Start a search round with the editor's space; returns False (and says why in the
        status line) when it cannot start."""
        if self.state != "idle":
            return False
        try:
            space = self.editor.space()
            refusal = start_check.refusal(self.studio, space)
            if refusal is not None:     # nothing ticked, or the studio's run trains
                self.round_progress.refuse(refusal)
                return False
            if self.results and self.so_far.data != self.studio.data_spec:
                self.clear()            # results on other data do not mix with the new ones
                space = self.editor.space()
            runner = SearchRunner(self.studio.network_spec, self.studio.data_spec,
                                  self.studio.train_spec, space,
                                  n_runs=self.runs_spin.value(), epochs=self.epochs_spin.value(),
                                  workers=self.workers_spin.value(),
                                  seed=self.seed_spin.value() + self.so_far.round,
                                  first_trial=len(self.results))
        except (ValueError, KeyError) as exc:
            reason = exc.args[0] if len(exc.args) == 1 else exc
            self.round_progress.refuse(lambda: start_check.cannot_start(render(reason)))
            return False
        left = len(self.unfinished())       # the last round's stay cancelled from now on
        self.so_far.data = self.studio.data_spec
        self.so_far.space = list(space)
        n_round = self.so_far.round + 1
        self.launch(runner, lambda: sentences(
            round_progress.left_cut_short_text(n_round - 1, left) if left else "",
            round_progress.starting_text(n_round, runner.n_runs, runner.epochs,
                                         runner.workers)))
        return True

    def zoom_in(self) -> bool:
        """Narrow the ranges around the best results (coarse to fine)."""
        try:
            space = self.editor.space()
            finer = zoom(space, self.results)
        except ValueError as exc:
            self.say(lambda exc=exc: render(exc), error=True)
            return False
        self.editor.set_space(finer)
        self.scatter.show_zoom(finer)
        self.scatter.set_results(self.results)
        self.say(lambda: status_texts.zoomed_text(finer))
        return True

    def best(self) -> dict | None:
        """The run offered as the best (``SearchTrials.best``)."""
        return self.so_far.best()

    def apply_best(self) -> bool:
        """Write the best run's settings into the studio's specs."""
        best = self.best()
        if best is None:
            self.say(status_texts.nothing_to_apply_text, error=True)
            return False
        try:
            said, message = best_trial.apply_best(self.studio, best, self.results)
        except ValueError as exc:
            self.say(lambda exc=exc: render(exc), error=True)
            return False
        self.say(said)
        if hasattr(self.studio, "sigMessage"):      # where the settings show
            self.studio.sigMessage.emit(message)
        self.arrangement.bring_into_view(self.status_label)
        return True

    def clear(self) -> None:
        if self.state != "idle":
            return
        self.so_far.clear()
        self.runner = None              # no round to finish
        self.scatter.clear_zoom()
        self.editor.reset_ranges()
        self.show_results()

    def shutdown(self, timeout_ms: int = 30000) -> None:
        """Cancel a running search and wait for its thread (window closing)."""
        if hasattr(self.studio, "remove_job_in_the_way"):
            self.studio.remove_job_in_the_way(self.in_the_way_text)
        self.worker.shutdown(timeout_ms)

    def in_the_way_text(self) -> str:
        """Why the studio's run does not start now: a running round, and how to get it out
        of the way ("" when none runs)."""
        if self.state == "idle":
            return ""
        return status_texts.in_the_way_text(self.so_far.done_this_round())

    # -- helpers ---------------------------------------------------------------------------
    def show_results(self) -> None:
        """Show the trials so far in the table, the plots, the buttons and the note, keep
        them in the studio's record, and say so (``sigResultsChanged``). Not ``refresh``:
        that is the plot pages' redraw (``refresh(force=...)``), which the window's tests and
        tools call on every page that has it."""
        self.keep_record()
        self._show_table()
        self.scatter.set_results(self.results)
        self._update_buttons()
        self._update_other_data_note()
        self.sigResultsChanged.emit()

    def _show_table(self) -> None:
        """The trials so far in the table, and a round's trials training now marked
        running (``running_trials``)."""
        running = []
        if self.state != "idle" and self.runner is not None:
            running = running_rows(self.runner, self.so_far.round,
                                   {r["trial"] for r in self.results}, self.reported)
        self.table.set_results(self.results + running)

    def set_state(self, state: str) -> None:
        """``state``: "idle", "running" or "cancelling" (``sigStateChanged``)."""
        self.state = state
        self._update_buttons()
        self.sigStateChanged.emit(state)

    def _update_buttons(self) -> None:
        self.buttons.enable_for(self.state, self.best() is not None, bool(self.results),
                                len(self.unfinished()), self.rerun_blocked())
        self.editor.setEnabled(self.state == "idle")

    @Slot()
    def _on_space_changed(self) -> None:
        if self.state != "idle":
            return
        try:
            space = self.editor.space()
        except ValueError as exc:
            self.say(lambda exc=exc: render(exc), error=True)
            return
        self.round_progress.clear_refusal()     # what stopped a round may be fixed now
        if not space:       # nothing ticked: the plot keeps what it shows (walker28 W28-8)
            return
        self.scatter.set_dimensions(space)
        self.scatter.set_results(self.results)

    @Slot(str)
    def _on_studio_run_state_changed(self, _state: str) -> None:
        if not start_check.training_now(self.studio):
            self.round_progress.clear_refusal()
        self._update_buttons()          # a cut short round's trials wait for the run

    @Slot()
    def _on_studio_appearance_changed(self) -> None:
        classroom = bool(getattr(self.studio, "classroom", False))
        if classroom != self.scatter.classroom:
            self.scatter.classroom = classroom
            self.scatter.set_dimensions(list(self.scatter.dimensions.values()))
            self.scatter.set_results(self.results)

    @Slot()
    def _update_other_data_note(self) -> None:
        """Say so above the results when they were computed on other data than the studio
        holds now (hidden when there are none, or the data is theirs again)."""
        then = self.so_far.data if self.results else None
        self.other_data_note.show_for(then, getattr(self.studio, "data_spec", None))
        self._fit_results_rows_soon()     # the note takes height (walker31 W31-7)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_results_rows_soon()

    def _fit_results_rows_soon(self) -> None:
        """``view.fit_results_rows`` once the layout has arranged the page anew."""
        QTimer.singleShot(0, self, partial(fit_results_rows, self))

    def update_time_estimate(self, *_args: Any) -> None:
        """Say how long a round with the form's settings takes: from the newest round's
        runs while the studio holds their network and data, else from the studio's last run
        of them (``round_time``)."""
        measured = self.measured if self.measured is not None \
            and self.measured.fits(self.studio) else measured_by_run(self.studio)
        running = self.state != "idle"
        if running and measured is None:
            # the running round's bar gives its own pace: "not known yet, press Start" above
            # "under a minute left" said the opposite (walker24 W24-3, lesson 15/2)
            self.time_label.clear_estimate()
            return
        self.time_label.show_estimate(self.runs_spin.value(), self.epochs_spin.value(),
                                      self.workers_spin.value(), measured)
        if not running:     # the bar says it too: the sentence may be out of view (1366x768)
            self.round_progress.show_plan(self.time_label.seconds())

    def say(self, make: Callable[[], str], error: bool = False) -> None:
        """The status sentence, made by ``make`` now and again after a language change."""
        self.status_label.say(make, error)

    def first_sentence(self) -> str:
        """The status sentence of a panel with nothing searched yet."""
        return status_texts.first_sentence()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.shutdown()
        super().closeEvent(event)


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    studio = demo_studio()
    panel = SearchPanel(studio)
    panel.editor.set_selected(["learning_rate", "momentum"])
    panel.setWindowTitle("dlstudio — hyperparameter search")
    panel.resize(1200, 760)
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
