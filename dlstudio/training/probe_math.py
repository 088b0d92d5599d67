"""The numeric helpers of the telemetry probes (``probes.py``): nice histogram bounds,
strided subsamples, histograms, norms and RMS values, the share of small weights, gradient
pass-through, dead units and per-channel moments. Pure NumPy (with the probe kernels), no
side effects.
"""
from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from dlstudio.engine.kernels import probe_stats, reductions
from dlstudio.training.telemetry import SMALL_WEIGHT, Histogram

#: cap on the number of values histogrammed per array
MAX_VALUES = 32768


# -- small numeric helpers -----------------------------------------------------------------
def nice_bound(x: float) -> float:
    """The smallest value of the form {1, 2, 5} x 10^k that is >= ``x`` (1.0 for 0/NaN)."""
    if not math.isfinite(x) or x <= 0:
        return 1.0
    exp = math.floor(math.log10(x))
    for m in (1.0, 2.0, 5.0, 10.0):
        b = m * 10.0 ** exp
        if b >= x * (1 - 1e-12):
            return b
    return 10.0 ** (exp + 1)


def subsample(a: np.ndarray, max_values: int = MAX_VALUES) -> np.ndarray:
    """An evenly strided 1-D subsample of ``a`` of at most about ``max_values`` values.

    The stride shares no factor with the last axis (the channel count), so the subsample
    visits every channel rather than one channel over and over.
    """
    flat = a.reshape(-1)
    if flat.size <= max_values:
        return flat
    stride = max(1, flat.size // max_values)
    channels = a.shape[-1] if a.ndim > 1 else 1
    while math.gcd(stride, channels) != 1:
        stride += 1
    return flat[::stride]


@functools.lru_cache(maxsize=256)
def bin_edges(lo: float, hi: float, bins: int) -> np.ndarray:
    """``np.linspace(lo, hi, bins + 1)``, read-only and shared by every histogram over the
    same range (the symmetric ones take a few {1, 2, 5} x 10^k bounds; linspace costs ~4 us
    and a probe makes ~16 histograms)."""
    edges = np.linspace(lo, hi, bins + 1)
    edges.flags.writeable = False
    return edges


def histogram(values: np.ndarray, lo: float, hi: float, bins: int) -> Histogram:
    """Counts of ``values`` in ``bins`` equal bins over [lo, hi]; outliers go to the end bins,
    NaNs are not counted."""
    edges = bin_edges(float(lo), float(hi), int(bins))
    v = np.asarray(values).reshape(-1)
    if v.dtype not in (np.float32, np.float64):
        v = v.astype(np.float64)
    if hi > lo:
        # one kernel pass with the same formula (a probe makes ~16 histograms: 15-20 us each
        # in NumPy's five calls, ~2 us here)
        counts = np.zeros(bins, dtype=np.int64)
        reductions.bin_counts(v, float(lo), bins / (hi - lo), counts)
        return Histogram(counts=counts, edges=edges)
    finite = np.isfinite(v)
    if not finite.all():
        v = v[finite]
    if v.size == 0:
        return Histogram(counts=np.zeros(bins, dtype=np.int64), edges=edges)
    # bin index in the values' own precision; clipping first keeps the cast in range
    scaled = (v - v.dtype.type(lo)) * v.dtype.type(bins / (hi - lo))
    np.clip(scaled, 0, bins - 1, out=scaled)
    idx = scaled.astype(np.intp)
    return Histogram(counts=np.bincount(idx, minlength=bins).astype(np.int64), edges=edges)


def symmetric_histogram(values: np.ndarray, bins: int) -> Histogram:
    """Histogram over [-b, b] with ``b = nice_bound(max |values|)``."""
    v = np.asarray(values).reshape(-1)
    if v.dtype == np.float32 or v.dtype == np.float64:
        largest = reductions.max_abs_finite(v)          # -1.0: no finite value
        bound = nice_bound(largest) if largest >= 0 else 1.0
        return histogram(v, -bound, bound, bins)
    with np.errstate(invalid="ignore"):
        finite = v[np.isfinite(v)] if v.size else v
    bound = nice_bound(float(np.max(np.abs(finite)))) if finite.size else 1.0
    return histogram(v, -bound, bound, bins)


def small_fraction(w: np.ndarray, threshold: float = SMALL_WEIGHT) -> float:
    """The share of the values of ``w`` smaller than ``threshold`` in size (all of them, not
    a subsample: the lesson checks count the same way); NaN for an empty array."""
    flat = np.asarray(w).reshape(-1)
    if not flat.size:
        return float("nan")
    if is_float_array(flat):
        return probe_stats.count_small(flat, float(threshold)) / flat.size    # no copies
    with np.errstate(invalid="ignore"):
        return float(np.count_nonzero(np.abs(flat) < threshold)) / flat.size


def norm(a: np.ndarray) -> float:
    """Euclidean (Frobenius) norm, accumulated in float64 (inf/nan propagate)."""
    flat = np.asarray(a).reshape(-1)
    if flat.dtype == np.float32 or flat.dtype == np.float64:
        return math.sqrt(reductions.sum_squares(flat))    # one pass, no float64 copies
    with np.errstate(over="ignore", invalid="ignore"):
        if flat.dtype == np.float64:
            return float(math.sqrt(np.dot(flat, flat)))
        return float(math.sqrt(np.dot(flat.astype(np.float64), flat.astype(np.float64))))


def step_norm(after: np.ndarray, before: np.ndarray) -> float:
    """``norm(after - before)`` without the difference's array (as NumPy rounds it)."""
    if is_float_array(after) and after.dtype == before.dtype and after.shape == before.shape:
        return math.sqrt(probe_stats.diff_sum_squares(after.reshape(-1), before.reshape(-1)))
    return norm(after - before)


def rms(a: np.ndarray) -> float:
    """Root mean square of the values (per-value size: does not grow with the array's size,
    so layers of different widths compare fairly), accumulated in float64."""
    return norm_rms(a)[1]


def norm_rms(a: np.ndarray) -> tuple[float, float]:
    """``(norm(a), rms(a))`` from one pass over the values."""
    flat = np.asarray(a).reshape(-1)
    n = norm(flat)
    return n, (n / math.sqrt(flat.size) if flat.size else float("nan"))


def reference_slope(act: Any) -> float:
    """f'(0) of an activation, taken just right of 0 (ReLU's slope there is 1)."""
    z = np.array([1e-6], dtype=np.float64)
    a = act.forward(z)
    return float(act.backward(z, a, np.ones_like(z))[0])


def pass_through(act: Any, z: np.ndarray) -> float | None:
    """How much gradient the activation lets through: mean f'(z) over the values, relative
    to f'(0) (1.0: as much as at the origin; sigmoid units at |z| > 5 give < 0.03; a ReLU
    layer gives its share of active units). None for softmax and linear layers."""
    if act is None or getattr(act, "name", "") in ("softmax", "linear"):
        return None
    ref = reference_slope(act)
    if not ref:
        return None
    zs = subsample(np.asarray(z))
    with np.errstate(all="ignore"):
        a_s = act.forward(zs)
        slope = act.backward(zs, a_s, np.ones_like(zs))
        return float(np.mean(slope, dtype=np.float64) / ref)


def dead_fraction(a: np.ndarray) -> float:
    """Share of units (last axis: units or channels) that are <= 0 for every example and
    position of ``a`` (a ReLU-family layer's output)."""
    units = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a.reshape(-1, 1)
    if is_float_array(units) and units.size:
        alive = probe_stats.alive_units(units)    # in place; stops once all are seen alive
    else:
        alive = np.count_nonzero(np.any(units > 0, axis=0))
    return float(1.0 - alive / units.shape[1])


def channel_moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(C,) mean and (C,) biased variance of each feature or channel (the last axis) of
    ``x`` (N, ..., C), in float64: what batch normalization computes over a batch."""
    x2 = np.asarray(x, np.float64).reshape(-1, np.shape(x)[-1])
    return x2.mean(axis=0), x2.var(axis=0)


def is_float_array(a: np.ndarray) -> bool:
    """float32 or float64: what the probes' kernels take."""
    return a.dtype == np.float32 or a.dtype == np.float64


def mean_std(v: np.ndarray) -> tuple[float, float]:
    if is_float_array(v) and v.ndim == 1:
        mean, std = probe_stats.mean_std(v)       # no float64 copy
        return float(mean), float(std)
    with np.errstate(all="ignore"):
        v64 = v.astype(np.float64)
        return float(v64.mean()), float(v64.std())
