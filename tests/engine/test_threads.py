"""Thread-count choice: from how busy other processes keep the cores now, overridable,
applied per thread. The decision is tested on injected readings, never on this machine's load."""
from __future__ import annotations

import threading

import numba
import pytest

from dlstudio.engine import threads
from dlstudio.engine.threads import CpuReading

STAT = """cpu  400 0 200 1400 0 0 0 0 0 0
cpu0 100 0 100 800 0 0 0 0 0 0
cpu1 300 0 100 600 0 0 0 0 0 0
intr 12345
ctxt 678
"""


def reading(busy: float, total: float, own: float, wall: float, cores: int = 2) -> CpuReading:
    return CpuReading(busy=busy, total=total, n_cores=cores, own_cpu=own, wall=wall)


def test_read_cpu_sums_the_usable_cores(monkeypatch):
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    r = threads.read_cpu(lambda: STAT)
    assert (r.busy, r.total, r.n_cores) == (600, 2000, 2)
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: {1}, raising=False)
    r = threads.read_cpu(lambda: STAT)
    assert (r.busy, r.total, r.n_cores) == (400, 1000, 1)


def test_read_cpu_is_none_without_proc_stat():
    def missing() -> str:
        raise OSError("no /proc here")

    assert threads.read_cpu(missing) is None


def test_others_busy_leaves_out_this_process():
    # 2 cores for 1 s (100 jiffies each): 150 jiffies busy = 1.5 cores, of which 1.5 s of CPU
    # were this process's own threads -> nobody else
    before, after = reading(0, 0, 10.0, 100.0), reading(150, 200, 11.5, 101.0)
    assert threads.others_busy(before, after) == pytest.approx(0.0)
    # the same busy time with only 0.5 s of our own: another process held a core
    after = reading(150, 200, 10.5, 101.0)
    assert threads.others_busy(before, after) == pytest.approx(1.0)
    assert threads.others_busy(before, before) is None


@pytest.mark.parametrize("others, cores, expected", [
    (None, 2, 2), (0.0, 2, 2), (0.3, 2, 2), (0.7, 2, 1), (1.0, 2, 1), (1.9, 2, 1),
    (5.0, 4, 1), (1.2, 4, 3), (0.0, 1, 1)])
def test_decide_gives_up_a_thread_per_core_taken(others, cores, expected):
    assert threads.decide(others, cores) == expected


@pytest.fixture
def fresh(monkeypatch):
    """The module's choice reset, two usable cores, readings and sleeps injected."""
    monkeypatch.setattr(threads, "_chosen", None)
    monkeypatch.setattr(threads, "_overridden", False)
    monkeypatch.setattr(threads, "_last", None)
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    monkeypatch.setattr(threads, "_apply_blas", lambda n: None)
    monkeypatch.delenv("DLSTUDIO_THREADS", raising=False)
    feed: list[CpuReading] = []
    slept: list[float] = []
    monkeypatch.setattr(threads, "read_cpu", lambda: feed.pop(0))
    monkeypatch.setattr(threads.time, "sleep", slept.append)
    return feed, slept


def test_a_run_that_just_ended_does_not_cost_a_thread(fresh):
    feed, slept = fresh
    # the previous run (this process) kept both cores busy until now; the 1-minute load
    # average would still be ~2, but the sample at start sees the cores idle
    feed += [reading(0, 0, 50.0, 10.0), reading(2, 24, 50.0, 10.12)]
    assert threads.refresh() == 2
    assert slept == [threads.SAMPLE_SECONDS]


def test_another_process_on_a_core_at_start_means_one_thread(fresh):
    feed, slept = fresh
    feed += [reading(0, 0, 0.0, 10.0), reading(12, 24, 0.0, 10.12)]
    assert threads.chosen_threads() == 1


