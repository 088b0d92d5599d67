"""How many threads the engine uses, chosen automatically and overridable.

Two pools do the work: the helper threads of ``engine.gemm`` (the layers' matrix products, each
block a single-threaded OpenBLAS call) and Numba (``prange`` kernels). OpenBLAS itself is kept at
one thread: its threads wait for each other by spinning, which on busy cores burned 6x the CPU
of a step (see ``engine.gemm``). On a small machine the thread count matters a lot:

* When the cores are free, two threads are faster than one for the large convolution GEMMs.
* When another process holds a core (a second training run, a browser, a test suite), every
  multi-threaded call waits for a preempted thread: measured here with the load at 11 on 2
  cores, a 50x784 @ 784x300 product took 5.4 ms with 2 BLAS threads and 0.46 ms with one.

So the default is the number of cores that *other* processes leave idle, measured now from two
readings of ``/proc/stat`` (the cores this process may run on) minus this process's own CPU
time, so a run never counts itself:

* when a run starts (``refresh()``): a short sample of ``SAMPLE_SECONDS``, or the readings
  since the last check when that was moments ago;
* at each epoch end (``recheck()``), and while a run trains (``ensure()``, which every
  training step calls): the readings since the last check, without waiting, at most every
  ``RECHECK_SECONDS``. Numba's idle threads spin for a few milliseconds before they sleep
  (``thread_env``), so a process that starts on the other core mid-epoch must be noticed
  within seconds: sharing a core with it, a convnet step at batch 64 took 23 ms instead of
  8 ms with one thread.

A process that trains for another (the window's training child) counts that process's CPU
time as its own (``count_as_own``): the window's drawing is the same session's work, which a
training thread in the window's own process never counted either. Counted as another
process's, a burst of the window's of more than half a core (a page built while plots paint
and the child's items are read) would take the child to one thread until the next check.
(Measured afterwards, 3 alternating rounds of the convnet's epoch: no difference beyond this
machine's noise, 0.80 of headless with the automatic choice and 0.84 with two threads forced.)

The 1-minute load average is not used: it still counts a run that ended seconds ago (measured:
a full epoch picked one thread right after a previous run and took 31 s instead of 24 s).
Where ``/proc/stat`` cannot be read, every core is used. ``DLSTUDIO_THREADS`` or
``set_threads(n)`` override the choice and stop the checks. Numba's thread count is per
calling thread, so ``ensure()`` applies it in each thread that trains (the GUI's worker
thread, a search process) on its next call there.
"""
from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass
from typing import Callable

#: length of the sample taken when a run starts and the last reading is old
SAMPLE_SECONDS = 0.12
#: a reading older than this is no evidence about now: a run start samples afresh
MAX_EVIDENCE_AGE = 2.0
#: epoch ends re-decide at most this often (short epochs would give noisy intervals)
RECHECK_SECONDS = 2.0

_local = threading.local()
_lock = threading.Lock()
_chosen: int | None = None
_overridden = False
_last: "CpuReading | None" = None
#: when ``ensure()`` re-decides next (``time.monotonic``)
_next_recheck = 0.0
#: other processes whose CPU time counts as this one's (``count_as_own``)
_own_pids: tuple[int, ...] = ()


@dataclass(frozen=True)
class CpuReading:
    """Cumulative counters at one moment (``/proc/stat`` jiffies of the usable cores)."""

    busy: float       # jiffies the usable cores spent on any work
    total: float      # all jiffies of the usable cores (busy + idle)
    n_cores: int      # usable cores counted
    own_cpu: float    # CPU seconds of this process, all threads
    wall: float       # a monotonic clock, seconds


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def read_cpu(stat_text: Callable[[], str] | None = None) -> CpuReading | None:
    """The counters now, or None where ``/proc/stat`` cannot be read (not Linux)."""
    try:
        text = stat_text() if stat_text is not None else _proc_stat()
    except OSError:
        return None
    try:
        allowed = os.sched_getaffinity(0)
    except (AttributeError, OSError):
        allowed = None
    busy = total = 0.0
    n = 0
    for line in text.splitlines():
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or not name[3:].isdigit():
            continue
        if allowed is not None and int(name[3:]) not in allowed:
            continue
        # user nice system idle iowait irq softirq steal (guest time is inside user)
        values = [float(v) for v in rest.split()[:8]]
        all_time = sum(values)
        busy += all_time - sum(values[3:5])
        total += all_time
        n += 1
    if n == 0:
        return None
    own = time.process_time() + sum(process_cpu_seconds(pid) for pid in _own_pids)
    return CpuReading(busy, total, n, own, time.monotonic())


