"""What the probes measure on a layer's outputs (training/activation_stats.py)."""
from __future__ import annotations

import numpy as np

from dlstudio.engine import activations
from dlstudio.training.activation_stats import data_range, unit_stats


def test_data_range_follows_unbounded_data():
    assert data_range(np.array([0.0, 0.07, 0.03]), 0.0, 6.0) == (0.0, 0.1)
    assert data_range(np.array([-3.0, 1.0]), 0.0, 6.0) == (-5.0, 5.0)
    assert data_range(np.array([0.2, 0.9]), 0.0, 1.0) == (0.0, 1.0)     # bounded: fixed


def test_unit_stats_of_relu_outputs():
    a = np.array([[1.0, 0.0], [3.0, 0.0], [0.0, 2.0]])
    out = unit_stats(activations.get("relu"), a, unit_index=5)
    np.testing.assert_allclose(out["unit_mean"], [4 / 3, 2 / 3])
    np.testing.assert_allclose(out["unit_active"], [2 / 3, 1 / 3])
    assert abs(out["unit_value"] - 2 / 3) < 1e-12                      # the last unit
