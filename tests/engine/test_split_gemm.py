"""The two-thread matrix product of kernels/split_gemm.py and its atomics, against NumPy."""
from __future__ import annotations

import threading

import numba
import numpy as np
import pytest
from numba import njit

from dlstudio.engine import gemm
from dlstudio.engine.kernels import atomics, blas
from dlstudio.engine.kernels import split_gemm as sg
from tests.float_tolerance import assert_float_close

needs_blas = pytest.mark.skipif(not blas.AVAILABLE, reason="NumPy's BLAS is not an OpenBLAS with "
                                                     "CBLAS symbols (the split is not used)")


@njit(cache=True)
def _atomic_script(flags):
    atomics.store(flags, 0, 5)
    swapped = atomics.compare_and_swap(flags, 0, 5, 7)
    refused = atomics.compare_and_swap(flags, 0, 5, 9)
    return atomics.load(flags, 0), swapped, refused


def test_atomics_do_what_plain_reads_and_writes_do_from_one_thread():
    flags = np.zeros(3, np.int64)
    assert _atomic_script(flags) == (7, True, False)
    assert flags.tolist() == [7, 0, 0]


@njit(nogil=True, cache=True)
def _count_up(flags, times):
    for _ in range(times):
        while True:
            seen = atomics.load(flags, 0)
            if atomics.compare_and_swap(flags, 0, seen, seen + 1):
                break


def test_compare_and_swap_loses_no_increment_between_two_threads():
    flags = np.zeros(1, np.int64)
    _count_up(flags, 1)
    workers = [threading.Thread(target=_count_up, args=(flags, 20_000)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert flags[0] == 40_001


def _operands(dtype, transposed_a, transposed_b, rows=70, inner=33, cols=41, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((inner, rows) if transposed_a else (rows, inner)).astype(dtype)
    b = rng.standard_normal((cols, inner) if transposed_b else (inner, cols)).astype(dtype)
    return (a.T if transposed_a else a), (b.T if transposed_b else b)


@needs_blas
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("by_rows", [True, False])
@pytest.mark.parametrize("transposed_a, transposed_b", [(False, False), (True, False),
                                                        (False, True)])
def test_caller_alone_computes_both_halves_like_numpy(dtype, by_rows, transposed_a,
                                                      transposed_b):
    # no helper polls this state: the caller takes the posted half back and computes it
    a, b = _operands(dtype, transposed_a, transposed_b)
    out = np.full((a.shape[0], b.shape[1]), np.nan, dtype)
    state, desc, mine = np.zeros(2, np.int64), np.zeros(sg.DESC, np.int64), np.zeros(
        sg.DESC, np.int64)
    assert not sg.post(state, desc, mine, a, b, out, by_rows)        # nobody asleep
    assert sg.finish(state, desc, mine, 10, np.zeros(2, np.int64)) == sg.DID_BOTH
    assert state[sg.JOB] == sg.IDLE
    assert_float_close(out, a @ b, n_terms=a.shape[1])



@needs_blas
def test_posting_compiles_one_description_per_operand_types():
    """Both halves, by rows and by columns, are described by one compilation of
    ``describe`` for the operands' types (a literal 0 among its bounds would make three)."""
    # ``post`` compiled here, not loaded from Numba's cache: a cached kernel's callees are
    # not compiled again, so ``describe.signatures`` would miss what ``post`` calls
    post = numba.njit(nogil=True)(sg.post.py_func)
    a, b = _operands(np.float32, False, True)
    out = np.empty((a.shape[0], b.shape[1]), np.float32)
    for by_rows in (True, False):
        state, desc, mine = np.zeros(2, np.int64), np.zeros(sg.DESC, np.int64), np.zeros(
            sg.DESC, np.int64)
        post(state, desc, mine, a, b, out, by_rows)
        assert sg.finish(state, desc, mine, 10, np.zeros(2, np.int64)) == sg.DID_BOTH
    assert_float_close(out, a @ b, n_terms=a.shape[1])
    ab = (numba.typeof(a), numba.typeof(b))
    assert len([sig for sig in sg.describe.signatures if sig[1:3] == ab]) == 1

@needs_blas
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(300, 64, 50), (50, 784, 300), (784, 50, 300)])
def test_matmul_through_the_polling_helper_equals_numpy(monkeypatch, dtype, shape):
    monkeypatch.setattr(gemm, "POLL_MIN_MACS", 0)
    rows, inner, cols = shape
    rng = np.random.default_rng(1)
    a = rng.standard_normal((rows, inner)).astype(dtype)
    if rows == 784:                                   # a weight gradient: x.T @ dz
        a = np.ascontiguousarray(a.T).T
    b = rng.standard_normal((inner, cols)).astype(dtype)
    for _ in range(20):                               # helper awake, asleep, racing the caller
        out = np.full((rows, cols), np.nan, dtype)
        assert gemm.matmul(a, b, out, n_threads=2, polled=True) is out
        assert_float_close(out, a @ b, n_terms=inner)
    poller = gemm._poller()
    assert poller is not None and poller.state[sg.JOB] == sg.IDLE


@needs_blas
def test_helper_that_went_to_sleep_is_woken(monkeypatch):
    monkeypatch.setattr(gemm, "POLL_MIN_MACS", 0)
    poller = gemm._poller()
    a, b = _operands(np.float32, False, False, rows=200, inner=64, cols=50)
    out = np.empty((200, 50), np.float32)
    gemm.matmul(a, b, out, n_threads=2, polled=True)
    deadline = threading.Event()
    for _ in range(200):                              # it sleeps after HELPER_SPIN_CYCLES
        if poller.state[sg.SLEEPING]:
            break
        deadline.wait(0.005)
    gemm.matmul(a, b, out, n_threads=2, polled=True)
    assert_float_close(out, a @ b, n_terms=64)


def test_operands_blas_cannot_take_are_multiplied_whole(monkeypatch):
    monkeypatch.setattr(gemm, "POLL_MIN_MACS", 0)
    rng = np.random.default_rng(2)
    a = rng.standard_normal((200, 80)).astype(np.float32)[:, ::2]     # no unit stride
    b = rng.standard_normal((40, 30)).astype(np.float32)
    out = np.empty((200, 30), np.float32)
    assert not gemm._polled_split(a, b, out)
    gemm.matmul(a, b, out, n_threads=2, polled=True)
    assert_float_close(out, a @ b, n_terms=40)
    assert not gemm._polled_split(a.astype(np.float64), b.astype(np.float64), out)


@needs_blas
def test_poller_backs_off_after_splits_that_were_not_shared(monkeypatch):
    monkeypatch.setattr(gemm, "POLL_WINDOW", 4)
    monkeypatch.setattr(gemm, "POLL_MAX_MISSES", 3)
    monkeypatch.setattr(gemm, "POLL_BACKOFF", 5)
    poller = gemm._poller()
    monkeypatch.setattr(poller, "misses", 0)
    monkeypatch.setattr(poller, "skip", 0)
    for missed in (True, False, True):
        poller._count(missed)
    assert poller.skip == 0                    # two of the last four: keep splitting
    poller._count(True)
    assert poller.skip == 5 and poller.misses == 0
    a, b = _operands(np.float32, False, False, rows=200, inner=64, cols=50)
    out = np.empty((200, 50), np.float32)
    assert not poller.matmul(a, b, out, True)  # backing off: the caller multiplies alone
    assert poller.skip == 4
