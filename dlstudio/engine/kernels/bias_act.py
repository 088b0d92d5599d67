"""Fused bias + activation passes for the (rows, units) output of a Dense or Conv2D layer.

After the matrix product ``z = cols @ W`` three memory-bound passes follow in plain NumPy:
add the bias, apply ReLU, and (backward) mask the gradient and sum it over the rows for the
bias gradient. On the first convolution of an MNIST convnet (43,264 rows x 32 channels per
batch of 64) each pass costs about as much as the matrix product itself; fusing them into one
parallel loop reads and writes each value once.

Column sums are accumulated per thread chunk in float64 (``partial``, shape (chunks, units))
and added up by the caller: exact enough for float32 training and for float64 gradient checks.
"""
from __future__ import annotations

from numba import njit, prange


@njit(parallel=True, nogil=True, cache=True)
def bias_relu_forward(z, b, a):
    """z += b (in place); a = max(z, 0). z, a: (rows, units); b: (units,).

    ``a`` may be ``z`` itself (inference: the activation in place)."""
    rows, units = z.shape
    for r in prange(rows):
        for u in range(units):
            v = z[r, u] + b[u]
            z[r, u] = v
            a[r, u] = v if v > 0 else 0.0


@njit(parallel=True, nogil=True, cache=True)
def relu_backward_colsum(g, z, gz, partial):
    """gz = g * [z > 0]; partial[k] = sum of gz over the k-th chunk of rows.

    g, z, gz: (rows, units); partial: (chunks, units) float64, overwritten.
    """
    rows, units = g.shape
    chunks = partial.shape[0]
    step = (rows + chunks - 1) // chunks
    for k in prange(chunks):
        for u in range(units):
            partial[k, u] = 0.0
        for r in range(k * step, min(rows, (k + 1) * step)):
            for u in range(units):
                v = g[r, u] if z[r, u] > 0 else 0.0
                gz[r, u] = v
                partial[k, u] += v


@njit(parallel=True, nogil=True, cache=True)
def colsum(g, partial):
    """partial[k] = sum of g over the k-th chunk of rows; g: (rows, units)."""
    rows, units = g.shape
    chunks = partial.shape[0]
    step = (rows + chunks - 1) // chunks
    for k in prange(chunks):
        for u in range(units):
            partial[k, u] = 0.0
        for r in range(k * step, min(rows, (k + 1) * step)):
            for u in range(units):
                partial[k, u] += g[r, u]


@njit(nogil=True, cache=True)
def relu_backward(g, z, out):
    """out = g * [z > 0] for 1-D arrays of one float dtype, as NumPy's
    ``np.multiply(g, z > 0)`` computes it (the mask cast to 1.0 or 0.0, so a negative, an
    infinite or a NaN gradient where z <= 0 gives -0.0 or NaN), without the mask's array.
    Serial: half NumPy's time on one thread, and safe from any thread."""
    one, zero = g.dtype.type(1.0), g.dtype.type(0.0)
    for i in range(g.size):
        out[i] = g[i] * (one if z[i] > 0 else zero)
