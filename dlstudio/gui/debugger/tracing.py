"""What the step debugger computes, without Qt: the mini-batch it traces (``pick_batch``),
the float64 copy of the network that the trace and the gradient check run on
(``float64_copy``), the worker jobs doing both (``trace_job``, ``check_job``), the weights
of a unit a check compares (``unit_weights``) and the unit a layer opens on
(``default_unit``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

#: largest batch traced (a bigger training batch is cut to this many examples)
MAX_BATCH = 64
#: the most weights of a unit one gradient check compares
K_MAX = 50


def default_unit(shape: tuple[int, ...]) -> int:
    """The unit a layer of output ``shape`` (one example's) opens on, as a flat index: the
    centre of a feature map, channel 0 ((H, W, C): row H // 2, column W // 2), since a
    corner of an MNIST image is black and every number there is 0 (walker16 W16-26);
    unit 0 of a vector."""
    if len(shape) == 3:
        return int(np.ravel_multi_index((shape[0] // 2, shape[1] // 2, 0), shape))
    return 0


def float64_copy(spec: Any, weights: list):
    """The network in float64 with ``weights`` and dropout off, so that the trace (a probe:
    dropout off) and the gradient check (a training pass) compute the same loss."""
    from dlstudio.engine.network import Network

    net = Network.from_spec(spec, seed=0, dtype=np.float64)
    net.set_weights(weights)
    net.set_dropout_rate(0.0)
    return net


def layer_shapes(trace: Any) -> tuple:
    """What identifies a traced network's layers: their names and output shapes."""
    return tuple((t.name, tuple(t.a.shape[1:])) for t in trace.layers)


def pick_batch(x_train: np.ndarray, y_train: np.ndarray, batch_size: int,
               seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)``: ``batch_size`` training examples (at most ``MAX_BATCH``), drawn in the
    order of the data by ``seed`` ("Another batch" counts it up)."""
    size = min(int(batch_size), MAX_BATCH, len(x_train))
    rng = np.random.default_rng([seed, 17])
    keep = np.sort(rng.choice(len(x_train), size=size, replace=False))
    return x_train[keep], y_train[keep]


def trace_job(spec: Any, weights: list, x: np.ndarray, y: np.ndarray,
              loss: Any) -> Callable[[Any], Any]:
    """The worker job yielding the ``StepTrace`` of the batch ``(x, y)`` through a float64
    copy of the network."""
    def job(_job):
        from dlstudio.engine.trace import trace_batch

        yield trace_batch(float64_copy(spec, weights), x, y, loss)

    return job


def check_job(spec: Any, weights: list, x: np.ndarray, y: np.ndarray, loss: Any,
              indices: dict) -> Callable[[Any], Any]:
    """The worker job yielding the ``ParamCheck`` list of the gradient check of the weights
    ``indices`` (``unit_weights``) on the batch ``(x, y)``."""
    def job(_job):
        from dlstudio.engine.gradcheck import check_network

        yield check_network(float64_copy(spec, weights), x, y, loss,
                            rng=np.random.default_rng(0), indices=indices)

    return job


def unit_weights(trace_layer, unit: tuple[int, ...], k: int, rng: np.random.Generator,
                 smallest: float = 0.0) -> dict[tuple[str, str], np.ndarray]:
    """Flat indices of up to ``k`` weights feeding ``unit`` (plus its bias, gamma, beta).

    The weights are drawn among those whose gradient on the traced batch reaches
    ``smallest`` (the finite difference's resolution), so that the check compares numbers
    rather than rounding noise: most inputs of a trained MNIST network's first layer are
    border pixels, always 0, whose weights get no gradient at all (walker7 W7-10: all five
    rows read "too small to check"). When fewer reach it, the largest gradients are taken.
    """
    name, params = trace_layer.name, trace_layer.params
    j = unit[-1]
    out: dict[tuple[str, str], np.ndarray] = {}
    if "W" in params:
        n_out = params["W"].shape[-1]
        rows = params["W"].size // n_out
        grads = getattr(trace_layer, "grads", {}).get("W")
        if grads is None:
            pick = rng.choice(rows, size=min(k, rows), replace=False)
        else:
            size = np.abs(np.asarray(grads).reshape(rows, n_out)[:, j])
            large = np.flatnonzero((size >= smallest) & (size > 0))
            if len(large) >= k:
                pick = rng.choice(large, size=k, replace=False)
            else:
                pick = np.argsort(-size, kind="stable")[:min(k, rows)]
        out[(name, "W")] = np.sort(pick) * n_out + j
    for key in ("b", "gamma", "beta"):
        if key in params:
            out[(name, key)] = np.array([j])
    return out
