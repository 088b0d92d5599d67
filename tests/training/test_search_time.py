"""How long a search round takes: planned from an epoch time, and the time left from its
own progress (no clocks: every time is given)."""
from __future__ import annotations

import pytest

from dlstudio.training import search_time
from dlstudio.training.search_time import (START_SECONDS, epoch_seconds_from_trials,
                                           on_one_core, round_seconds, run_epoch_seconds,
                                           seconds_left)


def test_runs_go_in_waves_of_the_workers():
    # 12 runs, 2 at a time: 6 waves of 3 epochs of 40 s
    assert round_seconds(12, 3, workers=2, cores=2, epoch_seconds=40.0) \
        == pytest.approx(START_SECONDS + 6 * 3 * 40.0)
    # 13 runs need a 7th wave; one worker runs them one after another
    assert round_seconds(13, 1, workers=2, cores=2, epoch_seconds=10.0) \
        == pytest.approx(START_SECONDS + 7 * 10.0)
    assert round_seconds(4, 1, workers=1, cores=2, epoch_seconds=10.0) \
        == pytest.approx(START_SECONDS + 4 * 10.0)
    # more workers than runs: one wave
    assert round_seconds(2, 2, workers=8, cores=8, epoch_seconds=5.0) \
        == pytest.approx(START_SECONDS + 2 * 5.0)


def test_what_a_run_does_besides_its_epochs_counts_once_per_run():
    assert round_seconds(4, 3, workers=2, cores=2, epoch_seconds=10.0, run_seconds=4.0) \
        == pytest.approx(START_SECONDS + 2 * (4.0 + 3 * 10.0))


def test_more_processes_than_cores_share_them():
    # 4 workers on 2 cores: one wave, each run at half speed
    assert round_seconds(4, 1, workers=4, cores=2, epoch_seconds=10.0) \
        == pytest.approx(START_SECONDS + 1 * 10.0 * 2)


def test_a_round_without_runs_is_refused():
    with pytest.raises(ValueError, match="runs, epochs"):
        round_seconds(0, 3, workers=2, cores=2, epoch_seconds=1.0)


def test_an_epoch_from_a_studio_run_counts_one_core_per_search_run():
    # 300 of 469 steps an epoch in 30 s: 46.9 s an epoch
    assert run_epoch_seconds(30.0, 300, 469) == pytest.approx(30.0 * 469 / 300)
    assert run_epoch_seconds(0.0, 0, 469) is None                     # nothing trained yet
    # a run stopped at its first step timed the preparing and compiling, not an epoch: its
    # 8.5 s for one step of 469 made a search "about 8.7 h" (fix60's leftover)
    assert run_epoch_seconds(8.5, 1, 469) is None
    assert run_epoch_seconds(8.5, search_time.MIN_TIMED_STEPS - 1, 469) is None
    assert run_epoch_seconds(8.5, search_time.MIN_TIMED_STEPS, 469) is not None
    assert run_epoch_seconds(2.0, 8, 8) == pytest.approx(2.0)         # a whole short epoch
    assert on_one_core(40.0, cores=2) == pytest.approx(40.0 * search_time.ONE_CORE_SLOWDOWN)
    assert on_one_core(40.0, cores=1) == pytest.approx(40.0)


def test_an_epoch_from_a_round_is_its_runs_median():
    results = [{"status": "ok", "seconds": 30.0}, {"status": "ok", "seconds": 36.0},
               {"status": "ok", "seconds": 90.0}, {"status": "cancelled", "seconds": 1.0},
               {"status": "failed", "seconds": 0.5}]
    assert epoch_seconds_from_trials(results, epochs=3) == pytest.approx(36.0 / 3)
    assert epoch_seconds_from_trials(results[3:], epochs=3) is None


def test_time_left_at_the_pace_so_far():
    assert seconds_left(60.0, 0.25) == pytest.approx(180.0)
    assert seconds_left(60.0, 1.0) == 0.0
    assert seconds_left(5.0, 0.0) is None          # nothing reported yet
    assert seconds_left(5.0, search_time.MIN_DONE_FOR_PACE / 2) is None


def test_an_epoch_from_a_comparisons_variant_counts_its_own_turns():
    """walker33 W33-5: a comparison's variant is timed by its examples per second (its own
    turns), not by the run's elapsed time, which is every variant's."""
    turns = search_time.turns_epoch_seconds
    assert turns(8000.0, 300, 469, 64) == pytest.approx(469 * 64 / 8000.0)
    assert turns(0.0, 300, 469, 64) is None                        # no pace reported
    assert turns(8000.0, search_time.MIN_TIMED_STEPS - 1, 469, 64) is None
    assert turns(8000.0, 8, 8, 64) == pytest.approx(8 * 64 / 8000.0)
