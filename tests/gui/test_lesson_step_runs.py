"""Which lesson step the run on screen was made for (``gui/lessons/step_runs``): the applied
step's when it started, an opened workspace's step, a failed run's step, none after a new
workspace."""
from __future__ import annotations

from dlstudio.gui.lessons.step_runs import StepRuns

ONE, TWO = ("03_vanishing_gradients", 1), ("03_vanishing_gradients", 2)


def test_a_run_belongs_to_the_step_applied_when_it_started():
    runs = StepRuns()
    runs.run_started()                       # the student's own run, nothing applied
    assert runs.run_for is None and runs.run_for_part() is None
    runs.applied = ONE
    runs.run_started()
    assert runs.run_for == ONE and runs.run_for_part() == list(ONE)
    assert runs.continues(ONE)
    runs.applied = TWO                       # the next step applied, its run not started
    assert not runs.continues(TWO) and runs.run_for == ONE


def test_a_restored_run_continued_is_the_steps_it_was_made_for():
    """Walker37 W37-14: after a restart the restored run of lesson 13 step 5 was
    continued and finished, and the step stayed unchecked (nothing applied in the new
    window)."""
    runs = StepRuns()
    runs.restored(ONE)
    assert runs.continues(ONE) and not runs.continues(TWO)
    runs.applied = TWO                       # another step applied, its run not started
    assert runs.continues(ONE) and not runs.continues(TWO)


def test_a_failed_run_and_a_restored_one_are_remembered_until_the_next_run():
    runs = StepRuns()
    runs.applied = ONE
    runs.run_started()
    runs.run_failed()
    assert runs.failed_for == ONE
    runs.restored(TWO)                       # an opened workspace's run
    assert runs.run_for == runs.restored_for == TWO
    runs.run_started()
    assert runs.failed_for is None and runs.restored_for is None and runs.run_for == ONE
    runs.forget()                            # File > New
    assert runs.run_for is None and runs.failed_for is None and runs.restored_for is None
