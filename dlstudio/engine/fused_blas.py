"""The fused Dense pass for larger batches (see ``engine/fused.py``): the plan's stages with
BLAS's matrix products (``engine.gemm``) between small kernels, forward (``forward_chain``,
also what ``fused.predict`` runs) and the whole training step (``blas_step``).
"""
from __future__ import annotations

import numpy as np

from dlstudio.engine import gemm, threads
from dlstudio.engine.kernels import blas as kblas, fused as fk

#: activations whose forward pass NumPy computes faster than a scalar Numba loop (its
#: float32 exp/tanh are vectorized): the BLAS path leaves them to the layer's activation;
#: ELU/SELU take one vectorized kernel in float32 (``bias_elu32``: 5,000 values 2.4 us),
#: Numba kernels around NumPy's expm1 in float64
NUMPY_FORWARD = frozenset({fk.TANH, fk.SIGMOID, fk.SOFTPLUS})


def forward_chain(x: np.ndarray, stages: list, settings: list, limit: float,
                  macs: int | None = None) -> np.ndarray:
    """The forward pass of the stages with BLAS's products; returns the last output.
    ``macs``: the multiply-adds of a pass per row (``Plan.macs``), when known: a batch
    whose products ``gemm.matmul`` would all make whole is multiplied without sizing them."""
    xin = x
    # one thread, or products too small to split: each product is one BLAS call, as
    # ``gemm.matmul`` would make it after sizing it (~0.3 us a product saved: the 5x100
    # ELU MLP predicts 50 rows in ~175 us; the toy's 4 products ~0.5 us each)
    whole = threads.chosen_threads() <= 1 or (
        macs is not None and gemm.always_whole(x.shape[0] * macs, polled=True))
    # products with every dimension >= 2 and their bias in one kernel call making
    # numpy.matmul's own BLAS call (``kblas.matmul_bias``: the same values)
    direct = whole and kblas.AVAILABLE and x.shape[0] >= 2
    matmul, add_bias, bias_activate = np.matmul, fk.add_bias, fk.bias_activate
    elu, linear = fk.ELU, fk.LINEAR
    for (W, b2, _, _, z, a, _), (dense, code, has_bias, _, alpha, scale, act) in \
            zip(stages, settings):
        if dense:
            if direct and W.shape[0] >= 2 and W.shape[1] >= 2:
                kblas.matmul_bias(xin, W, has_bias, b2, z)
                has_bias = False                # added
            elif whole:
                matmul(xin, W, out=z)
            else:
                gemm.matmul(xin, W, z, polled=True)
        else:
            z = xin
        if code in NUMPY_FORWARD:
            if has_bias:
                add_bias(b2, z)         # z += b2 (NumPy's broadcast add costs 3x more here)
            act.forward(z, out=a)
        elif code == elu:
            if z.itemsize == 4:
                fk.bias_elu32(has_bias, b2, z, a, alpha, scale)
            else:
                fk.bias_elu_start(has_bias, b2, z, a)
                np.expm1(a, out=a)
                fk.elu_finish(alpha, scale, z, a)
        elif has_bias or code != linear or a is not z:      # (else nothing left to do)
            bias_activate(code, alpha, scale, limit, has_bias, b2, z, a)
        xin = a
    return xin


def blas_step(x: np.ndarray, stages: list, settings: list, limit: float, kind: int,
               out_act: int, labels: np.ndarray, targets: np.ndarray,
               y_pred: np.ndarray) -> float:
    """``fk.train_step`` with BLAS's matrix products: the same stages, buffers and formulas
    (see ``kernels/fused.py``), the products by ``gemm.matmul``. Returns the mean loss or
    ``fk.BAD_LABEL``."""
    forward_chain(x, stages, settings, limit)
    last = len(stages) - 1
    z_last = stages[last][4] if settings[last][0] else (x if last == 0 else stages[last - 1][5])
    value = fk.loss(kind, out_act, limit, z_last, stages[last][5], labels, targets, y_pred,
                    stages[last][6])
    if value == fk.BAD_LABEL:
        return value
    for i in range(last, -1, -1):
        W, _, gW, gb2, z, a, d = stages[i]
        dense, code, has_bias, trainable, alpha, scale, _ = settings[i]
        xin = x if i == 0 else stages[i - 1][5]
        if not dense:
            z = xin
        if i == last and kind != fk.MSE:
            code = fk.LINEAR                             # the CE losses give dL/dz already
        want_db = dense and trainable and has_bias
        if code != fk.LINEAR or want_db:
            fk.activation_backward_bias(code, alpha, scale, limit, z, a, d, want_db, gb2)
        if dense:
            if trainable:
                gemm.matmul(xin.T, d, gW, polled=True)
            if i > 0:
                gemm.matmul(d, W.T, stages[i - 1][6], polled=True)
        elif i > 0:
            stages[i - 1][6][...] = d
    return value
