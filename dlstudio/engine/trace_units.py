"""The numbers of one unit for one example, read from a ``StepTrace``.

A unit is addressed by its index in one example's output of the layer: ``(j,)`` for Dense,
``(row, col, filter)`` for Conv2D, ``(row, col, channel)`` for pooling, the output's own index
for batch norm and element-wise layers. ``unit_detail(trace, layer, example, unit)`` returns
a ``UnitDetail`` whose ``rule`` says which equations apply and whose ``values`` hold their
numbers (floats, or small float64 arrays such as the inputs a Dense unit sees):

``"weighted_sum"`` (Dense, Conv2D)
    going up: ``inputs`` (the Dense input vector, or the Conv2D input patch under the kernel,
    flattened), ``weights``, ``bias``, ``z = inputs . weights + bias``, ``a = f(z)``;
    going down: ``grad_a`` (dL/da), ``fprime`` (f'(z) = dL/dz / dL/da, None when dL/da = 0),
    ``grad_z``, ``grad_w_example = inputs * grad_z`` (this example's share of dL/dw at this
    position), ``grad_w_batch`` and ``grad_b_batch`` (the whole batch's dL/dw, dL/db, what the
    optimizer gets: the sum of the shares over examples and, for Conv2D, positions).
``"batchnorm"``
    ``x``, batch ``mean`` and ``var`` of the unit's channel, ``epsilon``, ``xhat``, ``gamma``,
    ``beta``, ``y``; ``grad_y``, ``grad_gamma_batch``, ``grad_beta_batch``, ``grad_x``.
``"max_pool"`` / ``"average_pool"``
    ``window`` (the input values under the window, row-major), ``winner`` (index into it, max
    only), ``y``, ``grad_y`` and ``grad_window`` (what each window pixel receives).
``"elementwise"`` (Activation layer, output activation with no weights, Dropout, Flatten)
    ``x``, ``z``, ``a`` (equal to x without activation), ``grad_a``, ``grad_x``.

Everything is float64 and copied from the trace: the values are exactly the layer's own
forward and backward results; only ``z``, ``grad_w_example`` and the batch statistics are
recomputed from their definitions (tested to agree with the layer to rounding).
"""
from __future__ import annotations

import math

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dlstudio.engine.trace import LayerTrace, StepTrace

__all__ = ["UnitDetail", "unit_detail", "unit_count"]


@dataclass(frozen=True)
class UnitDetail:
    layer: str
    kind: str
    rule: str
    example: int
    unit: tuple[int, ...]
    activation: str | None
    values: dict[str, Any] = field(default_factory=dict)


def unit_count(trace: LayerTrace) -> tuple[int, ...]:
    """Shape of one example's output: the range of valid ``unit`` indices."""
    return tuple(trace.a.shape[1:])


def _f(v) -> float:
    return float(np.asarray(v, dtype=np.float64))


def _patch(t: LayerTrace, n: int, r: int, c: int) -> tuple[np.ndarray, np.ndarray]:
    """The Conv2D/pooling input patch (kh, kw, C) under output pixel (r, c), zeros where
    'same' padding reaches outside the image, and a mask of the real pixels."""
    from dlstudio.engine.kernels.conv import padding_before

    layer = t.layer
    kh, kw = layer.kernel_size if hasattr(layer, "kernel_size") else layer.pool_size
    sh, sw = layer.strides
    _, h, w, chans = t.x.shape
    top = r * sh - padding_before(h, kh, sh, layer.padding)
    left = c * sw - padding_before(w, kw, sw, layer.padding)
    patch = np.zeros((kh, kw, chans))
    real = np.zeros((kh, kw), dtype=bool)
    for i in range(kh):
        for j in range(kw):
            if 0 <= top + i < h and 0 <= left + j < w:
                patch[i, j] = t.x[n, top + i, left + j]
                real[i, j] = True
    return patch, real


def _weighted_sum(t: LayerTrace, n: int, unit: tuple[int, ...]) -> dict[str, Any]:
    if t.kind == "Dense":
        (j,) = unit
        inputs = t.x[n].astype(np.float64)
        weights = t.params["W"][:, j].astype(np.float64)
        grad_w_batch = t.grads.get("W")
        grad_w_batch = None if grad_w_batch is None else grad_w_batch[:, j].astype(np.float64)
    else:                                        # Conv2D
        r, c, j = unit
        inputs = _patch(t, n, r, c)[0].ravel()
        weights = t.params["W"][..., j].astype(np.float64).ravel()
        grad_w_batch = t.grads.get("W")
        grad_w_batch = None if grad_w_batch is None else grad_w_batch[..., j].astype(
            np.float64).ravel()
    bias = _f(t.params["b"][j]) if "b" in t.params else 0.0
    idx = (n, *unit)
    z = _f(t.z[idx]) if t.z is not None else _f(t.a[idx])
    grad_a = _f(t.grad_a[idx])
    grad_z = _f(t.grad_z[idx]) if t.grad_z is not None else grad_a
    return {
        "inputs": inputs, "weights": weights, "bias": bias, "has_bias": "b" in t.params,
        "z": z, "z_recomputed": float(inputs @ weights + bias), "a": _f(t.a[idx]),
        "grad_a": grad_a, "grad_z": grad_z,
        "fprime": grad_z / grad_a if grad_a != 0 else None,
        "grad_w_example": inputs * grad_z,
        "grad_w_batch": grad_w_batch,
        "grad_b_batch": _f(t.grads["b"][j]) if "b" in t.grads else None,
    }


