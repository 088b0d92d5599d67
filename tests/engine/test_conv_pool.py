"""Forward-only convolution + 2x2 max pooling (``kernels.conv_pool``, ``Conv2D.infer_pooled``):
the kernels against their NumPy twins, and the network's inference against the layer-by-layer
path."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine.kernels import _reference as ref
from dlstudio.engine.kernels import blas as kblas
from dlstudio.engine.kernels import conv_direct, conv_pool
from dlstudio.engine.kernels.conv import conv_geometry
from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from tests.float_tolerance import assert_float_close

needs_blas = pytest.mark.skipif(not kblas.AVAILABLE,
                                reason="NumPy's OpenBLAS is not reachable from Numba")

CASES = [  # (H, W, C, F, kh, kw, sh, sw, padding, images, workers or chunks)
    (28, 28, 1, 32, 3, 3, 1, 1, "valid", 3, 2),    # the MNIST convnet's first layer: 26 -> 13
    (13, 12, 1, 5, 3, 3, 1, 1, "valid", 2, 3),     # 11x10: the last row in no window
    (9, 9, 1, 4, 3, 3, 1, 1, "same", 2, 1),        # borders over the padding
    (11, 10, 1, 3, 5, 5, 1, 1, "same", 2, 4),      # 25 terms; more chunks than rows
    (9, 11, 3, 7, 3, 3, 2, 1, "valid", 3, 2),      # RGB: 27 terms, strides
]


def _setup(case, dtype, seed):
    h, w, c, f, kh, kw, sh, sw, padding, n, workers = case
    rng = np.random.default_rng(seed)
    oh, ow, pt, pl = conv_geometry(h, w, kh, kw, sh, sw, padding)
    x = rng.standard_normal((n, h, w, c)).astype(dtype)
    out = np.full((n, oh // 2, ow // 2, f), np.nan, dtype)
    return rng, x, out, (kh, kw, sh, sw, pt, pl), kh * kw * c


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu", [True, False])
def test_direct_pooled_matches_reference(case, dtype, relu):
    rng, x, out, geo, k = _setup(case, dtype, 11)
    n, ph, pw, f = out.shape
    taps = conv_direct.tap_tables(geo[0], geo[1], x.shape[2], x.shape[3])
    w9 = conv_direct.padded_weights(rng.standard_normal((k, f)).astype(dtype),
                                    np.empty((taps.shape[1], f), dtype))
    b = rng.standard_normal(f).astype(dtype)
    zs = np.full((case[-1], 4 * pw, f), np.nan, dtype)
    want = np.empty_like(out)
    conv_pool.conv_forward_direct_pooled(x, x.reshape(n, -1), w9, b, relu, taps, *geo, zs, out)
    ref.conv_forward_direct_pooled(x, x.reshape(n, -1), w9, b, relu, taps, *geo, zs, want)
    assert_float_close(out, want, n_terms=k + 1)
    if relu:
        assert out.min() >= 0


@needs_blas
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu, has_bias", [(True, True), (False, True), (True, False)])
@pytest.mark.parametrize("ipt", [1, 2])
def test_tiled_pooled_matches_reference(case, dtype, relu, has_bias, ipt):
    rng, x, out, geo, k = _setup(case, dtype, 12)
    n, ph, pw, f = out.shape
    workers = case[-1]
    w2 = rng.standard_normal((k, f)).astype(dtype)
    b = rng.standard_normal(f).astype(dtype) if has_bias else np.zeros(0, dtype)
    rows = ipt * 4 * ph * pw
    cols = np.full((workers, rows, k), np.nan, dtype)
    zs = np.full((workers, rows, f), np.nan, dtype)
    want = np.empty_like(out)
    conv_pool.conv_forward_tiles_pooled(x, w2, b, has_bias, relu, *geo, ipt, cols, zs, out)
    ref.conv_forward_tiles_pooled(x, w2, b, has_bias, relu, *geo, ipt, cols, zs, want)
    assert_float_close(out, want, n_terms=k + 1)


def _net(dtype, conv1: dict, conv2: dict, pool: dict, shape=(14, 14, 1)) -> Network:
    spec = NetworkSpec(shape, (
        LayerSpec("Conv2D", {"filters": 8, "kernel_size": 3, **conv1}),
        LayerSpec("MaxPooling2D", {"pool_size": 2, **pool}),
        LayerSpec("Conv2D", {"filters": 6, "kernel_size": 3, **conv2}),
        LayerSpec("MaxPooling2D", {"pool_size": 2, **pool}),
        LayerSpec("Flatten"),
        LayerSpec("Dense", {"units": 4, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=3, dtype=dtype)
    for layer in net.layers:                  # non-zero biases: their place in the sum shows
        if "b" in layer.params:
            layer.params["b"][...] = np.linspace(-0.3, 0.3, layer.params["b"].size)
    return net


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("conv1, conv2, pool, shape, fused", [
    ({"activation": "relu"}, {"activation": "relu"}, {}, (14, 14, 1), (0, 2)),
    ({"activation": "relu", "padding": "same"}, {"activation": None, "use_bias": False}, {},
     (13, 13, 2), (0, 2)),
    ({"activation": "relu"}, {"activation": "tanh"}, {}, (15, 16, 3), (0,)),
    ({"activation": "relu"}, {"activation": "relu"}, {"padding": "same"}, (15, 15, 1), ()),
])
def test_fused_inference_gives_the_layer_by_layer_outputs(dtype, conv1, conv2, pool, shape,
                                                           fused):
    """predict through ``Conv2D.infer_pooled`` where it applies (layers ``fused``) equals the
    inference forward pass layer by layer."""
    net = _net(dtype, conv1, conv2, pool, shape)
    x = np.random.default_rng(4).standard_normal((37,) + shape).astype(dtype)
    want = net.forward(x, training=False).copy()
    got = net.predict(x, batch_size=16)
    assert got.dtype == np.dtype(dtype)
    assert_float_close(got, want, n_terms=9 * 8 + 1, depth=3)
    h = x[:16]
    for i, layer in enumerate(net.layers[:-1]):
        pooled = layer.infer_pooled(h, net.layers[i + 1]) if hasattr(layer, "infer_pooled") \
            else None
        assert (pooled is not None) == (i in fused), f"layer {i}"
        h = layer.forward(h, training=False)
