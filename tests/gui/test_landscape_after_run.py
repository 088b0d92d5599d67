"""A lesson step's wish to compute the landscapes as soon as its run ends."""
from __future__ import annotations

import pytest

from dlstudio.gui.landscape.after_run import AfterRun


@pytest.mark.parametrize("studio_state", ["idle", "finished", "running", "paused"])
def test_it_computes_once_when_the_awaited_run_ends(studio_state):
    after = AfterRun()
    assert not after.armed and not after.run_state("finished")
    after.arm(studio_state)
    assert after.armed
    if studio_state != "running":       # the run is about to start, or paused: not seen yet
        assert not after.run_state("finished") and after.armed
        assert not after.run_state("preparing")
    assert after.run_state("stopped")
    assert not after.armed and not after.run_state("finished")


@pytest.mark.parametrize("end", ["diverged", "failed"])
def test_a_run_that_breaks_disarms_it(end):
    after = AfterRun()
    after.arm("running")
    assert not after.run_state(end) and not after.armed


def test_disarmed_it_waits_for_nothing():
    after = AfterRun()
    after.arm("running")
    after.disarm()
    assert not after.run_state("finished") and not after.armed
