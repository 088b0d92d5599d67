"""CopyPool: copies in reused memory, never changed while anything still refers to them."""
from __future__ import annotations

import gc

import numpy as np

from dlstudio.training import copy_pool
from dlstudio.training.copy_pool import (
    POPULATE_MIN_BYTES,
    SMALL_GROUP_BYTES,
    STOCK_BLOCKS,
    CopyPool,
)


def arrays(value: float) -> list[np.ndarray]:
    """A group large enough for a block of the pool (``SMALL_GROUP_BYTES``)."""
    return [np.full((64, 80), value, dtype=np.float32), np.full(7, value, dtype=np.float64),
            np.full((2, 2, 2), value, dtype=np.float32)[:, ::2]]     # a strided one too


def assert_true_copies(live: list[np.ndarray], copies: list[np.ndarray]) -> None:
    """Same shapes, dtypes and values, C-ordered, writable, in memory of their own."""
    for src, copy in zip(live, copies):
        assert copy.shape == src.shape and copy.dtype == src.dtype
        assert copy.flags.c_contiguous and copy.flags.writeable
        np.testing.assert_array_equal(copy, src)
        assert not np.shares_memory(copy, src)


def test_copies_have_the_same_shapes_dtypes_and_values_and_own_their_memory():
    pool = CopyPool()
    live = arrays(1.5)
    copies = pool.copies(live)
    assert_true_copies(live, copies)
    live[0][...] = 9.0                              # the live array trains on
    assert copies[0][0, 0] == 1.5


def test_a_small_group_is_copied_into_arrays_of_its_own():
    """A few hundred bytes: a block's bookkeeping would cost more than the copies."""
    pool = CopyPool()
    live = [np.full((2, 8), 1.5, np.float32), np.arange(3.0)[::-1],
            np.full((4, 4), 2.0, np.float32).T]
    assert sum(a.nbytes for a in live) < SMALL_GROUP_BYTES
    copies = pool.copies(live)
    assert_true_copies(live, copies)
    assert pool.allocated == 0 and pool.reused == 0


def test_copying_keeps_the_gil_for_arrays_numpy_copies_holding_it(monkeypatch):
    """Up to NumPy's threshold its own copy keeps the GIL; larger ones go through memmove."""
    calls = []
    monkeypatch.setattr(copy_pool, "memmove_holding_gil", lambda *a: calls.append(a))
    small = np.arange(float(copy_pool.NUMPY_HOLDS_GIL_VALUES))
    out = np.empty_like(small)
    copy_pool.copy_holding_gil(out, small)
    np.testing.assert_array_equal(out, small)
    assert calls == []
    large = np.arange(float(copy_pool.NUMPY_HOLDS_GIL_VALUES + 1))
    copy_pool.copy_holding_gil(np.empty_like(large), large)
    assert len(calls) == 1


def test_a_group_nothing_refers_to_is_reused_and_a_held_one_never_changes():
    pool = CopyPool()
    kept = pool.copies(arrays(1.0))
    dropped = pool.copies(arrays(2.0))
    del dropped
    gc.collect()
    again = pool.copies(arrays(3.0))
    assert (pool.allocated, pool.reused) == (2, 1)  # the dropped group's memory came back
    assert all((a == 3.0).all() for a in again)
    assert all((a == 1.0).all() for a in kept)      # still held: untouched


def test_a_view_of_one_array_keeps_the_whole_group_from_reuse():
    pool = CopyPool()
    group = pool.copies(arrays(1.0))
    part = group[0][1:, ::2]                        # e.g. a plot keeping a slice
    column = group[1].reshape(7, 1)
    del group
    gc.collect()
    newer = pool.copies(arrays(4.0))                # new memory: nothing came back
    assert pool.reused == 0 and pool.allocated == 2
    assert (part == 1.0).all() and (column == 1.0).all()
    del part, column
    gc.collect()
    newest = pool.copies(arrays(6.0))
    assert pool.reused == 1                         # the last view went: reused now
    assert (newer[0] == 4.0).all() and (newest[0] == 6.0).all()


def test_free_memory_is_bounded_and_a_gone_pool_just_frees():
    pool = CopyPool(max_free_bytes=1)
    group = pool.copies(arrays(1.0))
    del group
    gc.collect()
    assert pool.free_bytes == 0                     # over the bound: freed, not kept
    other = CopyPool()
    group = other.copies(arrays(1.0))
    del other
    gc.collect()
    del group                                       # comes back after its pool is gone
    gc.collect()


