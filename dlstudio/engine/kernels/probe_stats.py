"""Statistics the telemetry probes take of a layer's values, each in one pass without copies.

A probe of the MNIST convnet spent ~5.5 ms (a third of the probe, one thread) on statistics
after its forward and backward passes; NumPy made float64 copies for means and standard
deviations, a boolean copy of a 1.4-million-value output to find dead channels, and a
filtered copy for the range of a histogram. These kernels read the values in place:

* ``alive_units(units)``: how many columns of ``units`` (rows, C) hold a value > 0 anywhere
  (``np.count_nonzero(np.any(units > 0, axis=0))``, exact; it stops once every column has
  been seen alive, which for a healthy ReLU layer is after a few rows);
* ``mean_std(flat)``: mean and standard deviation in float64 (``v.astype(float64)``'s
  ``mean()`` and ``std()``; two passes, their sums reordered to vectorize (fast-math
  ``reassoc``/``contract`` only) rather than NumPy's pairwise sums, so they agree to ~1e-12
  relative; NaN and inf propagate as in NumPy);
* ``finite_extremes(flat)``: the smallest and largest finite values (exact);
* ``count_small(flat, threshold)``: how many ``|v| < threshold`` (exact; the threshold in
  the values' dtype, as NumPy compares);
* ``diff_sum_squares(a, b)``: ``sum((a - b) ** 2)``, each difference rounded in the arrays'
  own precision first as NumPy's ``a - b`` is, accumulated in float64 (the size of an
  optimizer step without a copy of the kernel).

The NumPy twins are in ``tests/training/test_probe_kernels.py``.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(nogil=True, cache=True, error_model="numpy")
def alive_units(units):
    """How many columns of ``units`` (rows, C) have at least one value > 0 (NaN is not)."""
    rows, cols = units.shape
    alive = np.zeros(cols, np.bool_)
    found = 0
    for r in range(rows):
        for c in range(cols):
            if not alive[c] and units[r, c] > 0:
                alive[c] = True
                found += 1
        if found == cols:
            break
    return found


@njit(nogil=True, cache=True, error_model="numpy", fastmath={"reassoc", "contract"})
def mean_std(flat):
    """(mean, population standard deviation) of the 1-D float array ``flat`` in float64;
    NaN for both when it is empty."""
    n = flat.size
    if n == 0:
        return np.nan, np.nan
    total = 0.0
    for i in range(n):
        total += np.float64(flat[i])
    mean = total / n
    dev = 0.0
    for i in range(n):
        d = np.float64(flat[i]) - mean
        dev += d * d
    return mean, np.sqrt(dev / n)


@njit(nogil=True, cache=True, error_model="numpy")
def finite_extremes(flat):
    """(count, smallest, largest) of the finite values of the 1-D float array ``flat``, in
    float64 (0, inf, -inf when there are none)."""
    count = 0
    lo, hi = np.inf, -np.inf
    for i in range(flat.size):
        v = np.float64(flat[i])
        if np.isfinite(v):
            count += 1
            if v < lo:
                lo = v
            if v > hi:
                hi = v
    return count, lo, hi


@njit(nogil=True, cache=True, error_model="numpy", fastmath={"reassoc", "contract"})
def diff_sum_squares(a, b):
    """sum((a - b) ** 2) of two 1-D float arrays of one dtype and size, each difference
    rounded in that dtype, the squares summed in float64."""
    total = 0.0
    for i in range(a.size):
        d = np.float64(a[i] - b[i])
        total += d * d
    return total


@njit(nogil=True, cache=True, error_model="numpy")
def count_small(flat, threshold):
    """How many values of the 1-D float array ``flat`` have ``|v| < threshold``, the
    threshold rounded to the values' dtype first as NumPy rounds a Python float compared
    with an array (NaN is never small)."""
    t = flat.dtype.type(threshold)
    count = 0
    for i in range(flat.size):
        if abs(flat[i]) < t:
            count += 1
    return count
