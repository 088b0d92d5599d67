"""Which curves of a comparison coincide (``coinciding``): a curve that a later one covers is
drawn wider under it (walker27 W27-10)."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.plots.coinciding import WIDER, coincide, covering, extra_widths

X = np.arange(30, dtype=float)
FALLING = 2.5 - 0.03 * X


def test_the_same_curve_coincides_and_a_distinct_one_does_not():
    assert coincide((X, FALLING), (X, FALLING + 1e-4), height=3.0)
    assert not coincide((X, FALLING), (X, FALLING + 0.3), height=3.0)
    assert not coincide((X, FALLING), (X[:3], FALLING[:3]), height=3.0)   # barely overlaps


def test_on_a_log_axis_curves_compare_by_their_logarithms():
    rate = np.full(30, 1e-3)
    assert coincide((X, rate), (X, rate * 1.001), height=2.0, log=True)
    assert not coincide((X, rate), (X, rate * 10), height=2.0, log=True)


def test_each_curve_is_widened_once_per_later_curve_covering_it():
    same = (X, FALLING)
    apart = (X, FALLING + 1.0)
    assert covering([same, same, same], height=3.0) == [2, 1, 0]
    assert covering([same, apart, same], height=3.0) == [1, 0, 0]
    assert extra_widths([same, apart], height=3.0) == [0.0, 0.0]
    assert extra_widths([same, same], height=3.0) == [WIDER, 0.0]
