"""Reductions over whole arrays that the trainer runs every step.

``sum_squares(flat)``: the sum of the squared values of a flat float array, accumulated in
float64. The divergence guard takes every layer's gradient norm before each optimizer step;
NumPy needs two float64 copies of a float32 array first (``np.dot(g.astype(float64), ...)``),
which for a 784-300-100-10 MLP cost ~0.24 ms a step, a fifth of the step. The kernel reads
each value once. Its sums may be reordered to vectorize (fast-math ``reassoc``/``contract``
only, so NaN and inf propagate as in NumPy); the twin is ``_reference_columns.sum_squares``.

``sum_squares_groups`` takes every parameter's gradient in one call (a kernel call costs
~0.3 us before any work: for the classroom toy's eight small gradients the calls were the
whole cost), and ``argmax_hits`` counts a batch's correct predictions; their twins are the
loops of ``training.probes.layer_grad_norms`` and ``engine.losses.accuracy``.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from dlstudio.engine.kernels.lists import flat


@njit(nogil=True, cache=True, error_model="numpy", fastmath={"reassoc", "contract"})
def sum_squares(flat):
    """sum(flat ** 2) in float64; ``flat`` a 1-D float32 or float64 array."""
    total = 0.0
    for i in range(flat.size):
        v = np.float64(flat[i])
        total += v * v
    return total


@njit(nogil=True, cache=True, error_model="numpy")
def sum_squares_groups(first, table, group, out):
    """``out[group[i]] += sum_squares(array i)`` for every array of an ``ArrayTable``
    (``lists``; ``first``, ``table``) in order, after zeroing ``out`` (float64): the squared
    gradient norm of each layer from its parameters' gradients in one call (the divergence
    guard of every step)."""
    out[:] = 0.0
    for i in range(table.shape[0]):
        out[group[i]] += sum_squares(flat(table, i, first))


@njit(nogil=True, cache=True, error_model="numpy")
def argmax_hits(y_pred, labels):
    """How many rows of ``y_pred`` (N, C) have their largest value at column ``labels[n]``
    (the first largest, or the first NaN, as ``np.argmax``); -1 when a label is outside
    0..C-1 (the caller reports it). The training accuracy of every step without NumPy's
    argmax, compare and count (5 us on a batch of 10)."""
    n_rows, n_out = y_pred.shape
    hits = 0
    for n in range(n_rows):
        lab = labels[n]
        if lab < 0 or lab >= n_out:
            return -1
        best = 0
        m = y_pred[n, 0]
        if m == m:
            for j in range(1, n_out):
                v = y_pred[n, j]
                if v != v:
                    best = j
                    break
                if v > m:
                    m = v
                    best = j
        hits += best == lab
    return hits


#: partial histograms ``bin_counts`` fills in turn (see its docstring)
PARTIAL_COUNTS = 4


@njit(nogil=True, cache=True, error_model="numpy")
def bin_counts(flat, lo, scale, counts):
    """``counts[b] +=`` the finite values of ``flat`` (1-D float) in bin ``b`` of ``counts.size``
    equal bins from ``lo``: ``b = int(clip((v - lo) * scale, 0, bins - 1))`` computed in the
    values' own precision (``lo`` and ``scale`` rounded to it first), so outliers go to the
    end bins; NaN and infinite values are not counted. The twin is NumPy's subtract,
    multiply, clip and bincount in ``training.probes.histogram``.

    Consecutive values go to ``PARTIAL_COUNTS`` separate partial histograms, added at the
    end: with one, two values in the same bin (most of a ReLU layer's zeros, the middle of
    a weight histogram) wait for each other's increment; a probe counts about 13 histograms
    of up to 32,768 values (0.6 ms of a 784-300-100-10 MLP's 1.4 ms probe, 1.1-2x faster
    this way, measured 16:40 on a loaded machine)."""
    t = flat.dtype.type
    lo_t = t(lo)
    sc = t(scale)
    zero = t(0.0)
    top = t(counts.size - 1)
    part = np.zeros((PARTIAL_COUNTS, counts.size), dtype=np.int64)
    whole = flat.size - flat.size % PARTIAL_COUNTS
    for i in range(0, whole, PARTIAL_COUNTS):
        for k in range(PARTIAL_COUNTS):
            v = flat[i + k]
            if np.isfinite(v):
                part[k, int(min(max((v - lo_t) * sc, zero), top))] += 1
    for i in range(whole, flat.size):
        v = flat[i]
        if np.isfinite(v):
            part[0, int(min(max((v - lo_t) * sc, zero), top))] += 1
    for k in range(PARTIAL_COUNTS):
        for b in range(counts.size):
            counts[b] += part[k, b]


@njit(nogil=True, cache=True, error_model="numpy")
def max_abs_finite(flat):
    """The largest |value| among the finite values of ``flat`` (1-D float), -1.0 when there
    are none (``np.max(np.abs(v[np.isfinite(v)]))``)."""
    m = -1.0
    for i in range(flat.size):
        v = flat[i]
        if np.isfinite(v):
            a = abs(np.float64(v))
            if a > m:
                m = a
    return m
