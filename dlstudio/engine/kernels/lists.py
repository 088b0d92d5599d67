"""Typed lists of arrays for the kernels that take many arrays in one argument.

The fused training pass (``kernels.fused.train_step``) and the optimizers' ``*_many``
kernels take their arrays as one Numba typed list: one argument to unbox per call, however
many arrays. Built from Python (``typed.List().append``), such a list makes Numba compile its
list code for the item type in every new process, which is never cached on disk: measured
here 0.22-0.34 s per item type, paid by every headless run at its first step. ``array_list``
builds the list with the small kernels below instead, which Numba caches like any other
kernel (a few milliseconds to load).

The NumPy twin is the plain Python construction ``typed.List`` + ``append``, which is also
the fallback when the arrays do not share one type (tested in ``tests/engine/test_kernels.py``).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from numba import njit, typed, typeof


@njit(nogil=True, cache=True)
def _start(first):
    """A new typed list holding ``first``."""
    out = typed.List()
    out.append(first)
    return out


@njit(nogil=True, cache=True)
def _push(items, a):
    items.append(a)


def array_list(arrays: Sequence[np.ndarray]) -> Any:
    """A typed list of ``arrays`` (the same array objects: writing through the list writes
    the originals). Arrays of one Numba type (dtype, dimensions, layout) take the cached
    kernels; anything else is appended from Python, where Numba reports what does not fit."""
    arrays = list(arrays)
    if not arrays:
        raise ValueError("array_list needs at least one array")
    kind = typeof(arrays[0])
    if all(type(a) is np.ndarray for a in arrays) and all(typeof(a) == kind for a in arrays):
        first = arrays[0]
        out = _start(first)
        for a in arrays[1:]:
            _push(out, a)
        return out
    out = typed.List()
    for a in arrays:
        out.append(a)
    return out


@njit(nogil=True, cache=True)
def copy_pairs(arrays):
    """``arrays[2 i + 1][:] = arrays[2 i]`` for a typed list of flat arrays in (source,
    target) pairs of equal sizes (one list: each list argument costs ~0.8 us to pass)."""
    for i in range(0, len(arrays), 2):
        arrays[i + 1][:] = arrays[i]
