"""How far batch-norm moving averages are from the data now: the gaps' arithmetic (the
Weights page's gap plots: test_plot_weights.py)."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.gui.plots.bn_gaps import mean_gap, variance_ratio


def test_the_mean_gap_is_the_average_distance_over_channels():
    assert mean_gap(np.array([1.0, -1.0]), np.array([0.5, 0.0])) == pytest.approx(0.75)
    assert mean_gap(np.zeros(3, np.float32), np.zeros(3, np.float32)) == 0.0


def test_the_variance_ratio_is_a_geometric_mean_of_positive_finite_ratios():
    assert variance_ratio(np.array([0.1, 10.0]), np.array([1.0, 1.0])) == pytest.approx(1.0)
    assert variance_ratio(np.array([0.5, 0.5]), np.array([1.0, 1.0])) == pytest.approx(0.5)
    assert variance_ratio(np.array([2.0, 0.0, np.inf]), np.ones(3)) == pytest.approx(2.0)
    assert np.isnan(variance_ratio(np.zeros(2), np.ones(2)))       # no channel to compare


def test_missing_or_mismatched_statistics_give_nan():
    assert np.isnan(mean_gap(None, np.ones(3))) and np.isnan(variance_ratio(np.ones(2), None))
    assert np.isnan(mean_gap(np.ones(2), np.ones(3)))
    assert np.isnan(variance_ratio(np.ones(2), np.ones(3)))
