"""Where a thread's time went between two moments: running, waiting for a core, or blocked.

Linux keeps, for every thread, the time it ran and the time it sat runnable in a run queue
(``/proc/self/task/<tid>/schedstat``: nanoseconds run, nanoseconds waited). Over an interval
of wall time ``wall``, the rest, ``wall - run - waited``, is time the thread was blocked: not
asking for a core at all, because it waited for a lock (the GIL), another thread, or slept.

That split is what ``dlstudio bench --window`` needs on a shared machine. Other processes
stretch the wall-clock time of both the window and the headless side, but only as run-queue
time; a training thread held up by the GUI thread (the GIL during plot redraws, a queued
signal) shows as blocked time, and extra work the window does shows as run time.

>>> before = thread_times()                # every thread; thread_times([tid]): just that one
>>> ...                                   # the work
>>> spent = time_split(before, thread_times(), tid)    # ThreadTime(run=..., waited=..., ...)

Each reading also counts the threads' minor page faults (``/proc/self/task/<tid>/stat``): a
thread that keeps touching fresh memory (new copies of megabytes) pays one fault per 4 KB
page, which shows in its run time but not in any profile of its Python code.

A thread of another process (a training child) is named by ``(pid, tid)`` instead of its
``tid``: its reading is keyed by that pair (``/proc/<pid>/task/<tid>``).

Elsewhere (no ``/proc``) ``thread_times()`` returns an empty reading and every split is None.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class ThreadTime:
    """Seconds a thread spent over an interval: ``run`` on a core, ``waited`` for a core,
    ``blocked`` neither (a lock, another thread, a sleep); ``wall`` the interval; ``faults``
    the minor page faults it took (0 where not known)."""

    run: float
    waited: float
    blocked: float
    wall: float
    faults: int = 0


@dataclass(frozen=True)
class Reading:
    """Cumulative ``(run, waited)`` seconds of every thread of this process at ``wall``
    (``time.perf_counter``), keyed by native thread id, with the threads' names and their
    cumulative minor page faults (where known)."""

    wall: float
    times: dict
    names: dict
    faults: dict = field(default_factory=dict)


def thread_times(tids: Iterable[int | tuple[int, int]] | None = None) -> Reading:
    """The counters of the threads ``tids`` now: a ``tid`` of this process or a
    ``(pid, tid)`` of another (None: every thread of this process; a thread that has ended,
    or every thread where ``/proc`` is not available, is left out)."""
    wall = time.perf_counter()
    times, names, faults = {}, {}, {}
    if tids is None:
        try:
            tids = [int(tid) for tid in os.listdir("/proc/self/task")]
        except OSError:
            return Reading(wall, times, names)
    for key in tids:
        task = f"/proc/{key[0]}/task/{key[1]}" if isinstance(key, tuple) \
            else f"/proc/self/task/{key}"
        try:
            with open(f"{task}/schedstat", encoding="ascii") as fh:
                run, waited = (int(v) for v in fh.read().split()[:2])
            with open(f"{task}/comm", encoding="utf-8") as fh:
                names[key] = fh.read().strip()
        except (OSError, ValueError):
            continue                       # the thread ended meanwhile, or no schedstat
        times[key] = (run / 1e9, waited / 1e9)
        try:
            with open(f"{task}/stat", encoding="utf-8") as fh:
                # after the name in parentheses: state, ppid, pgrp, session, tty, tpgid,
                # flags, minflt
                faults[key] = int(fh.read().rpartition(")")[2].split()[7])
        except (OSError, ValueError, IndexError):
            pass
    return Reading(wall, times, names, faults)


def time_split(before: Reading, after: Reading,
               tid: int | tuple[int, int]) -> ThreadTime | None:
    """How thread ``tid`` spent the time between two readings (None if either lacks it)."""
    if tid not in before.times or tid not in after.times:
        return None
    wall = after.wall - before.wall
    run = after.times[tid][0] - before.times[tid][0]
    waited = after.times[tid][1] - before.times[tid][1]
    faults = after.faults.get(tid, 0) - before.faults.get(tid, 0)
    return ThreadTime(run, waited, max(0.0, wall - run - waited), wall, max(0, faults))


def thread_named(reading: Reading, prefix: str) -> int | None:
    """The id of a thread whose name starts with ``prefix`` (the first by id), or None."""
    found = sorted(tid for tid, name in reading.names.items() if name.startswith(prefix))
    return found[0] if found else None


def current_thread_id() -> int:
    """The calling thread's native id (what ``/proc/self/task`` lists)."""
    return threading.get_native_id()