def test_network_and_optimizer_copies_through_a_pool_equal_the_plain_ones():
    from dlstudio import Network
    from dlstudio.data import load
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.training.spec import TrainSpec
    from dlstudio.training.trainer import Trainer

    spec = NetworkSpec((2,), (LayerSpec("Dense", {"units": 6, "activation": "relu"}),
                              LayerSpec("BatchNormalization"),
                              LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    trainer = Trainer(Network.from_spec(spec, seed=2), load("blobs", seed=0, n_samples=60),
                      TrainSpec(optimizer="adam", epochs=1, batch_size=16), max_steps=3)
    for _ in trainer.run():
        pass
    pool = CopyPool()
    for plain, pooled in zip(trainer.reached_weights(), trainer.reached_weights(pool.copies)):
        np.testing.assert_array_equal(plain, pooled)
    plain = trainer.optimizer.state_dict()
    pooled = trainer.optimizer.state_dict(pool.copies)
    assert plain["slots"] and plain["iterations"] == pooled["iterations"] == 3
    assert list(plain["slots"]) == list(pooled["slots"])
    for key, slots in plain["slots"].items():
        assert list(slots) == list(pooled["slots"][key])
        for name, arr in slots.items():
            np.testing.assert_array_equal(arr, pooled["slots"][key][name])


def test_a_block_can_come_back_while_the_pool_takes_one():
    # the garbage collector may free a lease on the pool's own thread inside ``_take``
    import threading

    pool = CopyPool()
    done = threading.Event()

    def give_back_inside():
        with pool._lock:
            pool.give_back(np.empty(64, dtype=np.uint8))
        done.set()

    worker = threading.Thread(target=give_back_inside, daemon=True)
    worker.start()
    assert done.wait(10)                            # no deadlock
    assert pool.free_bytes == 64


def test_large_blocks_are_made_ahead_on_a_helper_thread_until_the_pool_closes():
    """Issue 13: new pages cost the run's thread ~0.4 ms of CPU per MB; a large group that
    found no free block has the next blocks of its size made ahead on another thread."""
    pool = CopyPool()
    big = [np.arange(POPULATE_MIN_BYTES // 8, dtype=np.float64)]
    held = [pool.copies(big)]                       # no free block: made in place
    assert (pool.allocated, pool.stocked) == (1, 0) and pool.stocking
    for i in range(STOCK_BLOCKS + 1):
        assert pool.stock_ready(POPULATE_MIN_BYTES, timeout=60)
        held.append(pool.copies([big[0] + i]))      # held: no block comes back
    assert pool.stocked == STOCK_BLOCKS + 1 and pool.allocated == 1
    for i, copy in enumerate(held[1:]):
        np.testing.assert_array_equal(copy[0], big[0] + i)
    addresses = {c[0].__array_interface__["data"][0] for c in held}
    assert len(addresses) == len(held)              # every group in its own block
    small = pool.copies(arrays(1.0))                # small groups: made in place, no stock
    assert pool.allocated == 2 and small[0][0, 0] == 1.0
    pool.close()
    assert not pool.stocking
    pool.copies(big)                                # still copies after close
    assert pool.allocated == 3


def test_blocks_above_the_stock_limit_are_made_in_place(monkeypatch):
    monkeypatch.setattr(copy_pool, "STOCK_MAX_BYTES", POPULATE_MIN_BYTES - 1)
    pool = CopyPool()
    big = [np.zeros(POPULATE_MIN_BYTES // 8)]
    held = [pool.copies(big), pool.copies(big)]
    assert pool.allocated == 2 and pool.stocked == 0 and not pool.stocking
    assert len(held) == 2


def test_copy_holding_gil_copies_any_layout_and_keeps_the_gil_for_contiguous_ones():
    import ctypes

    src = np.arange(12, dtype=np.float32).reshape(3, 4)
    for source in (src, src[:, ::2], src.T, np.zeros((0, 4), np.float32)):
        dst = np.empty(source.shape, np.float32)
        copy_pool.copy_holding_gil(dst, source)
        np.testing.assert_array_equal(dst, source)
    widened = np.empty((3, 4), np.float64)          # another dtype: numpy converts
    copy_pool.copy_holding_gil(widened, src)
    np.testing.assert_array_equal(widened, src)
    # a PYFUNCTYPE prototype: ctypes does not let the GIL go during the call
    assert copy_pool.memmove_holding_gil._flags_ & ctypes._FUNCFLAG_PYTHONAPI


def test_a_large_block_is_made_by_a_call_that_lets_the_gil_go_and_unmapped_when_freed(
        monkeypatch):
    """Python 3.11's ``mmap.mmap`` keeps the GIL while the system makes the pages: a block
    made ahead must not come from it (the helper thread would stop the run's thread)."""
    calls = copy_pool._libc_mapping_calls()
    if calls is None or not hasattr(copy_pool.mmap, "MAP_POPULATE"):
        return                                      # no C library mmap here: plain memory
    def refuse(*_args, **_kwargs):
        raise AssertionError("mmap.mmap keeps the GIL while it makes the pages")
    monkeypatch.setattr(copy_pool.mmap, "mmap", refuse)
    make, unmake = calls
    unmapped = []
    def unmap(address, size):
        unmapped.append((address, size))
        return unmake(address, size)
    monkeypatch.setattr(copy_pool, "_calls", [(make, unmap)])
    block = copy_pool.new_block(POPULATE_MIN_BYTES)
    assert block.dtype == np.uint8 and block.shape == (POPULATE_MIN_BYTES,)
    assert block.flags.writeable and not block.any()          # new pages read as zeros
    base = block.base
    assert isinstance(base, copy_pool.Mapping)
    address = base.address
    view = block[100:200].view(np.float32)
    view[...] = 3.0
    del block, base
    gc.collect()
    assert unmapped == []                           # a view still uses it
    assert (view == 3.0).all()
    del view
    gc.collect()
    assert unmapped == [(address, POPULATE_MIN_BYTES)]


def test_small_blocks_and_a_refused_mapping_take_plain_memory(monkeypatch):
    small = copy_pool.new_block(POPULATE_MIN_BYTES - 64)
    assert not isinstance(small.base, copy_pool.Mapping) and small.nbytes == \
        POPULATE_MIN_BYTES - 64
    monkeypatch.setattr(copy_pool, "_calls", [(lambda *a: copy_pool.MAP_FAILED, None)])
    refused = copy_pool.new_block(POPULATE_MIN_BYTES)
    assert refused.nbytes == POPULATE_MIN_BYTES and not isinstance(refused.base,
                                                                   copy_pool.Mapping)
    monkeypatch.setattr(copy_pool, "_calls", [None])            # no C library mmap
    assert copy_pool.new_block(POPULATE_MIN_BYTES).nbytes == POPULATE_MIN_BYTES
