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
