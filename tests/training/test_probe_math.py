"""The probes' numeric helpers (training/probe_math.py)."""
from __future__ import annotations

import numpy as np

from dlstudio.training import probe_math


def test_nice_bound_rounds_up_to_1_2_5():
    assert [probe_math.nice_bound(x) for x in (0.0, 0.07, 3.0, 7.0, 10.0)] == \
        [1.0, 0.1, 5.0, 10.0, 10.0]


def test_subsample_strides_and_keeps_small_arrays_whole():
    small = np.arange(10.0)
    assert np.array_equal(probe_math.subsample(small), small)
    big = np.zeros((1000, 8))
    assert probe_math.subsample(big, max_values=100).size <= 200


def test_norm_rms_and_mean_std_of_float32():
    a = np.full(16, 3.0, np.float32)
    n, r = probe_math.norm_rms(a)
    assert abs(n - 12.0) < 1e-5 and abs(r - 3.0) < 1e-6
    mean, std = probe_math.mean_std(a)
    assert abs(mean - 3.0) < 1e-6 and abs(std) < 1e-6
    assert probe_math.is_float_array(a) and not probe_math.is_float_array(np.arange(3))
