"""Many arrays handed to a kernel in one argument: a table of their addresses.

The optimizers' ``*_many`` kernels, the trainer's gradient norms (``reductions.
sum_squares_groups``) and last good weights (``copy_pairs``) and the fused training pass
(``kernels.fused.train_step``) each take a whole network's arrays in one call. They used to
take a Numba typed list: ~1.5 us a call to pass (Numba checks the type of a typed list in
Python) and ~19 ns per item read inside the kernel, for the classroom toy about a third of
its ~15 us step. An ``ArrayTable`` is an int64 array (one row per array: address, size), an
ordinary argument; the kernel views each array in place (``flat``, ``numba.carray``), ~1 ns
a view.

Views by address are only valid while their arrays live and stay where they are: an
``ArrayTable`` holds every array it lists, and the arrays must be C-contiguous, writeable and
of one float dtype (checked when it is built; ``ValueError`` otherwise). The kernels take the
table's ``first`` array too, which gives them the dtype (``flat(table, i, first)``).

The NumPy twin of ``flat`` is the array itself (tested in ``tests/engine/test_kernels.py``).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from numba import carray, njit, types
from numba.extending import intrinsic

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


class ArrayTable:
    """The arrays ``arrays`` (kept alive here) as a table for the kernels.

    Attributes
    ----------
    arrays : tuple of ndarray
        The arrays, flattened (views of the originals: writing through the table writes them).
    table : (n, 2) int64 ndarray
        Address and size of each array.
    first : ndarray
        ``arrays[0]``, the kernels' dtype witness.
    """

    __slots__ = ("arrays", "table", "first")

    def __init__(self, arrays: Sequence[np.ndarray]) -> None:
        arrays = tuple(arrays)
        if not arrays:
            raise ValueError("ArrayTable needs at least one array")
        dtype = arrays[0].dtype if type(arrays[0]) is np.ndarray else None
        for a in arrays:
            if type(a) is not np.ndarray or a.dtype != dtype or dtype not in _FLOATS \
                    or not a.flags.c_contiguous or not a.flags.writeable:
                raise ValueError("ArrayTable takes writeable C-contiguous float32 or float64 "
                                 "arrays of one dtype")
        self.arrays = tuple(a.reshape(-1) for a in arrays)
        self.table = np.array([(a.ctypes.data, a.size) for a in self.arrays], np.int64)
        self.first = self.arrays[0]

    def __len__(self) -> int:
        return len(self.arrays)

    @staticmethod
    def fits(arrays: Sequence[np.ndarray]) -> bool:
        """Whether ``ArrayTable(arrays)`` would accept ``arrays``."""
        if not arrays or type(arrays[0]) is not np.ndarray:
            return False
        dtype = arrays[0].dtype
        return dtype in _FLOATS and all(
            type(a) is np.ndarray and a.dtype == dtype and a.flags.c_contiguous
            and a.flags.writeable for a in arrays)


@intrinsic
def pointer(typingctx, address, like):
    """The integer ``address`` as a pointer to the dtype of the array ``like``."""
    ptr_type = types.CPointer(like.dtype)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(ptr_type))

    return ptr_type(address, like), codegen


@njit(nogil=True, cache=True, inline="always")
def flat(table, i, first):
    """Array ``i`` of an ``ArrayTable``'s ``table``: a flat view of ``first``'s dtype."""
    return carray(pointer(table[i, 0], first), table[i, 1])


@njit(nogil=True, cache=True)
def copy_pairs(first, table):
    """``array[2 i + 1][:] = array[2 i]`` for an ``ArrayTable`` of (source, target) pairs of
    equal sizes."""
    for i in range(0, table.shape[0], 2):
        flat(table, i + 1, first)[:] = flat(table, i, first)
