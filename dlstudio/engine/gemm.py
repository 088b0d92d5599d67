"""The layers' matrix products, split across the engine's threads with sleeping waits.

``matmul(a, b, out)`` computes ``out = a @ b`` (float32 or float64, 2-D). When the engine uses
more than one thread (``threads.chosen_threads()``) and the product is large enough, the rows
of ``out`` (and of ``a``) are cut into one block per thread; the calling thread computes the
first block and a small pool of persistent helper threads the others, each block a
single-threaded BLAS call (``numpy.matmul`` releases the GIL).

Why not let OpenBLAS use its own threads? Its threads and Numba's (the im2col, pooling and
activation kernels between the products) take turns on the same cores, and OpenBLAS waits
for its threads by spinning: measured on 2 busy cores, a convnet step with two BLAS threads
burned 132 ms of CPU instead of 22 ms with one. Here every wait sleeps (a lock), so a
preempted helper costs wall time only, never the other threads' CPU; ``threads`` keeps
OpenBLAS itself at one thread.

A product with too few rows to share (the first convolution's weight gradient
``cols.T @ dz``: 9 rows, 43,264 terms per value at batch 64) is cut along the inner
dimension instead: each thread multiplies a block of columns of ``a`` by the same block of
rows of ``b`` into its own (rows, N) array, and the calling thread adds them up.

The fused Dense path asks for ``polled`` products: a product these rules keep whole (a
784-300-100-10 MLP's 50 x 784 @ 784 x 300 at batch 50) is cut in two halves, one computed
by the calling thread and one by a helper thread that keeps polling for work for ~0.1 ms
after each product, both BLAS calls made from Numba without the GIL
(``kernels.split_gemm``): the hand-off costs about a microsecond instead of 30-100.

Any ``a`` whose blocks BLAS accepts without copying works: C-contiguous, or a transpose of a
C-contiguous array (``cols.T @ dz``: a block of rows of ``cols.T`` is a block of its
columns). Results equal the unsplit product up to float rounding (a row split only changes
the blocking inside BLAS; an inner split adds partial sums in another order).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from dlstudio.engine import threads
from dlstudio.engine.kernels import blas as kblas, split_gemm as sg

#: products below this much work (``work``: multiply-adds, weighted) run in one call:
#: handing a block to a helper costs ~30-100 us, and a 784-300-100-10 MLP at batch 50
#: trained at half speed when its 11.8 million multiply-add product was split
MIN_SPLIT_MACS = 16_000_000
#: a product with a dimension below ``SKINNY`` (the first convolution's 9 = 3x3x1 terms)
#: runs ~3x slower per multiply-add in BLAS, so it counts ``SKINNY_WEIGHT`` times
SKINNY = 16
SKINNY_WEIGHT = 3
#: each block gets at least this many rows
MIN_BLOCK_ROWS = 16
#: smaller products (down to ``MIN_SPLIT_MACS_TALL``) are split too when every block keeps
#: ``TALL_BLOCK_ROWS`` rows and the inner dimension has ``TALL_INNER`` terms, sizes at which
#: BLAS runs at full speed on each block: the last convolution of the MNIST convnet at batch
#: 32 (288 x 576 @ 576 x 64, 10.6 million, and its weight gradient) then takes ~3% less time
#: per step, while a 784-300-100-10 MLP's products up to batch 100 stay whole (its weight
#: gradient 784 x 64 @ 64 x 300 split at batch 64 made the step 23% slower)
MIN_SPLIT_MACS_TALL = 4_000_000
TALL_BLOCK_ROWS = 128
TALL_INNER = 128
#: an inner-dimension block has at least this many terms
MIN_BLOCK_INNER = 2048
#: the polling helper (``kernels.split_gemm``): time-stamp counter cycles it polls after
#: each half-product before it sleeps (~0.3 ms at this machine's 2.0 GHz counter: it stays
#: awake between the two split products of a 784-300-100-10 MLP's training step, ~0.25 ms
#: apart; woken from sleep it came ~0.1 ms late here. Measured, chrt -f 1: MLP step 575 us
#: with 300,000 cycles, 562 with 1,500,000 for 7% more CPU), and rounds (~0.6 ns each) a
#: caller polls for the helper's half before yielding its core
HELPER_SPIN_CYCLES = 600_000
CALLER_POLLS = 20_000
#: two-way splits through the polling helper from this much work (multiply-adds) on, by
#: rows when each half keeps ``POLL_MIN_ROWS`` rows, else by columns (``POLL_MIN_COLS``)
POLL_MIN_MACS = 2_000_000
#: a busy machine: when ``POLL_MAX_MISSES`` of the last ``POLL_WINDOW`` split products were
#: not shared (a polling helper did not come in time, or the caller had to wait for a helper
#: preempted in its half), the next ``POLL_BACKOFF`` products are computed whole and the
#: helper sleeps; then splitting is tried again. Measured with 2 threads forced at load ~9
#: (no free core), always splitting made a 784-300-100-10 MLP step 28% slower.
POLL_WINDOW = 16
POLL_MAX_MISSES = 6
POLL_BACKOFF = 500
POLL_MIN_ROWS = 64
POLL_MIN_COLS = 32
_BLAS_TYPES = (np.dtype(np.float32), np.dtype(np.float64))

_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def row_blocks(rows: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous ``(start, stop)`` ranges covering ``range(rows)``, sizes within one."""
    parts = max(1, min(parts, rows))
    base, extra = divmod(rows, parts)
    out, start = [], 0
    for i in range(parts):
        stop = start + base + (1 if i < extra else 0)
        out.append((start, stop))
        start = stop
    return out


