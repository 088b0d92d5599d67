"""How close two floating-point results must be when they were computed along different paths.

The same float32 product computed in chunks of 16 rows or all at once, with OpenBLAS's Haswell
or SkylakeX kernels, by BLAS or by a Numba loop, adds its terms in a different order, so the
results agree only to rounding. A dot product of n terms computed in any order obeys

    |fl(x . y) - x . y|  <=  n * u * sum_i |x_i * y_i|,        u = eps / 2

(Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., section 3.1). Two such
computations differ by at most twice that, i.e. n * eps * sum|x_i y_i|. A network applies
``depth`` such products one after another (layers), and element-wise functions between them
(activations, softmax) do not amplify absolute errors by more than a small factor, so the bound
used here is ``depth * n_terms * eps`` times the scale of the result (its largest magnitude,
standing in for sum|x_i y_i|). It is a worst-case bound: loose enough never to flake on another
machine, tight enough that an indexing or chunking bug (errors of order one) always fails.
"""
from __future__ import annotations

import numpy as np


def rounding_bound(dtype, n_terms: int, depth: int = 1) -> float:
    """Relative bound (to the result's scale) on the difference of two summation orders."""
    return float(depth * max(int(n_terms), 1) * np.finfo(dtype).eps)


def assert_float_close(actual, expected, *, n_terms: int, depth: int = 1, dtype=None,
                       err_msg: str = "") -> None:
    """Assert ``actual`` equals ``expected`` up to the rounding of ``depth`` products of
    ``n_terms`` terms in ``dtype`` (default: the lower precision of the two arrays)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    if dtype is None:   # the lower precision of the two decides
        floats = [a.dtype for a in (actual, expected) if a.dtype.kind == "f"] or [np.float64]
        dtype = min(floats, key=lambda d: np.finfo(d).bits)
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    atol = rounding_bound(dtype, n_terms, depth) * max(scale, np.finfo(dtype).tiny)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=atol,
                               err_msg=err_msg or f"beyond the {np.dtype(dtype).name} rounding "
                               f"bound of {depth} product(s) of {n_terms} terms")