def _proc_stat() -> str:
    with open("/proc/stat", encoding="ascii") as fh:
        return fh.read()


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds process ``pid`` has used, all its threads (0.0 when it cannot be read: it
    ended, or not Linux)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            text = fh.read()
    except OSError:
        return 0.0
    # after the command name in parentheses: state is field 3, utime and stime 14 and 15
    fields = text.rpartition(")")[2].split()
    try:
        return (float(fields[11]) + float(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (IndexError, ValueError, OSError):
        return 0.0


def count_as_own(pid: int) -> None:
    """Count process ``pid``'s CPU time as this process's own from now on: it is the same
    session's work (the window a training child trains for), not another program's."""
    global _own_pids, _last
    with _lock:
        if pid not in _own_pids and pid != os.getpid():
            _own_pids = (*_own_pids, int(pid))
            _last = None                # a reading from before counted it as another's


def others_busy(before: CpuReading, after: CpuReading) -> float | None:
    """Cores' worth of CPU that other processes used between two readings (None if the
    readings are too close to tell)."""
    d_total, d_wall = after.total - before.total, after.wall - before.wall
    if d_total <= 0 or d_wall <= 0:
        return None
    busy_cores = after.n_cores * (after.busy - before.busy) / d_total
    own_cores = (after.own_cpu - before.own_cpu) / d_wall
    return max(0.0, busy_cores - own_cores)


def decide(others: float | None, cores: int) -> int:
    """Threads to use when other processes keep ``others`` cores busy: a thread is given up
    for each core more than half taken (every core when nothing could be measured)."""
    if others is None:
        return cores
    return max(1, min(cores, math.floor(cores - others + 0.5)))


def chosen_threads() -> int:
    """The thread count in force (decided on first use: ``DLSTUDIO_THREADS`` or a sample)."""
    n = _chosen                 # read without the lock once decided: every matrix product asks
    if n is not None:
        return n
    with _lock:
        if _chosen is None:
            _first_choice_locked()
        return _chosen


def refresh() -> int:
    """Decide again when a run starts (a short sample unless the last reading is recent)."""
    with _lock:
        if _chosen is None:
            _first_choice_locked()
        elif not _overridden:
            _update_locked(SAMPLE_SECONDS, MAX_EVIDENCE_AGE, may_wait=True)
        return _chosen


def recheck() -> int:
    """Decide again (an epoch end, ``ensure`` while training) from the CPU use since the
    last reading, if it is at least ``RECHECK_SECONDS`` old (never waits). A younger reading
    is not even read again: the classroom toy ends ~700 epochs a second, and reading
    ``/proc`` at each took 8% of its training thread."""
    last = _last
    if last is not None and _chosen is not None and \
            time.monotonic() - last.wall < RECHECK_SECONDS:
        return _chosen
    with _lock:
        if _chosen is None:
            _first_choice_locked()
        elif not _overridden:
            _update_locked(RECHECK_SECONDS, math.inf, may_wait=False)
        return _chosen


def set_threads(n: int) -> None:
    """Use ``n`` threads from now on (matrix products at once; Numba in each thread at its next ensure())
    and stop choosing automatically."""
    with _lock:
        _set_locked(int(n), override=True)
    ensure()


def ensure() -> None:
    """Apply the chosen thread count to Numba in the calling thread (cheap after the first
    call); every ``RECHECK_SECONDS`` decide again first (``recheck``)."""
    global _next_recheck
    now = time.monotonic()
    if now >= _next_recheck and not _overridden:
        _next_recheck = now + RECHECK_SECONDS
        recheck()
    n = chosen_threads()
    if getattr(_local, "applied", None) != n:
        import numba

        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
        _local.applied = n


def _first_choice_locked() -> None:
    env = os.environ.get("DLSTUDIO_THREADS", "").strip()
    if env.isdigit():
        _set_locked(int(env), override=True)
    else:
        _update_locked(SAMPLE_SECONDS, MAX_EVIDENCE_AGE, may_wait=True)


def _update_locked(min_interval: float, max_age: float, may_wait: bool) -> None:
    """Re-decide from fresh readings (caller holds ``_lock``)."""
    global _last
    now = read_cpu()
    if now is None:
        if _chosen is None:
            _set_locked(available_cores(), override=False)
        return
    before = _last
    if before is None or now.wall - before.wall > max_age:
        if not may_wait:
            _last = now
            return
        time.sleep(SAMPLE_SECONDS)
        before, now = now, read_cpu() or now
    elif now.wall - before.wall < min_interval:
        return
    _last = now
    _set_locked(decide(others_busy(before, now), available_cores()), override=False)


def _set_locked(n: int, override: bool) -> None:
    global _chosen, _overridden
    n = max(1, min(available_cores(), n))
    _overridden = _overridden or override
    if n != _chosen:
        _chosen = n
        _apply_blas(n)


def _apply_blas(n: int) -> None:
    """OpenBLAS runs one thread whatever ``n`` is: ``engine.gemm`` splits the layers'
    products over ``n`` threads itself, with waits that sleep instead of spinning."""
    single_threaded_blas()


_blas_single = False
_blas_lock = threading.Lock()


def single_threaded_blas() -> None:
    """Put OpenBLAS at one thread for the rest of the process, once.

    Only once: changing OpenBLAS's thread count while another thread is inside a BLAS call
    is not safe, and two runs (a cancelled one winding down and its successor), the polling
    helper of ``engine.gemm`` and a lesson check can all be multiplying at that moment."""
    global _blas_single
    with _blas_lock:
        if _blas_single:
            return
        _blas_single = True
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # an optional nicety: without it BLAS keeps its own default
            return
        threadpool_limits(limits=1, user_api="blas")
