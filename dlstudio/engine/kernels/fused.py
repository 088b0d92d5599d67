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
except tanh: see ``fused_activations``).
The matrix products let LLVM reorder their sums (fast-math ``reassoc``/``contract`` only, so
NaN and inf behave as in NumPy) to vectorize them, as BLAS does in its own order: results
agree with the NumPy twin to rounding, not bit for bit.
"""
from __future__ import annotations

import numpy as np
from numba import njit

# the codes and stage kinds callers pass (``engine/fused*.py`` read them from here)
from dlstudio.engine.kernels.fused_activations import (  # noqa: F401
    ELU, LEAKY_RELU, LINEAR, RELU, SIGMOID, SOFTPLUS, TANH, activate, activation_backward)
from dlstudio.engine.kernels.fused_dense import dense_forward, dense_grads, dense_input_grad
from dlstudio.engine.kernels.fused_loss import (BAD_LABEL, BINARY_CE, MSE,  # noqa: F401
                                                SPARSE_CE, stage_loss)
from dlstudio.engine.kernels.fused_stage_table import (  # noqa: F401
    ACTIVATION_STAGE, BATCHNORM_STAGE, DENSE_STAGE, ROWS, bn_backward, bn_forward, stage_array)

#: kernels used for one dtype only: ELU's forward on the BLAS path takes ``bias_elu32`` in
#: float32, NumPy's expm1 between ``bias_elu_start`` and ``elu_finish`` in float64
ONE_DTYPE = {"bias_elu32": "float32", "bias_elu_start": "float64", "elu_finish": "float64"}


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
    loss_kind, out_act : see ``stage_loss``.
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
            bn_forward(xin, table, base, meta[i, 3], fparams[i, 0], fparams[i, 1], fparams)
            xin = stage_array(table, base + 5, x)
            continue
        z = xin
        if kind == DENSE_STAGE:
            z = stage_array(table, base + 4, x)
            dense_forward(xin, stage_array(table, base, x), stage_array(table, base + 1, x),
                           meta[i, 2], z)
        a = stage_array(table, base + 5, x)
        activate(meta[i, 1], fparams[i, 0], fparams[i, 1], limit, z, a)
        xin = a
    last = ROWS * (n_stages - 1)
    z_last = stage_array(table, last + 4, x) if meta[n_stages - 1, 0] == DENSE_STAGE else (
        x if n_stages == 1 else stage_array(table, last - ROWS + 5, x))
    value = stage_loss(loss_kind, out_act, limit, z_last, stage_array(table, last + 5, x),
                       labels, targets, y_pred, stage_array(table, last + 6, x))
    if value == BAD_LABEL:
        return value
    for i in range(n_stages - 1, -1, -1):
        base = ROWS * i
        kind = meta[i, 0]
        xin = x if i == 0 else stage_array(table, base - ROWS + 5, x)
        d = stage_array(table, base + 6, x)
        if kind == BATCHNORM_STAGE:
            dx = stage_array(table, base - ROWS + 6, x) if i > 0 else np.empty_like(d)
            bn_backward(d, table, base, meta[i, 3], fparams, dx)
            continue
        z = stage_array(table, base + 4, x) if kind == DENSE_STAGE else xin
        if not (i == n_stages - 1 and loss_kind != MSE):   # the CE losses give dL/dz
            activation_backward(meta[i, 1], fparams[i, 0], fparams[i, 1], limit, z,
                                stage_array(table, base + 5, x), d)
        if kind == DENSE_STAGE:
            if meta[i, 3]:
                dense_grads(xin, d, meta[i, 2], stage_array(table, base + 2, x),
                            stage_array(table, base + 3, x))
            if i > 0:
                dense_input_grad(d, stage_array(table, base, x),
                                 stage_array(table, base - ROWS + 6, x))
        elif i > 0:
            stage_array(table, base - ROWS + 6, x)[:, :] = d
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
    activate(code, alpha, scale, limit, z, a)


@njit(nogil=True, cache=True, error_model="numpy")
def add_bias(b, z):
    """z += b in place (b (1, U), z (N, U)): NumPy's ``z += b`` (the same additions) without
    its broadcasting's set-up, ~0.3 us instead of ~0.95 us on the toy's 10 x 8."""
    n_rows, n_units = z.shape
    for n in range(n_rows):
        for j in range(n_units):
            z[n, j] += b[0, j]


@njit(nogil=True, cache=True, error_model="numpy")
def activation_backward_bias(code, alpha, scale, limit, z, a, d, want_db, gb):
    """d <- f'(z) * d in place (dL/da -> dL/dz); then gb[0] = column sums of d when
    ``want_db`` (the bias gradient)."""
    activation_backward(code, alpha, scale, limit, z, a, d)
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
    return stage_loss(kind, out_act, limit, z, a, labels, targets, y_pred, d)


@njit(nogil=True, cache=True, error_model="numpy")
def bias_elu32(has_bias, b, z, a, alpha, scale):
    """ELU's forward on float32 in one call: z += b (when ``has_bias``), then
    a = scale * (alpha * expm1(min(z, 0)) + max(z, 0)) (``fused_activations``); z, a (N, U)
    C-contiguous, b (1, U). Float64 takes ``bias_elu_start``, NumPy's expm1, ``elu_finish``."""
    if has_bias:
        n_rows, n_units = z.shape
        for n in range(n_rows):
            for j in range(n_units):
                z[n, j] += b[0, j]
    activate(ELU, alpha, scale, 80.0, z.reshape(1, z.size), a.reshape(1, a.size))   # one row:
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
