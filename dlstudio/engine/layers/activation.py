"""Activation as a layer of its own (e.g. Dense without activation -> BatchNormalization
-> Activation('relu'))."""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine import activations
from dlstudio.engine.layers.base import Layer
from dlstudio.engine.numbers import refused


class Activation(Layer):
    """Applies an activation function element-wise (softmax: along the last axis).

    Forward:   a = f(x)        Backward:  dx = f'(x) * da  (softmax: its Jacobian times da)
    """

    type_name = "Activation"

    def __init__(self, activation: Any = "linear", name: str | None = None,
                 trainable: bool = True):
        super().__init__(name=name, trainable=trainable)
        try:
            self.activation = activations.get(activation)
        except (KeyError, ValueError) as exc:
            raise refused("Activation", exc) from None
        self._activation_id = self.activation.to_identifier()

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        a = self.activation.forward(x)
        self._x, self._a = x, a
        self.last_preactivation, self.last_output = x, a
        return a

    def record_forward(self, x: np.ndarray, a: np.ndarray) -> None:
        """Take a forward pass computed elsewhere (the fused kernel, ``engine/fused.py``) as
        this layer's own: input ``x`` and output ``a = f(x)``, both (N, units)."""
        self._x, self._a = x, a
        self.last_preactivation, self.last_output = x, a

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return self.activation.backward(self._x, self._a, grad_out)

    def get_config(self) -> dict[str, Any]:
        return {"activation": self._activation_id, **super().get_config()}