def work(rows: int, inner: int, cols: int) -> int:
    """Multiply-adds of a (rows x inner) @ (inner x cols) product, skinny ones weighted."""
    macs = rows * inner * cols
    return macs * SKINNY_WEIGHT if min(rows, inner, cols) < SKINNY else macs


def split_count(rows: int, inner: int, cols: int, n_threads: int) -> int:
    """How many blocks a (rows x inner) @ (inner x cols) product is cut into."""
    if n_threads <= 1:
        return 1
    macs = work(rows, inner, cols)
    if macs >= MIN_SPLIT_MACS:
        return max(1, min(n_threads, rows // MIN_BLOCK_ROWS))
    if macs >= MIN_SPLIT_MACS_TALL and inner >= TALL_INNER:
        return max(1, min(n_threads, rows // TALL_BLOCK_ROWS))
    return 1


def inner_split_count(rows: int, inner: int, cols: int, n_threads: int) -> int:
    """How many inner-dimension blocks, for a large product whose rows cannot be shared."""
    if n_threads <= 1 or work(rows, inner, cols) < MIN_SPLIT_MACS or \
            split_count(rows, inner, cols, n_threads) > 1:
        return 1
    return max(1, min(n_threads, inner // MIN_BLOCK_INNER))


def always_whole(macs: int, polled: bool = False) -> bool:
    """True when ``matmul`` computes a product of ``macs`` multiply-adds (or less) as one
    ``numpy.matmul`` call whatever the thread count: below every split rule."""
    return macs * SKINNY_WEIGHT < min(MIN_SPLIT_MACS_TALL, MIN_SPLIT_MACS,
                                      POLL_MIN_MACS if polled else MIN_SPLIT_MACS)


def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray,
           n_threads: int | None = None, polled: bool = False) -> np.ndarray:
    """``out[...] = a @ b``; a (M, K), b (K, N), out (M, N) C-contiguous. Returns ``out``.

    ``n_threads`` defaults to the engine's thread count. ``polled``: a product these rules
    keep whole is cut in two for the polling helper (``kernels.split_gemm``) when it is
    large enough. Meant for chains of products with only serial work between them (the
    fused Dense path): the helper keeps polling on a core for ~0.1 ms after each product,
    which Numba's parallel kernels between a convolution's products would need.
    """
    n = threads.chosen_threads() if n_threads is None else n_threads
    if n <= 1:                  # nothing to split (~1 us of sizing saved per small product)
        return np.matmul(a, b, out=out)
    if always_whole(a.shape[0] * a.shape[1] * b.shape[1], polled):
        return np.matmul(a, b, out=out)     # below every split rule (the sizing costs ~1 us)
    parts = split_count(a.shape[0], a.shape[1], b.shape[1], n)
    if parts == 1:
        inner = inner_split_count(a.shape[0], a.shape[1], b.shape[1], n)
        if inner == 1:
            if polled and _polled_split(a, b, out):
                return out
            return np.matmul(a, b, out=out)
        return _inner_split(a, b, out, inner)
    blocks = row_blocks(a.shape[0], parts)
    pool = _helpers(parts - 1)
    futures = [pool.submit(np.matmul, a[lo:hi], b, out=out[lo:hi]) for lo, hi in blocks[1:]]
    lo, hi = blocks[0]
    np.matmul(a[lo:hi], b, out=out[lo:hi])
    for f in futures:
        f.result()
    return out


def _polled_split(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> bool:
    """out = a @ b in two halves with the polling helper, when the product is large enough
    and its operands are laid out as BLAS takes them (False: nothing was computed)."""
    rows, inner, cols = a.shape[0], a.shape[1], b.shape[1]
    if work(rows, inner, cols) < POLL_MIN_MACS:
        return False
    by_rows = rows >= 2 * POLL_MIN_ROWS
    if not by_rows and cols < 2 * POLL_MIN_COLS:
        return False
    if not (a.dtype == b.dtype == out.dtype and a.dtype in _BLAS_TYPES
            and min(rows, inner, cols) >= 2 and out.flags.c_contiguous
            and (a.flags.c_contiguous or a.flags.f_contiguous)
            and (b.flags.c_contiguous or b.flags.f_contiguous)):
        return False                # (dimensions >= 2: contiguous means exact strides)
    poller = _poller()
    return poller is not None and poller.matmul(a, b, out, by_rows)


def _inner_split(a: np.ndarray, b: np.ndarray, out: np.ndarray, parts: int) -> np.ndarray:
    """out = sum over inner blocks k of a[:, k] @ b[k] (the blocks computed in parallel)."""
    blocks = row_blocks(a.shape[1], parts)
    partial = [np.empty_like(out) for _ in blocks[1:]]
    pool = _helpers(parts - 1)
    futures = [pool.submit(np.matmul, a[:, lo:hi], b[lo:hi], out=p)
               for (lo, hi), p in zip(blocks[1:], partial)]
    lo, hi = blocks[0]
    np.matmul(a[:, lo:hi], b[lo:hi], out=out)
    for f, p in zip(futures, partial):
        f.result()
        out += p
    return out


def _helpers(n: int) -> ThreadPoolExecutor:
    """The helper threads (created once, grown when more are needed)."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size < n:
            old = _pool
            _pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="dlstudio-gemm")
            _pool_size = n
            if old is not None:
                old.shutdown(wait=False)
        return _pool


class _Poller:
    """The helper of ``kernels.split_gemm``: one thread that polls for half-products for
    ``HELPER_SPIN_CYCLES`` after each one, then sleeps on ``wake`` until a caller finds it
    asleep."""

    def __init__(self) -> None:
        self.state = np.zeros(2, np.int64)
        self.desc = np.zeros(sg.DESC, np.int64)
        self.mine = np.zeros(sg.DESC, np.int64)
        self.in_use = threading.Lock()     # one caller at a time; others multiply alone
        self.timing = np.zeros(2, np.int64)
        self.misses = 0                    # bit i: the i-th latest split was not shared
        self.skip = 0                      # products left to compute whole (backing off)
        self.wake = threading.Lock()
        self.wake.acquire()
        threading.Thread(target=self._loop, daemon=True, name="dlstudio-gemm-poller").start()

    def _loop(self) -> None:
        while True:
            sg.helper_poll(self.state, self.desc, HELPER_SPIN_CYCLES)
            self.wake.acquire()
            self.state[sg.SLEEPING] = 0

    def matmul(self, a: np.ndarray, b: np.ndarray, out: np.ndarray, by_rows: bool) -> bool:
        """out = a @ b in two halves (by rows or by columns); False when another thread is
        using the helper or the poller is backing off (the caller then multiplies alone)."""
        if self.skip:
            self.skip -= 1
            return False
        if not self.in_use.acquire(blocking=False):
            return False
        try:
            asleep = sg.post(self.state, self.desc, self.mine, a, b, out, by_rows)
            if asleep:
                try:
                    self.wake.release()
                except RuntimeError:        # already released: it wakes anyway
                    pass
            result = sg.finish(self.state, self.desc, self.mine,
                               CALLER_POLLS, self.timing)
            while result == sg.WAITING:     # the helper is late or preempted: yield the core
                os.sched_yield()
                result = sg.wait(self.state, CALLER_POLLS)
            own, waited = self.timing[0], sg.cycles_now() - self.timing[1]
            # a helper woken now may well come late: no sign of a busy machine. A polling
            # helper that did not come, or made the caller wait half its own half's time
            # (it got its core late, or took turns with the caller on one), is
            self._count(not asleep and (result == sg.DID_BOTH or waited * 2 > own))
        finally:
            self.in_use.release()
        return True

    def _count(self, missed: bool) -> None:
        """Remember whether this split was shared; back off after too many that were not."""
        self.misses = ((self.misses << 1) | missed) & ((1 << POLL_WINDOW) - 1)
        if missed and bin(self.misses).count("1") >= POLL_MAX_MISSES:
            self.misses = 0
            self.skip = POLL_BACKOFF


_POLLER: "_Poller | None | bool" = False     # False: not looked for yet; None: no BLAS found


def _poller() -> "_Poller | None":
    global _POLLER
    if _POLLER is False:
        with _pool_lock:
            if _POLLER is False:
                _POLLER = _Poller() if kblas.AVAILABLE else None
    return _POLLER


def _forget_poller_after_fork() -> None:
    """A forked child has no polling helper: it starts its own when it first needs one."""
    global _POLLER
    _POLLER = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_poller_after_fork)
