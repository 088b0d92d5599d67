"""The first layer's convolution + pooling window by window (``kernels.conv_windows``): which
passes it takes, its forward pass against the general direct loops (the same values and
winners, to the bit), and its backward sums against a plain NumPy sum over the windows."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine.kernels import conv_direct, conv_windows
from dlstudio.engine.kernels.conv import conv_geometry
from tests.float_tolerance import assert_float_close


@pytest.mark.parametrize("kh, kw, sh, sw, pad, chans, applies", [
    (3, 3, 1, 1, 0, 1, True),       # the MNIST convnet's first layer
    (3, 3, 2, 2, 0, 1, False),      # strides
    (3, 3, 1, 1, 1, 1, False),      # "same" padding
    (3, 3, 1, 1, 0, 3, False),      # RGB: 27 terms
    (5, 5, 1, 1, 0, 1, False),      # 25 terms
])
def test_applies_to_3x3_stride_1_one_channel_without_padding(kh, kw, sh, sw, pad, chans,
                                                              applies):
    x = np.zeros((2, 12, 12, chans), np.float32)
    w9 = np.zeros((conv_direct.padded_terms(kh * kw * chans), 4), np.float32)
    assert conv_windows.applies(x, w9, kh, kw, sh, sw, pad, pad) is applies


def _case(h, w, f, dtype, seed=5):
    rng = np.random.default_rng(seed)
    n = 3
    x = rng.standard_normal((n, h, w, 1)).astype(dtype)
    w9 = rng.standard_normal((9, f)).astype(dtype)
    b = rng.standard_normal(f).astype(dtype)
    oh, ow, _, _ = conv_geometry(h, w, 3, 3, 1, 1, "valid")
    return x, w9, b, oh, ow


def _pool_in_scan_order(z, ph, pw):
    """(max, winner offset (i * ow + j) * F + u) of each 2x2 window of z (N, OH, OW, F), the
    first of equal values winning."""
    n, _, ow, f = z.shape
    best = np.full((n, ph, pw, f), -np.inf, z.dtype)
    won = np.zeros((n, ph, pw, f), np.int64)
    u = np.arange(f)
    for di in (0, 1):
        for dj in (0, 1):
            v = z[:, di:2 * ph:2, dj:2 * pw:2]
            i = 2 * np.arange(ph)[:, None] + di
            j = 2 * np.arange(pw)[None, :] + dj
            offset = ((i * ow + j)[..., None] * f + u)[None]
            better = v > best
            best = np.where(better, v, best)
            won = np.where(better, offset, won)
    return best, won


@pytest.mark.parametrize("h, w, f", [(28, 28, 32), (13, 12, 5), (8, 9, 17)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu", [True, False])
def test_forward_equals_the_direct_loops_then_pooling_bit_for_bit(h, w, f, dtype, relu):
    x, w9, b, oh, ow = _case(h, w, f, dtype)
    n, ph, pw = x.shape[0], oh // 2, ow // 2
    z = np.empty((n * oh * ow, f), dtype)
    taps = conv_direct.tap_tables(3, 3, w, 1)
    conv_direct.conv_forward_direct(x, x.reshape(n, -1), w9, b, False, taps, 3, 3, 1, 1, 0, 0,
                                    oh, ow, z, z)
    best, won = _pool_in_scan_order(z.reshape(n, oh, ow, f), ph, pw)
    if relu:
        best = np.maximum(best, 0)
    out = np.full((n, ph, pw, f), np.nan, dtype)
    argmax = np.full(out.shape, -1, np.int32)
    conv_windows.forward_rows(x.reshape(n, -1), w, w9, b, relu, out, argmax, ow, 0, n * ph)
    np.testing.assert_array_equal(out, best)
    np.testing.assert_array_equal(argmax, won)
    plain = np.full_like(out, np.nan)               # inference: no winners asked for
    conv_windows.forward_rows(x.reshape(n, -1), w, w9, b, relu, plain,
                              np.zeros((0, 0, 0, 0), np.int32), ow, 0, n * ph)
    np.testing.assert_array_equal(plain, best)


@pytest.mark.parametrize("h, w, f", [(28, 28, 32), (13, 12, 5)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_backward_sums_x_at_each_winner_times_the_passed_gradient(h, w, f, dtype):
    x, w9, b, oh, ow = _case(h, w, f, dtype, seed=6)
    n, ph, pw = x.shape[0], oh // 2, ow // 2
    out = np.empty((n, ph, pw, f), dtype)
    won = np.empty(out.shape, np.int32)
    conv_windows.forward_rows(x.reshape(n, -1), w, w9, b, True, out, won, ow, 0, n * ph)
    gp = np.random.default_rng(7).standard_normal(out.shape).astype(dtype)
    g = np.where(out > 0, gp, 0)                    # ReLU passes it where the value is > 0
    # NumPy: each window's winner pixel (i, j), then the 3x3 patch under it times g
    i, j = (won // f) // ow, (won // f) % ow
    want = np.zeros((9, f))
    for k in range(9):
        r, s = divmod(k, 3)
        xk = x[np.arange(n)[:, None, None, None], i + r, j + s, 0]
        want[k] = (xk * g).sum(axis=(0, 1, 2), dtype=np.float64)
    tasks = n * ph
    parts = []
    for workers in (1, 3):
        acc = np.full((workers, 9, f), np.nan, dtype)
        db = np.full((workers, f), np.nan)
        for wk in range(workers):
            conv_windows.backward_rows(x.reshape(n, -1), w, gp, won, out, ow, acc[wk], db[wk],
                                       wk * tasks // workers, (wk + 1) * tasks // workers)
        parts.append(acc.sum(axis=0))
        assert_float_close(acc.sum(axis=0), want, n_terms=n * ph * pw)
        assert_float_close(db.sum(axis=0), g.sum(axis=(0, 1, 2), dtype=np.float64),
                           n_terms=n * ph * pw, dtype=dtype)
    assert_float_close(parts[0], parts[1], n_terms=n * ph * pw)
