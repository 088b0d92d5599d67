"""Initializers: fans, variances and ranges as Keras defines them."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine.initializers import INITIALIZERS, TRUNCATED_STD, compute_fans, get

SHAPES = [(300, 200), (3, 3, 32, 64), (5, 5, 1, 16)]


@pytest.mark.parametrize("shape, fans", [
    ((784, 300), (784, 300)),
    ((3, 3, 32, 64), (288, 576)),
    ((5, 5, 1, 16), (25, 400)),
    ((7,), (7, 7)),
    ((), (1, 1)),
])
def test_fans_like_keras(shape, fans):
    assert compute_fans(shape) == fans


def _target_variance(name: str, shape) -> float:
    fan_in, fan_out = compute_fans(shape)
    family = name.split("_")[0]
    return {"glorot": 2.0 / (fan_in + fan_out), "he": 2.0 / fan_in, "lecun": 1.0 / fan_in}[family]


@pytest.mark.parametrize("name", ["glorot_normal", "glorot_uniform", "he_normal",
                                  "he_uniform", "lecun_normal", "lecun_uniform"])
@pytest.mark.parametrize("shape", SHAPES)
def test_variance_scaling_variances(name, shape):
    rng = np.random.default_rng(0)
    w = get(name)(shape, rng, dtype=np.float64)
    target = _target_variance(name, shape)
    assert w.shape == shape
    assert abs(w.mean()) < 4 * np.sqrt(target / w.size) + 1e-12
    assert w.var() == pytest.approx(target, rel=0.05)
    if name.endswith("uniform"):
        assert np.abs(w).max() <= np.sqrt(3 * target)
    else:  # truncated at 2 sigma of the underlying normal
        assert np.abs(w).max() <= 2 * np.sqrt(target) / TRUNCATED_STD


def test_variance_is_exact_on_large_draws():
    rng = np.random.default_rng(1)
    w = get("he_normal")((1000, 400), rng, dtype=np.float64)
    assert w.var() == pytest.approx(2.0 / 1000, rel=0.01)


def test_fixed_scale_initializers():
    rng = np.random.default_rng(2)
    w = get("random_normal")((400, 400), rng)
    assert w.std() == pytest.approx(0.05, rel=0.02) and abs(w.mean()) < 1e-3
    u = get("random_uniform")((400, 400), rng)
    assert -0.05 <= u.min() and u.max() <= 0.05 and u.var() == pytest.approx(0.01 / 12, rel=0.03)
    t = get({"class_name": "truncated_normal", "config": {"mean": 1.0, "stddev": 0.5}})(
        (400, 400), rng, dtype=np.float64)
    assert np.all(np.abs(t - 1.0) <= 1.0)
    assert t.std() == pytest.approx(0.5 * TRUNCATED_STD, rel=0.02)
    c = get({"class_name": "constant", "config": {"value": 0.3}})((2, 3), rng)
    np.testing.assert_array_equal(c, np.full((2, 3), 0.3, dtype=np.float32))
    assert not get("zeros")((4,), rng).any() and get("ones")((4,), rng).all()


@pytest.mark.parametrize("name", INITIALIZERS.names())
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_shape_and_determinism(name, dtype):
    a = get(name)((3, 3, 2, 4), np.random.default_rng(5), dtype=dtype)
    b = get(name)((3, 3, 2, 4), np.random.default_rng(5), dtype=dtype)
    assert a.dtype == dtype and a.shape == (3, 3, 2, 4) and a.flags.c_contiguous
    np.testing.assert_array_equal(a, b)


def test_get_and_identifiers():
    assert get("xavier_uniform").name == "glorot_uniform"
    init = get({"class_name": "random_normal", "config": {"stddev": 0.1}})
    assert init.stddev == 0.1 and get(init) is init
    assert get(init.to_identifier()) == init
    assert get("he_normal").to_identifier() == "he_normal"
    assert init.to_identifier() == {"class_name": "random_normal",
                                    "config": {"mean": 0.0, "stddev": 0.1}}


@pytest.mark.parametrize("bad, fragment", [
    ("he_gaussian", "unknown initializer"),
    ({"class_name": "zeros", "config": {"value": 1}}, "no setting value"),
    ({"class_name": "random_normal", "config": {"stddev": -1}}, "at least 0"),
    ({"class_name": "random_uniform", "config": {"minval": 1, "maxval": 0}}, "smaller"),
])
def test_bad_identifiers_explain_themselves(bad, fragment):
    with pytest.raises((KeyError, ValueError), match=fragment):
        get(bad)


def test_registry_metadata_for_the_gui():
    for entry in INITIALIZERS.entries():
        assert entry.display and len(entry.help) > 20
        for p in entry.params:
            assert p.help
            if p.kind in ("float", "int"):
                assert p.low is not None and p.high is not None
            else:
                assert p.kind == "choice" and p.default in p.choices
    assert "ReLU" in INITIALIZERS.entry("he_normal").help
    assert "tanh" in INITIALIZERS.entry("glorot_uniform").help
    assert "SELU" in INITIALIZERS.entry("lecun_normal").help


def test_variance_scaling_takes_keras_arguments_and_defaults():
    from dlstudio.engine.initializers import INITIALIZERS, get

    vs = get("VarianceScaling")
    assert vs.config == {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal",
                         "seed": None}
    assert INITIALIZERS.entry("variance_scaling").defaults() == vs.config
    # Glorot & Bengio's "standard" init U[-1/sqrt(n), 1/sqrt(n)]
    std = get({"class_name": "VarianceScaling",
               "config": {"scale": 1 / 3, "mode": "fan_in", "distribution": "uniform"}})
    w = std((400, 50), np.random.default_rng(0))
    assert np.abs(w).max() <= 1 / np.sqrt(400) and np.abs(w).max() > 0.99 / np.sqrt(400)
    # a seed gives the same weights whatever the network's generator
    seeded = get({"class_name": "variance_scaling", "config": {"seed": 7}})
    assert np.array_equal(seeded((5, 4), np.random.default_rng(0)),
                          seeded((5, 4), np.random.default_rng(1)))
    assert get({"class_name": "variance_scaling", "config": {"distribution": "normal"}}
               ).distribution == "truncated_normal"
    for bad in ({"mode": "fan_both"}, {"distribution": "cauchy"}, {"scale": 0}):
        with pytest.raises(ValueError):
            get({"class_name": "variance_scaling", "config": bad})


@pytest.mark.parametrize("name, scale, mode, dist", [
    ("glorot_uniform", 1.0, "fan_avg", "uniform"), ("glorot_normal", 1.0, "fan_avg",
                                                    "truncated_normal"),
    ("he_uniform", 2.0, "fan_in", "uniform"), ("he_normal", 2.0, "fan_in", "truncated_normal"),
    ("lecun_uniform", 1.0, "fan_in", "uniform"), ("lecun_normal", 1.0, "fan_in",
                                                  "truncated_normal")])
def test_named_initializers_are_special_cases_of_variance_scaling(name, scale, mode, dist):
    from dlstudio.engine.initializers import get

    named = get(name)
    general = get({"class_name": "variance_scaling",
                   "config": {"scale": scale, "mode": mode, "distribution": dist}})
    assert np.array_equal(named((30, 20), np.random.default_rng(3)),
                          general((30, 20), np.random.default_rng(3)))
    assert named.to_identifier() == name
