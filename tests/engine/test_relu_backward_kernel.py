"""ReLU's backward pass on large arrays (a Numba kernel) gives NumPy's products bit for bit."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import activations
from dlstudio.engine.kernels.bias_act import relu_backward


@pytest.mark.parametrize("dtype", (np.float32, np.float64))
def test_relu_backward_kernel_is_numpys_multiply_bit_for_bit(dtype):
    rng = np.random.default_rng(0)
    shape = (4, 13, 13, 32)                      # above the kernel's size threshold
    z = rng.standard_normal(shape).astype(dtype)
    g = rng.standard_normal(shape).astype(dtype)
    z.reshape(-1)[:6] = [0.0, -0.0, np.nan, np.inf, -np.inf, 1e-30]
    g.reshape(-1)[6:12] = [np.nan, np.inf, -np.inf, -1.0, np.nan, -np.inf]
    z.reshape(-1)[6:12] = [-1.0, -1.0, -1.0, -1.0, 1.0, 1.0]
    with np.errstate(invalid="ignore"):         # inf * 0
        want = np.multiply(g, z > 0, dtype=dtype)
    relu = activations.get("relu")
    assert z.size >= activations.KERNEL_MIN_SIZE
    got = relu.backward(z, np.maximum(z, 0), g)
    # bit for bit, -0.0 (negative gradient where z <= 0) and NaN included
    assert got.dtype == dtype and np.array_equal(got.view(np.uint8), want.view(np.uint8))
    out = np.empty_like(g)
    assert relu.backward(z, None, g, out=out) is out
    assert np.array_equal(out.view(np.uint8), want.view(np.uint8))
    # strided or small arrays keep NumPy's formula
    zs, gs = z[:, ::2], g[:, ::2]
    with np.errstate(invalid="ignore"):
        assert np.array_equal(relu.backward(zs, None, gs),
                              np.multiply(gs, zs > 0, dtype=dtype), equal_nan=True)
    flat = np.empty(g.size, dtype)
    relu_backward(g.reshape(-1), z.reshape(-1), flat)
    assert np.array_equal(flat.view(np.uint8), want.reshape(-1).view(np.uint8))
