"""One Numba kernel for a whole training pass of a small Dense network.

For a classroom network such as 2-8-8-8-2 at batch 10, the arithmetic of a training step is
a few thousand multiply-adds (microseconds); the layer-by-layer path spends ~50x longer in
Python and in the fixed cost of dozens of small NumPy calls. ``train_step`` runs the forward
pass, the loss, and the backward pass of every layer in one call. ``dlstudio.engine.fused``
decides when to use it and keeps its arguments ready; the NumPy twin is the normal
layer-by-layer path (``Layer.forward``/``backward`` and ``Loss.value_and_grad_logits``),
which ``tests/engine/test_fused.py`` compares it with.

The network is a chain of *stages*, one per layer: a Dense stage computes
``z = x W + b, a = f(z)``; an Activation stage computes ``a = f(x)``; a batch-norm stage
``y = gamma * xhat + beta`` (see ``layers.batchnorm``, whose kernels it calls). Every array a
stage uses is one row of the int64 ``table`` (address, rows, columns), ``ROWS`` per stage,
all 2-D, C-contiguous and of the input's dtype (but ``inv_std``, float64); the kernel views
them in place (``numba.carray``)::

    row        Dense / Activation stage                  batch-norm stage
    10 i + 0   W  (in, out) kernel (Activation: dummy)   gamma (1, C) (ones without scale)
    10 i + 1   b  (1, out) bias (dummy without)          beta (1, C) (zeros without center)
    10 i + 2   gW (in, out) (dummy for frozen layers)    dL/dgamma (1, C) or a dummy
    10 i + 3   gb (1, out) (dummy: frozen or no bias)    dL/dbeta (1, C) or a dummy
    10 i + 4   z  (N, out) (Activation: dummy; = input)  xhat (N, C)
    10 i + 5   a  (N, out) output (z itself if linear)   y (N, C)
    10 i + 6   d  (N, out): dL/da, turned into dL/dz in place during backward (both)
    10 i + 7   dummies                                   moving mean (1, C)
    10 i + 8                                             moving variance (1, C)
    10 i + 9                                             inv_std (1, C), float64

Why addresses: the arrays belong to the layers (and the trainer's last good weights, the
optimizer and the probes hold the same objects), so they cannot be moved into one buffer;
a typed list of them cost ~1.5 us a call to pass (Numba's type check of the list) plus
~19 ns per item read inside the kernel, ~2.5 us of the toy's ~7 us kernel; the table costs
an ordinary array argument and ~1 ns a view. The caller (``engine/fused.py``) keeps every
array of the table alive and unchanged while the table is in use (its plan holds them and
checks them by identity before each call).

``meta[i] = (kind, activation code, has_bias, trainable)`` and ``fparams[i] = (alpha, scale)``
(batch norm: momentum, epsilon) describe stage i. Element-wise formulas and their order of
operations follow ``dlstudio.engine.activations`` (float32 arrays are computed in float32,
except tanh: see ``_tanh32``).
The matrix products let LLVM reorder their sums (fast-math ``reassoc``/``contract`` only, so
NaN and inf behave as in NumPy) to vectorize them, as BLAS does in its own order: results
agree with the NumPy twin to rounding, not bit for bit.
"""
from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import carray, njit, types
from numba.extending import intrinsic

from dlstudio.engine.kernels import batchnorm as kbn
from dlstudio.engine.kernels.lists import pointer

