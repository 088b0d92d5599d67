"""Activations: values against textbook formulas, gradients against finite differences."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import activations
from dlstudio.engine.activations import ACTIVATIONS, get
from dlstudio.engine.gradcheck import numeric_gradient, relative_error

SELU_A, SELU_S = 1.6732632423543772, 1.0507009873554805


def _expected(name: str, z: np.ndarray) -> np.ndarray:
    """Direct float64 formulas (fine for moderate z)."""
    if name == "linear":
        return z
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "elu":
        return np.where(z > 0, z, np.exp(z) - 1)
    if name == "selu":
        return SELU_S * np.where(z > 0, z, SELU_A * (np.exp(z) - 1))
    if name == "softplus":
        return np.log(1 + np.exp(z))
    if name == "softmax":
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)
    raise AssertionError(name)


@pytest.mark.parametrize("name", ACTIVATIONS.names())
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_matches_formula(name, dtype):
    rng = np.random.default_rng(0)
    z = (rng.standard_normal((5, 7)) * 3).astype(dtype)
    a = get(name).forward(z)
    assert a.dtype == dtype and a.shape == z.shape
    tol = 1e-6 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(a, _expected(name, z.astype(np.float64)), rtol=tol * 10, atol=tol)


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_backward_matches_finite_differences(name):
    rng = np.random.default_rng(1)
    z = rng.standard_normal((4, 6)) * 2
    z[np.abs(z) < 1e-3] = 0.5          # keep away from the kink of the ReLU family
    proj = rng.standard_normal(z.shape)
    act = get(name)
    a = act.forward(z)
    analytic = act.backward(z, a, proj)
    numeric = numeric_gradient(lambda zz: np.sum(proj * act.forward(zz)), z)
    assert relative_error(analytic, numeric) < 1e-6


@pytest.mark.parametrize("identifier", [{"class_name": "leaky_relu", "config": {"alpha": 0.2}},
                                        {"class_name": "elu", "config": {"alpha": 0.5}}])
def test_backward_with_settings(identifier):
    rng = np.random.default_rng(2)
    z = rng.standard_normal((3, 5))
    proj = rng.standard_normal(z.shape)
    act = get(identifier)
    analytic = act.backward(z, act.forward(z), proj)
    numeric = numeric_gradient(lambda zz: np.sum(proj * act.forward(zz)), z)
    assert relative_error(analytic, numeric) < 1e-6


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_out_buffer_is_used_and_matches(name):
    rng = np.random.default_rng(3)
    z = rng.standard_normal((8, 4)).astype(np.float32)
    g = rng.standard_normal(z.shape).astype(np.float32)
    act = get(name)
    a = act.forward(z)
    out = np.empty_like(z)
    assert act.forward(z, out=out) is out
    np.testing.assert_array_equal(out, a)
    out2 = np.empty_like(z)
    assert act.backward(z, a, g, out=out2) is out2
    np.testing.assert_allclose(out2, act.backward(z, a, g), rtol=1e-6, atol=1e-7)
    assert out2.dtype == np.float32


@pytest.mark.parametrize("name", ACTIVATIONS.names())
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_inputs_are_finite_and_silent(name, dtype):
    z = np.array([[-1e4, -100.0, -1.0, 0.0, 1.0, 100.0, 1e4]], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        act = get(name)
        a = act.forward(z)
        g = act.backward(z, a, np.ones_like(z))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(g))
    lo, hi = act.output_range
    if name in ("sigmoid", "tanh", "softmax"):
        assert np.all(a >= lo) and np.all(a <= hi)


def test_softmax_rows_sum_to_one_and_shift_invariant():
    rng = np.random.default_rng(4)
    z = rng.standard_normal((6, 10))
    act = get("softmax")
    a = act.forward(z)
    np.testing.assert_allclose(a.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(act.forward(z + 1000.0), a, rtol=1e-12)


def test_softmax_backward_is_jacobian_product():
    rng = np.random.default_rng(5)
    z = rng.standard_normal(5)
    g = rng.standard_normal(5)
    act = get("softmax")
    a = act.forward(z)
    jac = np.diag(a) - np.outer(a, a)
    np.testing.assert_allclose(act.backward(z, a, g), jac @ g, rtol=1e-12, atol=1e-15)


def test_saturated_masks_follow_documented_thresholds():
    sig, tanh, relu = get("sigmoid"), get("tanh"), get("relu")
    a = np.array([0.01, 0.5, 0.99])
    np.testing.assert_array_equal(sig.saturated_mask(a), [True, False, True])
    np.testing.assert_array_equal(tanh.saturated_mask(np.array([-0.99, 0.0, 0.97, 0.99])),
                                  [True, False, False, True])
    np.testing.assert_array_equal(relu.saturated_mask(np.array([0.0, 0.1])), [True, False])
    assert not get("linear").saturated_mask(np.array([100.0])).any()


def test_kinds_and_ranges():
    assert {n for n in ACTIVATIONS if get(n).kind == "saturating"} == {"sigmoid", "tanh"}
    assert {n for n in ACTIVATIONS if get(n).kind == "relu"} == {"relu", "leaky_relu", "elu",
                                                                   "selu"}
    for name in ACTIVATIONS:
        lo, hi = get(name).output_range
        assert lo < hi
    assert get("sigmoid").output_range == (0.0, 1.0)
    assert get({"class_name": "elu", "config": {"alpha": 2.0}}).output_range[0] == -2.0


def test_get_accepts_names_dicts_instances_and_none():
    assert get("relu").name == "relu"
    assert get("ReLU").name == "relu"
    assert get(None).name == "linear"
    leaky = get({"class_name": "leaky_relu", "config": {"alpha": 0.2}})
    assert leaky.alpha == 0.2 and get(leaky) is leaky
    assert get({"name": "elu", "alpha": 0.5}).alpha == 0.5
    assert get("leaky_relu").alpha == 0.01


def test_identifier_round_trip():
    for ident in ["relu", "leaky_relu", {"class_name": "leaky_relu", "config": {"alpha": 0.3}}]:
        act = get(ident)
        assert get(act.to_identifier()) == act
    assert get("elu").to_identifier() == "elu"


@pytest.mark.parametrize("bad, fragment", [
    ("relu6", "unknown activation"),
    ({"class_name": "relu", "config": {"alpha": 1}}, "no setting alpha"),
    ({"class_name": "leaky_relu", "config": {"alpha": -1}}, "between"),
    ({"class_name": "elu", "config": {"alpha": "big"}}, "must be a number"),
])
def test_bad_identifiers_explain_themselves(bad, fragment):
    with pytest.raises((KeyError, ValueError), match=fragment):
        get(bad)


def test_registry_metadata_for_the_gui():
    for entry in ACTIVATIONS.entries():
        assert entry.display and len(entry.help) > 20
    assert ACTIVATIONS.entry("leaky_relu").param("alpha").default == 0.01
    assert ACTIVATIONS.entry("elu").param("alpha").default == 1.0
    assert activations.SELU_SCALE == pytest.approx(SELU_S)
