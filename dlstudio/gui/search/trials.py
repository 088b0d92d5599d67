"""``SearchTrials``: the search panel's trials so far, round by round, and what they ran on.

Each result dict a search yields is kept with the ``round`` it belongs to (0 for the first
round, 1 for the zoomed-in one after it ...), beside the data spec the trials trained on
and the space the newest round searched. This is what a workspace keeps of a search
(``record``; ``gui/workspace_search.py``) and what an opened workspace gives back
(``restore``). No Qt: the panel shows it, a test reads it.
"""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

from dlstudio.gui.workspace_search import SearchRecord
from dlstudio.training.search import best_result


class SearchTrials:
    """The trials of a search (see the module docstring)."""

    def __init__(self) -> None:
        #: every trial's result dict, each with its ``round``
        self.results: list[dict] = []
        #: the round running now, or the next one to run (the number of rounds finished)
        self.round = 0
        #: the data spec the results were computed on (None: no results)
        self.data: Any = None
        #: the space the newest round searched (saved with the results)
        self.space: list = []

    def add(self, result: dict) -> dict:
        """Keep ``result`` as a trial of the current round; returns it with its round."""
        result = dict(result, round=self.round)
        self.results.append(result)
        return result

    def reopen(self, trials: Collection[int]) -> int:
        """The newest round runs again for ``trials`` (its cancelled or never started ones):
        their results go, and the round counts as the one running. Returns its number."""
        self.round = max(0, self.round - 1)
        self.results = [r for r in self.results
                        if not (r.get("round") == self.round and r.get("trial") in trials)]
        return self.round

    def of_round(self, n_round: int) -> list[dict]:
        """The results of round ``n_round`` (from 0)."""
        return [r for r in self.results if r.get("round") == n_round]

    def done_this_round(self) -> int:
        """How many trials of the current round have ended (scored or not)."""
        return sum(1 for r in self.results if r.get("round") == self.round)

    def succeeded(self) -> list[dict]:
        """The trials that trained and scored (each with its ``round``), as a lesson check
        reads them."""
        return [r for r in self.results
                if r.get("status") == "ok" and r.get("score") is not None]

    def best(self) -> dict | None:
        """The run offered as the best (``training.search.best_result``: a run whose first
        step the pre-flight check calls too large only when no other run scored)."""
        return best_result(self.results)

    def clear(self) -> None:
        """No trials, no round run (the space of the last round stays, as the editor's)."""
        self.results, self.data, self.round = [], None, 0

    def record(self, runs: int, epochs: int, plan: dict | None = None,
               running: bool = False) -> SearchRecord | None:
        """The finished trials as the studio keeps them for workspaces, with the panel's
        ``runs`` and ``epochs`` per run and the ``plan`` of a newest round cut short (None:
        no trials). ``running``: the current round trains (``plan`` is its own); it counts
        as a round, one cut short, also before any of its trials ended."""
        if not self.results or self.data is None:
            return None
        rounds = max(self.round + (1 if running else 0),
                     1 + max(int(r.get("round", 0)) for r in self.results))
        return SearchRecord(data=self.data, space=tuple(self.space), rounds=rounds,
                            trials=tuple(self.results), runs=runs, epochs=epochs, plan=plan)

    def restore(self, record: SearchRecord) -> None:
        """The trials, data, rounds and space of ``record`` (an opened workspace's)."""
        self.results = [dict(t) for t in record.trials]
        self.data = record.data
        self.round = int(record.rounds)
        self.space = list(record.space)
