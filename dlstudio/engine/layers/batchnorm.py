"""Batch normalization: standardize each feature (or channel) over the mini-batch."""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine import initializers
from dlstudio.engine.layers._common import check_bool
from dlstudio.engine.layers.base import Layer


def _check_float(name: str, value: Any, low: float, high: float, open_high: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)):
        raise ValueError(f"BatchNormalization: {name} must be a number, got {value!r}")
    if value < low or value > high or (open_high and value == high):
        bound = f"below {high}" if open_high else f"at most {high}"
        raise ValueError(f"BatchNormalization: {name} must be at least {low} and {bound}, "
                         f"got {value!r}")
    return float(value)


class BatchNormalization(Layer):
    """Normalize per feature (input (N, F)) or per channel (input (N, H, W, C)).

    With m values per feature in the batch (m = N, or N*H*W for images):

    Training:   mu = mean(x),  var = mean((x - mu)^2)       (biased, as Keras)
                xhat = (x - mu) / sqrt(var + epsilon),  y = gamma * xhat + beta
                moving = momentum * moving + (1 - momentum) * batch statistic
    Inference:  the same with the moving mean and variance in place of mu and var.

    Backward (training), with g = dy * gamma:
                dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + epsilon)
                dgamma = sum(dy * xhat),  dbeta = sum(dy)
    Backward (inference): dx = dy * gamma / sqrt(moving_var + epsilon)

    As in Keras, a frozen layer (``trainable=False``) always runs in inference mode and
    leaves its moving statistics alone.
    """

    type_name = "BatchNormalization"
    weight_keys = ("gamma", "beta", "moving_mean", "moving_variance")

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = "zeros",
                 gamma_initializer: Any = "ones", name: str | None = None,
                 trainable: bool = True):
        super().__init__(name=name, trainable=trainable)
        self.momentum = _check_float("momentum", momentum, 0.0, 1.0, open_high=False)
        self.epsilon = _check_float("epsilon", epsilon, 1e-12, 1.0, open_high=False)
        self.center = check_bool("BatchNormalization", "center", center)
        self.scale = check_bool("BatchNormalization", "scale", scale)
        try:
            self.beta_initializer = initializers.get(beta_initializer)
            self.gamma_initializer = initializers.get(gamma_initializer)
        except (KeyError, ValueError) as exc:
            text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            raise ValueError(f"BatchNormalization: {text}") from None

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        if len(input_shape) not in (1, 3):
            raise ValueError(f"BatchNormalization: works on vectors (features,) or images "
                             f"(height, width, channels), got shape {tuple(input_shape)}")
        return tuple(input_shape)

    def build(self, input_shape, rng, dtype=np.float32) -> None:
        self.output_shape(tuple(input_shape))
        super().build(input_shape, rng, dtype)

    def reset_parameters(self, rng: np.random.Generator) -> None:
        c = (int(self.input_shape[-1]),)
        self.params = {}
        if self.scale:
            self.params["gamma"] = self.gamma_initializer(c, rng, self.dtype)
        if self.center:
            self.params["beta"] = self.beta_initializer(c, rng, self.dtype)
        self.state = {"moving_mean": np.zeros(c, dtype=self.dtype),
                      "moving_variance": np.ones(c, dtype=self.dtype)}
        self.grads = {}

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        x2 = x.reshape(-1, x.shape[-1])               # (m, C): one column per feature
        use_batch = training and self.trainable
        if use_batch:
            mu = x2.mean(axis=0)
            xc = x2 - mu
            var = np.mean(xc * xc, axis=0)
            mom = self.momentum
            self.state["moving_mean"] *= mom
            self.state["moving_mean"] += (1 - mom) * mu
            self.state["moving_variance"] *= mom
            self.state["moving_variance"] += (1 - mom) * var
        else:
            xc = x2 - self.state["moving_mean"]
            var = self.state["moving_variance"]
        inv_std = (1.0 / np.sqrt(var + self.epsilon)).astype(x.dtype, copy=False)
        xhat = xc * inv_std
        y = xhat * self.params["gamma"] if self.scale else xhat.copy()
        if self.center:
            y += self.params["beta"]
        self._xhat, self._inv_std, self._batch_mode, self._shape = xhat, inv_std, use_batch, x.shape
        self.last_output = y.reshape(x.shape)
        return self.last_output

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        dy = grad_out.reshape(-1, grad_out.shape[-1])
        xhat = self._xhat
        if self.trainable:
            self.grads = {}
            if self.scale:
                self.grads["gamma"] = np.sum(dy * xhat, axis=0)
            if self.center:
                self.grads["beta"] = np.sum(dy, axis=0)
        else:
            self.grads = {}
        g = dy * self.params["gamma"] if self.scale else dy
        if self._batch_mode:
            dx = g - g.mean(axis=0)
            dx -= xhat * np.mean(g * xhat, axis=0)
            dx *= self._inv_std
        else:
            dx = g * self._inv_std
        return dx.reshape(self._shape)

    def get_config(self) -> dict[str, Any]:
        cfg: dict[str, Any] = {"momentum": self.momentum, "epsilon": self.epsilon,
                               "center": self.center, "scale": self.scale}
        if self.beta_initializer.to_identifier() != "zeros":
            cfg["beta_initializer"] = self.beta_initializer.to_identifier()
        if self.gamma_initializer.to_identifier() != "ones":
            cfg["gamma_initializer"] = self.gamma_initializer.to_identifier()
        return {**cfg, **super().get_config()}
