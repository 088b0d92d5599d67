"""Every Numba kernel of the engine, one module per family (NHWC, float32 and float64).

``conv``: im2col / col2im and the Keras/TensorFlow padding rules; ``conv_tiles`` and
``conv_direct``: a convolution layer's passes in one kernel (tile by tile with BLAS; pixel by
pixel for few terms per output); ``pooling``: max and average
pooling forward and backward; ``bias_act``: fused bias + ReLU passes and column sums for the
(rows, units) outputs of Dense/Conv2D; ``batchnorm``: batch statistics, normalization and
its gradient over a (rows, channels) view; ``optimizers``: one-pass parameter updates;
``fused``: a whole training step of a small Dense network in one call.

Kernels are ``@njit(nogil=True, cache=True)``, ``parallel=True`` where the work is large.
The layer kernels have plain NumPy twins in ``_reference`` (convolution, pooling) and
``_reference_columns`` (bias + activation, batch normalization, reductions); the optimizer
kernels' twins are the update functions beside each optimizer; the fused step's twin is the
layer-by-layer path. The tests compare each kernel with its twin; the twins are never used
in production.
Matrix products are left to BLAS (``numpy.matmul``). ``dlstudio.engine.warmup.warmup()``
compiles them all ahead of the first step.
"""
