"""What the probes measure on a layer's outputs (``probes.py``): the histogram range of the
data, saturation at every margin, the activation's histogram, mean, spread, saturated and
dead shares, and the statistics of one chosen unit.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.kernels import probe_stats
from dlstudio.training.probe_math import (dead_fraction, histogram, is_float_array, mean_std,
                                          nice_bound, subsample)
from dlstudio.training.telemetry import SATURATION_MARGINS

def saturation_curve(act: Any, a: np.ndarray) -> np.ndarray | None:
    """(len(SATURATION_MARGINS),) float32: the share of the outputs ``a`` of a sigmoid/tanh
    within each margin of a limit, counted exactly as ``act.saturated_mask(a, margin)``
    counts (None for activations that do not saturate or an empty ``a``)."""
    distance = act.limit_distance(a) if act is not None else None
    if distance is None or not np.size(distance):
        return None
    distance = np.sort(np.ravel(distance))            # NaNs sort last and are never counted
    inside = np.searchsorted(distance, SATURATION_MARGINS.astype(distance.dtype), side="left")
    return (inside / distance.size).astype(np.float32)


def data_range(values: np.ndarray, lo: float, hi: float) -> tuple[float, float]:
    """The histogram range of activations ``values`` whose nominal range is [lo, hi]: kept
    for a bounded function (inside [-1, 1]); else [0, b] (no negative values) or [-b, b],
    ``b = nice_bound(max |values|)`` (see the module docstring)."""
    if -1.0 <= lo and hi <= 1.0:
        return lo, hi
    v = np.asarray(values).reshape(-1)
    if is_float_array(v):
        count, smallest, largest = probe_stats.finite_extremes(v)     # no filtered copy
        if not count:
            return lo, hi
        bound = nice_bound(max(-smallest, largest))
        return (0.0 if smallest >= 0 else -bound), bound
    v = v[np.isfinite(v)]
    if v.size == 0:
        return lo, hi
    bound = nice_bound(float(np.max(np.abs(v))))
    return (0.0 if float(v.min()) >= 0 else -bound), bound


def activation_stats(act: Any, a: np.ndarray, lo: float, hi: float,
                      bins: int, margin: float | None = None) -> dict[str, Any]:
    sample = subsample(a)
    mean, std = mean_std(sample)
    lo, hi = data_range(sample, lo, hi)
    stats: dict[str, Any] = {"act_hist": histogram(sample, lo, hi, bins),
                             "act_mean": mean, "act_std": std}
    kind = getattr(act, "kind", None)
    if kind == "saturating":
        stats["saturated_fraction"] = float(np.mean(act.saturated_mask(sample, margin)))
        stats["saturation_curve"] = saturation_curve(act, sample)
    elif kind == "relu":
        stats["dead_fraction"] = dead_fraction(a)
    return stats


def unit_stats(act: Any, a: np.ndarray, margin: float | None = None,
               unit_index: int = 0) -> dict[str, Any]:
    """Per-unit statistics of a layer's output ``a`` (units on the last axis; a convolution's
    unit is a channel): ``unit_mean``, ``unit_active``, the share of each unit's outputs on
    the live side (> 0 for the ReLU family, not saturated for sigmoid/tanh; None otherwise),
    and ``unit_value``, the mean output of unit ``unit_index`` (the last unit if there are
    fewer)."""
    units = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a.reshape(-1, 1)
    means = units.mean(axis=0, dtype=np.float64)
    out: dict[str, Any] = {"unit_mean": means,
                           "unit_value": float(means[min(int(unit_index), means.size - 1)])}
    kind = getattr(act, "kind", None)
    if kind == "relu":
        out["unit_active"] = np.mean(units > 0, axis=0)
    elif kind == "saturating":
        out["unit_active"] = 1.0 - np.mean(act.saturated_mask(units, margin), axis=0)
    return out
