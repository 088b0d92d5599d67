"""The landscape's weight path: one copy per step, a new run starts afresh, thinned."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from dlstudio.gui.landscape.weight_path import MAX_SNAPSHOTS, WeightPath, thinned


def weights(value: float = 0.0, n: int = 2) -> list:
    return [np.full((2, 2), value, np.float32) for _ in range(n)]


def test_thinning_keeps_every_second_and_the_newest():
    assert thinned(list(range(7))) == [0, 2, 4, 6]
    assert thinned(list(range(6))) == [0, 2, 4, 5]


def test_copies_are_kept_by_step_and_the_same_list_once():
    path = WeightPath()
    path.note_step("A", 10)
    w = weights(1.0)
    path.keep("A", w, lambda: 0)
    path.keep("A", w, lambda: 0)                 # the same list again: kept once
    assert [s for s, _ in path.kept["A"]] == [10]
    path.keep("A", weights(2.0), lambda: 0)      # new weights at the same step replace it
    assert len(path.kept["A"]) == 1 and path.kept["A"][0][1][0][0, 0] == 2.0
    path.note_step("A", 20)
    path.keep("A", weights(3.0), lambda: 0)
    assert [s for s, _ in path.path("A")] == [10, 20]
    path.keep("A", None, lambda: 0)              # no weights: nothing happens
    assert len(path.kept["A"]) == 2


def test_a_new_run_or_another_shape_starts_afresh():
    path = WeightPath()
    path.note_step("A", 50)
    path.keep("A", weights(), lambda: 0)
    path.note_step("A", 3)                       # step went back: a new run
    assert "A" not in path.kept
    path.keep("A", weights(), lambda: 0)
    path.note_step("A", 9)
    path.keep("A", weights(n=4), lambda: 0)      # another network's weights
    assert [s for s, _ in path.kept["A"]] == [9]


def test_without_telemetry_the_step_comes_from_the_caller():
    path = WeightPath()
    path.keep("B", weights(), lambda: 77)
    assert path.kept["B"][0][0] == 77


def test_the_path_merges_the_timeline_and_stays_within_the_budget():
    path = WeightPath()
    for step in range(0, 2 * MAX_SNAPSHOTS + 10):
        path.note_step("A", step)
        path.keep("A", weights(float(step)), lambda: 0)
    assert len(path.kept["A"]) <= MAX_SNAPSHOTS
    timeline = SimpleNamespace(moments=[SimpleNamespace(step=1001, weights=weights())])
    kept = path.path("A", timeline)
    steps = [s for s, _ in kept]
    assert len(kept) <= MAX_SNAPSHOTS and steps == sorted(steps) and steps[-1] == 1001
    path.forget_copies()
    assert path.path("A") == [] and path.last_step["A"] > 0
    path.clear()
    assert not path.kept and not path.last_step
