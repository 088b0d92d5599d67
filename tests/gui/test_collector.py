"""The cycle collector runs on the GUI thread only (gui.collector)."""
from __future__ import annotations

import gc
import threading

from dlstudio.gui import collector


class _Cycle:
    """A self-referencing object that notes the thread that finalized it."""

    def __init__(self, seen: list):
        self.me = self
        self.seen = seen

    def __del__(self):
        self.seen.append(threading.get_ident())


def test_cycles_made_on_a_worker_thread_are_collected_on_the_gui_thread(qapp):
    running = collector.install(qapp)
    assert running is collector.install(qapp)          # one per application
    assert running.active and not gc.isenabled()
    seen: list = []

    def churn():           # far more cycles than the youngest generation's threshold
        for _ in range(20 * running.thresholds[0]):
            _Cycle(seen)

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()
    assert not seen                                    # nothing collected on the worker
    # what the timer does next (not waited for: the interpreter's counts are allocations
    # minus deallocations, so another test's garbage being freed meanwhile can postpone it)
    assert running.collect_due() >= 0
    assert len(seen) == 20 * running.thresholds[0]
    assert set(seen) == {threading.get_ident()}        # all of them here


def test_collect_due_picks_the_generation_the_interpreter_would(qapp):
    running = collector.install(qapp)
    gc.collect()
    assert running.collect_due() == -1                 # nothing allocated since
    t0, t1, t2 = running.thresholds
    keep = [[] for _ in range(t0 + 1)]                 # tracked containers fill generation 0
    assert running.collect_due() == 0
    assert gc.get_count()[0] <= t0
    del keep


def test_install_refuses_other_threads(qapp):
    failure: list = []

    def install_here():
        try:
            collector.install(qapp)
        except RuntimeError as exc:
            failure.append(exc)

    t = threading.Thread(target=install_here)
    t.start()
    t.join()
    assert failure and "GUI thread" in str(failure[0])


def test_stop_gives_collection_back(qapp):
    running = collector.GuiThreadCollector(None)
    was = gc.isenabled()
    gc.enable()
    try:
        running.start()
        assert not gc.isenabled()
        running.stop()
        assert gc.isenabled() and not running.active
    finally:
        (gc.enable if was else gc.disable)()
        collector.install(qapp)          # the session's collector stays in charge


def test_a_full_collection_waits_its_turn(qapp, monkeypatch):
    """The oldest generation is collected at most every FULL_EVERY_S: the GUI thread's
    pauses stay short on a large session."""
    clock = [1000.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    running = collector.GuiThreadCollector(None)          # counts from its creation
    t0, t1, t2 = running.thresholds
    monkeypatch.setattr(collector.gc, "get_count", lambda: (t0 + 1, t1 + 1, t2 + 1))
    done = []
    # (``collector.gc`` is the gc module: a collection asked elsewhere meanwhile, e.g. the
    # conftest's after a long suite, calls it with no generation)
    monkeypatch.setattr(collector.gc, "collect", lambda generation=2: done.append(generation))
    assert running.collect_due() == 1                  # due, but too soon after the last
    clock[0] += collector.FULL_EVERY_S + 1
    assert running.collect_due() == 2
    assert running.collect_due() == 1
    assert done == [1, 2, 1]


def test_settle_collects_then_sets_start_ups_objects_aside(qapp):
    """Issue 13: the window's start-up objects stayed in the young generations (automatic
    collection is off), and the first collection after a run started went through all of
    them while the training thread waited for the GIL. ``settle`` collects what is garbage
    now and leaves the rest out of later collections; later garbage is still collected."""
    seen: list = []
    _Cycle(seen)                                       # start-up's garbage
    kept = [[] for _ in range(100)]                    # start-up's living objects
    try:
        frozen = collector.settle()
        assert len(seen) == 1                          # collected first, not set aside
        assert frozen == gc.get_freeze_count() >= len(kept)
        scanned = {id(x) for generation in range(3) for x in gc.get_objects(generation)}
        assert not scanned & {id(x) for x in kept}     # in no generation a collection scans
        _Cycle(seen)                                   # garbage made later
        gc.collect()
        assert len(seen) == 2
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