#: activation codes of the kernel (SELU is ELU with its scale)
LINEAR, RELU, TANH, SIGMOID, ELU, LEAKY_RELU, SOFTPLUS = range(7)
#: kernels used for one dtype only: ELU's forward on the BLAS path takes ``bias_elu32`` in
#: float32, NumPy's expm1 between ``bias_elu_start`` and ``elu_finish`` in float64
ONE_DTYPE = {"bias_elu32": "float32", "bias_elu_start": "float64", "elu_finish": "float64"}
#: stage kinds (``meta[i, 0]``) and the table's rows per stage
ACTIVATION_STAGE, DENSE_STAGE, BATCHNORM_STAGE = range(3)
ROWS = 10
#: loss codes: softmax + sparse cross-entropy on the logits, sigmoid + binary cross-entropy on
#: the logits, mean squared error on the last stage's output
SPARSE_CE, BINARY_CE, MSE = range(3)
#: returned instead of a loss when a label is outside 0..C-1 (the caller reports it)
BAD_LABEL = -1.0
#: sums may be reordered (vectorized); no other fast-math liberties (NaN/inf kept)
_SUMS = {"reassoc", "contract"}


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
    """``_activate`` of TANH and ELU on float32 (z, a (N, U)), in loops of their own so that
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
def _activate(code, alpha, scale, limit, z, a):
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
def _activation_backward(code, alpha, scale, limit, z, a, d):
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


# The three products below are written for the small shapes this kernel takes (widths of a
# few to a few dozen): every product runs its sums along the output's contiguous rows, which
# LLVM vectorizes; a width below 4 (an output layer of 2 or 3 classes) takes one running sum
# per output instead, in a branch of its own, where LLVM knows the count is too small to
# vectorize and skips the checks. Measured for 10 x 8 x 8 float32: forward 417 -> 133 ns,
# weight gradient 159 -> 136 ns; for 10 x 8 x 2: forward 408 -> 76 ns, weight gradient
# 157 -> 130 ns, input gradient 98 -> 51 ns.
@njit(nogil=True, cache=True, error_model="numpy", fastmath=_SUMS)
def _dense_forward(x, W, b, has_bias, z):
    """z = x W (+ b); x (N, K), W (K, U), b (1, U), z (N, U)."""
    n_rows, n_in = x.shape
    n_units = W.shape[1]
    zero = z.dtype.type(0.0)
    if n_units < 4:
        for n in range(n_rows):
            for j in range(n_units):
                s = b[0, j] if has_bias else zero
                for k in range(n_in):
                    s += x[n, k] * W[k, j]
                z[n, j] = s
        return
    for n in range(n_rows):
        for j in range(n_units):
            z[n, j] = b[0, j] if has_bias else zero
    for k in range(n_in):
        for n in range(n_rows):
            xv = x[n, k]
            for j in range(n_units):
                z[n, j] += xv * W[k, j]


@njit(nogil=True, cache=True, error_model="numpy", fastmath=_SUMS)
def _dense_grads(x, d, has_bias, gW, gb):
    """gW = x.T d (K, U); gb = column sums of d (1, U)."""
    n_rows, n_in = x.shape
    n_units = d.shape[1]
    zero = d.dtype.type(0.0)
    if has_bias:
        for j in range(n_units):
            gb[0, j] = zero
        for n in range(n_rows):
            for j in range(n_units):
                gb[0, j] += d[n, j]
    if n_units < 4:
        for k in range(n_in):
            for j in range(n_units):
                s = zero
                for n in range(n_rows):
                    s += x[n, k] * d[n, j]
                gW[k, j] = s
        return
    gW[:, :] = zero
    for n in range(n_rows):
        for k in range(n_in):
            xv = x[n, k]
            for j in range(n_units):
                gW[k, j] += xv * d[n, j]


@njit(nogil=True, cache=True, error_model="numpy", fastmath=_SUMS, inline="always")
def _row_dots(d, W, dx):
    """dx[n, k] = sum_j d[n, j] W[k, j] (inlined where it is called)."""
    n_rows, n_units = d.shape
    n_in = W.shape[0]
    for n in range(n_rows):
        for k in range(n_in):
            s = d.dtype.type(0.0)
            for j in range(n_units):
                s += d[n, j] * W[k, j]
            dx[n, k] = s


@njit(nogil=True, cache=True, error_model="numpy", fastmath=_SUMS)
def _dense_input_grad(d, W, dx):
    """dx = d W.T; d (N, U), W (K, U), dx (N, K)."""
    if d.shape[1] < 4:
        _row_dots(d, W, dx)          # the same sums, compiled knowing that they are short
    else:
        _row_dots(d, W, dx)


@njit(nogil=True, cache=True, error_model="numpy")
def _loss(kind, out_act, limit, z, a, labels, targets, y_pred, d):
    """Mean loss; writes the gradient into d (dL/dz for the cross-entropies, dL/da for MSE)
    and the network's output into y_pred (N, C). ``out_act``: 1 when the output is
    softmax/sigmoid(z), 0 when it is z itself (``from_logits`` losses)."""
    n_rows, n_out = z.shape
    total = 0.0
    one = z.dtype.type(1.0)
    zero = z.dtype.type(0.0)
    if kind == SPARSE_CE:
        rows = z.dtype.type(n_rows)
        for n in range(n_rows):
            lab = labels[n]
            if lab < 0 or lab >= n_out:
                return BAD_LABEL
            m = z[n, 0]
            for j in range(1, n_out):               # row max, NaN propagated like np.max
                v = z[n, j]
                if m == m and not v <= m:
                    m = v
            s = zero
            for j in range(n_out):
                e = np.exp(z[n, j] - m)
                d[n, j] = e
                s += e
            total += np.float64(m + np.log(s) - z[n, lab])
            for j in range(n_out):
                p = d[n, j] / s
                y_pred[n, j] = p if out_act else z[n, j]
                d[n, j] = ((p - one) if j == lab else p) / rows
        return total / n_rows
    size = z.dtype.type(n_rows * n_out)
    if kind == BINARY_CE:
        lim = z.dtype.type(limit)
        for n in range(n_rows):
            for j in range(n_out):
                v = z[n, j]
                y = targets[n, j]
                e = np.exp(-abs(v))
                hi = zero if v <= zero else v
                total += np.float64(hi - v * y + np.log1p(e))
                sig = one / (one + e) if v >= zero else e / (one + e)
                d[n, j] = (sig - y) / size
                if out_act:
                    t = -v
                    if t > lim:
                        t = lim
                    y_pred[n, j] = one / (np.exp(t) + one)
                else:
                    y_pred[n, j] = v
        return total / (n_rows * n_out)
    scale = z.dtype.type(2.0 / (n_rows * n_out))  # MSE on a
    for n in range(n_rows):
        for j in range(n_out):
            diff = a[n, j] - targets[n, j]
            total += np.float64(diff * diff)
            d[n, j] = diff * scale
            y_pred[n, j] = a[n, j]
    return total / (n_rows * n_out)


@njit(nogil=True, cache=True, inline="always")
def _array(table, i, like):
    """Array ``i`` of the stage table: a 2-D view of ``like``'s dtype (no reference count)."""
    return carray(pointer(table[i, 0], like), (table[i, 1], table[i, 2]))


