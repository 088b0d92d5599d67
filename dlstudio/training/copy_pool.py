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

New memory is made ahead, off the run's thread: once a group of ``POPULATE_MIN_BYTES`` up
to ``STOCK_MAX_BYTES`` found no free block, a helper thread of the pool keeps
``STOCK_BLOCKS`` new blocks of that size ready (their pages made), and the next such group
takes one of them. The system call that makes a block's pages lets the GIL go (``Mapping``),
so the helper thread does not hold up the run's thread meanwhile.

The copying itself keeps the GIL (``copy_holding_gil``). ``numpy.copyto`` lets it go for any
array of more than a few hundred values, and in the window the GUI thread, waiting for it,
takes it at once: the run's thread then waits for the GUI thread's Python to finish before
it can go on. A 784-300-100-10 MLP's 376 copies of a 1,500-step run took 116-147 ms of the
training thread's wall time for 59-65 ms of its CPU time; held, 53-55 ms for 52-55 ms (0.2
ms per 3.1 MB moment: memory moves at ~7 GB/s, so the GUI thread waits at most that long).

Filling a timeline's 256 MB budget costs ~0.4 ms of CPU per MB in new pages; in the
window's 1,500-step MLP run (184 moments of 3.1 MB) the copies took the training thread
~270 ms with new blocks made in place and ~130-170 ms with them made ahead, its page faults
per step fell from ~44 to under 1 (issue 13). ``close()`` ends the helper thread (so does
the pool's end) and frees the blocks it made.
"""
from __future__ import annotations

import ctypes
import mmap
import threading
import weakref
from collections import defaultdict
from typing import Any, Sequence

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
#: groups smaller than this are copied into arrays of their own, not into a block of the
#: pool: a few pages at most, and a block's bookkeeping cost more than the copies (the
#: classroom toy's 24 arrays of a moment: 336 us into a block, ~40 us each on its own)
SMALL_GROUP_BYTES = 16 * 2**10
#: arrays of up to this many values NumPy copies without letting the GIL go (its
#: ``NPY_BEGIN_THREADS_THRESHOLDED``), at a tenth of ``memmove_holding_gil``'s cost
NUMPY_HOLDS_GIL_VALUES = 500
#: new blocks of each size (from ``POPULATE_MIN_BYTES`` to ``STOCK_MAX_BYTES``) a pool
#: keeps made ahead
STOCK_BLOCKS = 2
#: larger blocks are not made ahead (memory held for nothing when the run ends; the step of
#: a network that large takes far longer than its copy)
STOCK_MAX_BYTES = 16 * 2**20


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
        #: blocks allocated on the caller's thread, reused, and taken from the blocks made
        #: ahead, so far (for tests and measurements)
        self.allocated = 0
        self.reused = 0
        self.stocked = 0
        self._stock = _Stock()

    @property
    def free_bytes(self) -> int:
        """Bytes of the blocks waiting to be reused."""
        return self._free_bytes

    def copies(self, arrays: Sequence[np.ndarray]) -> list[np.ndarray]:
        """C-ordered copies of ``arrays`` (same shapes, dtypes and values), in one block."""
        arrays = [np.asarray(a) for a in arrays]
        if sum(a.nbytes for a in arrays) < SMALL_GROUP_BYTES:
            out = [np.empty(a.shape, a.dtype) for a in arrays]
            for copy, a in zip(out, arrays):
                copy_holding_gil(copy, a)
            return out
        offsets, size = [], 0
        for a in arrays:
            offsets.append(size)
            size += -(-a.nbytes // ALIGN) * ALIGN
        block = self._take(size)
        flat = np.asarray(_Lease(block, self._self))
        out = []
        for a, start in zip(arrays, offsets):
            copy = flat[start:start + a.nbytes].view(a.dtype).reshape(a.shape)
            copy_holding_gil(copy, a)
            out.append(copy)
        return out

    def _take(self, size: int) -> np.ndarray:
        with self._lock:
            free = self._free.get(size)
            if free:
                self._free_bytes -= size
                self.reused += 1
                return free.pop()
        if POPULATE_MIN_BYTES <= size <= STOCK_MAX_BYTES:
            block = self._stock.take(size, self._self)
            if block is not None:
                self.stocked += 1
                return block
        self.allocated += 1
        return new_block(size)

    def stock_ready(self, size: int, timeout: float) -> bool:
        """Wait until a block of ``size`` bytes made ahead is ready (at most ``timeout``
        seconds); whether it is."""
        return self._stock.wait_ready(size, timeout)

    @property
    def stocking(self) -> bool:
        """Whether the helper thread that makes blocks ahead runs."""
        return self._stock.running()

    def close(self) -> None:
        """End the helper thread and free the blocks made ahead; the pool still copies
        (into new or reused blocks)."""
        self._stock.close()

    def give_back(self, block: np.ndarray) -> None:
        """Keep ``block`` for reuse (called when nothing refers to its arrays any more)."""
        with self._lock:
            if self._free_bytes + block.nbytes <= self.max_free_bytes:
                self._free[block.nbytes].append(block)
                self._free_bytes += block.nbytes


class _Stock:
    """New blocks made ahead on a helper thread (see the module docstring). The thread holds
    this object, never the pool, and ends with ``close()`` or within a second of the pool's
    end."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._ready: dict[int, list[np.ndarray]] = defaultdict(list)
        self._closed = False
        self._thread: threading.Thread | None = None

    def take(self, size: int, pool: "weakref.ref[CopyPool]") -> np.ndarray | None:
        """A block made ahead (None if none is ready); asks for more of this size."""
        with self._cond:
            if self._closed:
                return None
            ready = self._ready[size]           # from now on the thread keeps this size
            block = ready.pop() if ready else None
            if self._thread is None:
                self._thread = threading.Thread(target=self._make, args=(pool,),
                                                name="copy-pool", daemon=True)
                self._thread.start()
            self._cond.notify_all()
            return block

    def wait_ready(self, size: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: bool(self._ready.get(size)), timeout)

    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._ready.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _make(self, pool: "weakref.ref[CopyPool]") -> None:
        while True:
            with self._cond:
                size = None
                while not self._closed and pool() is not None:
                    size = next((s for s, blocks in self._ready.items()
                                 if len(blocks) < STOCK_BLOCKS), None)
                    if size is not None:
                        break
                    self._cond.wait(1.0)
                if size is None:
                    self._ready.clear()
                    return
            block = new_block(size)             # the slow part, without the lock
            with self._cond:
                if not self._closed:
                    self._ready[size].append(block)
                    self._cond.notify_all()


#: the C library's ``memmove`` called the way Python functions are: ctypes keeps the GIL
#: through calls of a ``PYFUNCTYPE`` prototype (it lets it go for ``CFUNCTYPE`` ones, such as
#: ``ctypes.memmove``)
memmove_holding_gil = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_size_t)(ctypes._memmove_addr)


