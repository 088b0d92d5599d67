"""Numba kernels for the engine (NHWC, float32 and float64).

``conv``: im2col / col2im and the Keras/TensorFlow padding rules; ``pooling``: max and average
pooling forward and backward. Each kernel is ``@njit(parallel=True, nogil=True, cache=True)``
with a plain NumPy twin in ``_reference`` that the tests compare it with. Matrix products are
left to BLAS (``numpy.matmul``).
"""