@njit(nogil=True, cache=True, error_model="numpy")
def _bn_forward(x, table, base, batch_mode, momentum, eps, fparams):
    """A batch-norm stage's forward pass (rows ``base`` .. ``base + 9``), the layer's
    arithmetic: ``kbn.train_forward`` with the batch's statistics, or the moving ones
    (a frozen layer: float64 ``inv_std``, ``xhat = (x - mean) * inv_std`` as
    ``kbn.normalize``)."""
    gamma, beta = _array(table, base, x)[0], _array(table, base + 1, x)[0]
    xhat, y = _array(table, base + 4, x), _array(table, base + 5, x)
    mm, mv = _array(table, base + 7, x)[0], _array(table, base + 8, x)[0]
    inv = _array(table, base + 9, fparams)[0]
    if batch_mode:
        kbn.train_forward(x, gamma, beta, mm, mv, momentum, eps, inv, xhat, y)
        return
    n_rows, n_units = x.shape
    for j in range(n_units):
        inv[j] = 1.0 / np.sqrt(np.float64(mv[j]) + eps)
    for n in range(n_rows):
        for j in range(n_units):
            h = (x[n, j] - np.float64(mm[j])) * inv[j]
            xhat[n, j] = h
            y[n, j] = gamma[j] * h + beta[j]


@njit(nogil=True, cache=True, error_model="numpy")
def _bn_backward(d, table, base, batch_mode, fparams, dx):
    """A batch-norm stage's backward pass (``kbn.train_backward``): dx from d = dL/dy, and
    the gamma/beta gradients (rows ``base + 2``, ``base + 3``) where they are kept."""
    gamma, inv = _array(table, base, d)[0], _array(table, base + 9, fparams)[0]
    n_units = d.shape[1]
    sum_dy, sum_dyx = np.empty(n_units), np.empty(n_units)
    kbn.train_backward(d, _array(table, base + 4, d), gamma, inv, batch_mode, sum_dy, sum_dyx,
                       dx)
    g_gamma, g_beta = _array(table, base + 2, d), _array(table, base + 3, d)
    if g_gamma.size:
        for j in range(n_units):
            g_gamma[0, j] = sum_dyx[j]
    if g_beta.size:
        for j in range(n_units):
            g_beta[0, j] = sum_dy[j]


