"""A search round in the search panel's worker: launched (``launch``), cancelled
(``cancel``), and its reports on the GUI thread: each trial's progress and result, the
round's end and a failure, turned into the table, the scatter plots, the bar and the status
sentence (``round_progress``).

``RoundWorkerMixin`` is mixed into :class:`~dlstudio.gui.search.panel.SearchPanel`, like the
panel's other mixins (``finish_round``, ``lesson_search``, ``in_workspace``).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot

from dlstudio.gui.errors import first_line
from dlstudio.gui.search import round_progress, status_texts
from dlstudio.gui.search.job import search_job
from dlstudio.gui.search.round_time import measured_by_round
from dlstudio.training.search import SearchProgress, SearchRunner


class RoundWorkerMixin:
    """A search round in the worker (mixed into ``SearchPanel``)."""

    def launch(self, runner: SearchRunner, sentence: Callable[[], str]) -> None:
        """Run ``runner``'s round (a new one, or a cut short one's trials left:
        ``finish_round``) in the worker, saying ``sentence`` as it starts."""
        self.runner = runner
        self.scatter.set_dimensions(runner.space)
        self.scatter.set_results(self.results)
        self.round_progress.begin(runner)
        self.reported = set()
        self.worker.start(lambda job: search_job(runner, job), controlled=True)
        self.set_state("running")
        self._show_table()              # the trials training now, at once (W33-4)
        self.arrangement.bring_plot_into_view()     # below the settings (W33-3)
        self.update_time_estimate()
        self.round_progress.say(sentence)

    def cancel(self) -> None:
        if self.state == "running":
            self.set_aside_lesson_search()  # nor a cancelled one, unless it is finished
            self.worker.stop()
            self.set_state("cancelling")
            self.round_progress.stop()
            self.say(status_texts.cancelling_text)

    # -- the worker's reports (GUI thread) -------------------------------------------------
    @Slot(object)
    def _on_worker_yielded(self, event: Any) -> None:
        if isinstance(event, SearchProgress):
            self._on_worker_progress(event)
        else:
            self._on_worker_result(event)

    def _on_worker_progress(self, event: SearchProgress) -> None:
        self.round_progress.advanced(event)
        if event.trial not in self.reported:
            self.reported.add(event.trial)
            self._show_table()          # it may not have been counted as training yet
        if self.state == "running" and self.runner is not None:
            done = self.so_far.done_this_round()
            n_round, runs = self.so_far.round + 1, self.runner.n_runs
            # within an epoch: the sentence stays, its time moves on
            self.round_progress.say((lambda: round_progress.epoch_text(
                n_round, event, done, runs)) if event.epoch_ended else None)

    def _on_worker_result(self, result: dict) -> None:
        result = self.so_far.add(result)
        self.round_progress.run_ended(result)
        self.show_results()
        done = self.so_far.done_this_round()
        if self.state == "running":
            n_round, runs = self.so_far.round + 1, self.runner.n_runs
            self.round_progress.say(lambda: round_progress.runs_done_text(n_round, done, runs))

    @Slot(object)
    def _on_worker_finished(self, results: list) -> None:
        counts: dict[str, int] = {}
        for r in results:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        best, n_round = self.best(), self.so_far.round + 1
        if self.runner is not None:
            self.measured = measured_by_round(results, self.runner.epochs, self.runner) \
                or self.measured
        self._finish_round(counts.get("cancelled", 0))
        self.say(lambda: round_progress.finished_text(n_round, counts, best, self.results))
        self.follow_with_finer_round()      # a lesson's coarse-to-fine

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.forget_lesson_search()     # no lesson judges a failed search
        self._finish_round()
        first = first_line(message)
        self.say(lambda: status_texts.failed_text(first), error=True)

    def _finish_round(self, cancelled: int = 0) -> None:
        """The round ended, with ``cancelled`` of its runs cancelled."""
        self.so_far.round += 1
        self.round_progress.finish(cancelled)
        self.set_state("idle")
        if self.results:
            self.keep_record()          # with the round's plan when it was cut short
        self._show_table()              # no trial is training any more
        self.update_time_estimate()
