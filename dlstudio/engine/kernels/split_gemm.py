"""A matrix product cut in two halves, computed at once by the calling thread and a helper
thread that polls for work, both calling BLAS from Numba, without the GIL.

Why: on this kind of 2-core virtual machine, waking a sleeping thread and handing the GIL
back and forth costs 30-100 us per product (a 784-300-100-10 MLP trained at half speed when
its 50 x 784 @ 784 x 300 product, ~260 us, was split through a thread pool). Here the helper
keeps polling a flag for a while after each product (``helper_poll``), so a product handed to
it starts within a microsecond, and neither thread needs the GIL: the halves are BLAS calls
(``kernels.blas.gemm_at``: the ``cblas_?gemm`` of NumPy's OpenBLAS) made from Numba.

The handshake, on ``state`` (int64: ``state[JOB]``, ``state[SLEEPING]``) and one job
descriptor ``desc`` (``describe``):

* the caller writes the helper's half into ``desc`` and sets ``JOB`` to ``POSTED``
  (``post``), then computes its own half (``finish``);
* the helper claims a posted job with a compare-and-swap ``POSTED -> TAKEN``, computes it
  and sets ``DONE``;
* after its own half the caller tries ``POSTED -> IDLE``: if that succeeds the helper never
  came (asleep, or its core busy with another process) and the caller computes the other
  half itself; otherwise it waits for ``DONE`` (``finish`` returns ``WAITING`` after a
  bounded number of polls, so the Python side can yield its core to a preempted helper);
* a helper that polled for ``max_cycles`` without work sets ``SLEEPING`` and goes to
  sleep on a lock in Python; ``post`` returns whether it was asleep, and the caller then
  releases the lock. Both sides write their flag before reading the other's (sequentially
  consistent atomics, ``kernels.atomics``), so a posted job is never missed: either the
  helper sees it before sleeping or the caller sees it asleep.

The NumPy twin is ``numpy.matmul`` on the whole product (tests/engine/test_split_gemm.py).
"""
from __future__ import annotations

import numpy as np
from numba import njit, types
from llvmlite import ir
from numba.core import cgutils
from numba.extending import intrinsic

from dlstudio.engine.kernels import atomics, blas

#: ``state`` slots
JOB, SLEEPING = 0, 1
#: ``state[JOB]`` values
IDLE, POSTED, TAKEN, DONE = 0, 1, 2, 3
#: ``finish`` results
FINISHED, DID_BOTH, WAITING = 0, 1, 2
#: descriptor length: transA, transB, M, N, K, A, lda, B, ldb, C, ldc, is_double
DESC = 12


@intrinsic
def _cycles(typingctx):
    """LLVM's cycle counter (rdtsc on x86): cheap, for comparing two durations."""
    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.IntType(64), [])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.readcyclecounter")
        return builder.call(fn, [])

    return types.int64(), codegen


@njit(nogil=True, cache=True)
def describe(d, a, b, out, r0, r1, c0, c1):
    """d <- the product out[r0:r1, c0:c1] = a[r0:r1] @ b[:, c0:c1] as a row-major CBLAS call.
    a and b each have one unit stride (a transposed view is passed as transposed)."""
    size = a.itemsize
    if a.strides[1] == size:
        d[0], d[6] = blas.NO_TRANS, a.strides[0] // size
    else:
        d[0], d[6] = blas.TRANS, a.strides[1] // size
    if b.strides[1] == size:
        d[1], d[8] = blas.NO_TRANS, b.strides[0] // size
    else:
        d[1], d[8] = blas.TRANS, b.strides[1] // size
    d[2], d[3], d[4] = r1 - r0, c1 - c0, a.shape[1]
    d[5] = a.ctypes.data + r0 * a.strides[0]
    d[7] = b.ctypes.data + c0 * b.strides[1]
    d[9] = out.ctypes.data + r0 * out.strides[0] + c0 * out.strides[1]
    d[10] = out.strides[0] // size
    d[11] = 1 if size == 8 else 0


@njit(nogil=True, cache=True)
def _gemm(d):
    if d[11]:
        blas.gemm_at(0.0, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10])
    else:
        blas.gemm_at(np.float32(0.0), d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8],
                     d[9], d[10])


@njit(nogil=True, cache=True)
def helper_poll(state, desc, max_cycles):
    """The helper's loop: take and compute posted jobs; return once ``max_cycles`` of the
    time-stamp counter passed without one, with ``SLEEPING`` set. Returns the number of
    jobs computed."""
    done = 0
    last = _cycles()
    while True:
        if atomics.load(state, JOB) == POSTED and atomics.compare_and_swap(state, JOB, POSTED,
                                                                           TAKEN):
            _gemm(desc)
            atomics.store(state, JOB, DONE)
            done += 1
            last = _cycles()
        elif _cycles() - last > max_cycles:
            atomics.store(state, SLEEPING, 1)
            if atomics.load(state, JOB) != POSTED:
                return done
            atomics.store(state, SLEEPING, 0)          # a job came in the meantime
            last = _cycles()


@njit(nogil=True, cache=True)
def post(state, desc, mine, a, b, out, by_rows):
    """Describe both halves (the caller's into ``mine``, the helper's into ``desc``) and post
    the helper's. Returns True when the helper is asleep (the caller must wake it)."""
    m, n = out.shape
    # an int64 0, not the literal 0: Numba would compile ``describe`` once for each place a
    # literal 0 takes (three times per dtype and layout, ~0.3 s each with a cold cache)
    zero = np.int64(0)
    if by_rows:
        h = m // 2
        describe(mine, a, b, out, zero, h, zero, n)
        describe(desc, a, b, out, h, m, zero, n)
    else:
        h = n // 2
        describe(mine, a, b, out, zero, m, zero, h)
        describe(desc, a, b, out, zero, m, h, n)
    atomics.store(state, JOB, POSTED)
    return atomics.load(state, SLEEPING) == 1


@njit(nogil=True, cache=True)
def finish(state, desc, mine, max_polls, timing):
    """The caller's half, then the helper's half unless the helper took it: ``FINISHED``
    (the helper computed it), ``DID_BOTH``, or ``WAITING`` (the helper is still at it after
    ``max_polls`` rounds: call ``wait`` again). ``timing[0]`` receives the cycles the
    caller's half took (the time-stamp counter), ``timing[1]`` the cycle count at its end."""
    start = _cycles()
    _gemm(mine)
    end = _cycles()
    timing[0], timing[1] = end - start, end
    if atomics.compare_and_swap(state, JOB, POSTED, IDLE):
        _gemm(desc)
        return DID_BOTH
    return wait(state, max_polls)


@njit(nogil=True, cache=True)
def wait(state, max_polls):
    """Poll until the helper finished (``FINISHED``) or ``max_polls`` rounds passed."""
    for _ in range(max_polls):
        if atomics.load(state, JOB) == DONE:
            atomics.store(state, JOB, IDLE)
            return FINISHED
    return WAITING


@njit(nogil=True, cache=True)
def cycles_now():
    """The time-stamp counter (cycles), to time a wait against ``finish``'s timing."""
    return _cycles()
