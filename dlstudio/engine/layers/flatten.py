"""Flatten: images (N, H, W, C) become vectors (N, H*W*C) for Dense layers."""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.layers.base import Layer


class Flatten(Layer):
    """Reshape each example to one row, in NHWC order (as Keras with channels_last).

    Forward:   y = x.reshape(N, -1)        Backward:  dx = dy.reshape(x.shape)
    No copying: both are views when the arrays are contiguous.
    """

    type_name = "Flatten"

    def __init__(self, name: str | None = None, trainable: bool = True):
        super().__init__(name=name, trainable=trainable)

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        return (int(np.prod(input_shape, dtype=np.int64)),)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._x_shape = x.shape
        self.last_output = x.reshape(x.shape[0], -1)
        return self.last_output

    def record_forward(self, x: np.ndarray, y: np.ndarray) -> None:
        """Take a forward pass computed elsewhere (the fused Dense path, ``engine/fused.py``)
        as this layer's own: input ``x`` and its rows ``y`` (N, H*W*C)."""
        self._x_shape = x.shape
        self.last_output = y

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out.reshape(self._x_shape)

    def get_config(self) -> dict[str, Any]:
        return super().get_config()
