"""Numba kernels against their NumPy twins, across shapes, strides, paddings and dtypes."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from numba import njit

from dlstudio.engine.kernels import _reference as ref
from dlstudio.engine.kernels import (batchnorm, bias_act, conv, conv_direct, conv_pool,
                                     conv_tiles, pooling, reductions, winograd)
from dlstudio.engine.kernels import blas as kblas
from tests.float_tolerance import assert_float_close
from dlstudio.engine.kernels.conv import conv_geometry, conv_output_length, padding_before
from dlstudio.engine.kernels.lists import flat

# (H, W, C, kh, kw, sh, sw): odd/even sizes, non-square kernels and strides, 1x1 kernels
GEOMETRIES = [
    (7, 7, 3, 3, 3, 1, 1),
    (8, 6, 2, 3, 2, 2, 1),
    (5, 9, 1, 5, 5, 2, 2),
    (6, 5, 1, 3, 3, 1, 1),
    (6, 6, 4, 1, 1, 1, 1),
    (9, 8, 3, 4, 3, 3, 2),
    (4, 4, 2, 2, 2, 2, 2),
    # 2x2 windows all inside (the pooling and im2col fast paths): odd sizes leave the last
    # row and column out; stride 1 overlaps the windows; 'same' on 5x5 pads (general path)
    (11, 11, 3, 2, 2, 2, 2),
    (7, 6, 2, 2, 2, 1, 1),
    (5, 5, 1, 2, 2, 2, 2),
]
CASES = [g + (p, d) for g, p, d in itertools.product(GEOMETRIES, ["valid", "same"],
                                                       [np.float32, np.float64])]


def _geometry(h, w, kh, kw, sh, sw, padding):
    return conv_geometry(h, w, kh, kw, sh, sw, padding)


@pytest.mark.parametrize("size, k, s, expected_out, expected_pad", [
    (28, 3, 1, 28, 1), (28, 3, 2, 14, 0), (28, 2, 2, 14, 0), (5, 4, 1, 5, 1),
    (7, 3, 2, 4, 1), (6, 5, 3, 2, 1),
])
def test_same_padding_follows_tensorflow(size, k, s, expected_out, expected_pad):
    # pad_total = max((ceil(size / s) - 1) * s + k - size, 0), pad_top = pad_total // 2
    assert conv_output_length(size, k, s, "same") == expected_out
    assert padding_before(size, k, s, "same") == expected_pad


def test_valid_lengths():
    assert conv_output_length(28, 3, 1, "valid") == 26
    assert conv_output_length(28, 3, 2, "valid") == 13
    assert conv_output_length(13, 2, 2, "valid") == 6
    assert padding_before(28, 3, 1, "valid") == 0


@pytest.mark.parametrize("h, w, c, kh, kw, sh, sw, padding, dtype", CASES)
def test_im2col_and_col2im_match_reference(h, w, c, kh, kw, sh, sw, padding, dtype):
    rng = np.random.default_rng(0)
    oh, ow, pt, pl = _geometry(h, w, kh, kw, sh, sw, padding)
    x = rng.standard_normal((3, h, w, c)).astype(dtype)
    args = (kh, kw, sh, sw, pt, pl, oh, ow)
    got = np.full((3 * oh * ow, kh * kw * c), np.nan, dtype=dtype)
    want = np.empty_like(got)
    conv.im2col(x, *args, got)
    ref.im2col(x, *args, want)
    np.testing.assert_array_equal(got, want)

    dcols = rng.standard_normal(got.shape).astype(dtype)
    dx_got = np.full_like(x, np.nan)
    dx_want = np.empty_like(x)
    conv.col2im(dcols, *args, dx_got)
    ref.col2im(dcols, *args, dx_want)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(dx_got, dx_want, rtol=tol, atol=tol)


@pytest.mark.parametrize("h, w, c, kh, kw, sh, sw, padding, dtype", CASES)
def test_col2im_is_adjoint_of_im2col(h, w, c, kh, kw, sh, sw, padding, dtype):
    # <im2col(x), d> == <x, col2im(d)>: the backward pass is the exact transpose
    rng = np.random.default_rng(1)
    oh, ow, pt, pl = _geometry(h, w, kh, kw, sh, sw, padding)
    args = (kh, kw, sh, sw, pt, pl, oh, ow)
    x = rng.standard_normal((2, h, w, c))
    d = rng.standard_normal((2 * oh * ow, kh * kw * c))
    cols = np.empty_like(d)
    dx = np.empty_like(x)
    conv.im2col(x, *args, cols)
    conv.col2im(d, *args, dx)
    assert np.sum(cols * d) == pytest.approx(np.sum(x * dx), rel=1e-12)


@pytest.mark.parametrize("h, w, c, ph, pw, sh, sw, padding, dtype", CASES)
def test_maxpool_matches_reference(h, w, c, ph, pw, sh, sw, padding, dtype):
    rng = np.random.default_rng(2)
    oh, ow, pt, pl = _geometry(h, w, ph, pw, sh, sw, padding)
    x = rng.standard_normal((3, h, w, c)).astype(dtype)
    x[0, :2, :2, :] = 1.5                          # ties: the first in scan order wins
    out, out_ref = (np.empty((3, oh, ow, c), dtype=dtype) for _ in range(2))
    arg, arg_ref = (np.empty((3, oh, ow, c), dtype=np.int32) for _ in range(2))
    geo = (ph, pw, sh, sw, pt, pl, oh, ow)
    pooling.maxpool_forward(x, *geo, out, arg)
    ref.maxpool_forward(x, *geo, out_ref, arg_ref)
    np.testing.assert_array_equal(out, out_ref)
    np.testing.assert_array_equal(arg, arg_ref)
    values_only = np.full_like(out, np.nan)            # inference: no winners recorded
    pooling.maxpool_forward(x, *geo, values_only, np.empty((0, 0, 0, 0), np.int32))
    np.testing.assert_array_equal(values_only, out_ref)

    g = rng.standard_normal(out.shape).astype(dtype)
    dx, dx_ref = np.full_like(x, np.nan), np.empty_like(x)
    pooling.maxpool_backward(g, arg, dx.reshape(3, -1))
    ref.maxpool_backward(g, arg_ref, dx_ref.reshape(3, -1))
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-6, atol=1e-6)
    if pooling.disjoint_2x2(ph, pw, sh, sw, pt, pl, oh, ow, h, w):
        dx = np.full_like(x, np.nan)
        pooling.maxpool_backward_2x2(g, arg, dx)
        np.testing.assert_array_equal(dx, dx_ref)          # copies and zeros only


@pytest.mark.parametrize("h, w, c, ph, pw, sh, sw, padding, dtype", CASES)
def test_avgpool_matches_reference(h, w, c, ph, pw, sh, sw, padding, dtype):
    rng = np.random.default_rng(3)
    oh, ow, pt, pl = _geometry(h, w, ph, pw, sh, sw, padding)
    x = rng.standard_normal((3, h, w, c)).astype(dtype)
    geo = (ph, pw, sh, sw, pt, pl, oh, ow)
    out, out_ref = (np.empty((3, oh, ow, c), dtype=dtype) for _ in range(2))
    pooling.avgpool_forward(x, *geo, out)
    ref.avgpool_forward(x, *geo, out_ref)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, out_ref, rtol=tol, atol=tol)

    g = rng.standard_normal(out.shape).astype(dtype)
    dx, dx_ref = np.full_like(x, np.nan), np.empty_like(x)
    pooling.avgpool_backward(g, ph, pw, sh, sw, pt, pl, dx)
    ref.avgpool_backward(g, ph, pw, sh, sw, pt, pl, dx_ref)
    np.testing.assert_allclose(dx, dx_ref, rtol=tol, atol=tol)


def test_same_average_pooling_divides_by_real_pixels():
    # Keras: AveragePooling2D(2, strides=2, padding='same') on a 3x3 of ones gives all ones
    x = np.ones((1, 3, 3, 1))
    oh, ow, pt, pl = conv_geometry(3, 3, 2, 2, 2, 2, "same")
    out = np.empty((1, oh, ow, 1))
    pooling.avgpool_forward(x, 2, 2, 2, 2, pt, pl, oh, ow, out)
    assert out.shape == (1, 2, 2, 1)
    np.testing.assert_array_equal(out, 1.0)


def test_disjoint_2x2_needs_every_window_inside():
    assert pooling.disjoint_2x2(2, 2, 2, 2, 0, 0, 13, 13, 26, 26)
    assert pooling.disjoint_2x2(2, 2, 2, 2, 0, 0, 5, 5, 11, 11)       # 'valid': last row left out
    assert not pooling.disjoint_2x2(2, 2, 2, 2, 0, 0, 6, 6, 11, 11)   # 'same': the last window pads
    assert not pooling.disjoint_2x2(2, 2, 1, 1, 0, 0, 25, 25, 26, 26)  # overlapping windows


def test_maxpool_small_example_by_hand():
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    out = np.empty((1, 2, 2, 1), dtype=np.float32)
    arg = np.empty((1, 2, 2, 1), dtype=np.int32)
    pooling.maxpool_forward(x, 2, 2, 2, 2, 0, 0, 2, 2, out, arg)
    np.testing.assert_array_equal(out[0, :, :, 0], [[5, 7], [13, 15]])
    np.testing.assert_array_equal(arg[0, :, :, 0], [[5, 7], [13, 15]])


def test_maxpool_argmax_is_a_flat_offset_per_channel():
    x = np.zeros((1, 2, 2, 3), dtype=np.float32)
    x[0, 1, 0, 2] = 5.0                          # channel 2 wins at (1, 0)
    out = np.empty((1, 1, 1, 3), dtype=np.float32)
    arg = np.empty((1, 1, 1, 3), dtype=np.int32)
    pooling.maxpool_forward(x, 2, 2, 2, 2, 0, 0, 1, 1, out, arg)
    assert arg[0, 0, 0, 2] == (1 * 2 + 0) * 3 + 2
    assert list(arg[0, 0, 0, :2]) == [0, 1]      # ties: the first pixel


def test_warmup_compiles_every_kernel_for_both_dtypes():
    from dlstudio.engine.kernels import fused, optimizers, probe_stats
    from dlstudio.engine.warmup import warmup

    warmup(dtypes=(np.float32, np.float64))
    for module in (conv, conv_direct, pooling, bias_act, batchnorm, optimizers, fused,
                   reductions, probe_stats) + \
            ((conv_tiles, conv_pool, winograd) if kblas.AVAILABLE else ()):
        for name in dir(module):
            fn = getattr(module, name)
            if hasattr(fn, "signatures") and getattr(fn, "__module__", "") == module.__name__:
                if name.startswith("_") or fn.targetoptions.get("inline") == "always":
                    continue                  # a helper, compiled with the kernel calling it
                # the first array argument
                dtypes = {str(next(t.dtype for t in sig if hasattr(t, "ndim")))
                          for sig in fn.signatures}
                # kernels meant for one dtype (``ONE_DTYPE``: name -> dtype) get that one
                want = getattr(module, "ONE_DTYPE", {}).get(name)
                want = {want} if want else {"float32", "float64"}
                assert want <= dtypes, f"{module.__name__}.{name}: {dtypes}"


def test_warmup_asks_before_every_stage_and_stops_when_told(monkeypatch):
    """Stages run in order, each after ``between()`` said go on; False stops the warm-up
    there, and the kernels do not count as ready."""
    from dlstudio.engine import warmup as warmup_module

    ran, asked = [], []
    stages = tuple((name, lambda dtype, name=name: ran.append((name, dtype)))
                   for name in ("first", "second", "third"))
    monkeypatch.setattr(warmup_module, "STAGES", stages)
    monkeypatch.setattr(warmup_module, "_ready", False)

    def between():
        asked.append(len(ran))
        return len(ran) < 2

    assert warmup_module.warmup(between=between) is False
    assert ran == [("first", np.float32), ("second", np.float32)] and asked == [0, 1, 2]
    assert not warmup_module.kernels_ready()
    assert warmup_module.warmup(between=lambda: True) is True
    assert warmup_module.kernels_ready()


def test_warmup_compiles_what_most_runs_need_before_the_convolutions():
    from dlstudio.engine.warmup import STAGES

    names = [name for name, _stage in STAGES]
    assert names[0] == "fused Dense step"
    assert names[-2:] == ["direct convolution", "tiled convolution"]


@njit
def _table_view(first, table, i):
    return flat(table, i, first).copy()


@njit
def _table_write(first, table, i, value):
    flat(table, i, first)[:] = value


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ndim", [1, 2])
def test_array_table_views_are_the_arrays_themselves(dtype, ndim):
    # (module-level kernels: one compilation per dtype, not one per test case)
    from dlstudio.engine.kernels.lists import ArrayTable

    rng = np.random.default_rng(0)
    shapes = [(3,), (5,), (0,)] if ndim == 1 else [(2, 3), (1, 4), (0, 0)]
    arrays = [rng.normal(size=s).astype(dtype) for s in shapes]
    packed = ArrayTable(arrays)
    assert len(packed) == 3 and packed.table.dtype == np.int64
    for i, want in enumerate(arrays):          # the twin of flat(...) is the array itself
        got = _table_view(packed.first, packed.table, i)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want.reshape(-1))
    _table_write(packed.first, packed.table, 1, 7)    # the table views the originals, not copies
    assert (arrays[1] == 7).all() and not (arrays[0] == 7).any()


def test_array_table_refuses_what_it_cannot_view():
    from dlstudio.engine.kernels.lists import ArrayTable

    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    read_only = a.copy()
    read_only.flags.writeable = False
    for bad in ([], [a, a.astype(np.float64)], [a[:, ::2]], [read_only], [a.astype(np.int64)],
                [a, [1.0, 2.0]]):
        assert not ArrayTable.fits(bad)
        with pytest.raises(ValueError):
            ArrayTable(bad)
    assert ArrayTable.fits([a, a[1:]])


# -- tiled convolution passes (kernels/conv_tiles.py) -------------------------------------------
TILE_CASES = [  # (H, W, C, F, kh, kw, sh, sw, padding, images, ipt, workers)
    (7, 7, 3, 4, 3, 3, 1, 1, "valid", 5, 2, 2),
    (8, 6, 2, 3, 3, 2, 2, 1, "same", 4, 1, 3),
    (9, 8, 3, 2, 4, 3, 3, 2, "same", 3, 3, 1),
    (6, 6, 4, 5, 2, 2, 2, 2, "valid", 6, 4, 2),
    (5, 5, 1, 3, 3, 3, 1, 1, "same", 1, 1, 2),     # more workers than tiles
]


@pytest.mark.skipif(not kblas.AVAILABLE, reason="NumPy's OpenBLAS is not reachable from Numba")
@pytest.mark.parametrize("case", TILE_CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu, has_bias", [(True, True), (False, True), (True, False)])
def test_tiled_convolution_matches_reference(case, dtype, relu, has_bias):
    h, w, c, f, kh, kw, sh, sw, padding, n, ipt, workers = case
    rng = np.random.default_rng(4)
    oh, ow, pt, pl = _geometry(h, w, kh, kw, sh, sw, padding)
    k, rows = kh * kw * c, n * oh * ow
    x = rng.standard_normal((n, h, w, c)).astype(dtype)
    w2 = rng.standard_normal((k, f)).astype(dtype)
    b = rng.standard_normal(f).astype(dtype) if has_bias else np.zeros(0, dtype)
    geo = (kh, kw, sh, sw, pt, pl, oh, ow, ipt)
    cols = np.full((workers, ipt * oh * ow, k), np.nan, dtype)
    z, a = np.full((rows, f), np.nan, dtype), np.full((rows, f), np.nan, dtype)
    z_ref, a_ref = np.empty_like(z), np.empty_like(a)
    conv_tiles.conv_forward_tiles(x, w2, b, has_bias, relu, *geo, cols, z, a)
    ref.conv_forward_tiles(x, w2, b, has_bias, relu, *geo, cols, z_ref, a_ref)
    assert_float_close(z, z_ref, n_terms=k + 1)
    if relu:
        assert_float_close(a, a_ref, n_terms=k + 1)

    g = rng.standard_normal((rows, f)).astype(dtype)
    out = {}
    for name, fn in (("kernel", conv_tiles.conv_backward_tiles), ("twin", ref.conv_backward_tiles)):
        dz = np.full((workers, ipt * oh * ow, f), np.nan, dtype)
        dw = np.full((workers, k, f), np.nan, dtype)
        db = np.full((workers, f), np.nan)
        dx = np.full_like(x, np.nan)
        fn(x, g, z_ref, w2, relu, True, True, *geo, cols.copy(), dz, dw, db, dx)
        out[name] = (dw, db, dx)
    (dw, db, dx), (dw_ref, db_ref, dx_ref) = out["kernel"], out["twin"]
    assert_float_close(dw, dw_ref, n_terms=rows)
    assert_float_close(db, db_ref, n_terms=rows, dtype=dtype)
    assert_float_close(dx, dx_ref, n_terms=f * kh * kw)


@pytest.mark.skipif(not kblas.AVAILABLE, reason="NumPy's OpenBLAS is not reachable from Numba")
def test_tiled_backward_leaves_skipped_gradients_alone():
    # the first layer needs no input gradient, a frozen one no weight gradient
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 6, 6, 2)).astype(np.float32)
    w2 = rng.standard_normal((18, 4)).astype(np.float32)
    z = rng.standard_normal((3 * 16, 4)).astype(np.float32)
    g = rng.standard_normal(z.shape).astype(np.float32)
    dw, dx = np.full((2, 18, 4), 7.0, np.float32), np.full_like(x, 7.0)
    conv_tiles.conv_backward_tiles(x, g, z, w2, True, False, False, 3, 3, 1, 1, 0, 0, 4, 4, 1,
                                   np.empty((2, 16, 18), np.float32),
                                   np.empty((2, 16, 4), np.float32), dw, np.empty((2, 4)), dx)
    assert np.all(dw == 7.0) and np.all(dx == 7.0)


def test_images_per_tile_keeps_every_worker_busy():
    assert conv_tiles.images_per_tile(32, 121, 2) == 2      # ~256 rows a tile
    assert conv_tiles.images_per_tile(32, 9, 2) == 16       # small maps: one tile per worker
    assert conv_tiles.images_per_tile(3, 676, 2) == 1       # a tile is at least one image
    assert conv_tiles.images_per_tile(1, 9, 4) == 1


DIRECT_CASES = [  # (H, W, C, F, kh, kw, sh, sw, padding, images, workers)
    (28, 28, 1, 32, 3, 3, 1, 1, "valid", 3, 2),    # the MNIST convnet's first layer
    (9, 8, 1, 5, 3, 3, 1, 1, "same", 2, 3),        # borders over the padding
    (10, 9, 1, 4, 5, 5, 2, 1, "same", 2, 2),       # 25 terms: three groups of taps
    (8, 8, 3, 7, 3, 3, 2, 2, "valid", 3, 1),       # RGB: 27 terms
    (7, 6, 2, 3, 2, 2, 1, 1, "same", 2, 4),        # 8 terms, padded to 9; idle workers
    (20, 21, 1, 17, 3, 2, 1, 1, "valid", 1, 2),    # eight-pixel blocks and a remainder
]


@pytest.mark.parametrize("case", DIRECT_CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu", [True, False])
def test_direct_convolution_matches_reference(case, dtype, relu):
    h, w, c, f, kh, kw, sh, sw, padding, n, workers = case
    rng = np.random.default_rng(6)
    oh, ow, pt, pl = _geometry(h, w, kh, kw, sh, sw, padding)
    k, rows = kh * kw * c, n * oh * ow
    x = rng.standard_normal((n, h, w, c)).astype(dtype)
    taps = conv_direct.tap_tables(kh, kw, w, c)
    w9 = conv_direct.padded_weights(rng.standard_normal((k, f)).astype(dtype),
                                    np.full((taps.shape[1], f), np.nan, dtype))
    b = rng.standard_normal(f).astype(dtype)
    geo = (kh, kw, sh, sw, pt, pl, oh, ow)
    out = {}
    for name, mod in (("kernel", conv_direct), ("twin", ref)):
        z, a = np.full((rows, f), np.nan, dtype), np.full((rows, f), np.nan, dtype)
        mod.conv_forward_direct(x, x.reshape(n, -1), w9, b, relu, taps, *geo, z, a)
        out[name] = (z, a)
    assert_float_close(out["kernel"][0], out["twin"][0], n_terms=k + 1)
    if relu:
        assert_float_close(out["kernel"][1], out["twin"][1], n_terms=k + 1)
    else:
        assert np.isnan(out["kernel"][1]).all()          # a is not written

    z = out["twin"][0]
    g = rng.standard_normal((rows, f)).astype(dtype)
    grads = {}
    for name, mod in (("kernel", conv_direct), ("twin", ref)):
        dz = np.full((rows, f), np.nan, dtype)
        dw = np.full((workers, taps.shape[1], f), np.nan, dtype)
        db = np.full((workers, f), np.nan)
        mod.conv_backward_direct(x, x.reshape(n, -1), g, z, relu, taps, *geo, True, dz,
                                 np.full((workers, ow, f), np.nan, dtype), dw, db)
        grads[name] = (dz, dw, db)
    (dz, dw, db), (dz_ref, dw_ref, db_ref) = grads["kernel"], grads["twin"]
    np.testing.assert_array_equal(dz, dz_ref)            # a mask: no arithmetic
    assert_float_close(dw, dw_ref, n_terms=rows)
    assert np.all(dw[:, k:] == 0)                        # the padding taps' rows
    assert_float_close(db, db_ref, n_terms=rows, dtype=dtype)


def test_direct_forward_calls_its_rows_with_the_warmed_up_signature():
    """``conv_forward_direct`` calls ``forward_rows`` with plain int64 rows, the signature the
    warm-up compiles: a literal 0 among its arguments made Numba compile ``forward_rows`` a
    second time per dtype (~1 s each with a cold cache), for the same code."""
    from numba import types

    # compiled here (serially), not loaded from Numba's cache: a cached kernel's callees are
    # not compiled again, so ``forward_rows.signatures`` would not show what it calls
    forward = njit(conv_direct.conv_forward_direct.py_func)
    x = np.random.default_rng(8).standard_normal((1, 4, 4, 1)).astype(np.float32)
    taps = conv_direct.tap_tables(3, 3, 4, 1)
    w9 = conv_direct.padded_weights(np.ones((9, 2), np.float32), np.empty((9, 2), np.float32))
    z, a = np.empty((4, 2), np.float32), np.empty((4, 2), np.float32)
    forward(x, x.reshape(1, -1), w9, np.zeros(2, np.float32), True, taps, 3, 3, 1, 1, 0, 0,
            2, 2, z, a)
    z0, a0 = np.empty_like(z), np.empty_like(a)
    ref.conv_forward_direct(x, x.reshape(1, -1), w9, np.zeros(2, np.float32), True, taps, 3,
                            3, 1, 1, 0, 0, 2, 2, z0, a0)
    assert_float_close(a, a0, n_terms=10)
    assert not any(isinstance(sig[-1], types.Literal)
                   for sig in conv_direct.forward_rows.signatures)

def test_direct_backward_without_input_gradient_leaves_dz_alone():
    x = np.random.default_rng(7).standard_normal((2, 6, 6, 1)).astype(np.float32)
    taps = conv_direct.tap_tables(3, 3, 6, 1)
    g = np.ones((2 * 16, 4), np.float32)
    dz = np.full((1, 4), 7.0, np.float32)
    conv_direct.conv_backward_direct(x, x.reshape(2, -1), g, g, True, taps, 3, 3, 1, 1, 0, 0,
                                     4, 4, False, dz, np.empty((2, 4, 4), np.float32),
                                     np.empty((2, 9, 4), np.float32), np.empty((2, 4)))
    assert np.all(dz == 7.0)


def test_tap_tables_follow_the_kernel_layout():
    taps = conv_direct.tap_tables(2, 3, 10, 2)           # K = 12, padded to 18
    assert taps.shape == (4, 18)
    k = 1 * 3 * 2 + 2 * 2 + 1                            # row 1, column 2, channel 1
    assert list(taps[:, k]) == [(1 * 10 + 2) * 2 + 1, 1, 2, 1]
    assert np.all(taps[1, 12:] == conv_direct.PAD_TAP)


@pytest.mark.parametrize("h, w, f, padding, workers", [
    (28, 28, 32, "valid", 2),      # the MNIST convnet: 26x26 -> 13x13
    (13, 12, 5, "valid", 3),       # 11x10 -> 5x5: the last row and column in no window
    (9, 9, 4, "same", 1),          # 9x9 -> 4x4
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_direct_backward_through_pooling_matches_reference(h, w, f, padding, workers, dtype):
    rng = np.random.default_rng(8)
    n = 3
    oh, ow, pt, pl = _geometry(h, w, 3, 3, 1, 1, padding)
    ph, pw = oh // 2, ow // 2
    x = rng.standard_normal((n, h, w, 1)).astype(dtype)
    a = np.maximum(rng.standard_normal((n, oh, ow, f)), 0).astype(dtype)   # ReLU outputs
    pooled = np.empty((n, ph, pw, f), dtype)
    winners = np.empty((n, ph, pw, f), np.int32)
    pooling.maxpool_forward(a, 2, 2, 2, 2, 0, 0, ph, pw, pooled, winners)
    gp = rng.standard_normal(pooled.shape).astype(dtype)
    taps = conv_direct.tap_tables(3, 3, w, 1)
    geo = (3, 3, 1, 1, pt, pl, oh, ow)
    out = {}
    for name, mod in (("kernel", conv_direct), ("twin", ref)):
        dw = np.full((workers, 9, f), np.nan, dtype)
        db = np.full((workers, f), np.nan)
        mod.conv_backward_direct_pooled(x, x.reshape(n, -1), gp, winners, pooled, taps, *geo,
                                        np.full((workers, ow, f), np.nan, dtype), dw, db)
        # what the layer uses: the workers' partial sums added in order (how the rows are
        # split among the workers is the kernel's own: conv_windows splits pooled rows)
        out[name] = (dw.sum(axis=0), db.sum(axis=0))
    assert_float_close(out["kernel"][0], out["twin"][0], n_terms=n * oh * ow)
    assert_float_close(out["kernel"][1], out["twin"][1], n_terms=n * oh * ow, dtype=dtype)


@pytest.mark.skipif(not kblas.AVAILABLE, reason="NumPy's OpenBLAS is not reachable from Numba")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m, k, n", [(2, 2, 2), (10, 2, 8), (10, 8, 8), (10, 8, 2), (7, 3, 5),
                                     (50, 784, 300), (64, 100, 10), (256, 16, 3)])
def test_matmul_bias_equals_numpy_matmul_bit_for_bit(m, k, n, dtype):
    """NumPy's twin: ``np.matmul`` (which makes the same BLAS call) and ``z += b``."""
    rng = np.random.default_rng(m * k + n)
    x, w = rng.standard_normal((m, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype)
    b = rng.standard_normal((1, n)).astype(dtype)
    want = np.matmul(x, w)
    z = np.full((m, n), np.nan, dtype)
    kblas.matmul_bias(x, w, False, b, z)
    np.testing.assert_array_equal(z, want)
    want += b
    kblas.matmul_bias(x, w, True, b, z)
    np.testing.assert_array_equal(z, want)
