"""The element-wise activations of the fused Dense kernels (``kernels/fused.py``): their codes,
the forward pass ``activate`` and the backward pass ``activation_backward`` in the order of
operations of ``dlstudio.engine.activations`` (the NumPy twin), with float32 TANH and ELU in
loops of their own that LLVM vectorizes (``_tanh32``, ``_expm1_neg32``: arithmetic only).
Compiled with the kernels that call them (``warmup`` compiles those).
"""
from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

#: activation codes of the kernel (SELU is ELU with its scale)
LINEAR, RELU, TANH, SIGMOID, ELU, LEAKY_RELU, SOFTPLUS = range(7)


@njit(nogil=True, cache=True, error_model="numpy", inline="always", fastmath={"contract"})
def _tanh32(v):
    """tanh(v) of a float32 value, computed in float64 with arithmetic only (no call), so
    that LLVM vectorizes a loop of it: 80 values (the toy's layer at batch 10) take ~0.13 us
    instead of ~0.42 us through glibc's exp one value at a time.

    tanh(t) = (1 - e) / (1 + e), e = exp(-2t) for t = |v| = (exp(-t/16))^32: the Taylor
    series of exp to the 11th power on [-0.625, 0] (error below 1e-11), squared five times
    (relative error below 1e-9), so the result rounded to float32 is within an ulp of tanh
    (on a 800,000-point sweep it equalled float32(tanh) in float64 at every point). Above
    t = 10 the value rounds to 1 in float32 (from t = 9.01); below 1e-4, tanh(v) = v - v^3/3
    rounds to v (the formula would lose digits there to cancellation). NaN stays NaN.
    """
    x = np.float64(v)
    t = abs(x)
    t = 10.0 if t > 10.0 else t                   # NaN > 10 is False: NaN goes on
    r = t * -0.0625
    p = 1.0 / 39916800.0                          # 1/11!, then down to 1/0!
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1.0
    p = p * r + 1.0
    p = p * p
    p = p * p
    p = p * p
    p = p * p
    p = p * p                                     # exp(-2t)
    y = (1.0 - p) / (1.0 + p)
    y = t if t < 1e-4 else y
    return y if x >= 0.0 else -y


