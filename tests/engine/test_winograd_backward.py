"""The backward pass of the Winograd F(2x2, 3x3) convolution under 2x2 max pooling
(``kernels.winograd.conv3x3_pooled_backward``, ``weight_transform_adjoint``): the kernels
against their NumPy twins, the twins against the direct convolution's backward pass, and a
network's gradients through it against the layer-by-layer passes and finite differences."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine.kernels import _reference as ref
from dlstudio.engine.kernels import blas as kblas
from dlstudio.engine.kernels import pooling, winograd
from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from tests.float_tolerance import assert_float_close

needs_blas = pytest.mark.skipif(not kblas.AVAILABLE,
                                reason="NumPy's OpenBLAS is not reachable from Numba")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weight_transform_adjoint_matches_reference_and_is_the_adjoint(dtype):
    rng = np.random.default_rng(20)
    du = rng.standard_normal((16, 35)).astype(dtype)
    dw, dw0 = np.full((9, 35), np.nan, dtype), np.full((9, 35), np.nan, dtype)
    winograd.weight_transform_adjoint(du, dw)
    ref.winograd_weight_transform_adjoint(du, dw0)
    assert_float_close(dw, dw0, n_terms=16)
    # <T(w), du> == <w, T^T(du)> for the forward transform T
    w = rng.standard_normal((9, 35))
    u = np.empty((16, 35))
    winograd.weight_transform(w, u)
    lhs, rhs = np.sum(u * du), np.sum(w * dw)
    assert_float_close(lhs, rhs, n_terms=16 * 35, depth=2, dtype=dtype)


def _pooled_case(h, w, c, f, n, dtype, seed):
    """x, the pooling's winners, output and gradient, and the kernel with its U^T."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, h, w, c)).astype(dtype)
    kernel = rng.standard_normal((3, 3, c, f)).astype(dtype)
    oh, ow = h - 2, w - 2
    ph, pw = oh // 2, ow // 2
    a = np.maximum(rng.standard_normal((n, oh, ow, f)), 0).astype(dtype)
    pooled = np.empty((n, ph, pw, f), dtype)
    winners = np.empty((n, ph, pw, f), np.int32)
    pooling.maxpool_forward(a, 2, 2, 2, 2, 0, 0, ph, pw, pooled, winners)
    gp = rng.standard_normal(pooled.shape).astype(dtype)
    u = np.empty((16, c * f), dtype)
    ref.winograd_weight_transform(kernel.reshape(9, -1), u)
    ut = np.ascontiguousarray(u.reshape(16, c, f).transpose(0, 2, 1))
    return x, kernel, winners, pooled, gp, ut, ow


