"""A search round's progress: the bar that counts the epochs its runs have trained, and the
sentences that say where the round is ("Round 1: trial 3 reached epoch 2 of 3 (1 of 12 runs
done).", "Round 1 finished: 12 done. Best so far: ...").

``RoundProgress`` drives the round's ``QProgressBar``; the ``..._text`` functions make the
status sentences, which the panel says again after a language change. The texts are the
search panel's (translation context ``SearchPanel``).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QProgressBar

from dlstudio.gui.i18n import tidy
from dlstudio.gui.search import best_trial
from dlstudio.gui.search.results_view import status_text
from dlstudio.training.search import SearchProgress, SearchRunner


class RoundProgress:
    """The round's progress bar: one unit per epoch of every run (``runs x epochs``); a run
    that stopped early counts its remaining epochs as done."""

    def __init__(self, bar: QProgressBar):
        self.bar = bar
        self.epochs_done = 0

    def begin(self, runner: SearchRunner) -> None:
        """A round of ``runner.n_runs`` runs of ``runner.epochs`` epochs starts."""
        self.epochs_done = 0
        self.bar.setRange(0, runner.n_runs * runner.epochs)
        self.bar.setValue(0)

    def epoch_reached(self, event: SearchProgress) -> None:
        """A run finished an epoch."""
        self.epochs_done += 1
        self.bar.setValue(min(self.epochs_done, self.bar.maximum()))

    def run_ended(self, result: dict, epochs: int) -> None:
        """A run of ``epochs`` epochs ended with ``result``."""
        if result["status"] != "ok":
            # a run that stopped early will not report its remaining epochs
            self.epochs_done += max(0, epochs - result["epochs"] - 1)
            self.bar.setValue(min(self.epochs_done, self.bar.maximum()))

    def finish(self) -> None:
        """The round ended (finished, cancelled or failed): the bar is full."""
        self.bar.setValue(self.bar.maximum())

    def show_restored(self) -> None:
        """An opened workspace's search: its rounds are done."""
        self.bar.setRange(0, 1)
        self.bar.setValue(1)

    def reset(self) -> None:
        """Nothing searched: an empty bar."""
        self.bar.setValue(0)


def starting_text(n_round: int, runs: int, epochs: int, workers: int) -> str:
    """Round ``n_round`` (from 1) starts."""
    return QCoreApplication.translate(
        "SearchPanel", "Round %d: %d runs of %d epochs in %d processes (starting the "
        "processes takes a few seconds)…") % (n_round, runs, epochs, workers)


def epoch_text(n_round: int, event: SearchProgress, done: int, runs: int) -> str:
    """A run of round ``n_round`` finished an epoch; ``done`` of the round's ``runs`` runs
    have ended."""
    return QCoreApplication.translate(
        "SearchPanel", "Round %d: trial %d reached epoch %d of %d (%d of %d runs done).") \
        % (n_round, event.trial, event.epoch + 1, event.epochs, done, runs)


def runs_done_text(n_round: int, done: int, runs: int) -> str:
    """A run of round ``n_round`` ended: ``done`` of ``runs``."""
    return QCoreApplication.translate("SearchPanel", "Round %d: %d of %d runs done.") \
        % (n_round, done, runs)


def finished_text(n_round: int, counts: dict[str, int], best: dict | None,
                  results: list[dict]) -> str:
    """Round ``n_round`` ended with ``counts`` runs per status; ``best`` is the run offered
    as the best of every round's ``results`` (None: none scored)."""
    # "4 done, 1 failed"; in Chinese "4 次完成、1 次失败" (walker22 W22-7: "4 完成")
    summary = QCoreApplication.translate("SearchPanel", ", ").join(
        QCoreApplication.translate("SearchPanel", "%1 %2").replace("%1", str(n))
        .replace("%2", status_text(s)) for s, n in counts.items())
    said = QCoreApplication.translate("SearchPanel", "Round %d finished: %s.") \
        % (n_round, summary)
    if best is not None:
        said += " " + QCoreApplication.translate(
            "SearchPanel", "Best so far: trial %d, validation accuracy %.3f.") \
            % (best["trial"], best["score"])
        caveat = best_trial.caveat(results, best)
        if caveat:
            said += " " + caveat
    return tidy(said)
