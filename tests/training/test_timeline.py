"""Time travel: a run's moments; a branch with nothing changed is the original run."""
from __future__ import annotations

import numpy as np
import pytest
from training_helpers import TIMELINE_EXAMPLES, TIMELINE_SPEC, TIMELINE_TRAIN, timeline_run

from dlstudio.data import load
from dlstudio.training.timeline import Timeline, branch


@pytest.fixture(scope="module")
def data():
    return load("blobs", seed=0, n_samples=TIMELINE_EXAMPLES)


def test_moments_follow_the_probe_schedule_and_epoch_ends(data):
    timeline = Timeline()
    trainer, snaps = timeline_run(data, timeline)
    steps = timeline.steps
    assert steps == sorted(set(steps)) and steps[0] == 0
    assert steps[-1] == trainer.step
    assert {s.step for s in snaps if s.event == "epoch_end"} <= set(steps)
    assert len([s for s in steps if s <= 20]) == 21          # every step at first
    assert timeline.at(25).step <= 25 and timeline.at(-1) is None
    # another timeline of the same run keeps the same steps (no clock involved)
    again = Timeline()
    timeline_run(data, again)
    assert again.steps == steps


@pytest.fixture
def fixed_threads():
    """Bit-for-bit comparisons need the same thread count in both runs (a parallel sum
    splits its terms by thread)."""
    from dlstudio.engine import threads

    before = threads.chosen_threads()
    threads.set_threads(1)
    yield
    threads.set_threads(before)


def test_a_branch_with_nothing_changed_continues_bit_for_bit(data, fixed_threads):
    timeline = Timeline()
    trainer, snaps = timeline_run(data, timeline)
    moment = timeline.at(30)
    assert moment.step == 30
    twin = branch(moment, TIMELINE_SPEC, data, TIMELINE_TRAIN, variant="B")
    rest = list(twin.run())
    assert twin.step == trainer.step
    for a, b in zip(trainer.network.get_weights(), twin.network.get_weights()):
        np.testing.assert_array_equal(a, b)            # same arithmetic, same order: exact
    assert rest[-1].train_loss == snaps[-1].train_loss


def test_a_branch_with_a_lower_learning_rate_goes_its_own_way(data):
    timeline = Timeline()
    trainer, _ = timeline_run(data, timeline)
    slower = branch(timeline.at(30), TIMELINE_SPEC, data, TIMELINE_TRAIN, learning_rate=0.001)
    list(slower.run())
    assert slower.step == trainer.step
    assert slower.learning_rate == pytest.approx(0.001)
    diff = max(float(np.max(np.abs(a - b))) for a, b in
               zip(trainer.network.get_weights(), slower.network.get_weights()))
    assert diff > 1e-3


def test_a_new_batch_size_continues_from_the_same_example(data):
    timeline = Timeline()
    timeline_run(data, timeline)
    moment = timeline.at(5)                   # 5 batches of 16 = 80 examples into epoch 0
    bigger = branch(moment, TIMELINE_SPEC, data, TIMELINE_TRAIN, batch_size=40)
    assert bigger.spec.batch_size == 40
    assert bigger.state_dict()["batch_index"] == 2      # 80 examples = 2 batches of 40
    list(bigger.run())
    assert bigger.epoch >= TIMELINE_TRAIN.epochs - 1


def test_a_branch_with_a_new_batch_size_plans_the_steps_it_will_train(data):
    """walker20 W20-9: the branch planned epochs × steps per epoch of the new size, as if it
    started at step 0, and ended at step 469 of 810 with the toolbar's bar at 58 %."""
    timeline = Timeline()
    timeline_run(data, timeline)
    moment = timeline.at(5)
    smaller = branch(moment, TIMELINE_SPEC, data, TIMELINE_TRAIN, batch_size=8)
    planned = smaller.total_steps
    snaps = list(smaller.run())
    assert smaller.step == planned == snaps[-1].total_steps
    assert planned < TIMELINE_TRAIN.epochs * smaller.steps_per_epoch


def test_a_continued_run_with_the_same_batch_size_keeps_its_plan(data):
    timeline = Timeline()
    trainer, _snaps = timeline_run(data, timeline)
    same = branch(timeline.at(5), TIMELINE_SPEC, data, TIMELINE_TRAIN)
    assert same.total_steps == trainer.total_steps


def test_a_moment_keeps_the_history_it_saw_and_shares_its_entries(data):
    """A moment's history is the run's history at that moment: later epochs do not reach
    it. Its entries are the run's own (never changed once appended): a deep copy of the
    whole history at every moment made capturing grow with the run (the classroom toy: a
    quarter of its time in the window after 400 epochs)."""
    timeline = Timeline()
    trainer, _ = timeline_run(data, timeline)
    epoch_ends = [m for m in timeline.moments if m.event == "epoch_end"]
    assert len(epoch_ends) >= 2
    first = epoch_ends[0].trainer_state["history"]
    assert len(first) == 1 and len(trainer.history) > 1
    assert first[0] is trainer.history[0]
    assert first[0] == {**trainer.history[0]}


def test_a_branch_starts_at_the_moments_rate_whatever_the_panel_says_now(data):
    """walker34: A ran at 0.001 until step 296, then 0.1 was typed in the Training panel (the
    studio passes that spec to ``branch``); B branched from 296 "to" 0.0005 reported 0.1 at
    its first step: the moment's rate multiplier was applied to the panel's rate."""
    timeline = Timeline()
    timeline_run(data, timeline)
    moment = timeline.at(30)
    panel = TIMELINE_TRAIN.replace(learning_rate=1.0)        # typed after the moment
    b = branch(moment, TIMELINE_SPEC, data, panel, learning_rate=0.0005)
    snaps = list(b.run())
    assert snaps[0].step == 30
    assert snaps[0].learning_rate == pytest.approx(moment.telemetry.learning_rate)
    assert snaps[0].learning_rate == pytest.approx(TIMELINE_TRAIN.learning_rate)
    assert all(s.learning_rate == pytest.approx(0.0005) for s in snaps[1:])
    # with nothing changed, it goes on at the moment's rate too
    same = branch(moment, TIMELINE_SPEC, data, panel)
    assert same.learning_rate == pytest.approx(TIMELINE_TRAIN.learning_rate)
