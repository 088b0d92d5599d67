"""Finishing a cancelled search round: "Run the 2 cancelled trials" trains the newest round's
cancelled (and never started) trials with the round's own settings, points and seeds
(``SearchRunner.finishing``); its ended trials stay as they are. The round then ends as if
it had not been interrupted: the bar goes on from the trials it kept, the table, the plots,
the ranking and a lesson step's Check (``take_back_lesson_search``) read the whole round,
and the studio's record for workspaces keeps it complete. Cancelling again leaves it cut
short the same way, to be finished again; a workspace saved then keeps the round's plan, and
reopened, finishes it the same way (``in_workspace``).

A teacher expected this after a round was cancelled ("4 of 6 runs done (2 cancelled)"):
Run search starts a new round with new random settings instead.

``FinishRoundMixin`` is mixed into :class:`~dlstudio.gui.search.panel.SearchPanel` and uses
its public names only (``state``, ``runner``, ``so_far``, ``studio``, ``launch``).
"""
from __future__ import annotations

from collections.abc import Callable

from dlstudio.gui.search import round_progress, start_check


class FinishRoundMixin:
    """The newest round's cancelled trials, run again (mixed into ``SearchPanel``)."""

    def unfinished(self) -> list[int]:
        """The trials of the newest round that did not end (cancelled, or never started),
        while no round runs: those "Run the 2 cancelled trials" trains ([] when the round
        ended whole, no round ran here, or the results were cleared or opened)."""
        if self.state != "idle" or self.runner is None or self.so_far.round < 1:
            return []
        return self.runner.unfinished(self.so_far.of_round(self.so_far.round - 1))

    def rerun_blocked(self) -> Callable[[], str] | None:
        """Why the cancelled trials cannot run now (the studio's run trains: the machine
        does one long job at a time), as a function making the sentence; None when they
        can."""
        if start_check.training_now(self.studio):
            return lambda: start_check.training_text(self.studio)
        return None

    def run_unfinished(self) -> bool:
        """Train the newest round's ``unfinished`` trials with its settings and seeds,
        keeping its ended ones; False (nothing happens) when there are none or the studio's
        run trains."""
        trials = self.unfinished()
        blocked = self.rerun_blocked()
        if not trials or blocked is not None:
            if blocked is not None:
                self.round_progress.refuse(blocked)
            return False
        n_round = self.so_far.round - 1
        runner = self.runner.finishing(self.so_far.of_round(n_round))
        self.so_far.reopen(runner.to_run)
        self.take_back_lesson_search()      # a lesson step's round is the step's again
        n_trials = len(runner.to_run)
        self.launch(runner, lambda: round_progress.finishing_text(
            n_round + 1, n_trials, runner.n_runs, runner.epochs,
            min(runner.workers, n_trials) or 1))
        self.show_results()                 # the record keeps the round's ended trials
        return True