def test_epoch_ends_recheck_without_waiting_and_follow_the_machine(fresh):
    feed, slept = fresh
    feed += [reading(0, 0, 0.0, 0.0), reading(12, 24, 0.0, 0.12)]         # busy at start
    assert threads.refresh() == 1
    feed.append(reading(14, 40, 0.05, 0.2))                                 # too soon
    assert threads.recheck() == 1
    # 20 s later: our one thread used 20 s of CPU, the other process left after ~2 s
    feed.append(reading(12 + 2200, 24 + 4000, 20.0, 20.12))
    assert threads.recheck() == 2
    assert slept == [threads.SAMPLE_SECONDS]                                # only at start
    # the other process comes back and takes a core for the next 20 s
    feed.append(reading(2212 + 4000, 4024 + 4000, 40.0, 40.12))
    assert threads.recheck() == 1


def test_an_epoch_end_soon_after_a_reading_reads_nothing(fresh, monkeypatch):
    """The classroom toy ends ~700 epochs a second: an epoch end within RECHECK_SECONDS of
    the last reading keeps the choice without reading /proc (the feed would run dry)."""
    feed, slept = fresh
    feed += [reading(0, 0, 0.0, 0.0), reading(12, 24, 0.0, 0.12)]
    assert threads.refresh() == 1
    monkeypatch.setattr(threads.time, "monotonic", lambda: 0.12 + threads.RECHECK_SECONDS / 2)
    assert [threads.recheck() for _ in range(100)] == [1] * 100
    monkeypatch.setattr(threads.time, "monotonic", lambda: 20.12)
    feed.append(reading(12 + 2200, 24 + 4000, 20.0, 20.12))
    assert threads.recheck() == 2 and feed == []


def test_a_recent_reading_needs_no_new_sample(fresh):
    feed, slept = fresh
    feed += [reading(0, 0, 0.0, 0.0), reading(0, 24, 0.0, 0.12)]
    assert threads.refresh() == 2
    feed.append(reading(112, 200, 0.5, 1.0))                   # 0.9 s later: others 0.7 core
    assert threads.refresh() == 1
    assert slept == [threads.SAMPLE_SECONDS]


def test_the_environment_variable_overrides_and_stops_the_checks(fresh, monkeypatch):
    feed, slept = fresh
    monkeypatch.setenv("DLSTUDIO_THREADS", "1")
    assert threads.chosen_threads() == 1
    assert threads.refresh() == 1 and threads.recheck() == 1
    assert feed == [] and slept == []                           # nothing was measured


def test_without_proc_stat_every_core_is_used(monkeypatch):
    monkeypatch.setattr(threads, "_chosen", None)
    monkeypatch.setattr(threads, "_overridden", False)
    monkeypatch.setattr(threads, "_last", None)
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    monkeypatch.setattr(threads, "_apply_blas", lambda n: None)
    monkeypatch.delenv("DLSTUDIO_THREADS", raising=False)
    monkeypatch.setattr(threads, "read_cpu", lambda: None)
    assert threads.chosen_threads() == 2 and threads.recheck() == 2


def test_set_threads_applies_to_numba_in_each_thread(monkeypatch):
    monkeypatch.setattr(threads, "_overridden", threads._overridden)
    before = threads.chosen_threads()
    try:
        threads.set_threads(1)
        assert numba.get_num_threads() == 1
        seen = []
        t = threading.Thread(target=lambda: (threads.ensure(), seen.append(numba.get_num_threads())))
        t.start()
        t.join()
        assert seen == [1]
    finally:
        threads.set_threads(before)


