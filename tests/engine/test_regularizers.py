"""Regularizers, constraints and gradient clipping against hand-computed values."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import regularizers as R


def _numeric_grad(f, W, h=1e-6):
    g = np.zeros_like(W)
    for i in np.ndindex(W.shape):
        old = W[i]
        W[i] = old + h
        fp = f(W)
        W[i] = old - h
        fm = f(W)
        W[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


W_SMALL = np.array([[1.0, -2.0], [0.5, 0.0]])


def test_l1_l2_values_follow_keras_convention():
    assert R.L1(0.1).loss(W_SMALL) == pytest.approx(0.1 * 3.5)
    assert R.L2(0.1).loss(W_SMALL) == pytest.approx(0.1 * (1 + 4 + 0.25))
    assert R.L1L2(0.1, 0.2).loss(W_SMALL) == pytest.approx(0.35 + 0.2 * 5.25)
    np.testing.assert_allclose(R.L2(0.1).grad(W_SMALL), 0.2 * W_SMALL)
    np.testing.assert_allclose(R.L1(0.1).grad(W_SMALL), [[0.1, -0.1], [0.1, 0.0]])


@pytest.mark.parametrize("reg", [R.L1(0.03), R.L2(0.07), R.L1L2(0.02, 0.05)],
                         ids=lambda r: r.name)
def test_gradients_match_finite_differences(reg):
    W = np.random.default_rng(0).normal(size=(4, 3))  # away from 0, where |w| has a kink
    W[np.abs(W) < 0.05] = 0.3
    num = _numeric_grad(reg.loss, W)
    ana = reg.grad(W)
    assert np.max(np.abs(num - ana)) / np.max(np.abs(ana)) < 1e-6
    out = np.zeros_like(W)
    np.testing.assert_allclose(reg.add_grad(W, out), ana)


def test_grad_keeps_float32():
    W = np.ones((3, 2), np.float32)
    for reg in (R.L1(), R.L2(), R.L1L2(0.1, 0.1)):
        assert reg.grad(W).dtype == np.float32


@pytest.mark.parametrize("ident, expected", [
    ("l2", R.L2(0.01)),
    ("L1", R.L1(0.01)),
    ("L1L2", R.L1L2(0.0, 0.0)),
    ({"class_name": "L2", "config": {"l2": 0.5}}, R.L2(0.5)),
    ({"name": "l1", "l1": 0.2}, R.L1(0.2)),
    ({"l2": 0.01}, R.L2(0.01)),
    ({"l1": 0.3}, R.L1(0.3)),
    ({"l1": 0.1, "l2": 0.2}, R.L1L2(0.1, 0.2)),
])
def test_get_accepts_keras_identifiers(ident, expected):
    assert R.get(ident) == expected


def test_get_none_and_instance_and_round_trip():
    assert R.get(None) is None
    reg = R.L2(0.3)
    assert R.get(reg) is reg
    assert R.get(reg.to_dict()) == reg


@pytest.mark.parametrize("bad", ["l3", {"l3": 0.1}, {"class_name": "L2", "config": {"x": 1}},
                                 {"l2": -1.0}, 5])
def test_get_rejects_bad_identifiers_with_a_message(bad):
    with pytest.raises((ValueError, KeyError)) as info:
        R.get(bad)
    assert str(info.value)


def test_max_norm_dense_kernel_per_output_unit():
    W = np.array([[3.0, 0.3], [4.0, 0.4]])  # column norms 5 and 0.5
    R.MaxNorm(2.0).apply(W)
    np.testing.assert_allclose(W[:, 0], [3 * 2 / (5 + 1e-7), 4 * 2 / (5 + 1e-7)])
    np.testing.assert_allclose(W[:, 1], [0.3 * 0.5 / (0.5 + 1e-7), 0.4 * 0.5 / (0.5 + 1e-7)])


def test_max_norm_conv_kernel_per_filter():
    rng = np.random.default_rng(1)
    W = rng.normal(size=(3, 3, 2, 4)).astype(np.float32) * 3
    c = R.constraints_get({"class_name": "MaxNorm", "config": {"max_value": 1.5,
                                                                 "axis": [0, 1, 2]}})
    c.apply(W)
    norms = np.sqrt((W.astype(np.float64) ** 2).sum(axis=(0, 1, 2)))
    np.testing.assert_allclose(norms, 1.5, rtol=1e-5)
    assert W.dtype == np.float32


def test_non_neg_and_unit_norm():
    W = np.array([[1.0, -2.0], [-0.5, 3.0]])
    R.constraints_get("non_neg").apply(W)
    np.testing.assert_array_equal(W, [[1.0, 0.0], [0.0, 3.0]])
    W = np.array([[3.0, 0.0], [4.0, 2.0]])
    R.constraints_get("unit_norm").apply(W)
    np.testing.assert_allclose(W, [[0.6, 0.0], [0.8, 1.0]], rtol=1e-6)


def test_constraints_get_forms():
    assert R.constraints_get(None) is None
    c = R.constraints_get("max_norm")
    assert (c.max_value, c.axis) == (2.0, 0)
    assert R.constraints_get(c.to_dict()) == c
    with pytest.raises(ValueError):
        R.MaxNorm(0)


def test_clip_by_value_in_place():
    g = [np.array([-3.0, 0.5, 2.0]), np.array([[10.0]])]
    out = R.clip_by_value(g, 1.0)
    assert out is g
    np.testing.assert_array_equal(g[0], [-1.0, 0.5, 1.0])
    np.testing.assert_array_equal(g[1], [[1.0]])


def test_clip_by_global_norm_scales_all_together():
    g = [np.array([3.0, 0.0]), np.array([[4.0]])]  # global norm 5
    clipped, norm = R.clip_by_global_norm(g, 1.0)
    assert norm == pytest.approx(5.0)
    np.testing.assert_allclose(clipped[0], [0.6, 0.0])
    np.testing.assert_allclose(clipped[1], [[0.8]])
    # below the threshold nothing changes
    g2 = [np.array([0.3, 0.4])]
    _, n2 = R.clip_by_global_norm(g2, 1.0)
    assert n2 == pytest.approx(0.5)
    np.testing.assert_array_equal(g2[0], [0.3, 0.4])


def test_clip_by_global_norm_leaves_non_finite_alone():
    g = [np.array([np.inf, 1.0], np.float32)]
    _, norm = R.clip_by_global_norm(g, 1.0)
    assert not np.isfinite(norm)
    assert g[0][1] == 1.0


def test_clip_by_norm_per_tensor():
    g = [np.array([3.0, 4.0]), np.array([0.1, 0.0])]
    R.clip_by_norm(g, 1.0)
    np.testing.assert_allclose(g[0], [0.6, 0.8])
    np.testing.assert_allclose(g[1], [0.1, 0.0])


def test_registries_carry_ui_metadata():
    for registry in (R.REGULARIZERS, R.CONSTRAINTS):
        for entry in registry.entries():
            assert entry.display and entry.help
    assert R.REGULARIZERS.entry("l2").param("l2").log
