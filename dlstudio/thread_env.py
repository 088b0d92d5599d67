"""Keep NumPy's BLAS threads and Numba's threads from fighting over the cores.

Both OpenBLAS and Numba's OpenMP/workqueue pools busy-wait after a parallel region. On a
2-core machine a convnet step alternates BLAS matrix products with parallel Numba kernels, so
each pool spins on the cores the other one needs: a prototype ran 4-7x slower with default
settings. Making idle threads sleep soon fixes it (OpenBLAS now runs single-threaded anyway:
``engine.threads``); Numba's threads spin a few milliseconds first, which keeps them awake
between the kernels of one training step. One more stops Numba from swapping
``sys.stdout``/``sys.stderr`` in a background thread under the main thread's feet (see
``_DEFAULTS``). These variables are read when the
libraries load, so they are set as the very first thing ``import dlstudio`` does; a user's
own setting always wins.
"""
from __future__ import annotations

import os

_DEFAULTS = {
    "OMP_WAIT_POLICY": "passive",      # OpenMP threads sleep instead of spinning when idle...
    # ...after spinning a little: GNU OpenMP's spin count (Numba's "omp" threading layer),
    # ~4 ms here before a thread sleeps. Fully passive, each parallel kernel had to wake a
    # sleeping thread, ~100 us on a virtual machine's idle core: a convnet step at batch 32
    # took 4.2-4.5 ms instead of 3.3-3.7 (batch 64: 5.4-7.8 -> 5.0-5.8; the 5x100 ELU MLP
    # trained 46-76k -> 88-98k img/s). A process on the other core then slows a
    # two-thread step 3x, so ``engine.threads`` re-decides every 2 s while training.
    "GOMP_SPINCOUNT": "100000",
    "OPENBLAS_THREAD_TIMEOUT": "4",    # OpenBLAS threads sleep after ~2^4 idle cycles
    "KMP_BLOCKTIME": "0",              # the same for Intel's OpenMP runtime, if present
    # Numba colours its error messages with colorama when colorama is installed (pyqtgraph
    # brings it): every Numba error object it makes, even one made while a module of Numba's
    # is imported, swaps ``sys.stderr`` for a wrapper and back to the stream it saw first.
    # Done in a background thread (the kernel warm-up, a training thread), that swap lands
    # under the main thread, whose next messages go to a stale stream (a test's captured
    # stderr came back empty). Plain messages leave ``sys.stderr`` alone.
    "NUMBA_DISABLE_ERROR_MESSAGE_HIGHLIGHTING": "1",
}


#: set in a child process that must see the libraries' own defaults (the PyTorch side of
#: ``dlstudio bench`` measures PyTorch as it runs out of the box)
NO_DEFAULTS = "DLSTUDIO_NO_THREAD_DEFAULTS"


def configure_thread_environment() -> None:
    """Set passive wait policies unless the user chose otherwise (idempotent)."""
    if os.environ.get(NO_DEFAULTS):
        return
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)


def library_default_environment() -> dict[str, str]:
    """The environment as it was before ``configure_thread_environment`` filled in defaults."""
    env = dict(os.environ)
    for key, value in _DEFAULTS.items():
        if _ORIGINAL.get(key) is None and env.get(key) == value:
            env.pop(key, None)
    env[NO_DEFAULTS] = "1"
    return env


_ORIGINAL = {key: os.environ.get(key) for key in _DEFAULTS}
