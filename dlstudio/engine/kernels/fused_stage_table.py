"""The fused kernel's stage table (see ``kernels/fused.py`` for its rows): the stage kinds, the
rows per stage, a stage's array as a view of its address (``stage_array``), and the
batch-norm stage's forward and backward passes, which read their arrays from it.
"""
from __future__ import annotations

import numpy as np
from numba import carray, njit

from dlstudio.engine.kernels import batchnorm as kbn
from dlstudio.engine.kernels.lists import pointer

#: stage kinds (``meta[i, 0]``) and the table's rows per stage
ACTIVATION_STAGE, DENSE_STAGE, BATCHNORM_STAGE = range(3)
ROWS = 10


@njit(nogil=True, cache=True, inline="always")
def stage_array(table, i, like):
    """Array ``i`` of the stage table: a 2-D view of ``like``'s dtype (no reference count)."""
    return carray(pointer(table[i, 0], like), (table[i, 1], table[i, 2]))


@njit(nogil=True, cache=True, error_model="numpy")
def bn_forward(x, table, base, batch_mode, momentum, eps, fparams):
    """A batch-norm stage's forward pass (rows ``base`` .. ``base + 9``), the layer's
    arithmetic: ``kbn.train_forward`` with the batch's statistics, or the moving ones
    (a frozen layer: float64 ``inv_std``, ``xhat = (x - mean) * inv_std`` as
    ``kbn.normalize``)."""
    gamma, beta = stage_array(table, base, x)[0], stage_array(table, base + 1, x)[0]
    xhat, y = stage_array(table, base + 4, x), stage_array(table, base + 5, x)
    mm, mv = stage_array(table, base + 7, x)[0], stage_array(table, base + 8, x)[0]
    inv = stage_array(table, base + 9, fparams)[0]
    if batch_mode:
        kbn.train_forward(x, gamma, beta, mm, mv, momentum, eps, inv, xhat, y)
        return
    n_rows, n_units = x.shape
    for j in range(n_units):
        inv[j] = 1.0 / np.sqrt(np.float64(mv[j]) + eps)
    for n in range(n_rows):
        for j in range(n_units):
            h = (x[n, j] - np.float64(mm[j])) * inv[j]
            xhat[n, j] = h
            y[n, j] = gamma[j] * h + beta[j]


@njit(nogil=True, cache=True, error_model="numpy")
def bn_backward(d, table, base, batch_mode, fparams, dx):
    """A batch-norm stage's backward pass (``kbn.train_backward``): dx from d = dL/dy, and
    the gamma/beta gradients (rows ``base + 2``, ``base + 3``) where they are kept."""
    gamma, inv = stage_array(table, base, d)[0], stage_array(table, base + 9, fparams)[0]
    n_units = d.shape[1]
    sum_dy, sum_dyx = np.empty(n_units), np.empty(n_units)
    kbn.train_backward(d, stage_array(table, base + 4, d), gamma, inv, batch_mode, sum_dy,
                       sum_dyx, dx)
    g_gamma, g_beta = stage_array(table, base + 2, d), stage_array(table, base + 3, d)
    if g_gamma.size:
        for j in range(n_units):
            g_gamma[0, j] = sum_dyx[j]
    if g_beta.size:
        for j in range(n_units):
            g_beta[0, j] = sum_dy[j]
