"""Dense (fully connected) layer: y = activation(x W + b)."""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine import gemm
from dlstudio.engine.layers.common import KernelLayer, check_int, layer_error, shape_text


class Dense(KernelLayer):
    """Every output unit is a weighted sum of all inputs plus a bias, then the activation.

    Shapes: x (N, in) -> y (N, units); W (in, units) (Keras layout); b (units,).

    Forward:   z = x @ W + b,  a = f(z)
    Backward:  dz = f'(z) * da,  dW = x.T @ dz,  db = sum_n dz,  dx = dz @ W.T
    """

    type_name = "Dense"

    def __init__(self, units: int, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, kernel_constraint: Any = None,
                 name: str | None = None, trainable: bool = True):
        self.units = check_int("Dense", "units", units)
        super().__init__(activation, use_bias, kernel_initializer, bias_initializer,
                         kernel_regularizer, kernel_constraint, name, trainable)

    @classmethod
    def check_input(cls, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) != 1:
            raise layer_error("Dense", "spec.dense_needs_flat", shape=shape_text(input_shape))

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        self.check_input(input_shape)
        return (self.units,)

    def kernel_shape_for(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        self.output_shape(tuple(input_shape))
        return (int(input_shape[0]), self.units)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        W = self.params["W"]
        self._x = x
        z = gemm.matmul(x, W, np.empty((x.shape[0], W.shape[1]), dtype=np.result_type(x, W)))
        a = self._bias_activate(z, reuse=False)
        self.last_preactivation, self.last_output = z, a
        return a

    def record_forward(self, x: np.ndarray, z: np.ndarray, a: np.ndarray) -> None:
        """Take a forward pass computed elsewhere (the fused kernel, ``engine/fused.py``) as
        this layer's own, so ``backward`` and the probes continue from it: input ``x``
        (N, in), pre-activation ``z`` (N, units) and output ``a = f(z)`` (N, units)."""
        self._x, self._z, self._a = x, z, a
        self.last_preactivation, self.last_output = z, a

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        dz = self._activation_grads(grad_out)
        if self.trainable:
            gemm.matmul(self._x.T, dz, self.grad_array("W"))
        else:
            self.grads.clear()
        if not self.compute_input_grad:
            return None
        W = self.params["W"]
        return gemm.matmul(dz, W.T, np.empty((dz.shape[0], W.shape[0]), dtype=np.result_type(dz, W)))

    def get_config(self) -> dict[str, Any]:
        return {"units": self.units, **self.common_config(), **super().get_config()}
