"""Numba kernels for the engine (NHWC, float32 and float64).

``conv``: im2col / col2im and the Keras/TensorFlow padding rules; ``pooling``: max and average
pooling forward and backward; ``bias_act``: fused bias + ReLU passes and column sums for the
(rows, units) outputs of Dense/Conv2D; ``batchnorm``: batch statistics, normalization and
its gradient over a (rows, channels) view. Each kernel is ``@njit(parallel=True, nogil=True, cache=True)``
with a plain NumPy twin in ``_reference`` that the tests compare it with. Matrix products are
left to BLAS (``numpy.matmul``). ``warmup()`` compiles everything ahead of the first step.
"""
from __future__ import annotations

import numpy as np


def warmup(dtypes=(np.float32,)) -> None:
    """Compile (or load from Numba's cache) every kernel for ``dtypes`` on tiny inputs.

    The first call of each kernel otherwise pays its compilation (seconds cold, ~0.3 s in
    total from the cache) in the middle of the first training step. Kernels release the GIL,
    so a GUI can run this in a background thread at start-up.
    """
    from dlstudio.engine.kernels import batchnorm, bias_act, conv, pooling

    for dtype in dtypes:
        x = np.zeros((1, 3, 3, 2), dtype=dtype)
        cols = np.zeros((4, 8), dtype=dtype)
        conv.im2col(x, 2, 2, 1, 1, 0, 0, 2, 2, cols)
        conv.col2im(cols, 2, 2, 1, 1, 0, 0, 2, 2, x)
        out = np.zeros((1, 2, 2, 2), dtype=dtype)
        arg = np.zeros((1, 2, 2, 2), dtype=np.int32)
        pooling.maxpool_forward(x, 2, 2, 1, 1, 0, 0, 2, 2, out, arg)
        pooling.maxpool_backward(out, arg, x.reshape(1, -1))
        pooling.avgpool_forward(x, 2, 2, 1, 1, 0, 0, 2, 2, out)
        pooling.avgpool_backward(out, 2, 2, 1, 1, 0, 0, x)
        z = np.zeros((4, 3), dtype=dtype)
        b = np.zeros(3, dtype=dtype)
        partial = np.zeros((2, 3))
        bias_act.bias_relu_forward(z, b, z.copy())
        bias_act.relu_backward_colsum(z, z, z.copy(), partial)
        bias_act.colsum(z, partial)
        mean, var = np.zeros(3), np.ones(3)
        batchnorm.moments(z, mean, var, partial)
        batchnorm.normalize(z, mean, var, b, b, z.copy(), z.copy())
        batchnorm.grad_sums(z, z, partial, partial.copy())
        batchnorm.grad_input(z, z, var, mean, mean, z.copy())
