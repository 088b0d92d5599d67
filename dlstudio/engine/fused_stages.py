"""The stages of the fused Dense pass (``engine/fused.py``): each layer of a qualifying chain
as the kernel sees it (``Stage``: a Dense, an element-wise Activation or a batch-norm layer on
vectors, with its live arrays), the kernel's activation codes, a batch-norm stage's rows, and
which output activation and loss pairs the kernel computes (``loss_setup_for``).
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dlstudio.engine.kernels import fused as fk

#: the kernel's code for each element-wise activation it computes (SELU is a scaled ELU)
ACT_CODES = {"linear": fk.LINEAR, "relu": fk.RELU, "tanh": fk.TANH, "sigmoid": fk.SIGMOID,
             "elu": fk.ELU, "selu": fk.ELU, "leaky_relu": fk.LEAKY_RELU,
             "softplus": fk.SOFTPLUS}


def activation_params(act: Any) -> tuple[int, float, float] | None:
    """(kernel code, alpha, scale) of activation ``act``, or None when the kernel does not
    compute it."""
    code = ACT_CODES.get(getattr(act, "name", None))
    if code is None:
        return None
    return code, float(getattr(act, "alpha", 0.0)), float(getattr(act, "scale", 1.0))


class Stage(NamedTuple):
    """One layer as the plan sees it (W, b, gW, gb: the live arrays, None where absent;
    ``bn``: a batch-norm layer's gamma, beta, their gradients, moving mean and variance)."""

    layer: Any
    dense: bool
    trainable: bool
    W: np.ndarray | None
    b: np.ndarray | None
    gW: np.ndarray | None
    gb: np.ndarray | None
    bn: tuple | None = None


def bn_stage(layer: Any, dtype: np.dtype) -> Stage | None:
    """A batch-norm layer on vectors as a stage (None when its arrays do not fit)."""
    if len(layer.input_shape) != 1:
        return None
    gamma, beta = layer.params.get("gamma"), layer.params.get("beta")
    mean, var = layer.state.get("moving_mean"), layer.state.get("moving_variance")
    g_gamma = g_beta = None
    if layer.trainable:
        g_gamma = layer.grad_array("gamma") if gamma is not None else None
        g_beta = layer.grad_array("beta") if beta is not None else None
    arrays = (gamma, beta, g_gamma, g_beta, mean, var)
    if mean is None or var is None or any(
            a is not None and (a.dtype != dtype or not a.flags.c_contiguous) for a in arrays):
        return None
    return Stage(layer, False, layer.trainable, None, None, None, None, arrays)


def bn_rows(stage: Stage, dtype: np.dtype) -> tuple:
    """A batch-norm stage's rows 0-3: gamma (ones without scale), beta (zeros without
    center), their gradients (dummies where none are kept), all (1, C)."""
    gamma, beta, g_gamma, g_beta, mean, _ = stage.bn
    width = mean.size
    dummy = np.zeros((0, 0), dtype)
    return (np.ones((1, width), dtype) if gamma is None else gamma.reshape(1, -1),
            np.zeros((1, width), dtype) if beta is None else beta.reshape(1, -1),
            dummy if g_gamma is None else g_gamma.reshape(1, -1),
            dummy if g_beta is None else g_beta.reshape(1, -1))


def stage_kind(stage: Stage) -> int:
    """The kernel's stage code of ``stage``: batch norm, Dense or Activation."""
    if stage.bn is not None:
        return fk.BATCHNORM_STAGE
    return fk.DENSE_STAGE if stage.dense else fk.ACTIVATION_STAGE


def stage_grad(stage: Stage, key: str) -> np.ndarray:
    """The gradient array of parameter ``key`` of a Dense or batch-norm stage."""
    if stage.bn is not None:
        return stage.bn[2] if key == "gamma" else stage.bn[3]
    return stage.gW if key == "W" else stage.gb


def loss_setup_for(loss_fn: Any, out_act: Any, last_code: int) -> tuple | None:
    from dlstudio.engine import losses

    out_name = getattr(out_act, "name", None)
    logits = getattr(loss_fn, "from_logits", False)
    kind = type(loss_fn)
    if kind is losses.SparseCategoricalCrossentropy:
        if (out_name == "softmax" and not logits) or (out_name is None and logits):
            if last_code == fk.LINEAR:
                return fk.SPARSE_CE, int(out_name is not None), last_code
    elif kind is losses.BinaryCrossentropy:
        if (out_name == "sigmoid" and not logits) or (out_name is None and logits):
            if last_code == fk.LINEAR:
                return fk.BINARY_CE, int(out_name is not None), last_code
    elif kind is losses.MeanSquaredError:
        if out_name is None:
            return fk.MSE, 0, last_code
        if out_name == "sigmoid" and last_code == fk.LINEAR:
            return fk.MSE, 0, fk.SIGMOID
    return None
