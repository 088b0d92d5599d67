"""Finite-difference gradient checks (float64).

``numeric_gradient(f, x)`` estimates the gradient of a scalar function by central differences,
``relative_error(a, b)`` compares two gradients, and ``check_layer`` checks a layer's
hand-written backward pass, both the input gradient and every parameter gradient, through a
random projection loss ``L(x) = sum(P * layer.forward(x))`` with a fixed random ``P``: then
``dL/dy = P`` and every entry of the output contributes with a different weight.
"""
from __future__ import annotations

from typing import Callable

import numpy as np


def numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                     eps: float = 1e-6) -> np.ndarray:
    """Central differences ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for every entry.

    ``x`` (any shape, float64) is perturbed in place and restored; ``f`` must read it afresh
    on every call. Returns an array shaped like ``x``.
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    flat = x.reshape(-1)          # a view when x is contiguous; checked below
    if not np.shares_memory(flat, x):
        raise ValueError("numeric_gradient needs a contiguous array to perturb in place")
    gflat = grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = float(f(x))
        flat[i] = old - eps
        f_minus = float(f(x))
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """``||a - b|| / max(||a||, ||b||)`` over all entries (0 when both are zero)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes {a.shape} and {b.shape}")
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)


def check_layer(layer, input_shape: tuple[int, ...], rng: np.random.Generator, *,
                batch: int = 3, training: bool = True, x: np.ndarray | None = None,
                eps: float = 1e-6) -> dict[str, float]:
    """Relative errors between analytic and numeric gradients of one layer.

    Parameters
    ----------
    layer : Layer
        Built in float64 (it is built here when not built yet).
    input_shape : tuple
        Shape of one example (no batch axis).
    rng : numpy.random.Generator
        Source of the input (unless ``x`` is given) and of the projection ``P``.
    training : bool
        Mode of the forward passes (batch statistics for BatchNormalization, masks for
        Dropout; a layer with ``freeze_mask`` has its mask frozen so the loss is deterministic).

    Returns
    -------
    dict
        ``{"input": err, "<param key>": err, ...}`` for the input and every parameter the
        layer computed a gradient for (a frozen layer fills no parameter gradients).
    """
    if layer.input_shape is None:
        layer.build(tuple(input_shape), rng, dtype=np.float64)
    if np.dtype(layer.dtype) != np.float64:
        raise ValueError(f"{layer.describe()}: gradient checks need a layer built in float64")
    if hasattr(layer, "freeze_mask"):
        layer.freeze_mask()
    if x is None:
        x = rng.standard_normal((batch, *input_shape))
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = layer.forward(x.copy(), training=training)
    proj = rng.standard_normal(y.shape)

    def loss(_: np.ndarray) -> float:
        return float(np.sum(proj * layer.forward(x.copy(), training=training)))

    layer.forward(x.copy(), training=training)
    grad_x = layer.backward(proj.copy())
    analytic = {key: g.copy() for key, g in layer.grads.items()}
    errors = {"input": relative_error(grad_x, numeric_gradient(loss, x, eps))}
    for key, value in layer.params.items():
        if key in analytic:
            errors[key] = relative_error(analytic[key], numeric_gradient(loss, value, eps))
    return errors
