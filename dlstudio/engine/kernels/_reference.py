"""Plain NumPy twins of the Numba kernels, for tests and for reading.

Each function here computes exactly what its namesake in ``conv.py`` or ``pooling.py``
computes, written for clarity rather than speed. Tests compare every kernel with its twin
across shapes, strides, paddings and dtypes.
"""
from __future__ import annotations

import numpy as np
