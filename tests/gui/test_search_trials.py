"""The search panel's trials so far (``gui.search.trials``): kept by round, the best and the
successful ones, and kept in (and given back by) a workspace's record."""
from __future__ import annotations

from dlstudio.data.spec import DataSpec
from dlstudio.gui.search.trials import SearchTrials
from dlstudio.training.search_space import Dimension


def _trial(i: int, score: float | None, status: str = "ok") -> dict:
    return {"trial": i, "params": {"learning_rate": 10.0 ** -i}, "status": status,
            "score": score}


def test_trials_are_kept_by_round_and_the_best_is_offered():
    trials = SearchTrials()
    assert trials.best() is None and trials.record(8, 2) is None
    trials.add(_trial(0, 0.6))
    trials.add(_trial(1, None, "failed"))
    assert trials.done_this_round() == 2
    trials.round += 1                                   # a round ended
    kept = trials.add(_trial(2, 0.9))
    assert kept["round"] == 1 and trials.done_this_round() == 1
    assert [t["trial"] for t in trials.succeeded()] == [0, 2]
    assert trials.best()["trial"] == 2


def test_a_record_gives_back_the_same_trials():
    trials = SearchTrials()
    trials.data = DataSpec("blobs")
    trials.space = [Dimension("learning_rate", 1e-3, 1.0, "log")]
    trials.add(_trial(0, 0.7))
    trials.round = 1
    record = trials.record(8, 3)
    assert record.rounds == 1 and record.runs == 8 and record.epochs == 3
    assert record.data == trials.data and record.space == tuple(trials.space)
    again = SearchTrials()
    again.restore(record)
    assert again.results == trials.results and again.results is not trials.results
    assert again.round == 1 and again.data == trials.data and again.space == trials.space
    again.clear()
    assert again.results == [] and again.data is None and again.round == 0
