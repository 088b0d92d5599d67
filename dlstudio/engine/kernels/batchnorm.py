"""Batch-normalization passes over a (rows, channels) view of the input.

For an image batch (N, H, W, C) the view has N*H*W rows; NumPy needs about ten passes (and as
many temporaries) for a training forward and backward; these kernels need four reads of the
data forward and two backward. Statistics are accumulated in float64 per fixed chunk of rows
(``partial``: (chunks, C)), so results do not depend on the number of threads.

    moments:     mean = sum(x) / m,  var = sum((x - mean)^2) / m        (biased, as Keras)
    normalize:   xhat = (x - mean) * inv_std,  y = gamma * xhat + beta
    grad sums:   sum(dy), sum(dy * xhat)
    grad input:  dx = gamma * inv_std * (dy - mean_dy - xhat * mean_dy_xhat)

A small batch of a narrow layer (a classroom MLP: 32 rows of 8 features) takes two serial
kernels instead, ``train_forward`` (moments, moving averages, normalize) and ``train_backward``
(sums, gamma/beta gradients, dx): the four parallel passes above, each a hand-off to the
thread pool, and the Python between them cost ~35 us a layer there for ~1 us of arithmetic
(walker11 W11-7).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange


@njit(parallel=True, nogil=True, cache=True)
def moments(x, mean, var, partial):
    """Per-column mean and biased variance of x (rows, C) into float64 ``mean``, ``var`` (C,)."""
    rows, chans = x.shape
    chunks = partial.shape[0]
    step = (rows + chunks - 1) // chunks
    for k in prange(chunks):
        for c in range(chans):
            partial[k, c] = 0.0
        for r in range(k * step, min(rows, (k + 1) * step)):
            for c in range(chans):
                partial[k, c] += x[r, c]
    for c in range(chans):
        s = 0.0
        for k in range(chunks):
            s += partial[k, c]
        mean[c] = s / rows
    for k in prange(chunks):
        for c in range(chans):
            partial[k, c] = 0.0
        for r in range(k * step, min(rows, (k + 1) * step)):
            for c in range(chans):
                d = x[r, c] - mean[c]
                partial[k, c] += d * d
    for c in range(chans):
        s = 0.0
        for k in range(chunks):
            s += partial[k, c]
        var[c] = s / rows


@njit(parallel=True, nogil=True, cache=True)
def normalize(x, mean, inv_std, gamma, beta, xhat, y):
    """xhat = (x - mean) * inv_std; y = gamma * xhat + beta. x, xhat, y: (rows, C)."""
    rows, chans = x.shape
    for r in prange(rows):
        for c in range(chans):
            h = (x[r, c] - mean[c]) * inv_std[c]
            xhat[r, c] = h
            y[r, c] = gamma[c] * h + beta[c]


@njit(parallel=True, nogil=True, cache=True)
def grad_sums(dy, xhat, partial_dy, partial_dyx):
    """Chunked column sums of dy and dy * xhat (float64, (chunks, C))."""
    rows, chans = dy.shape
    chunks = partial_dy.shape[0]
    step = (rows + chunks - 1) // chunks
    for k in prange(chunks):
        for c in range(chans):
            partial_dy[k, c] = 0.0
            partial_dyx[k, c] = 0.0
        for r in range(k * step, min(rows, (k + 1) * step)):
            for c in range(chans):
                g = dy[r, c]
                partial_dy[k, c] += g
                partial_dyx[k, c] += g * xhat[r, c]


@njit(parallel=True, nogil=True, cache=True)
def grad_input(dy, xhat, scale, mean_dy, mean_dyx, dx):
    """dx = scale * (dy - mean_dy - xhat * mean_dyx) with scale = gamma * inv_std (C,)."""
    rows, chans = dy.shape
    for r in prange(rows):
        for c in range(chans):
            dx[r, c] = scale[c] * (dy[r, c] - mean_dy[c] - xhat[r, c] * mean_dyx[c])


@njit(nogil=True, cache=True)
def train_forward(x, gamma, beta, moving_mean, moving_var, momentum, eps, inv_std, xhat, y):
    """A training forward pass in one serial call, per column c of x (rows, C):
    mean and biased variance (float64), ``moving = momentum * moving + (1 - momentum) * stat``
    (in the moving arrays' dtype), ``inv_std = 1 / sqrt(var + eps)`` (float64 (C,)),
    ``xhat = (x - mean) * inv_std``, ``y = gamma * xhat + beta``. Loops run along the rows
    (the columns of a row are adjacent in memory)."""
    rows, chans = x.shape
    t = moving_mean.dtype.type
    keep = t(momentum)
    mean = np.zeros(chans)
    var = np.zeros(chans)
    for r in range(rows):
        for c in range(chans):
            mean[c] += x[r, c]
    for c in range(chans):
        mean[c] /= rows
    for r in range(rows):
        for c in range(chans):
            d = x[r, c] - mean[c]
            var[c] += d * d
    for c in range(chans):
        var[c] /= rows
        moving_mean[c] = moving_mean[c] * keep + t((1.0 - momentum) * mean[c])
        moving_var[c] = moving_var[c] * keep + t((1.0 - momentum) * var[c])
        inv_std[c] = 1.0 / math.sqrt(var[c] + eps)
    for r in range(rows):
        for c in range(chans):
            h = (x[r, c] - mean[c]) * inv_std[c]
            xhat[r, c] = h
            y[r, c] = gamma[c] * h + beta[c]


@njit(nogil=True, cache=True)
def train_backward(dy, xhat, gamma, inv_std, batch_mode, sum_dy, sum_dyx, dx):
    """The backward pass in one serial call: float64 column sums ``sum_dy`` and
    ``sum_dyx`` (C,) (the beta and gamma gradients), then
    ``dx = gamma * inv_std * (dy - mean_dy - xhat * mean_dyx)``, the means taken over the rows
    when ``batch_mode`` (the batch's statistics were used), zero otherwise."""
    rows, chans = dy.shape
    sum_dy[:] = 0.0
    sum_dyx[:] = 0.0
    for r in range(rows):
        for c in range(chans):
            g = dy[r, c]
            sum_dy[c] += g
            sum_dyx[c] += g * xhat[r, c]
    m_dy = sum_dy / rows if batch_mode else np.zeros(chans)
    m_dyx = sum_dyx / rows if batch_mode else np.zeros(chans)
    k = gamma * inv_std
    for r in range(rows):
        for c in range(chans):
            dx[r, c] = k[c] * (dy[r, c] - m_dy[c] - xhat[r, c] * m_dyx[c])
