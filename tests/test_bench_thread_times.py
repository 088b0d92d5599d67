"""``dlstudio.bench.thread_times``: a thread's time split into run, run-queue and blocked."""
from __future__ import annotations

import pytest

from dlstudio.bench import thread_times

linux_only = pytest.mark.skipif(not thread_times.thread_times().times,
                                reason="needs /proc/self/task/*/schedstat")


@linux_only
def test_a_reading_names_this_thread_and_a_split_adds_up_to_the_wall_time():
    here = thread_times.current_thread_id()
    before = thread_times.thread_times()
    assert here in before.times and before.names[here]
    sum(i * i for i in range(20000))                         # some work in between
    after = thread_times.thread_times([here])
    assert set(after.times) == {here}                         # only the thread asked for
    split = thread_times.time_split(before, after, here)
    assert split.run >= 0 and split.waited >= 0 and split.blocked >= 0
    # blocked is what is left of the wall time (clamped at 0: the counters tick separately)
    assert split.run + split.waited + split.blocked >= split.wall - 1e-6
    assert here in after.faults and split.faults >= 0


@linux_only
def test_touching_fresh_memory_counts_page_faults():
    import mmap

    import numpy as np

    # a new anonymous mapping: its pages are certainly untouched (np.ones may be served from
    # memory the allocator keeps from earlier tests: CI counted no fault for 8 MB that way)
    size = 8 * 2**20
    fresh = mmap.mmap(-1, size)
    here = thread_times.current_thread_id()
    before = thread_times.thread_times([here])
    np.frombuffer(fresh, dtype=np.uint8)[::mmap.PAGESIZE] = 1     # one write per page
    after = thread_times.thread_times([here])
    assert thread_times.time_split(before, after, here).faults >= 1
    fresh.close()


def test_threads_are_found_by_name():
    # (Python 3.11 does not give its threads' names to the system; Qt's threads have them)
    reading = thread_times.Reading(0.0, {7: (0, 0), 3: (0, 0), 9: (0, 0)},
                                   {7: "training-2", 3: "python", 9: "training-1"})
    assert thread_times.thread_named(reading, "training-") == 7    # the first by id
    assert thread_times.thread_named(reading, "gui") is None


def test_a_thread_missing_from_a_reading_has_no_split():
    empty = thread_times.Reading(0.0, {}, {})
    one = thread_times.Reading(1.0, {5: (0.5, 0.1)}, {5: "x"})
    assert thread_times.time_split(empty, one, 5) is None
    split = thread_times.time_split(thread_times.Reading(0.0, {5: (0.0, 0.0)}, {5: "x"}), one, 5)
    assert split == thread_times.ThreadTime(run=0.5, waited=0.1, blocked=pytest.approx(0.4),
                                            wall=1.0, faults=0)     # faults not read: 0
    counted = thread_times.time_split(thread_times.Reading(0.0, {5: (0.0, 0.0)}, {5: "x"}, {5: 10}),
                                      thread_times.Reading(1.0, {5: (0.5, 0.1)}, {5: "x"}, {5: 35}),
                                      5)
    assert counted.faults == 25


@linux_only
def test_a_thread_of_another_process_is_read_by_its_pid_and_tid():
    """The window bench watches the training thread of its child process (the child's main
    thread: its tid is the pid)."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c",
                              "import sys\nwhile sys.stdin.readline(): sum(range(200000))"],
                             stdin=subprocess.PIPE, text=True)
    try:
        key = (child.pid, child.pid)
        before = thread_times.thread_times([key])
        assert set(before.times) == {key} and before.names[key]
        for _ in range(20):
            child.stdin.write("go\n")
            child.stdin.flush()
        after = thread_times.thread_times([key])
        split = thread_times.time_split(before, after, key)
        assert split is not None and split.run >= 0 and split.faults >= 0
        # a thread of this process under that pair's tid is another thread: not mixed up
        assert child.pid not in after.times
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    gone = thread_times.thread_times([key])
    assert gone.times == {}                       # an ended process is left out