@intrinsic
def _float32_from_bits(typingctx, bits):
    """The float32 whose bit pattern is the int32 ``bits`` (LLVM vectorizes it)."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.FloatType())

    return types.float32(types.int32), codegen


_F = np.float32
_LOG2E, _LN2_HI, _LN2_LO = _F(1.4426950408889634), _F(0.693145751953125), _F(1.4286067653302175e-06)
_EXP_LOW = _F(-88.0)


@njit(nogil=True, cache=True, error_model="numpy", inline="always", fastmath={"contract"})
def _expm1_neg32(v):
    """expm1(v) for a float32 v <= 0 (or NaN) in float32 arithmetic without a call, so that
    LLVM vectorizes a loop of it (16 values at a time): ELU on 50 x 100 values 3.65 us as
    three passes around NumPy's expm1, 2.1 us as one.

    v = k ln2 + r with |r| <= ln2/2 (ln2 in two parts, so r is exact to float32), expm1(r)
    by its Taylor series to r^8 (error below 2e-9 of the value), then
    expm1(v) = 2^k expm1(r) + (2^k - 1), 2^k built from its bits. For |v| < ln2/2, k = 0 and
    the value is the series itself (no cancellation near 0). Within 1.2 ulp of expm1 in
    float64 over [-100, 0] (NumPy's float32 expm1: 2.3 ulp); below -88 the value is -1.
    """
    t = _EXP_LOW if v < _EXP_LOW else v          # NaN < -88 is False: NaN goes on
    kf = np.floor(t * _LOG2E + _F(0.5))
    r = t - kf * _LN2_HI - kf * _LN2_LO
    q = _F(1.0 / 40320.0)                         # 1/8!, then down to 1/1!
    q = q * r + _F(1.0 / 5040.0)
    q = q * r + _F(1.0 / 720.0)
    q = q * r + _F(1.0 / 120.0)
    q = q * r + _F(1.0 / 24.0)
    q = q * r + _F(1.0 / 6.0)
    q = q * r + _F(0.5)
    q = q * r + _F(1.0)
    q = q * r                                     # expm1(r)
    s = _float32_from_bits((np.int32(kf) + np.int32(127)) << np.int32(23))     # 2^k
    return s * q + (s - _F(1.0))


@njit(nogil=True, cache=True, error_model="numpy", fastmath={"contract"})
def _activate32(code, alpha, scale, z, a):
    """``activate`` of TANH and ELU on float32 (z, a (N, U)), in loops of their own so that
    LLVM vectorizes them (and fuses their multiply-adds)."""
    al = z.dtype.type(alpha)
    sc = z.dtype.type(scale)
    zero = z.dtype.type(0.0)
    n_rows, n_units = z.shape
    if code == TANH:
        for n in range(n_rows):
            for j in range(n_units):
                a[n, j] = _tanh32(z[n, j])
        return
    for n in range(n_rows):
        for j in range(n_units):
            v = z[n, j]
            lo = zero if v > zero else v                # np.minimum(z, 0), NaN kept
            hi = zero if v <= zero else v
            r = _expm1_neg32(lo) * al + hi
            a[n, j] = r * sc if scale != 1.0 else r


@njit(nogil=True, cache=True, error_model="numpy")
def activate(code, alpha, scale, limit, z, a):
    """a = f(z) element-wise; z, a (N, U) (may be the same array for LINEAR)."""
    al = z.dtype.type(alpha)
    sc = z.dtype.type(scale)
    lim = z.dtype.type(limit)
    zero = z.dtype.type(0.0)
    one = z.dtype.type(1.0)
    n_rows, n_units = z.shape
    if z.itemsize == 4 and (code == TANH or code == ELU):
        _activate32(code, alpha, scale, z, a)       # loops that LLVM vectorizes
        return
    for n in range(n_rows):
        for j in range(n_units):
            v = z[n, j]
            if code == LINEAR:
                r = v
            elif code == RELU:
                r = zero if v <= zero else v            # np.maximum(z, 0), NaN kept
            elif code == TANH:
                r = np.tanh(v)                          # float64 (float32 above)
            elif code == SIGMOID:
                t = -v
                if t > lim:
                    t = lim
                r = one / (np.exp(t) + one)
            elif code == ELU:
                lo = zero if v > zero else v            # np.minimum(z, 0)
                hi = zero if v <= zero else v
                r = np.expm1(lo) * al + hi
                if scale != 1.0:
                    r = r * sc
            elif code == LEAKY_RELU:
                lo = zero if v > zero else v
                hi = zero if v <= zero else v
                r = lo * al + hi
            else:  # SOFTPLUS: max(z, 0) + log1p(exp(-|z|))
                hi = zero if v <= zero else v
                r = np.log1p(np.exp(-abs(v))) + hi
            a[n, j] = r


@njit(nogil=True, cache=True, error_model="numpy")
def activation_backward(code, alpha, scale, limit, z, a, d):
    """d <- f'(z) * d in place (d holds dL/da on entry, dL/dz on exit)."""
    if code == LINEAR:
        return
    al = z.dtype.type(alpha)
    lim = z.dtype.type(limit)
    zero = z.dtype.type(0.0)
    one = z.dtype.type(1.0)
    c_pos = z.dtype.type(scale * (1.0 - alpha))     # ELU: slope above 0 minus s*alpha
    c_neg = z.dtype.type(scale * alpha)
    c_leak = z.dtype.type(1.0 - alpha)
    n_rows, n_units = z.shape
    for n in range(n_rows):
        for j in range(n_units):
            g = d[n, j]
            if code == RELU:
                d[n, j] = g * (one if z[n, j] > zero else zero)
            elif code == TANH:
                av = a[n, j]
                d[n, j] = (one - av * av) * g
            elif code == SIGMOID:
                av = a[n, j]
                d[n, j] = (one - av) * av * g
            elif code == ELU:                        # [z>0] s(1-alpha) + min(a, 0) + s alpha
                av = a[n, j]
                slope = c_pos if z[n, j] > zero else zero
                slope += zero if av > zero else av
                d[n, j] = (slope + c_neg) * g
            elif code == LEAKY_RELU:
                slope = c_leak if z[n, j] > zero else zero
                d[n, j] = (slope + al) * g
            else:  # SOFTPLUS: sigmoid(z)
                t = -z[n, j]
                if t > lim:
                    t = lim
                d[n, j] = one / (np.exp(t) + one) * g
