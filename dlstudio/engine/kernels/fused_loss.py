"""The losses of the fused Dense kernels (``kernels/fused.py``): their codes and
``stage_loss``, the mean loss of the last stage with its gradient and the network's output
(softmax + sparse cross-entropy, sigmoid + binary cross-entropy, mean squared error).
"""
from __future__ import annotations

import numpy as np
from numba import njit

#: loss codes: softmax + sparse cross-entropy on the logits, sigmoid + binary cross-entropy on
#: the logits, mean squared error on the last stage's output
SPARSE_CE, BINARY_CE, MSE = range(3)
#: returned instead of a loss when a label is outside 0..C-1 (the caller reports it)
BAD_LABEL = -1.0


@njit(nogil=True, cache=True, error_model="numpy")
def stage_loss(kind, out_act, limit, z, a, labels, targets, y_pred, d):
    """Mean loss; writes the gradient into d (dL/dz for the cross-entropies, dL/da for MSE)
    and the network's output into y_pred (N, C). ``out_act``: 1 when the output is
    softmax/sigmoid(z), 0 when it is z itself (``from_logits`` losses)."""
    n_rows, n_out = z.shape
    total = 0.0
    one = z.dtype.type(1.0)
    zero = z.dtype.type(0.0)
    if kind == SPARSE_CE:
        rows = z.dtype.type(n_rows)
        for n in range(n_rows):
            lab = labels[n]
            if lab < 0 or lab >= n_out:
                return BAD_LABEL
            m = z[n, 0]
            for j in range(1, n_out):               # row max, NaN propagated like np.max
                v = z[n, j]
                if m == m and not v <= m:
                    m = v
            s = zero
            for j in range(n_out):
                e = np.exp(z[n, j] - m)
                d[n, j] = e
                s += e
            total += np.float64(m + np.log(s) - z[n, lab])
            for j in range(n_out):
                p = d[n, j] / s
                y_pred[n, j] = p if out_act else z[n, j]
                d[n, j] = ((p - one) if j == lab else p) / rows
        return total / n_rows
    size = z.dtype.type(n_rows * n_out)
    if kind == BINARY_CE:
        lim = z.dtype.type(limit)
        for n in range(n_rows):
            for j in range(n_out):
                v = z[n, j]
                y = targets[n, j]
                e = np.exp(-abs(v))
                hi = zero if v <= zero else v
                total += np.float64(hi - v * y + np.log1p(e))
                sig = one / (one + e) if v >= zero else e / (one + e)
                d[n, j] = (sig - y) / size
                if out_act:
                    t = -v
                    if t > lim:
                        t = lim
                    y_pred[n, j] = one / (np.exp(t) + one)
                else:
                    y_pred[n, j] = v
        return total / (n_rows * n_out)
    scale = z.dtype.type(2.0 / (n_rows * n_out))  # MSE on a
    for n in range(n_rows):
        for j in range(n_out):
            diff = a[n, j] - targets[n, j]
            total += np.float64(diff * diff)
            d[n, j] = diff * scale
            y_pred[n, j] = a[n, j]
    return total / (n_rows * n_out)
