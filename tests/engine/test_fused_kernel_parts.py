"""The parts of the fused kernel (kernels/fused_activations.py, fused_dense.py, fused_loss.py,
fused_stage_table.py) against their NumPy twins, in float64 (tolerances of summation order)."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import activations
from dlstudio.engine.kernels import fused_activations as fka
from dlstudio.engine.kernels import fused_dense, fused_loss, fused_stage_table

TOL = dict(rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("name, code", [("relu", fka.RELU), ("sigmoid", fka.SIGMOID),
                                        ("softplus", fka.SOFTPLUS)])
def test_activate_matches_the_activation_module(name, code):
    z = np.random.default_rng(1).standard_normal((4, 5))
    a = np.empty_like(z)
    fka.activate(code, 0.0, 1.0, 700.0, z, a)
    np.testing.assert_allclose(a, activations.get(name).forward(z), **TOL)


def test_dense_products_match_numpy():
    rng = np.random.default_rng(2)
    x, W = rng.standard_normal((6, 3)), rng.standard_normal((3, 5))
    b = rng.standard_normal((1, 5))
    z = np.empty((6, 5))
    has_bias = np.int64(1)          # as the fused kernel passes it: its table's int64 flag
    fused_dense.dense_forward(x, W, b, has_bias, z)
    np.testing.assert_allclose(z, x @ W + b, **TOL)
    d = rng.standard_normal((6, 5))
    gW, gb = np.empty_like(W), np.empty_like(b)
    fused_dense.dense_grads(x, d, has_bias, gW, gb)
    np.testing.assert_allclose(gW, x.T @ d, **TOL)
    np.testing.assert_allclose(gb, d.sum(axis=0, keepdims=True), **TOL)
    dx = np.empty_like(x)
    fused_dense.dense_input_grad(d, W, dx)
    np.testing.assert_allclose(dx, d @ W.T, **TOL)


def test_stage_loss_sparse_cross_entropy_and_a_bad_label():
    rng = np.random.default_rng(3)
    z = rng.standard_normal((4, 3))
    labels = np.array([0, 2, 1, 2], np.int64)
    y_pred, d = np.empty_like(z), np.empty_like(z)
    dummy = np.zeros((0, 0))
    value = fused_loss.stage_loss(fused_loss.SPARSE_CE, 1, 700.0, z, z, labels, dummy,
                                  y_pred, d)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    assert value == pytest.approx(-np.log(p[np.arange(4), labels]).mean(), rel=1e-12)
    np.testing.assert_allclose(y_pred, p, **TOL)
    labels[1] = 3
    assert fused_loss.stage_loss(fused_loss.SPARSE_CE, 1, 700.0, z, z, labels, dummy, y_pred,
                                 d) == fused_loss.BAD_LABEL


def test_stage_array_views_an_array_by_its_address():
    arr = np.arange(6.0).reshape(2, 3)
    table = np.array([(arr.ctypes.data, 2, 3)], np.int64)
    view = fused_stage_table.stage_array(table, 0, arr)
    assert view.shape == (2, 3) and view.dtype == arr.dtype
    np.testing.assert_array_equal(view, arr)
