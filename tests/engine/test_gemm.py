"""The split matrix product: same result as one BLAS call, for every operand layout the
layers pass (C-contiguous rows, a transposed im2col matrix), and blocks that cover all rows."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import gemm
from tests.float_tolerance import assert_float_close


@pytest.mark.parametrize("rows, parts", [(10, 1), (10, 3), (7, 7), (3, 5), (0, 2), (100, 2)])
def test_row_blocks_cover_every_row_once(rows, parts):
    blocks = gemm.row_blocks(rows, parts)
    covered = [r for lo, hi in blocks for r in range(lo, hi)]
    assert covered == list(range(rows))
    sizes = [hi - lo for lo, hi in blocks]
    assert max(sizes, default=0) - min(sizes, default=0) <= 1


def test_split_count_keeps_small_products_whole():
    assert gemm.split_count(64, 64, 10, 2) == 1            # far below MIN_SPLIT_MACS
    assert gemm.work(100, 100, 100) == 10**6 and gemm.work(100, 9, 100) == 3 * 90000
    assert gemm.split_count(43264, 288, 64, 1) == 1        # one thread: never split
    assert gemm.split_count(43264, 288, 64, 2) == 2
    assert gemm.split_count(20, 10**6, 64, 4) == 1         # too few rows for two blocks
    assert gemm.inner_split_count(9, 43264, 32, 2) == 2    # ... so the inner dimension is cut
    assert gemm.split_count(50, 784, 300, 2) == 1          # an MLP's products stay whole
    assert gemm.split_count(21632, 9, 32, 2) == 2          # a skinny one counts 3x
    assert gemm.inner_split_count(9, 43264, 32, 1) == 1
    assert gemm.inner_split_count(7744, 288, 64, 2) == 1   # rows are shared instead


def test_smaller_products_split_only_into_tall_blocks():
    # the MNIST convnet's last convolution at batch 32: forward and weight gradient
    for shape in [(288, 576, 64), (576, 288, 64)]:
        assert gemm.split_count(*shape, 2) == 2
    assert gemm.split_count(288, 64, 576, 2) == 1          # 64 inner terms: kept whole
    assert gemm.split_count(784, 64, 300, 2) == 1          # an MLP's weight gradient
    assert gemm.split_count(288, 576, 64, 1) == 1
    assert gemm.split_count(200, 576, 64, 2) == 1          # blocks of 100 rows: too short
    assert gemm.split_count(784, 50, 300, 2) == 1          # an MLP's weight gradient
    assert gemm.split_count(50, 784, 300, 2) == 1
    assert gemm.split_count(256, 128, 64, 2) == 1          # 2 million: below every bound


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("n_threads", [1, 2, 3])
def test_split_product_equals_numpy(monkeypatch, dtype, transposed, n_threads):
    monkeypatch.setattr(gemm, "MIN_SPLIT_MACS", 0)
    monkeypatch.setattr(gemm, "MIN_BLOCK_ROWS", 1)
    rng = np.random.default_rng(0)
    if transposed:                     # dW = cols.T @ dz: a is a view of a (K, M) array
        a = rng.standard_normal((57, 23)).astype(dtype).T
    else:
        a = rng.standard_normal((23, 57)).astype(dtype)
    b = rng.standard_normal((57, 9)).astype(dtype)
    out = np.full((23, 9), np.nan, dtype=dtype)
    got = gemm.matmul(a, b, out, n_threads=n_threads)
    assert got is out
    assert_float_close(out, a @ b, n_terms=57)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n_threads", [2, 3])
def test_inner_split_equals_numpy(monkeypatch, dtype, n_threads):
    """A weight gradient with few rows (cols.T @ dz) is summed from inner blocks."""
    monkeypatch.setattr(gemm, "MIN_SPLIT_MACS", 0)
    monkeypatch.setattr(gemm, "MIN_BLOCK_ROWS", 100)
    monkeypatch.setattr(gemm, "MIN_BLOCK_INNER", 8)
    rng = np.random.default_rng(1)
    a = rng.standard_normal((301, 9)).astype(dtype).T          # (9, 301), a transposed view
    b = rng.standard_normal((301, 5)).astype(dtype)
    out = np.full((9, 5), np.nan, dtype=dtype)
    assert gemm.inner_split_count(9, 301, 5, n_threads) == n_threads
    gemm.matmul(a, b, out, n_threads=n_threads)
    assert_float_close(out, a @ b, n_terms=301)
