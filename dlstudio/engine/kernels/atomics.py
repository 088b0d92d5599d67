"""Atomic operations on int64 array elements, for kernels that coordinate threads.

Numba has no atomics of its own on the CPU; these emit LLVM's atomic load, store and
compare-and-swap, sequentially consistent (the handshake in ``kernels.split_gemm`` is a
Dekker-style "write my flag, then read yours" on two threads, which weaker orderings do not
order). A plain load in a loop may be hoisted out of it by the compiler; an atomic load is
read from memory each time, so a thread can wait for another by polling it.

``load(flags, i)``, ``store(flags, i, value)`` and ``compare_and_swap(flags, i, old, new)``
(True when ``flags[i]`` was ``old`` and is now ``new``) take a C-contiguous int64 array. The
NumPy twins are the plain reads and writes, tested in ``tests/engine/test_split_gemm.py``
from one thread and from two.
"""
from __future__ import annotations

from numba.core import cgutils, types
from numba.extending import intrinsic

_ORDER = "seq_cst"


def _pointer(context, builder, signature, args):
    aryty = signature.args[0]
    ary = context.make_array(aryty)(context, builder, args[0])
    return cgutils.get_item_pointer(context, builder, aryty, ary, [args[1]], wraparound=False)


def _check(flags, index) -> None:
    if not (isinstance(flags, types.Array) and flags.dtype == types.int64 and flags.ndim == 1
            and isinstance(index, types.Integer)):
        raise TypeError("atomics work on a 1-D int64 array and an integer index")


@intrinsic
def load(typingctx, flags, index):
    """flags[index], read atomically."""
    _check(flags, index)

    def codegen(context, builder, signature, args):
        return builder.load_atomic(_pointer(context, builder, signature, args), _ORDER, 8)

    return types.int64(flags, index), codegen


@intrinsic
def store(typingctx, flags, index, value):
    """flags[index] = value, written atomically."""
    _check(flags, index)

    def codegen(context, builder, signature, args):
        val = context.cast(builder, args[2], signature.args[2], types.int64)
        builder.store_atomic(val, _pointer(context, builder, signature, args), _ORDER, 8)
        return context.get_dummy_value()

    return types.void(flags, index, value), codegen


@intrinsic
def compare_and_swap(typingctx, flags, index, old, new):
    """If flags[index] == old, set it to new and return True; else return False (atomic)."""
    _check(flags, index)

    def codegen(context, builder, signature, args):
        ptr = _pointer(context, builder, signature, args)
        expected = context.cast(builder, args[2], signature.args[2], types.int64)
        value = context.cast(builder, args[3], signature.args[3], types.int64)
        pair = builder.cmpxchg(ptr, expected, value, _ORDER, _ORDER)
        return builder.extract_value(pair, 1)

    return types.boolean(flags, index, old, new), codegen
