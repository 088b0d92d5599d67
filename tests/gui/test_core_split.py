"""While a run trains in a child, the window's threads keep to one core and the child uses
every core the window could (``gui/core_split.py``)."""
from __future__ import annotations

import os
import threading

import pytest

from dlstudio.gui import core_split, training_process

needs_two_cores = pytest.mark.skipif(
    core_split.window_core() is None, reason="needs two cores and sched_setaffinity")


def _cores_of_every_thread() -> set[frozenset[int]]:
    return {frozenset(os.sched_getaffinity(int(tid))) for tid in os.listdir("/proc/self/task")}


@needs_two_cores
def test_the_window_keeps_to_one_core_while_a_child_trains_then_has_them_all_back():
    """Every thread of the window (those started before and during the block) on the last
    core, nested blocks (two runs) counted; all cores back when the last one ends."""
    core = core_split.window_core()
    started = threading.Event()
    stop = threading.Event()
    before = threading.Thread(target=lambda: (started.set(), stop.wait()), daemon=True)
    before.start()
    started.wait()
    try:
        with core_split.window_on_one_core():
            late = threading.Thread(target=stop.wait, daemon=True)
            late.start()
            assert _cores_of_every_thread() == {frozenset({core})}
            with core_split.window_on_one_core():
                pass
            assert _cores_of_every_thread() == {frozenset({core})}   # one run still goes on
        assert _cores_of_every_thread() == {core_split.CORES_AT_START}
    finally:
        stop.set()


@needs_two_cores
def test_a_child_started_while_the_window_keeps_to_one_core_uses_them_all():
    """A child inherits its parent's cores at its start: it takes the window's cores as they
    were when dlstudio started (the spare child of the next run starts during a run)."""
    idle = training_process.idle_child()
    if idle is not None:
        training_process.take_child().close()     # (the spare of an earlier test)
    with core_split.window_on_one_core():
        training_process.start_spare()
    child = training_process.take_child()
    try:
        while not child.ready:
            child.receive(0.25)
        assert frozenset(os.sched_getaffinity(child.process.pid)) == core_split.CORES_AT_START
    finally:
        child.close()
