"""The data statistics a lesson's checks read (lessons.train_run.data_stats) use the variance
that standardising and whitening divide by (walker25 W25-8: lesson 11 step 2 read "variance
1.002" after standardising, as the check divided by n - 1 and the standardisation by n)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from dlstudio.data.pca import PCAWhiten, ZCAWhiten
from dlstudio.data.preprocess import Standardize
from dlstudio.lessons.checks import RunRecord, evaluate
from dlstudio.lessons.train_run import data_stats
from dlstudio.messages import render


def _points(n=300, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, 2)) @ np.array([[2.0, 0.8], [0.0, 0.5]]) + 3).astype(np.float32)


def test_standardised_data_has_variance_one_as_the_check_reads_it():
    x = Standardize(per="feature").fit_transform(_points())
    stats = data_stats(SimpleNamespace(x_train=x))
    np.testing.assert_allclose(np.diag(stats["x_train_cov"]), 1.0, atol=1e-6)   # float32 data
    result = evaluate("data_unit_variance", {"tol": 0.01}, {"": RunRecord("", (), stats)})
    assert result.passed and result.value < 1e-5
    assert "1.002" not in render(result.message)


@pytest.mark.parametrize("cls", [PCAWhiten, ZCAWhiten])
def test_whitened_data_has_the_identity_as_the_check_reads_it(cls):
    x = cls(epsilon=1e-12).fit_transform(_points())
    cov = data_stats(SimpleNamespace(x_train=x))["x_train_cov"]
    np.testing.assert_allclose(cov, np.eye(2), atol=1e-5)
