"""The Numba kernels that work on (rows, channels) arrays against their NumPy twins
(``kernels/_reference_columns.py``): fused bias + ReLU, batch normalization, reductions."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine.kernels import _reference_columns as ref
from dlstudio.engine.kernels import batchnorm, bias_act, reductions
from tests.float_tolerance import assert_float_close


@pytest.mark.parametrize("rows, units", [(1, 1), (7, 3), (100, 32), (1000, 5)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_bias_relu_kernels_match_reference(rows, units, dtype):
    rng = np.random.default_rng(4)
    z = rng.standard_normal((rows, units)).astype(dtype)
    b = rng.standard_normal(units).astype(dtype)
    g = rng.standard_normal((rows, units)).astype(dtype)
    z1, z2 = z.copy(), z.copy()
    a1, a2 = np.empty_like(z), np.empty_like(z)
    bias_act.bias_relu_forward(z1, b, a1)
    ref.bias_relu_forward(z2, b, a2)
    np.testing.assert_array_equal(z1, z2)
    np.testing.assert_array_equal(a1, a2)
    gz1, gz2 = np.empty_like(g), np.empty_like(g)
    p1, p2 = np.full((8, units), np.nan), np.empty((8, units))
    bias_act.relu_backward_colsum(g, z1, gz1, p1)
    ref.relu_backward_colsum(g, z2, gz2, p2)
    np.testing.assert_array_equal(gz1, gz2)
    np.testing.assert_allclose(p1, p2, rtol=1e-12, atol=1e-12)
    p1[...] = np.nan
    bias_act.colsum(g, p1)
    ref.colsum(g, p2)
    np.testing.assert_allclose(p1, p2, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(p1.sum(axis=0), g.astype(np.float64).sum(axis=0), rtol=1e-10,
                               atol=1e-10)


def _bn_inputs(rows: int, chans: int, dtype, seed: int) -> tuple[np.ndarray, ...]:
    """x (mean 2, spread 3), dy, gamma, beta for the batch-norm kernels."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((rows, chans)) * 3 + 2).astype(dtype)
    dy = rng.standard_normal((rows, chans)).astype(dtype)
    return x, dy, rng.standard_normal(chans).astype(dtype), \
        rng.standard_normal(chans).astype(dtype)


@pytest.mark.parametrize("rows, chans", [(1, 1), (9, 3), (500, 16)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_batchnorm_kernels_match_reference(rows, chans, dtype):
    x, dy, gamma, beta = _bn_inputs(rows, chans, dtype, 5)
    got, want = {}, {}
    for mod, out in ((batchnorm, got), (ref, want)):
        mean, var = np.full(chans, np.nan), np.full(chans, np.nan)
        mod.moments(x, mean, var, np.full((8, chans), np.nan))
        inv_std = 1 / np.sqrt(var + 1e-3)
        xhat, y = np.full_like(x, np.nan), np.full_like(x, np.nan)
        mod.normalize(x, mean, inv_std, gamma, beta, xhat, y)
        p_dy, p_dyx = np.full((8, chans), np.nan), np.full((8, chans), np.nan)
        mod.grad_sums(dy, xhat, p_dy, p_dyx)
        dx = np.full_like(x, np.nan)
        mod.grad_input(dy, xhat, gamma * inv_std, p_dy.sum(0) / rows, p_dyx.sum(0) / rows, dx)
        out.update(mean=mean, var=var, xhat=xhat, y=y, p_dy=p_dy, p_dyx=p_dyx, dx=dx)
    tol = 2e-5 if dtype == np.float32 else 1e-11
    for key in got:
        np.testing.assert_allclose(got[key], want[key], rtol=tol, atol=tol, err_msg=key)
    np.testing.assert_allclose(got["mean"], x.astype(np.float64).mean(0), rtol=1e-6)
    np.testing.assert_allclose(got["var"], x.astype(np.float64).var(0), rtol=1e-5)


@pytest.mark.parametrize("rows, chans", [(1, 1), (32, 8), (500, 16)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("batch_mode", [True, False])
def test_serial_batchnorm_kernels_match_reference(rows, chans, dtype, batch_mode):
    """The one-call kernels of a small batch (W11-7) against their NumPy twins."""
    x, dy, gamma, beta = _bn_inputs(rows, chans, dtype, 6)
    got, want = {}, {}
    for mod, out in ((batchnorm, got), (ref, want)):
        moving_mean = np.linspace(-1, 1, chans).astype(dtype)
        moving_var = np.linspace(0.5, 2, chans).astype(dtype)
        inv_std = np.full(chans, np.nan)
        xhat, y = np.full_like(x, np.nan), np.full_like(x, np.nan)
        mod.train_forward(x, gamma, beta, moving_mean, moving_var, 0.9, 1e-3, inv_std, xhat, y)
        sum_dy, sum_dyx, dx = np.full(chans, np.nan), np.full(chans, np.nan), np.full_like(x, 0)
        mod.train_backward(dy, xhat, gamma, inv_std, batch_mode, sum_dy, sum_dyx, dx)
        out.update(moving_mean=moving_mean, moving_var=moving_var, inv_std=inv_std, xhat=xhat,
                   y=y, sum_dy=sum_dy, sum_dyx=sum_dyx, dx=dx)
    # float32: values of a few units, sums over up to 500 rows, float32 stores
    tol = 2e-5 if dtype == np.float32 else 1e-11
    for key in got:
        np.testing.assert_allclose(got[key], want[key], rtol=tol, atol=tol * 10, err_msg=key)
    assert got["y"].dtype == dtype and got["moving_mean"].dtype == dtype


@pytest.mark.parametrize("size", [0, 1, 7, 1000, 100_003])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sum_squares_matches_reference(size, dtype):
    flat = (np.random.default_rng(size).standard_normal(size) * 1e3).astype(dtype)
    expected = ref.sum_squares(flat)
    # float64 sums of size terms in another order (reassociated to vectorize)
    assert_float_close(reductions.sum_squares(flat), expected, n_terms=size, dtype=np.float64)
    strided = flat[::3]                                   # a non-contiguous view
    assert_float_close(reductions.sum_squares(strided), ref.sum_squares(strided),
                       n_terms=strided.size, dtype=np.float64)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_sum_squares_propagates_nan_and_inf(bad):
    flat = np.ones(1000, np.float32)
    flat[500] = bad
    got, want = reductions.sum_squares(flat), ref.sum_squares(flat)
    assert (np.isnan(got) and np.isnan(want)) or got == want == np.inf