def test_blas_is_put_at_one_thread_once(monkeypatch):
    """Later calls do not touch OpenBLAS again (another thread may be inside a BLAS call)."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    calls = []
    real = threadpoolctl.threadpool_limits
    monkeypatch.setattr(threadpoolctl, "threadpool_limits",
                        lambda **kw: calls.append(kw) or real(**kw))
    monkeypatch.setattr(threads, "_blas_single", False)
    for _ in range(3):
        threads.single_threaded_blas()
    assert calls == [{"limits": 1, "user_api": "blas"}]
    blas = [info for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"]
    assert blas and all(info["num_threads"] == 1 for info in blas)


def test_training_steps_recheck_every_few_seconds(fresh, monkeypatch):
    """``ensure()`` (every training step) re-decides every ``RECHECK_SECONDS``: a process that
    takes a core mid-epoch costs a thread within seconds, not at the epoch's end."""
    feed, slept = fresh
    clock = [100.0]
    monkeypatch.setattr(threads.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(threads, "_next_recheck", 0.0)
    monkeypatch.setattr(threads, "_local", threading.local())
    monkeypatch.setattr(numba, "set_num_threads", lambda n: None)
    feed += [reading(0, 0, 0.0, 0.0), reading(0, 24, 0.0, 0.12)]           # idle at start
    threads.ensure()
    assert threads.chosen_threads() == 2 and feed == []
    clock[0] += 1.0
    threads.ensure()                                      # too soon: nothing read
    assert threads.chosen_threads() == 2 and feed == []
    # 2 s later: every core was busy, ours with 2 s of CPU: another process held a core
    clock[0] += 1.0
    feed.append(reading(400, 424, 2.0, 2.12))
    threads.ensure()
    assert threads.chosen_threads() == 1 and feed == []
    assert slept == [threads.SAMPLE_SECONDS]                                # only at start


def test_an_override_stops_the_training_rechecks(fresh, monkeypatch):
    feed, slept = fresh
    monkeypatch.setattr(threads, "_next_recheck", 0.0)
    monkeypatch.setattr(numba, "set_num_threads", lambda n: None)
    monkeypatch.setattr(threads, "_local", threading.local())
    monkeypatch.setenv("DLSTUDIO_THREADS", "2")
    for _ in range(3):
        threads.ensure()
    assert threads.chosen_threads() == 2 and feed == [] and slept == []


def test_numba_threads_spin_briefly_unless_the_user_chose(monkeypatch):
    """Numba's OpenMP threads spin a little before sleeping (``thread_env``); a user's own
    setting wins, and PyTorch's side of the benchmark gets the libraries' defaults."""
    from dlstudio import thread_env

    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.delenv(thread_env.NO_DEFAULTS, raising=False)
    monkeypatch.setitem(thread_env._ORIGINAL, "GOMP_SPINCOUNT", None)
    thread_env.configure_thread_environment()
    import os
    assert int(os.environ["GOMP_SPINCOUNT"]) > 0
    assert "GOMP_SPINCOUNT" not in thread_env.library_default_environment()
    monkeypatch.setenv("GOMP_SPINCOUNT", "7")
    thread_env.configure_thread_environment()
    assert os.environ["GOMP_SPINCOUNT"] == "7"


def test_a_process_counted_as_own_is_not_another_program(monkeypatch):
    """A training child counts its window's CPU time as its own (``count_as_own``): the
    window drawing its plots is the same session, not a program that holds a core."""
    monkeypatch.setattr(threads, "_own_pids", ())
    monkeypatch.setattr(threads, "_last", None)
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    window_cpu = {4242: 30.0}
    monkeypatch.setattr(threads, "process_cpu_seconds", lambda pid: window_cpu.get(pid, 0.0))
    monkeypatch.setattr(threads.time, "process_time", lambda: 10.0)
    assert threads.read_cpu(lambda: STAT).own_cpu == pytest.approx(10.0)
    threads.count_as_own(4242)
    before = threads.read_cpu(lambda: STAT)
    assert before.own_cpu == pytest.approx(40.0)
    # a second later: the window used 0.8 s of a core, nothing else ran beside this process
    window_cpu[4242] = 30.8
    after = CpuReading(busy=before.busy + 80, total=before.total + 200, n_cores=2,
                       own_cpu=threads.read_cpu(lambda: STAT).own_cpu, wall=before.wall + 1)
    assert threads.others_busy(before, after) == pytest.approx(0.0)
    assert threads.decide(threads.others_busy(before, after), 2) == 2
    threads.count_as_own(4242)                       # once is enough
    assert threads._own_pids == (4242,)


def test_the_cpu_time_of_a_process_that_ended_is_nothing():
    import os

    assert threads.process_cpu_seconds(os.getpid()) >= 0.0
    assert threads.process_cpu_seconds(2**22 + 12345) == 0.0
