"""How many threads the engine uses, chosen automatically and overridable.

Two pools do the work: OpenBLAS (NumPy's matrix products) and Numba (``prange`` kernels). On a
small machine both matter a lot:

* When the cores are free, two threads are faster than one for the large convolution GEMMs.
* When another process holds a core (a second training run, a browser, a test suite), every
  multi-threaded call waits for a preempted thread: measured here with the load at 11 on 2
  cores, a 50x784 @ 784x300 product took 5.4 ms with 2 BLAS threads and 0.46 ms with one.

So the default is the number of cores that are idle when the engine starts (at least one),
read from the load average. ``DLSTUDIO_THREADS`` or ``set_threads(n)`` override it.
Numba's thread count is per calling thread, so ``ensure()`` applies it in each thread that
trains (the GUI's worker thread, a search process) on its first call there.
"""
from __future__ import annotations

import os
import threading

_local = threading.local()
_chosen: int | None = None
_lock = threading.Lock()


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def auto_threads() -> int:
    """Cores not busy with other work right now (1 <= n <= cores)."""
    cores = available_cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return cores
    # The 1-minute load average lags: a machine that was busy a moment ago still shows ~0.7.
    # Give up a thread only when about a whole core is taken by something else.
    return max(1, min(cores, int(cores - load + 0.75)))


def chosen_threads() -> int:
    global _chosen
    with _lock:
        if _chosen is None:
            env = os.environ.get("DLSTUDIO_THREADS", "").strip()
            _chosen = max(1, min(available_cores(), int(env))) if env.isdigit() else auto_threads()
            _apply_blas(_chosen)
        return _chosen


def set_threads(n: int) -> None:
    """Use ``n`` threads from now on (BLAS at once; Numba in each thread at its next ensure())."""
    global _chosen
    n = max(1, min(available_cores(), int(n)))
    with _lock:
        _chosen = n
        _apply_blas(n)
    _local.applied = None
    ensure()


def ensure() -> None:
    """Apply the chosen thread count to Numba in the calling thread (cheap after the first call)."""
    n = chosen_threads()
    if getattr(_local, "applied", None) != n:
        import numba

        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
        _local.applied = n


def _apply_blas(n: int) -> None:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an optional nicety: without it BLAS keeps its own default
        return
    threadpool_limits(limits=n, user_api="blas")
