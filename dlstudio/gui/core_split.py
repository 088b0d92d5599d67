"""While a run trains in a child process, the window keeps to one core of those it may use,
and the child to the others.

The window's threads (the GUI thread drawing the plots, the thread reading the child's items,
Qt's own) take ~25-40% of a core while a run trains. Left to the system's scheduler, they
land now on one core, now on the other, and where they meet the child's training thread it
waits. On the 2-core machine (issue 13, alternated with the same code without this): the
classroom toy (20,000 steps) trained in the window at 228-276k examples/s against 194-240k
(4 rounds, faster in each; GUI p99 13 against 16 ms); the 784-300-100-10 MLP and the MNIST
convnet were unchanged (37.4k against 37.0k, 0.955 against 0.935 of headless).

The child keeps to the cores the window does not (``training_cores``, from the window's
``CORES_AT_START`` passed to it: a child started while the window kept to one core would
otherwise inherit that core), so ``engine.threads`` gives a run one thread fewer than the
machine has cores. It used to take every core: a run splitting its work over two threads
then had one of them on the window's core, and each time the window drew, that thread
stopped and the other waited for it at the end of every parallel kernel; the scheduler also
put both training threads on one core 39% of the time they were both runnable (sampled
during a windowed MNIST convnet epoch), and the training thread waited in the run queue
16-19% of the time. On the 2-core machine, alternating with the old rule (3 rounds each,
helpers stopped): the MNIST convnet's epoch 4,474-4,870 images/s against 4,074-4,547 (0.81-0.87
of headless against 0.78-0.80; the training thread waited 1.5% instead of 18%; GUI p99
9-11 ms against 12-14), three MLP epochs 32.7-34.1k against 23.8-29.4k (0.92-0.99 of
headless against 0.67-0.82), the classroom toy 251-258k against 227-255k (one thread
either way).

Only where the system lets a process choose its cores (Linux: ``os.sched_setaffinity``)
and only with two or more of them; elsewhere nothing changes. The window's threads go back
to every core when the last run in a child ends, or waits (paused: ``window_on_one_core``
counts the runs that train).
"""
from __future__ import annotations

import contextlib
import os
import threading
from typing import Iterator

#: the cores this process could use when dlstudio started (None: the system cannot tell)
CORES_AT_START: frozenset[int] | None = (
    frozenset(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None)

_lock = threading.Lock()
_runs = 0                       # runs in a child going on (the window keeps to one core)


def window_core() -> int | None:
    """The core the window keeps to while a child trains: the last one it may use; None
    when it may use fewer than two or the system cannot set a thread's cores."""
    if CORES_AT_START is None or len(CORES_AT_START) < 2 \
            or not hasattr(os, "sched_setaffinity"):
        return None
    return max(CORES_AT_START)


class OneCoreHold:
    """One run's claim on the window keeping to one core (``window_on_one_core``): let go
    while the run waits (paused: the student may compute a loss landscape or step the
    debugger in the window meanwhile, on every core), taken again when it trains on."""

    def __init__(self) -> None:
        self.held = False

    def take(self) -> None:
        global _runs
        core = window_core()
        if self.held or core is None:
            return
        with _lock:
            _runs += 1
            if _runs == 1:
                _set_all_threads({core})
        self.held = True

    def release(self) -> None:
        global _runs
        if not self.held:
            return
        with _lock:
            _runs -= 1
            if _runs == 0:
                _set_all_threads(CORES_AT_START)
        self.held = False


@contextlib.contextmanager
def window_on_one_core() -> Iterator[OneCoreHold]:
    """Every thread of this process on ``window_core`` for the block (threads started in it
    inherit it), unless the block lets go of its hold; back on ``CORES_AT_START`` when no
    block holds any more."""
    hold = OneCoreHold()
    hold.take()
    try:
        yield hold
    finally:
        hold.release()


def use_every_core(cores: frozenset[int] | None) -> None:
    """In a child, before it starts any thread: use ``cores`` (``training_cores``), whatever
    the process that started it kept to then."""
    if cores and hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, cores)
        except OSError:                 # (a core taken away since: keep what it has)
            pass


def training_cores(cores: frozenset[int] | None) -> frozenset[int] | None:
    """The cores a training child keeps to: those of ``cores`` (the window's
    ``CORES_AT_START``) but the window's own (``window_core``), None when there would be none
    left (the child then uses them all, as ``use_every_core``)."""
    if not cores or len(cores) < 2:
        return cores
    return frozenset(cores) - {max(cores)}


def _set_all_threads(cores: frozenset[int] | set[int]) -> None:
    try:
        threads = os.listdir("/proc/self/task")
    except OSError:
        threads = [str(threading.get_native_id())]
    for tid in threads:
        try:
            os.sched_setaffinity(int(tid), cores)
        except OSError:                 # a thread that ended meanwhile, or a core taken away
            pass
