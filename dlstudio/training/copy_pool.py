"""Copies of arrays in reused memory: what a run hands over without fresh pages each time.

A run in the window hands copies of its arrays to the GUI thread: every moment of its timeline
(weights and optimizer state) and, twice a second, the weights the view shows. A fresh copy of
a few megabytes costs more than the copying: the system hands out new pages, each one faulted
in and zeroed at its first touch (a 784-300-100-10 MLP's 3.2 MB moment: ~770 page faults and
2.0 ms, against 0.4 ms into memory used before, on a 2-core VM).

A :class:`CopyPool` copies a group of arrays into one block of memory and takes the block back
once *nothing* refers to any array of the group any more: the timeline thinned the moment out,
the window replaced the weights it showed. The group's arrays are views of the block, and the
block comes back through the object every such view (and every view of a view) keeps alive,
so it is Python's own reference counting that decides: an array still held anywhere (a list,
a slice of it, a scrubbed moment, a plot) keeps its memory, and a copy never changes after it
was handed over. The next group of the same size is copied into a block that came back.

    pool = CopyPool()
    weights = network.get_weights(copies=pool.copies)   # same values as get_weights()

The pool serves one thread (the run's); blocks may come back from any thread. Blocks that come
back after the pool is gone are simply freed, and the pool keeps at most ``max_free_bytes``
of free blocks.
"""
from __future__ import annotations

import mmap
import threading
import weakref
from collections import defaultdict
from typing import Sequence

import numpy as np

#: the free memory a pool keeps for reuse by default: room for the moments a timeline thins
#: out at once (one level of its thinning drops up to half of its 256 MB budget). What the
#: timeline holds and the pool keeps together stay within about the budget: the pool fills
#: only with what the timeline let go. With a quarter of the budget, a 784-300-100-10 MLP's
#: 1,500 steps made 194 new blocks of the 368 copied, with half 168 (fresh pages cost ~10x
#: the copy into reused ones)
DEFAULT_MAX_FREE_BYTES = 128 * 2**20
#: byte alignment of each array within a block
ALIGN = 64
#: blocks from this size up are new mappings with all their pages made at once (Linux's
#: MAP_POPULATE: one system call instead of a fault per 4 KB page, 1.0 ms instead of 1.7 ms
#: for 3.2 MB on the 2-core VM); smaller ones come from NumPy
POPULATE_MIN_BYTES = 256 * 2**10


class _Lease:
    """Holds a block while arrays of it are alive; gives it back to the pool when freed.
    Arrays see the block through ``__array_interface__`` (NumPy keeps this object as their
    base, and views of them keep it alive too)."""

    __slots__ = ("block", "pool", "__array_interface__")

    def __init__(self, block: np.ndarray, pool: "weakref.ref[CopyPool]"):
        self.block, self.pool = block, pool
        self.__array_interface__ = {"shape": block.shape, "typestr": "|u1", "version": 3,
                                    "data": (block.__array_interface__["data"][0], False)}

    def __del__(self) -> None:
        pool = self.pool()
        if pool is not None:
            pool.give_back(self.block)


class CopyPool:
    """Copies of array groups in blocks that are reused once nothing refers to them."""

    def __init__(self, max_free_bytes: int = DEFAULT_MAX_FREE_BYTES):
        self.max_free_bytes = int(max_free_bytes)
        self._free: dict[int, list[np.ndarray]] = defaultdict(list)
        self._free_bytes = 0
        # reentrant: a block may come back (a lease freed by the garbage collector) on the
        # thread that holds the lock in ``_take``
        self._lock = threading.RLock()
        self._self = weakref.ref(self)
        #: blocks allocated and blocks reused so far (for tests and measurements)
        self.allocated = 0
        self.reused = 0

    @property
    def free_bytes(self) -> int:
        """Bytes of the blocks waiting to be reused."""
        return self._free_bytes

    def copies(self, arrays: Sequence[np.ndarray]) -> list[np.ndarray]:
        """C-ordered copies of ``arrays`` (same shapes, dtypes and values), in one block."""
        arrays = [np.asarray(a) for a in arrays]
        offsets, size = [], 0
        for a in arrays:
            offsets.append(size)
            size += -(-a.nbytes // ALIGN) * ALIGN
        block = self._take(size)
        flat = np.asarray(_Lease(block, self._self))
        out = []
        for a, start in zip(arrays, offsets):
            copy = flat[start:start + a.nbytes].view(a.dtype).reshape(a.shape)
            np.copyto(copy, a)
            out.append(copy)
        return out

    def _take(self, size: int) -> np.ndarray:
        with self._lock:
            free = self._free.get(size)
            if free:
                self._free_bytes -= size
                self.reused += 1
                return free.pop()
        self.allocated += 1
        return new_block(size)

    def give_back(self, block: np.ndarray) -> None:
        """Keep ``block`` for reuse (called when nothing refers to its arrays any more)."""
        with self._lock:
            if self._free_bytes + block.nbytes <= self.max_free_bytes:
                self._free[block.nbytes].append(block)
                self._free_bytes += block.nbytes


def new_block(size: int) -> np.ndarray:
    """``size`` bytes of new memory; from ``POPULATE_MIN_BYTES`` up, where the system offers
    it, a private mapping whose pages all exist already (freed when the array is)."""
    flags = getattr(mmap, "MAP_POPULATE", 0)
    if size >= POPULATE_MIN_BYTES and flags:
        try:
            mapping = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | flags)
            return np.frombuffer(mapping, dtype=np.uint8)
        except (OSError, ValueError):
            pass                           # no such mapping here: plain memory
    return np.empty(size, dtype=np.uint8)
