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


def _compare_pooled(run, out, relu, k):
    """``run(out, argmax)`` of the kernel and of its twin, with and without winners: the same
    values and, wherever the pooled value is positive (or without ReLU), the same winners."""
    results = {}
    for name in ("kernel", "twin"):
        values, won = np.full_like(out, np.nan), np.full(out.shape, -1, np.int32)
        run(name, values, won)
        no_winners = np.full_like(out, np.nan)
        run(name, no_winners, np.empty((0, 0, 0, 0), np.int32))
        np.testing.assert_array_equal(no_winners, values)
        results[name] = values, won
    (values, won), (values0, won0) = results["kernel"], results["twin"]
    assert_float_close(values, values0, n_terms=k + 1)
    decided = values0 > 0 if relu else np.ones(values0.shape, bool)
    assert decided.mean() > 0.4
    np.testing.assert_array_equal(won[decided], won0[decided])
    if relu:
        assert values.min() >= 0


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
    chunks = case[-1]
    zs = np.full((chunks, 4 * pw * -(-n * ph // chunks), f), np.nan, dtype)
    out_w = conv_geometry(*x.shape[1:3], *case[4:9])[1]

    def run(name, values, won):
        mod = conv_pool if name == "kernel" else ref
        mod.conv_forward_direct_pooled(x, x.reshape(n, -1), w9, b, relu, taps, *geo, out_w, zs,
                                       values, won)
    _compare_pooled(run, out, relu, k)


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
    out_w = conv_geometry(*x.shape[1:3], *case[4:9])[1]

    def run(name, values, won):
        mod = conv_pool if name == "kernel" else ref
        mod.conv_forward_tiles_pooled(x, w2, b, has_bias, relu, *geo, out_w, ipt, cols, zs,
                                      values, won)
    _compare_pooled(run, out, relu, k)


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


# -- training: a tiled convolution's backward pass through 2x2 max pooling ------------------

@needs_blas
@pytest.mark.parametrize("case", [c for c in CASES if c[2] * c[4] * c[5] >= 9])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu", [True, False])
@pytest.mark.parametrize("want_dw, want_dx", [(True, True), (True, False), (False, True)])
def test_tiled_backward_through_pooling_matches_reference(case, dtype, relu, want_dw, want_dx):
    from dlstudio.engine.kernels import conv_tiles, pooling

    rng, x, _, geo, k = _setup(case, dtype, 13)
    n, h, w, c = x.shape
    f, workers = case[3], case[-1]
    oh, ow, _, _ = conv_geometry(h, w, *case[4:9])
    ph, pw = oh // 2, ow // 2
    a = rng.standard_normal((n, oh, ow, f)).astype(dtype)
    if relu:
        a = np.maximum(a, 0)
    pooled = np.empty((n, ph, pw, f), dtype)
    winners = np.empty((n, ph, pw, f), np.int32)
    pooling.maxpool_forward(a, 2, 2, 2, 2, 0, 0, ph, pw, pooled, winners)
    gp = rng.standard_normal(pooled.shape).astype(dtype)
    w2 = rng.standard_normal((k, f)).astype(dtype)
    ipt = 2
    out = {}
    for name, fn in (("kernel", conv_tiles.conv_backward_tiles_pooled),
                     ("twin", ref.conv_backward_tiles_pooled)):
        cols = np.full((workers, ipt * 4 * ph * pw, k), np.nan, dtype)
        dz = np.full((workers, ipt * 4 * ph * pw, f), np.nan, dtype)
        dw = np.full((workers, k, f), 7.0, dtype)
        db = np.full((workers, f), np.nan)
        dx = np.full(x.shape, 7.0, dtype)
        fn(x, gp, winners, pooled, w2, relu, want_dw, want_dx, *geo, ow, ipt, cols, dz, dw, db,
           dx)
        out[name] = (dw, db, dx)
    (dw, db, dx), (dw0, db0, dx0) = out["kernel"], out["twin"]
    rows = n * oh * ow
    assert_float_close(db, db0, n_terms=rows, dtype=dtype)
    if want_dw:
        assert_float_close(dw, dw0, n_terms=rows)
    else:
        assert np.all(dw == 7.0)                          # not written
    if want_dx:
        assert_float_close(dx, dx0, n_terms=f * geo[0] * geo[1])
    else:
        assert np.all(dx == 7.0)


def _two_conv_net(dtype, activation, padding="valid", shape=(15, 15, 2)):
    spec = NetworkSpec(shape, (
        LayerSpec("Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("Conv2D", {"filters": 5, "kernel_size": 3, "activation": activation,
                             "padding": padding}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Flatten"),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    return Network.from_spec(spec, seed=5, dtype=dtype)


def _grads_three_ways(monkeypatch, make_net, x, y):
    """loss_and_grads with the fused forward and backward passes, with the fused backward
    only (``layer_by_layer``, as gradient checks run), and with neither; and whether each
    run's ``backward_from_pool`` under a max pooling said it was done."""
    import contextlib

    from dlstudio.engine.layers import conv2d

    real = conv2d.Conv2D.backward_from_pool
    out = []
    for forward, backward in ((True, True), (False, True), (False, False)):
        calls = []

        def spy(self, pool, grad, backward=backward, calls=calls):
            done = real(self, pool, grad) if backward else (False, None)
            if pool.type_name == "MaxPooling2D":
                calls.append(done[0])
            return done
        monkeypatch.setattr(conv2d.Conv2D, "backward_from_pool", spy)
        net = make_net()
        with contextlib.nullcontext() if forward else net.layer_by_layer():
            loss, grads = net.loss_and_grads(x, y)
        out.append((loss, grads, calls))
    return out


def _assert_same_grads_three_ways(monkeypatch, make_net, x, y, pixels: int) -> None:
    """The three ways of ``_grads_three_ways`` give the same loss and gradients (sums over
    ``len(x) * pixels`` output pixels), the first two through the fused backward pass."""
    runs = _grads_three_ways(monkeypatch, make_net, x, y)
    assert [calls for _, _, calls in runs] == [[True], [True], [False]]
    loss0, grads0, _ = runs[-1]
    for loss, grads, _ in runs[:-1]:
        assert_float_close(loss, loss0, n_terms=len(x) * pixels, depth=3,
                           dtype=grads0[0].dtype)      # the loss is a Python float
        for g, g0 in zip(grads, grads0):
            assert_float_close(g, g0, n_terms=len(x) * pixels, depth=2)


@needs_blas
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("activation, padding", [("relu", "valid"), (None, "valid"),
                                                 ("relu", "same")])
def test_tiled_conv_takes_the_pooling_passes_into_its_own(monkeypatch, dtype, activation,
                                                          padding):
    """The second convolution (tiles, input gradient wanted) through the fused forward and
    backward passes gives the gradients of the separate passes."""
    x = np.random.default_rng(6).standard_normal((7, 15, 15, 2)).astype(dtype)
    y = np.arange(7) % 3
    net = _two_conv_net(dtype, activation, padding)
    assert net.layers[1].uses_tiles(net.layers[0].forward(x))
    _assert_same_grads_three_ways(monkeypatch, lambda: _two_conv_net(dtype, activation,
                                                                     padding), x, y, 13 * 13)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_first_conv_forward_and_backward_through_pooling(monkeypatch, dtype):
    """The first convolution (direct) fuses its forward pass with the pooling's; the
    gradients are those of the separate passes."""
    spec = NetworkSpec((14, 14, 1), (
        LayerSpec("Conv2D", {"filters": 8, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}), LayerSpec("Flatten"),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    x = np.random.default_rng(8).standard_normal((6, 14, 14, 1)).astype(dtype)
    y = np.arange(6) % 3
    net = Network.from_spec(spec, seed=0, dtype=dtype)
    assert net.layers[0].forward_pooled(x, net.layers[1], input_grad=False) is not None
    assert net.layers[0].last_output is None                # not written: use forward
    _assert_same_grads_three_ways(monkeypatch, lambda: Network.from_spec(spec, seed=0,
                                                                         dtype=dtype),
                                  x, y, 12 * 12)


@needs_blas
def test_fused_tiled_backward_agrees_with_finite_differences():
    from dlstudio.engine.gradcheck import check_network

    net = _two_conv_net(np.float64, "relu")
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3, 15, 15, 2))
    checks = check_network(net, x, np.array([0, 1, 2]), "sparse_categorical_crossentropy",
                           rng=rng, samples=12)
    assert {c.layer for c in checks} >= {"conv2d", "conv2d_1"}
    for c in checks:
        assert c.resolved(1e-5) and c.error < 1e-6, (c.layer, c.key, c.error)


@pytest.mark.parametrize("frozen", [0, 2])
def test_frozen_convolutions_under_pooling(monkeypatch, frozen):
    """A frozen first (direct) convolution keeps the separate passes; a frozen tiled one
    fuses them, passes its input gradient on and has no gradients of its own."""
    spec = NetworkSpec((16, 16, 1), (
        LayerSpec("Conv2D", {"filters": 6, "kernel_size": 3, "activation": "relu",
                             "trainable": frozen != 0}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Conv2D", {"filters": 5, "kernel_size": 3, "activation": "relu",
                             "trainable": frozen != 2}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}), LayerSpec("Flatten"),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    x = np.random.default_rng(9).standard_normal((5, 16, 16, 1)).astype(np.float32)
    y = np.arange(5) % 3
    net = Network.from_spec(spec, seed=1)
    h = x
    fused = []
    for i in (0, 2):
        out = net.layers[i].forward_pooled(h, net.layers[i + 1], input_grad=i != 0)
        fused.append(out is not None)
        h = net.layers[i + 1].forward(net.layers[i].forward(h, True), True)
    assert fused == [frozen != 0, True]
    runs = []
    for by_layer in (False, True):
        net = Network.from_spec(spec, seed=1)
        if by_layer:
            with net.layer_by_layer():
                runs.append(net.loss_and_grads(x, y))
        else:
            runs.append(net.loss_and_grads(x, y))
        assert not net.layers[frozen].grads
    (loss, grads), (loss0, grads0) = runs
    assert_float_close(loss, loss0, n_terms=5 * 14 * 14, depth=3, dtype=np.float32)
    for g, g0 in zip(grads, grads0):
        assert_float_close(g, g0, n_terms=5 * 14 * 14, depth=2)


# -- Winograd F(2x2, 3x3) (kernels/winograd.py) ------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_winograd_weight_transform_matches_reference(dtype):
    from dlstudio.engine.kernels import winograd

    w = np.random.default_rng(14).standard_normal((3, 3, 5, 7)).astype(dtype)
    u, u0 = np.full((16, 35), np.nan, dtype), np.full((16, 35), np.nan, dtype)
    winograd.weight_transform(w.reshape(9, -1), u)
    ref.winograd_weight_transform(w.reshape(9, -1), u0)
    assert_float_close(u, u0, n_terms=9)


@needs_blas
@pytest.mark.parametrize("h, w, c, f, n, ipt, workers", [
    (13, 13, 32, 64, 3, 2, 2),     # the MNIST convnet's second layer: 11x11 -> 5x5
    (8, 10, 3, 5, 2, 1, 3),        # 6x8 -> 3x4; idle workers
    (9, 9, 1, 4, 5, 2, 1),         # one channel
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu, has_bias", [(True, True), (False, True), (True, False)])
def test_winograd_pooled_matches_reference(h, w, c, f, n, ipt, workers, dtype, relu,
                                           has_bias):
    """The kernel against its twin, and the twin against the direct convolution + pooling
    (``conv_forward_tiles_pooled``'s twin): the transforms round differently, within a few
    units of the last place."""
    from dlstudio.engine.kernels import winograd

    rng = np.random.default_rng(15)
    x = rng.standard_normal((n, h, w, c)).astype(dtype)
    kernel = rng.standard_normal((3, 3, c, f)).astype(dtype)
    b = rng.standard_normal(f).astype(dtype) if has_bias else np.zeros(0, dtype)
    u = np.empty((16, c * f), dtype)
    ref.winograd_weight_transform(kernel.reshape(9, -1), u)
    u = u.reshape(16, c, f)
    oh, ow = h - 2, w - 2
    ph, pw = oh // 2, ow // 2
    rows = ipt * ph * pw
    v = np.full((workers, 16, rows, c), np.nan, dtype)
    m = np.full((workers, 16, rows, f), np.nan, dtype)

    def run(name, values, won):
        if name == "kernel":
            winograd.conv3x3_pooled(x, u, b, has_bias, relu, ow, ipt, v, m, values, won)
        else:
            ref.winograd_conv3x3_pooled(x, u, b, has_bias, relu, ow, ipt, v, m, values, won)
    _compare_pooled(run, np.empty((n, ph, pw, f), dtype), relu, 9 * c)

    got, direct = np.empty((n, ph, pw, f), dtype), np.empty((n, ph, pw, f), dtype)
    ref.winograd_conv3x3_pooled(x, u, b, has_bias, relu, ow, ipt, v, m, got,
                                np.empty((0, 0, 0, 0), np.int32))
    ref.conv_forward_tiles_pooled(x, kernel.reshape(9 * c, f), b, has_bias, relu, 3, 3, 1, 1,
                                  0, 0, ow, ipt, None, None, direct,
                                  np.empty((0, 0, 0, 0), np.int32))
    assert_float_close(got, direct, n_terms=9 * c + 1, depth=4)
