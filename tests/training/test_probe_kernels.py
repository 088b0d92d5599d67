"""The probes' statistics kernels (``engine.kernels.probe_stats``) against their NumPy twins,
and the probe fields computed with them against the NumPy formulas they replace."""
from __future__ import annotations

import math

import numpy as np
import pytest

from dlstudio.engine.kernels import probe_stats
from dlstudio.training import probes

DTYPES = (np.float32, np.float64)


def _values(dtype, n=3001, seed=0, special=True):
    v = np.random.default_rng(seed).standard_normal(n).astype(dtype)
    if special:
        v[[3, 50, 777]] = [np.nan, np.inf, -np.inf]
    return v


@pytest.mark.parametrize("dtype", DTYPES)
def test_alive_units_counts_exactly_as_numpy(dtype):
    rng = np.random.default_rng(1)
    units = np.maximum(rng.standard_normal((40, 17)), 0).astype(dtype)
    units[:, [2, 5, 11]] = 0.0                     # dead
    units[:, 7] = -1.0                             # dead (negative)
    units[:, 8] = np.nan                           # NaN is not > 0
    units[39, 9], units[:39, 9] = 0.5, 0.0         # alive in its last row only
    for a in (units, units[::3], units[:, ::2], units[:0]):
        want = np.count_nonzero(np.any(a > 0, axis=0))
        assert probe_stats.alive_units(a) == want
    a = units.reshape(40, 1, 17)
    assert probes.dead_fraction(a) == 1.0 - np.count_nonzero(np.any(units > 0, axis=0)) / 17


@pytest.mark.parametrize("dtype", DTYPES)
def test_mean_std_agree_with_numpy_in_float64(dtype):
    v = _values(dtype, special=False) * dtype(3) + dtype(40)   # an offset mean: two passes
    for x in (v, v[::7], probes.subsample(np.tile(v, 20), 4096)):
        mean, std = probe_stats.mean_std(x)
        x64 = x.astype(np.float64)
        # float64 sums of a few thousand values in another order: ~n * 1e-16 relative
        assert mean == pytest.approx(x64.mean(), rel=1e-12)
        assert std == pytest.approx(x64.std(), rel=1e-11)


@pytest.mark.parametrize("dtype", DTYPES)
def test_mean_std_propagate_nan_and_inf_as_numpy(dtype):
    for bad in ([1.0, np.nan, 2.0], [1.0, np.inf, 2.0], [np.inf, -np.inf], []):
        x = np.array(bad, dtype)
        with np.errstate(all="ignore"):
            want = (x.astype(np.float64).mean(), x.astype(np.float64).std()) if x.size \
                else (np.nan, np.nan)
        got = probe_stats.mean_std(x)
        for g, w in zip(got, want):
            assert (math.isnan(g) and math.isnan(w)) or g == w


@pytest.mark.parametrize("dtype", DTYPES)
def test_finite_extremes_and_data_range_exactly_as_numpy(dtype):
    def numpy_range(values, lo, hi):          # the formula data_range had
        v = values[np.isfinite(values)]
        if v.size == 0:
            return lo, hi
        bound = probes.nice_bound(float(np.max(np.abs(v))))
        return (0.0 if float(v.min()) >= 0 else -bound), bound

    v = _values(dtype)
    count, lo, hi = probe_stats.finite_extremes(v)
    finite = v[np.isfinite(v)]
    assert (count, lo, hi) == (finite.size, float(finite.min()), float(finite.max()))
    relu = np.abs(v) * dtype(0.07)
    only_bad = np.array([np.nan, np.inf], dtype)
    for x in (v, relu, relu[::5], -relu, only_bad, np.zeros(0, dtype)):
        assert probes.data_range(x, 0.0, 6.0) == numpy_range(x, 0.0, 6.0)
        assert probes.data_range(x, -6.0, 6.0) == numpy_range(x, -6.0, 6.0)
    assert probes.data_range(v, 0.0, 1.0) == (0.0, 1.0)        # bounded: kept


@pytest.mark.parametrize("dtype", DTYPES)
def test_step_norm_equals_the_norm_of_the_difference(dtype):
    rng = np.random.default_rng(2)
    before = rng.standard_normal((30, 20)).astype(dtype)
    after = before - dtype(1e-3) * rng.standard_normal((30, 20)).astype(dtype)
    want = math.sqrt(np.sum((after - before).astype(np.float64) ** 2))
    # the same rounded differences; float64 sums in another order
    assert probes.step_norm(after, before) == pytest.approx(want, rel=1e-12)
    assert probes.step_norm(after, after.copy()) == 0.0
    bad = after.copy()
    bad[0, 0] = np.nan
    assert math.isnan(probes.step_norm(bad, before))


@pytest.mark.parametrize("dtype", DTYPES)
def test_small_fraction_counts_exactly_as_numpy(dtype):
    v = _values(dtype) * dtype(1e-3)
    t = float(dtype(2e-4))
    v[10:14] = [t, -t, np.nextafter(dtype(t), dtype(0)), 0.0]   # on and inside the threshold
    for x in (v, v[::3], v[:2996].reshape(-1, 7)[:, :5]):
        with np.errstate(invalid="ignore"):
            want = np.count_nonzero(np.abs(x.reshape(-1)) < 2e-4) / x.size
        assert probes.small_fraction(x, 2e-4) == want
        assert probes.small_fraction(x) == np.count_nonzero(
            np.abs(x.reshape(-1)) < probes.SMALL_WEIGHT) / x.size
    assert math.isnan(probes.small_fraction(np.zeros(0, dtype)))


def test_norm_rms_is_norm_and_rms():
    for a in (_values(np.float32, special=False), np.zeros(0, np.float32),
              np.arange(5, dtype=np.float64)):
        n, r = probes.norm_rms(a)
        assert n == probes.norm(a) and (r == probes.rms(a) or (math.isnan(r) and not a.size))
