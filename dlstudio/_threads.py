"""Keep NumPy's BLAS threads and Numba's threads from fighting over the cores.

Both OpenBLAS and Numba's OpenMP/workqueue pools busy-wait after a parallel region. On a
2-core machine a convnet step alternates BLAS matrix products with parallel Numba kernels, so
each pool spins on the cores the other one needs: a prototype ran 4-7x slower with default
settings. Making idle threads sleep quickly fixes it. These variables are read when the
libraries load, so they are set as the very first thing ``import dlstudio`` does; a user's
own setting always wins.
"""
from __future__ import annotations

import os

_DEFAULTS = {
    "OMP_WAIT_POLICY": "passive",      # OpenMP threads sleep instead of spinning when idle
    "OPENBLAS_THREAD_TIMEOUT": "4",    # OpenBLAS threads sleep after ~2^4 idle cycles
    "KMP_BLOCKTIME": "0",              # the same for Intel's OpenMP runtime, if present
}


def configure_thread_environment() -> None:
    """Set passive wait policies unless the user chose otherwise (idempotent)."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