@needs_blas
@pytest.mark.parametrize("h, w, c, f, n, ipt, workers", [
    (13, 13, 32, 64, 3, 2, 2),     # the MNIST convnet's second layer: 11x11 -> 5x5
    (8, 10, 3, 5, 2, 1, 3),        # 6x8 -> 3x4; an idle worker
    (9, 9, 1, 4, 5, 2, 1),         # one channel; 7x7: the last row and column in no window
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu", [True, False])
@pytest.mark.parametrize("want_dw, want_dx", [(True, True), (True, False), (False, True)])
@pytest.mark.parametrize("kept", [True, False])
def test_winograd_backward_matches_reference_and_the_direct_pass(h, w, c, f, n, ipt, workers,
                                                                dtype, relu, want_dw, want_dx,
                                                                kept):
    """``kept``: V comes from the forward pass (``conv3x3_pooled`` with a slot per tile),
    else the backward pass computes it again."""
    x, kernel, winners, pooled, gp, ut, ow = _pooled_case(h, w, c, f, n, dtype, 21)
    ph, pw = gp.shape[1:3]
    rows = ipt * ph * pw
    n_tiles = -(-n // ipt)
    v_all = np.full((n_tiles, 16, rows, c), np.nan, dtype)
    if kept:
        u = np.ascontiguousarray(ut.transpose(0, 2, 1))
        winograd.conv3x3_pooled(x, u, np.zeros(0, dtype), False, relu, ow, ipt, v_all,
                                np.full((workers, 16, rows, f), np.nan, dtype),
                                np.empty(gp.shape, dtype), np.empty(gp.shape, np.int32))
    out = {}
    for name, fn in (("kernel", winograd.conv3x3_pooled_backward),
                     ("twin", ref.winograd_conv3x3_pooled_backward)):
        v = v_all if kept else np.full((workers, 16, rows, c), np.nan, dtype)
        dv = np.full((workers, 16, rows, c), np.nan, dtype) if kept else v
        m = np.full((workers, 16, rows, f), np.nan, dtype)
        du = np.full((workers, 16, c, f), 7.0, dtype)
        db = np.full((workers, f), np.nan)
        dx = np.full(x.shape, 7.0, dtype)
        fn(x, gp, winners, pooled, ut, relu, want_dw, want_dx, ow, ipt, kept, v, dv, m, du, db,
           dx)
        out[name] = du, db, dx
    (du, db, dx), (du0, db0, dx0) = out["kernel"], out["twin"]
    terms = n * ph * pw
    assert_float_close(db, db0, n_terms=terms, dtype=dtype)
    if want_dw:
        assert_float_close(du, du0, n_terms=terms, depth=3)
    else:
        assert np.all(du == 7.0)                          # not written
    if want_dx:
        assert_float_close(dx, dx0, n_terms=16 * f, depth=3)
    else:
        assert np.all(dx == 7.0)

    # the twin against the direct convolution's backward pass (im2col, col2im)
    k = 9 * c
    dw1, db1 = np.zeros((workers, k, f), dtype), np.zeros((workers, f))
    dx1 = np.zeros(x.shape, dtype)
    ref.conv_backward_tiles_pooled(x, gp, winners, pooled, kernel.reshape(k, f), relu, True,
                                   True, 3, 3, 1, 1, 0, 0, ow, ipt, np.zeros((workers, 1, 1)),
                                   None, dw1, db1, dx1)
    assert_float_close(db0, db1, n_terms=terms, dtype=dtype)
    if want_dw:
        dw9 = np.empty((9, c * f), dtype)
        ref.winograd_weight_transform_adjoint(du0.sum(axis=0).reshape(16, -1), dw9)
        assert_float_close(dw9.reshape(k, f), dw1.sum(axis=0), n_terms=4 * terms, depth=4)
    if want_dx:
        assert_float_close(dx0, dx1, n_terms=9 * f, depth=4)


def _net(dtype, trainable=True):
    spec = NetworkSpec((14, 14, 1), (
        LayerSpec("Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("Conv2D", {"filters": 5, "kernel_size": 3, "activation": "relu",
                             "trainable": trainable}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Flatten"),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    return Network.from_spec(spec, seed=3, dtype=dtype)


def _spy(monkeypatch):
    calls = []
    real = winograd.conv3x3_pooled_backward

    def spy(*args):
        calls.append(args[6:8])          # want_dw, want_dx
        return real(*args)
    monkeypatch.setattr(winograd, "conv3x3_pooled_backward", spy)
    return calls


@needs_blas
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("trainable", [True, False])
def test_network_gradients_through_the_winograd_backward_pass(monkeypatch, dtype, trainable):
    """The second convolution (12x12 -> 10x10 -> pooled 5x5) trains by Winograd both ways;
    its gradients and the first layer's (through its input gradient) are those of the
    separate layer-by-layer passes. A frozen one has no gradients and passes dx on."""
    x = np.random.default_rng(22).standard_normal((6, 14, 14, 1)).astype(dtype)
    y = np.arange(6) % 3
    calls = _spy(monkeypatch)
    loss, grads = _net(dtype, trainable).loss_and_grads(x, y)
    assert calls == [(trainable, True)]
    net0 = _net(dtype, trainable)
    with net0.layer_by_layer():
        loss0, grads0 = net0.loss_and_grads(x, y)
    assert len(grads) == len(grads0)
    assert_float_close(loss, loss0, n_terms=6 * 100, depth=3, dtype=dtype)
    for g, g0 in zip(grads, grads0):
        assert_float_close(g, g0, n_terms=6 * 100, depth=4)


@needs_blas
def test_winograd_backward_agrees_with_finite_differences(monkeypatch):
    """Central differences of the loss (float64, the fused forward pass) at a few kernel
    weights and biases of both convolutions."""
    net = _net(np.float64)
    rng = np.random.default_rng(23)
    x = rng.standard_normal((3, 14, 14, 1))
    y = np.array([0, 1, 2])
    calls = _spy(monkeypatch)
    _, grads = net.loss_and_grads(x, y)
    assert calls
    params = [p for layer in net.layers[:2] for p in (layer.params["W"], layer.params["b"])]
    eps = 1e-6
    for p, g in zip(params, grads[:4]):
        for flat in rng.choice(p.size, size=min(5, p.size), replace=False):
            i = np.unravel_index(flat, p.shape)
            keep = p[i]
            p[i] = keep + eps
            up, _ = net.loss_and_grads(x, y)
            p[i] = keep - eps
            down, _ = net.loss_and_grads(x, y)
            p[i] = keep
            numeric = (up - down) / (2 * eps)
            assert abs(numeric - g[i]) < 1e-6 * max(1.0, abs(numeric)), (p.shape, i)