def _batchnorm(t: LayerTrace, n: int, unit: tuple[int, ...]) -> dict[str, Any]:
    ch = unit[-1]
    column = t.x[..., ch].astype(np.float64).ravel()
    mean, var = float(column.mean()), float(column.var())
    eps = float(t.layer.epsilon)
    idx = (n, *unit)
    x = _f(t.x[idx])
    gamma = _f(t.params["gamma"][ch]) if "gamma" in t.params else 1.0
    beta = _f(t.params["beta"][ch]) if "beta" in t.params else 0.0
    return {"x": x, "mean": mean, "var": var, "epsilon": eps,
            "xhat": (x - mean) / np.sqrt(var + eps), "gamma": gamma, "beta": beta,
            "y": _f(t.a[idx]), "grad_y": _f(t.grad_a[idx]),
            "grad_gamma_batch": _f(t.grads["gamma"][ch]) if "gamma" in t.grads else None,
            "grad_beta_batch": _f(t.grads["beta"][ch]) if "beta" in t.grads else None,
            "grad_x": _f(t.grad_x[idx]), "count": int(column.size)}


def _pool(t: LayerTrace, n: int, unit: tuple[int, ...]) -> dict[str, Any]:
    from dlstudio.engine.kernels.conv import padding_before

    r, c, ch = unit
    patch, real = _patch(t, n, r, c)
    window = patch[..., ch][real]
    layer = t.layer
    (kh, kw), (sh, sw) = layer.pool_size, layer.strides
    _, h, w, _ = t.x.shape
    top = r * sh - padding_before(h, kh, sh, layer.padding)
    left = c * sw - padding_before(w, kw, sw, layer.padding)
    coords = [(top + i, left + j) for i in range(kh) for j in range(kw) if real[i, j]]
    grad_window = np.array([_f(t.grad_x[n, i, j, ch]) for i, j in coords])
    out = {"window": window, "y": _f(t.a[n, r, c, ch]), "grad_y": _f(t.grad_a[n, r, c, ch]),
           "grad_window": grad_window, "pixels": coords}
    if t.kind == "MaxPooling2D":
        out["winner"] = int(np.argmax(window))
    return out


def _softmax_output(trace: StepTrace, t: LayerTrace, n: int,
                    unit: tuple[int, ...]) -> dict[str, Any]:
    """What a softmax output unit under cross-entropy shows besides a weighted sum: its
    output as exp(zⱼ) / Σₖ exp(zₖ) (``exp_z``, ``exp_sum``; None when exp overflows) and its
    gradient as (p − y) / N from the loss (``target`` yⱼ, ``batch`` N), which
    ``fused_matches`` says the engine's own ∂L/∂z equals (walker23 W23-13: "softmax(-1.112)"
    of one number, and ∂L/∂a = 0 above ∂L/∂z = 0.0017, read as a broken chain rule)."""
    j = unit[-1]
    y = np.asarray(trace.y)
    target = float(y[n, j]) if y.ndim > 1 else float(int(y[n]) == j)
    z_row = np.asarray(t.z[n] if t.z is not None else t.a[n], dtype=np.float64).reshape(-1)
    z_j = float(z_row[j])
    big = float(np.max(z_row)) > 700.0                        # exp overflows float64
    batch = len(t.a)
    p = _f(t.a[(n, *unit)])
    grad_z = _f(t.grad_z[(n, *unit)]) if t.grad_z is not None else None
    fused = grad_z is not None and math.isclose((p - target) / batch, grad_z,
                                                rel_tol=1e-6, abs_tol=1e-12)
    return {"target": target, "batch": batch, "fused_matches": fused,
            "exp_z": None if big else math.exp(z_j),
            "exp_sum": None if big else float(np.sum(np.exp(z_row)))}


def unit_detail(trace: StepTrace, layer: int | str, example: int,
                unit: tuple[int, ...] | int) -> UnitDetail:
    """The numbers of ``unit`` of ``layer`` (index or name) for batch example ``example``."""
    if isinstance(layer, str):
        names = [t.name for t in trace.layers]
        if layer not in names:
            raise ValueError(f"no layer named {layer!r}; the layers are {', '.join(names)}")
        layer = names.index(layer)
    t = trace.layers[layer]
    unit = (unit,) if isinstance(unit, (int, np.integer)) else tuple(int(u) for u in unit)
    shape = unit_count(t)
    if not 0 <= example < len(t.a):
        raise ValueError(f"example {example} is not in the batch of {len(t.a)}")
    if len(unit) != len(shape) or not all(0 <= u < s for u, s in zip(unit, shape)):
        raise ValueError(f"{t.name}: unit {unit} is outside its output of shape {shape}")
    if t.kind in ("Dense", "Conv2D"):
        rule, values = "weighted_sum", _weighted_sum(t, example, unit)
        if t.activation == "softmax" and "crossentropy" in trace.loss_name:
            values.update(_softmax_output(trace, t, example, unit))
    elif t.kind == "BatchNormalization":
        rule, values = "batchnorm", _batchnorm(t, example, unit)
    elif t.kind in ("MaxPooling2D", "AveragePooling2D"):
        rule = "max_pool" if t.kind == "MaxPooling2D" else "average_pool"
        values = _pool(t, example, unit)
    else:
        idx = (example, *unit)
        flat_x = t.x[example].reshape(-1)
        x_val = _f(flat_x[np.ravel_multi_index(unit, shape)]) if t.kind == "Flatten" else (
            _f(t.x[idx]))
        grad_x = (_f(t.grad_x[example].reshape(-1)[np.ravel_multi_index(unit, shape)])
                  if t.kind == "Flatten" else _f(t.grad_x[idx]))
        rule = "elementwise"
        values = {"x": x_val, "z": _f(t.z[idx]) if t.z is not None else x_val,
                  "a": _f(t.a[idx]), "grad_a": _f(t.grad_a[idx]), "grad_x": grad_x}
    return UnitDetail(t.name, t.kind, rule, int(example), unit, t.activation, values)
