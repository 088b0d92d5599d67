"""Plain NumPy twins of the kernels that work on (rows, channels) arrays, for tests and for
reading: fused bias + activation (``bias_act.py``), batch normalization (``batchnorm.py``)
and reductions (``reductions.py``).

Each function here computes exactly what its namesake computes, written for clarity rather
than speed; the chunked column sums are taken chunk by chunk as the kernels split the rows.
Tests compare every kernel with its twin across shapes and dtypes. The convolution and
pooling twins are ``_reference.py``.
"""
from __future__ import annotations

import numpy as np

# -- fused bias + activation (kernels/bias_act.py) -----------------------------------------


def bias_relu_forward(z, b, a) -> None:
    """Twin of ``bias_act.bias_relu_forward``: z += b; a = max(z, 0)."""
    z += b
    np.maximum(z, 0, out=a)


def _chunk_sums(v, partial) -> None:
    rows = v.shape[0]
    step = -(-rows // partial.shape[0])
    for k in range(partial.shape[0]):
        partial[k] = v[k * step:(k + 1) * step].sum(axis=0, dtype=np.float64)


def relu_backward_colsum(g, z, gz, partial) -> None:
    """Twin of ``bias_act.relu_backward_colsum``: gz = g [z > 0]; chunked column sums."""
    np.multiply(g, z > 0, out=gz)
    _chunk_sums(gz, partial)


def colsum(g, partial) -> None:
    """Twin of ``bias_act.colsum``: column sums of each chunk of rows."""
    _chunk_sums(g, partial)


# -- batch normalization (kernels/batchnorm.py) -------------------------------------------


def moments(x, mean, var, partial) -> None:
    """Twin of ``batchnorm.moments`` (``partial`` unused: NumPy sums directly)."""
    mean[...] = x.mean(axis=0, dtype=np.float64)
    d = x - mean
    var[...] = np.mean(d * d, axis=0, dtype=np.float64)


def normalize(x, mean, inv_std, gamma, beta, xhat, y) -> None:
    """Twin of ``batchnorm.normalize``."""
    np.subtract(x, mean.astype(x.dtype), out=xhat)
    xhat *= inv_std.astype(x.dtype)
    np.multiply(xhat, gamma, out=y)
    y += beta


def grad_sums(dy, xhat, partial_dy, partial_dyx) -> None:
    """Twin of ``batchnorm.grad_sums``: the same chunked column sums."""
    _chunk_sums(dy, partial_dy)
    _chunk_sums(dy * xhat, partial_dyx)


def grad_input(dy, xhat, scale, mean_dy, mean_dyx, dx) -> None:
    """Twin of ``batchnorm.grad_input``."""
    dt = dy.dtype
    np.subtract(dy, mean_dy.astype(dt), out=dx)
    dx -= xhat * mean_dyx.astype(dt)
    dx *= scale.astype(dt)


def train_forward(x, gamma, beta, moving_mean, moving_var, momentum, eps, inv_std, xhat,
                  y) -> None:
    """Twin of ``batchnorm.train_forward``."""
    mean, var = np.empty(x.shape[1]), np.empty(x.shape[1])
    moments(x, mean, var, None)
    for moving, stat in ((moving_mean, mean), (moving_var, var)):
        moving *= momentum
        moving += ((1 - momentum) * stat).astype(moving.dtype)
    inv_std[...] = 1.0 / np.sqrt(var + eps)
    normalize(x, mean, inv_std, gamma, beta, xhat, y)


def train_backward(dy, xhat, gamma, inv_std, batch_mode, sum_dy, sum_dyx, dx) -> None:
    """Twin of ``batchnorm.train_backward``."""
    sum_dy[...] = dy.sum(axis=0, dtype=np.float64)
    sum_dyx[...] = (dy * xhat).sum(axis=0, dtype=np.float64)
    rows = dy.shape[0]
    zero = np.zeros(dy.shape[1])
    grad_input(dy, xhat, gamma.astype(np.float64) * inv_std,
               sum_dy / rows if batch_mode else zero, sum_dyx / rows if batch_mode else zero, dx)


# -- reductions (kernels/reductions.py) -----------------------------------------------------


def sum_squares(flat) -> float:
    """Twin of ``reductions.sum_squares``: a float64 dot product of the values with themselves."""
    v = np.asarray(flat, dtype=np.float64)
    return float(np.dot(v, v))
