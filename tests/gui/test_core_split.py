"""While a run trains in a child, the window's threads keep to one core and the child uses
every other core the window could (``gui/core_split.py``)."""
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


@pytest.mark.parametrize("cores, kept", [
    (None, None), (frozenset({0}), frozenset({0})),              # nothing to split
    (frozenset({0, 1}), frozenset({0})), (frozenset({0, 1, 2, 3}), frozenset({0, 1, 2})),
    (frozenset({2, 5}), frozenset({2})),                          # a process kept to two cores
])
def test_a_training_child_keeps_to_the_cores_the_window_does_not(cores, kept):
    assert core_split.training_cores(cores) == kept
    if cores and len(cores) >= 2:
        assert max(cores) not in kept              # the window's core (``window_core``)


@needs_two_cores
def test_a_child_started_while_the_window_keeps_to_one_core_uses_every_other_core():
    """A child inherits its parent's cores at its start: it takes the window's cores as they
    were when dlstudio started (the spare child of the next run starts during a run), all but
    the one the window keeps to while a run trains."""
    idle = training_process.idle_child()
    if idle is not None:
        training_process.take_child().close()     # (the spare of an earlier test)
    with core_split.window_on_one_core():
        training_process.start_spare()
    child = training_process.take_child()
    try:
        while not child.ready:
            child.receive(0.25)
        assert frozenset(os.sched_getaffinity(child.process.pid)) == \
            core_split.CORES_AT_START - {core_split.window_core()}
    finally:
        child.close()


@needs_two_cores
def test_a_paused_run_lets_the_window_use_every_core(small_studio, qtbot):
    """While the run in the child waits (paused), the student may compute in the window (a
    loss landscape, the step debugger): the window's threads have every core back, and
    keep to one again when the run trains on."""
    from dlstudio.data import load
    from dlstudio.gui.training_run import RunPlan, VariantPlan
    from dlstudio.training.control import RunControl

    class Job:
        id = 1

        def __init__(self) -> None:
            self.control = RunControl()

        def progress(self, *args) -> None:
            pass

    plan = RunPlan(data_spec=small_studio.data_spec,
                   variants=[VariantPlan("A", small_studio.network_spec,
                                         small_studio.train_spec)],
                   dataset=load(small_studio.data_spec))
    job = Job()
    job.control.pause()
    core = frozenset({core_split.window_core()})
    end: dict = {}

    def consume() -> None:
        run = training_process.process_training_job(plan, job)
        try:
            while True:
                next(run)
        except StopIteration as stop:
            end["state"] = stop.value

    worker = threading.Thread(target=consume, daemon=True)
    worker.start()
    qtbot.waitUntil(lambda: job.control.waiting, timeout=60000)    # held before step 1
    qtbot.waitUntil(lambda: _cores_of_every_thread() == {core_split.CORES_AT_START},
                    timeout=5000)
    job.control.resume()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=120000)
    assert end["state"] == "finished"
    assert _cores_of_every_thread() == {core_split.CORES_AT_START}


@needs_two_cores
def test_a_hold_let_go_and_taken_again_counts_once():
    core = frozenset({core_split.window_core()})
    with core_split.window_on_one_core() as hold:
        hold.release()
        hold.release()
        assert _cores_of_every_thread() == {core_split.CORES_AT_START}
        hold.take()
        hold.take()
        assert _cores_of_every_thread() == {core}
        with core_split.window_on_one_core():
            hold.release()
            assert _cores_of_every_thread() == {core}      # the other run still trains
    assert _cores_of_every_thread() == {core_split.CORES_AT_START}
