"""What the outcome panel needs from a model, without knowing where the model lives.

A *provider* is either a plain callable ``predict(x) -> outputs`` (``x`` of shape
(N, *input_shape), outputs of shape (N, C) probabilities or logits, or (N,) / (N, 1) for a
binary problem), or an object with that ``__call__`` plus, optionally,

- ``layer_outputs(x) -> list[(name, kind, array)]``: every layer's output for the batch
  ``x`` (for per-neuron maps and feature maps);
- ``layer_weights() -> list[(name, kind, array)]``: every layer's kernel ``W`` (for the
  conv-filter view; Conv2D kernels have shape (kh, kw, c_in, c_out)).

:class:`NetworkProvider` adapts a dlstudio ``Network``. It must be a network that the GUI
thread owns (``Studio.network_for(variant)`` gives such a copy): running ``forward`` on the
network the training worker uses would overwrite the activations its backward pass needs.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication


class NetworkCannotRun(Exception):
    """The network's spec has a problem (a layer that cannot take its input): no evaluation
    until the student fixes it. Its text names the problem, in the window's language."""

    def explained(self) -> str:
        """What a page says instead of its evaluation (walker37 W37-26: "Evaluating the
        network on 300 validation images..." stayed for ever over an empty matrix)."""
        return QCoreApplication.translate(
            "NetworkCannotRun", "This network cannot run ({0}): fix it in the Network "
            "panel, then train it.").format(self)


class NetworkProvider:
    """Provider over a GUI-thread network, fetched anew at each use.

    Parameters
    ----------
    get_network : callable
        Returns the network (or None while there is none), e.g.
        ``lambda: studio.network_for("A")``.
    batch_size : int
        Inputs are pushed through in chunks of this size.
    """

    def __init__(self, get_network: Callable[[], object], batch_size: int = 256):
        self._get = get_network
        self.batch_size = batch_size

    def _net(self):
        net = self._get()
        if net is None:
            raise LookupError("no network yet")
        return net

    def input_shape(self) -> tuple[int, ...] | None:
        """The shape of one input the network takes (None while there is no network)."""
        try:
            shape = getattr(self._get(), "input_shape", None)
        except LookupError:             # being replaced: the evaluation says so
            return None
        return None if shape is None else tuple(int(s) for s in shape)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        net = self._net()
        return np.concatenate([net.forward(x[i:i + self.batch_size])
                               for i in range(0, len(x), self.batch_size)])

    def layer_outputs(self, x: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
        net = self._net()
        net.forward(x)
        return [(layer.name or f"layer {i}", layer.type_name,
                 None if layer.last_output is None else np.array(layer.last_output))
                for i, layer in enumerate(net.layers)]

    def layer_weights(self) -> list[tuple[str, str, np.ndarray]]:
        net = self._net()
        return [(layer.name or f"layer {i}", layer.type_name, np.array(layer.params["W"]))
                for i, layer in enumerate(net.layers) if "W" in layer.params]
