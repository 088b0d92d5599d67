"""Learning-rate schedules against hand-computed values."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import schedules as S


def test_constant():
    s = S.get("constant", learning_rate=0.05)
    assert s(0) == s(123_456) == 0.05
    assert S.get(0.02) == S.Constant(0.02)


def test_exponential_decay_curriculum_example():
    """lr0 0.1, divided by 10 every 10,000 steps."""
    s = S.get("exponential_decay", initial_learning_rate=0.1, decay_steps=10_000,
              decay_rate=0.1)
    assert s(0) == pytest.approx(0.1)
    assert s(5_000) == pytest.approx(0.1 * 0.1 ** 0.5)      # 0.0316...
    assert s(10_000) == pytest.approx(0.01)
    assert s(20_000) == pytest.approx(0.001)
    stairs = S.get("exponential_decay", initial_learning_rate=0.1, decay_steps=10_000,
                   decay_rate=0.1, staircase=True)
    assert stairs(9_999) == pytest.approx(0.1)
    assert stairs(10_000) == pytest.approx(0.01)
    assert stairs(19_999) == pytest.approx(0.01)


def test_piecewise_constant_follows_keras_boundaries():
    s = S.get({"class_name": "PiecewiseConstantDecay",
               "config": {"boundaries": [100, 200], "values": [1.0, 0.5, 0.1]}})
    assert [s(x) for x in (0, 100, 101, 200, 201, 10_000)] == [1.0, 1.0, 0.5, 0.5, 0.1, 0.1]
    # text from a form field is accepted too
    assert S.get("piecewise_constant", boundaries="100, 200", values="(1, 0.5, 0.1)") == s


def test_inverse_time_decay_matches_keras_formula():
    s = S.get("InverseTimeDecay", initial_learning_rate=0.1, decay_steps=1_000, decay_rate=0.5)
    assert s(0) == pytest.approx(0.1)
    assert s(1_000) == pytest.approx(0.1 / 1.5)
    assert s(500) == pytest.approx(0.1 / 1.25)
    stairs = S.get("inverse_time_decay", initial_learning_rate=0.1, decay_steps=1_000,
                   decay_rate=0.5, staircase=True)
    assert stairs(999) == pytest.approx(0.1)
    assert stairs(2_500) == pytest.approx(0.1 / 2.0)


def test_power_scheduling():
    s = S.get("power", initial_learning_rate=0.01, decay_steps=100, power=2.0)
    assert s(0) == pytest.approx(0.01)
    assert s(100) == pytest.approx(0.01 / 4)     # (1 + 1)^2
    assert s(300) == pytest.approx(0.01 / 16)    # (1 + 3)^2
    c1 = S.get("power", initial_learning_rate=0.1, decay_steps=50, power=1.0)
    inv = S.get("inverse_time_decay", initial_learning_rate=0.1, decay_steps=50, decay_rate=1.0)
    np.testing.assert_allclose(S.curve(c1, 500), S.curve(inv, 500))


@pytest.mark.parametrize("name", S.SCHEDULES.names())
def test_curve_agrees_with_calls_and_config_round_trips(name):
    s = S.get(name)
    c = S.curve(s, 50)
    assert c.shape == (50,) and c.dtype == np.float64
    np.testing.assert_allclose(c, [s(i) for i in range(50)])
    assert S.get(s.to_dict()) == s
    entry = S.SCHEDULES.entry(name)
    assert entry.display and entry.help
    assert S.SCHEDULES[name](**entry.defaults()).get_config() == s.get_config()
    assert S.curve(s, 0).shape == (0,)


def test_decaying_schedules_never_increase():
    for name in ("exponential_decay", "inverse_time_decay", "power"):
        c = S.curve(S.get(name, decay_steps=10), 200)
        assert np.all(np.diff(c) <= 0) and c[-1] < c[0]


@pytest.mark.parametrize("name, bad", [
    ("exponential_decay", {"decay_steps": 0}),
    ("exponential_decay", {"initial_learning_rate": -1.0}),
    ("piecewise_constant", {"boundaries": [10, 5], "values": [1.0, 0.5, 0.1]}),
    ("piecewise_constant", {"boundaries": [10], "values": [1.0]}),
    ("power", {"power": -1.0}),
    ("constant", {"rate": 0.1}),
])
def test_bad_settings_explain_themselves(name, bad):
    with pytest.raises(ValueError) as info:
        S.get(name, **bad)
    assert str(info.value)


def test_unknown_name_suggests_close_match():
    with pytest.raises(KeyError, match="exponential_decay"):
        S.get("exponential_dacay")