@njit(nogil=True, cache=True, error_model="numpy")
def train_step(x, table, meta, fparams, limit, loss_kind, out_act, labels, targets, y_pred):
    """Forward, loss and backward of a whole chain of stages (see the module docstring).

    Parameters
    ----------
    x : (N, in) input batch.
    table : (ROWS S, 3) int64: address, rows, columns of each stage's arrays.
    meta : (S, 4) int64: kind (``ACTIVATION_STAGE``...), activation code, has_bias,
        trainable (for batch norm: the batch's statistics are used).
    fparams : (S, 2) float64: alpha, scale of each stage's activation (batch norm: momentum,
        epsilon).
    limit : largest exponent used by sigmoid (80 for float32, 700 for float64).
    loss_kind, out_act : see ``_loss``.
    labels : (N,) int64 class labels (sparse cross-entropy), else unused.
    targets : (N, C) targets (binary cross-entropy, MSE), else unused.
    y_pred : (N, C) receives the network's output.

    Returns
    -------
    float : the mean loss, or ``BAD_LABEL`` when a label is out of range.
    """
    n_stages = meta.shape[0]
    xin = x
    for i in range(n_stages):
        base = ROWS * i
        kind = meta[i, 0]
        if kind == BATCHNORM_STAGE:
            _bn_forward(xin, table, base, meta[i, 3], fparams[i, 0], fparams[i, 1], fparams)
            xin = _array(table, base + 5, x)
            continue
        z = xin
        if kind == DENSE_STAGE:
            z = _array(table, base + 4, x)
            _dense_forward(xin, _array(table, base, x), _array(table, base + 1, x),
                           meta[i, 2], z)
        a = _array(table, base + 5, x)
        _activate(meta[i, 1], fparams[i, 0], fparams[i, 1], limit, z, a)
        xin = a
    last = ROWS * (n_stages - 1)
    z_last = _array(table, last + 4, x) if meta[n_stages - 1, 0] == DENSE_STAGE else (
        x if n_stages == 1 else _array(table, last - ROWS + 5, x))
    value = _loss(loss_kind, out_act, limit, z_last, _array(table, last + 5, x), labels,
                  targets, y_pred, _array(table, last + 6, x))
    if value == BAD_LABEL:
        return value
    for i in range(n_stages - 1, -1, -1):
        base = ROWS * i
        kind = meta[i, 0]
        xin = x if i == 0 else _array(table, base - ROWS + 5, x)
        d = _array(table, base + 6, x)
        if kind == BATCHNORM_STAGE:
            dx = _array(table, base - ROWS + 6, x) if i > 0 else np.empty_like(d)
            _bn_backward(d, table, base, meta[i, 3], fparams, dx)
            continue
        z = _array(table, base + 4, x) if kind == DENSE_STAGE else xin
        if not (i == n_stages - 1 and loss_kind != MSE):   # the CE losses give dL/dz
            _activation_backward(meta[i, 1], fparams[i, 0], fparams[i, 1], limit, z,
                                 _array(table, base + 5, x), d)
        if kind == DENSE_STAGE:
            if meta[i, 3]:
                _dense_grads(xin, d, meta[i, 2], _array(table, base + 2, x),
                             _array(table, base + 3, x))
            if i > 0:
                _dense_input_grad(d, _array(table, base, x), _array(table, base - ROWS + 6, x))
        elif i > 0:
            _array(table, base - ROWS + 6, x)[:, :] = d
    return value


