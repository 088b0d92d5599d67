"""Losses: hand-computed values, finite-difference gradients (float64), stability, fusion."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import losses as L


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _rel_err(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)


def _numeric_grad(f, x, h=1e-6):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


def _case(name, rng):
    """(loss, logits z (N, C), targets) for a registered loss name, in float64."""
    n, c = 5, 4
    z = rng.normal(size=(n, c))
    if name == "sparse_categorical_crossentropy":
        return z, rng.integers(0, c, size=n)
    if name == "categorical_crossentropy":
        return z, np.eye(c)[rng.integers(0, c, size=n)]
    if name == "binary_crossentropy":
        return z[:, :2], rng.integers(0, 2, size=(n, 2)).astype(float)
    return z, rng.normal(size=(n, c))


def _activation(loss):
    return {"softmax": _softmax, "sigmoid": _sigmoid, None: lambda z: z}[loss.fuses_with]


ALL = L.LOSSES.names()


def test_hand_computed_values():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    y = np.array([0, 2])
    expected = -(np.log(0.7) + np.log(0.8)) / 2
    assert L.get("sparse_cce").value(p, y) == pytest.approx(expected)
    assert L.get("cce").value(p, np.eye(3)[y]) == pytest.approx(expected)
    pb = np.array([[0.9], [0.2]])
    yb = np.array([1, 0])
    assert L.get("bce").value(pb, yb) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)
    assert L.get("mse").value(np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]])) == \
        pytest.approx((1 + 4) / 2)


def test_probabilities_are_clipped_like_keras():
    p = np.array([[1.0, 0.0]])
    assert L.get("sparse_cce").value(p, np.array([1])) == pytest.approx(-np.log(1e-7))
    assert L.get("bce").value(np.array([0.0]), np.array([1.0])) == pytest.approx(-np.log(1e-7))


@pytest.mark.parametrize("name", ALL)
def test_grad_from_outputs_matches_finite_differences(name):
    rng = np.random.default_rng(0)
    z, y = _case(name, rng)
    loss = L.get(name)
    out = _activation(loss)(z)
    num = _numeric_grad(lambda a: loss.value(a, y), out.copy())
    assert _rel_err(loss.grad(out, y), num) < 1e-6


@pytest.mark.parametrize("name", ALL)
def test_grad_from_logits_matches_finite_differences(name):
    rng = np.random.default_rng(1)
    z, y = _case(name, rng)
    loss = L.get(name)
    act = _activation(loss)
    value, grad = loss.value_and_grad_logits(z, y)
    assert value == pytest.approx(loss.value(act(z), y), rel=1e-10)
    num = _numeric_grad(lambda a: loss.value(act(a), y), z.copy())
    assert _rel_err(grad, num) < 1e-6


@pytest.mark.parametrize("name", [n for n in ALL if n != "mean_squared_error"])
def test_from_logits_flag_matches_fused_path(name):
    rng = np.random.default_rng(2)
    z, y = _case(name, rng)
    fused = L.get(name).value_and_grad_logits(z, y)
    logits_loss = L.get(name, from_logits=True)
    assert logits_loss.fuses_with is None
    assert logits_loss.value(z, y) == pytest.approx(fused[0], rel=1e-12)
    np.testing.assert_allclose(logits_loss.grad(z, y), fused[1], rtol=1e-12)
    num = _numeric_grad(lambda a: logits_loss.value(a, y), z.copy())
    assert _rel_err(logits_loss.grad(z, y), num) < 1e-6


@pytest.mark.parametrize("name", ALL)
def test_fused_and_unfused_chain_rule_agree(name):
    """dL/dz through the activation's Jacobian equals the fused gradient."""
    rng = np.random.default_rng(3)
    z, y = _case(name, rng)
    loss = L.get(name)
    a = _activation(loss)(z)
    g_a = loss.grad(a, y)
    if loss.fuses_with == "softmax":
        g_z = a * (g_a - np.sum(g_a * a, axis=-1, keepdims=True))
    elif loss.fuses_with == "sigmoid":
        g_z = g_a * a * (1 - a)
    else:
        g_z = g_a
    np.testing.assert_allclose(loss.value_and_grad_logits(z, y)[1], g_z, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("name", [n for n in ALL if n != "mean_squared_error"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_huge_logits_stay_finite(name, dtype):
    rng = np.random.default_rng(4)
    z, y = _case(name, rng)
    z = (np.sign(z) * 1e4).astype(dtype)
    value, grad = L.get(name).value_and_grad_logits(z, y)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    assert grad.dtype == dtype
    value2 = L.get(name, from_logits=True).value(z, y)
    assert np.isfinite(value2)


def test_softmax_ce_gradient_is_softmax_minus_onehot():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    y = np.array([2, 0])
    _, g = L.get("sparse_categorical_crossentropy").value_and_grad_logits(z, y)
    np.testing.assert_allclose(g, (_softmax(z) - np.eye(3)[y]) / 2)


def test_float32_stays_float32():
    z = np.random.default_rng(5).normal(size=(8, 10)).astype(np.float32)
    y = np.arange(8) % 10
    loss = L.get("sparse_categorical_crossentropy")
    assert loss.value_and_grad_logits(z, y)[1].dtype == np.float32
    assert loss.grad(_softmax(z).astype(np.float32), y).dtype == np.float32
    assert L.get("mse").grad(z, z * 0).dtype == np.float32


def test_labels_out_of_range_explain_the_fix():
    with pytest.raises(ValueError, match="one unit per class"):
        L.get("sparse_cce").value(np.full((2, 3), 1 / 3), np.array([0, 3]))
    # (N, 1) labels are accepted, like Keras
    assert np.isfinite(L.get("sparse_cce").value(np.full((2, 3), 1 / 3), np.array([[0], [2]])))


def test_get_identifiers_and_metadata():
    assert isinstance(L.get("mse"), L.MeanSquaredError)
    assert isinstance(L.get("SparseCategoricalCrossentropy"), L.SparseCategoricalCrossentropy)
    bce = L.get({"class_name": "BinaryCrossentropy", "config": {"from_logits": True}})
    assert bce.from_logits and L.get(bce.to_dict()) == bce
    assert L.get("sparse_cce").fuses_with == "softmax"
    assert L.get("bce").fuses_with == "sigmoid"
    assert L.get("mse").fuses_with is None and L.get("mse").metric is None
    assert L.get("cce").metric == "accuracy"
    with pytest.raises(KeyError, match="Did you mean"):
        L.get("mean_square_error")
    with pytest.raises(ValueError):
        L.get("mse", from_logits=True)


def test_accuracy_helper():
    p = np.array([[0.7, 0.3], [0.4, 0.6], [0.9, 0.1]])
    assert L.accuracy(p, np.array([0, 1, 1]), "sparse_cce") == pytest.approx(2 / 3)
    assert L.accuracy(p, np.eye(2)[[0, 0, 0]], "cce") == pytest.approx(2 / 3)
    assert L.accuracy(np.array([[0.8], [0.3]]), np.array([1, 1]), "bce") == 0.5
    assert L.accuracy(np.array([[2.0], [-1.0]]), np.array([1, 0]),
                      L.get("bce", from_logits=True)) == 1.0
    assert L.accuracy(p, p, "mse") is None