def copy_holding_gil(dst: np.ndarray, src: np.ndarray) -> None:
    """``dst[...] = src`` without letting the GIL go (see the module docstring): NumPy's
    copy for a few hundred values (it keeps the GIL for those), one ``memmove`` when both are
    C-contiguous with the same dtype and shape, else ``numpy.copyto`` (which may let it
    go)."""
    if src.size <= NUMPY_HOLDS_GIL_VALUES:
        np.copyto(dst, src)
        return
    if (dst.shape == src.shape and dst.dtype == src.dtype and dst.flags.c_contiguous
            and src.flags.c_contiguous and dst.flags.writeable):
        if src.nbytes:
            memmove_holding_gil(dst.ctypes.data, src.ctypes.data, src.nbytes)
        return
    np.copyto(dst, src)


def new_block(size: int) -> np.ndarray:
    """``size`` bytes of new memory; from ``POPULATE_MIN_BYTES`` up, where the system offers
    it, a private mapping whose pages all exist already (``Mapping``: freed when the last
    array using it is)."""
    if size >= POPULATE_MIN_BYTES:
        mapping = Mapping.populated(size)
        if mapping is not None:
            return np.asarray(mapping)
    return np.empty(size, dtype=np.uint8)


class Mapping:
    """Anonymous memory with all its pages made at once (Linux's MAP_POPULATE), made and
    freed by the C library's ``mmap``/``munmap`` called through ctypes, which lets the GIL
    go during the call. Python 3.11's ``mmap.mmap`` keeps the GIL while the system makes the
    pages (~1-2 ms for a 784-300-100-10 MLP's 3.2 MB moment): made ahead on the pool's helper
    thread, each block stopped the run's thread and the window's GUI thread for that long
    (issue 13). NumPy arrays of it keep this object as their base (``__array_interface__``);
    the memory is unmapped when the last one is freed."""

    __slots__ = ("address", "size", "_unmap", "__array_interface__")

    def __init__(self, address: int, size: int, unmap: Any):
        self.address, self.size, self._unmap = address, size, unmap
        self.__array_interface__ = {"shape": (size,), "typestr": "|u1", "version": 3,
                                    "data": (address, False)}

    @classmethod
    def populated(cls, size: int) -> "Mapping | None":
        """A new mapping of ``size`` bytes, its pages made; None where that is not offered
        (no C library with ``mmap``, no MAP_POPULATE, or the system refused)."""
        calls = _libc_mapping_calls()
        populate = getattr(mmap, "MAP_POPULATE", 0)
        if calls is None or not populate:
            return None
        make, unmap = calls
        address = make(None, size, mmap.PROT_READ | mmap.PROT_WRITE,
                       mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | populate, -1, 0)
        if address is None or address == MAP_FAILED:
            return None
        return cls(address, size, unmap)

    def __del__(self) -> None:
        self._unmap(self.address, self.size)


#: what ``mmap`` returns on failure, as ctypes reads a ``c_void_p`` result
MAP_FAILED = ctypes.c_void_p(-1).value
_calls: list = []


def _libc_mapping_calls() -> tuple | None:
    """The C library's ``(mmap, munmap)`` as ctypes functions (which let the GIL go), or None
    where there is none (found once)."""
    if not _calls:
        found = None
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            make, unmake = libc.mmap, libc.munmap
            make.restype = ctypes.c_void_p
            make.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                             ctypes.c_int, ctypes.c_long]
            unmake.restype = ctypes.c_int
            unmake.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            found = (make, unmake)
        except (OSError, AttributeError):
            pass
        _calls.append(found)
    return _calls[0]