# -- the pieces of train_step for networks whose matrix products BLAS does better ------------
# (``dlstudio.engine.fused`` calls them around BLAS's products for larger batches and widths;
# the same formulas as above, so both paths agree with the layer-by-layer twin.)
@njit(nogil=True, cache=True, error_model="numpy")
def bias_activate(code, alpha, scale, limit, has_bias, b, z, a):
    """z += b (when ``has_bias``; b (1, U)), then a = f(z); z, a (N, U), may be one array
    for LINEAR."""
    if has_bias:
        n_rows, n_units = z.shape
        for n in range(n_rows):
            for j in range(n_units):
                z[n, j] += b[0, j]
    _activate(code, alpha, scale, limit, z, a)


@njit(nogil=True, cache=True, error_model="numpy")
def activation_backward_bias(code, alpha, scale, limit, z, a, d, want_db, gb):
    """d <- f'(z) * d in place (dL/da -> dL/dz); then gb[0] = column sums of d when
    ``want_db`` (the bias gradient)."""
    _activation_backward(code, alpha, scale, limit, z, a, d)
    if want_db:
        n_rows, n_units = d.shape
        for j in range(n_units):
            gb[0, j] = 0.0
        for n in range(n_rows):
            for j in range(n_units):
                gb[0, j] += d[n, j]


@njit(nogil=True, cache=True, error_model="numpy")
def loss(kind, out_act, limit, z, a, labels, targets, y_pred, d):
    """The loss of ``train_step`` on the last stage: mean loss (or ``BAD_LABEL``), gradient
    into ``d``, output into ``y_pred``."""
    return _loss(kind, out_act, limit, z, a, labels, targets, y_pred, d)


@njit(nogil=True, cache=True, error_model="numpy")
def bias_elu32(has_bias, b, z, a, alpha, scale):
    """ELU's forward on float32 in one call: z += b (when ``has_bias``), then
    a = scale * (alpha * expm1(min(z, 0)) + max(z, 0)) (``_expm1_neg32``); z, a (N, U)
    C-contiguous, b (1, U). Float64 takes ``bias_elu_start``, NumPy's expm1, ``elu_finish``."""
    if has_bias:
        n_rows, n_units = z.shape
        for n in range(n_rows):
            for j in range(n_units):
                z[n, j] += b[0, j]
    _activate(ELU, alpha, scale, 80.0, z.reshape(1, z.size), a.reshape(1, a.size))   # one row:
    # no remainder after each row of 100 for the vectorized loop


@njit(nogil=True, cache=True, error_model="numpy")
def bias_elu_start(has_bias, b, z, a):
    """ELU's forward before NumPy's vectorized expm1: z += b (when ``has_bias``), then
    a = min(z, 0). ``elu_finish`` completes it after ``np.expm1(a, out=a)``."""
    zero = z.dtype.type(0.0)
    n_rows, n_units = z.shape
    for n in range(n_rows):
        for j in range(n_units):
            v = z[n, j] + b[0, j] if has_bias else z[n, j]
            z[n, j] = v
            a[n, j] = zero if v > zero else v             # np.minimum(z, 0), NaN kept


@njit(nogil=True, cache=True, error_model="numpy")
def elu_finish(alpha, scale, z, a):
    """a = scale * (alpha * a + max(z, 0)) with a = expm1(min(z, 0)) on entry (the order of
    ``activations.ELU.forward``)."""
    al = z.dtype.type(alpha)
    sc = z.dtype.type(scale)
    zero = z.dtype.type(0.0)
    n_rows, n_units = z.shape
    for n in range(n_rows):
        for j in range(n_units):
            v = z[n, j]
            r = a[n, j] * al + (zero if v <= zero else v)
            a[n, j] = r * sc if scale != 1.0 else r


@njit(nogil=True, cache=True, error_model="numpy")
def softmax_rows(z, out):
    """out = softmax(z) along each row, shifted by the row max (as ``activations.Softmax``);
    z, out (N, C). Five NumPy calls cost ~8 us on a batch of 50 x 10; this ~2 us."""
    n_rows, n_out = z.shape
    for n in range(n_rows):
        m = z[n, 0]
        for j in range(1, n_out):                    # row max, NaN propagated like np.max
            v = z[n, j]
            if m == m and not v <= m:
                m = v
        s = z.dtype.type(0.0)
        for j in range(n_out):
            e = np.exp(z[n, j] - m)
            out[n, j] = e
            s += e
        for j in range(n_out):
            out[n, j] = out[n, j] / s
