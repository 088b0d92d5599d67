"""Shared helpers for the training tests: tiny data and networks that train in milliseconds."""
from __future__ import annotations

import numpy as np


def mlp(units=(16,), activation="tanh", n_in=2, n_out=3, init=None, extra=None) -> dict:
    """A Dense network spec dict (softmax output)."""
    layers = []
    for u in units:
        layer = {"type": "Dense", "units": u, "activation": activation}
        if init is not None:
            layer["kernel_initializer"] = init
        layers.append(layer)
        if extra:
            layers.append(dict(extra))
    layers.append({"type": "Dense", "units": n_out, "activation": "softmax"})
    return {"format": "dlstudio.network", "version": 1, "input_shape": [n_in], "layers": layers}


def build(spec: dict, seed: int = 0):
    from dlstudio.engine.network import Network

    return Network.from_spec(spec, seed=seed)


def weights_equal(a, b) -> bool:
    wa, wb = a.get_weights(), b.get_weights()
    return len(wa) == len(wb) and all(np.array_equal(x, y) for x, y in zip(wa, wb))
