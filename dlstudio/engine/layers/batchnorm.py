"""Batch normalization: standardize each feature (or channel) over the mini-batch."""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine import initializers
from dlstudio.engine.kernels import batchnorm as kbn
from dlstudio.engine.layers.common import (SUM_CHUNKS, Buffers, check_bool,
                                            resolve_setting)
from dlstudio.engine.layers.base import Layer
from dlstudio.engine.numbers import check_number


#: a batch with at most this many values (rows * channels) is normalized by the two serial
#: kernels (``kbn.train_forward`` / ``kbn.train_backward``) instead of the parallel passes.
#: 8-unit layer, batch 32, forward + backward, one thread's CPU time: 35 us -> 9 us (NumPy
#: ~35 us, PyTorch BatchNorm1d ~70 us); the parallel passes pay off only for image batches
SERIAL_MAX_VALUES = 65_536


def _check_float(name: str, value: Any, low: float, high: float, open_high: bool) -> float:
    return check_number("BatchNormalization", name, value, low, high, open_high=open_high)


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
    state_keys = ("moving_mean", "moving_variance")

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = "zeros",
                 gamma_initializer: Any = "ones", name: str | None = None,
                 trainable: bool = True):
        super().__init__(name=name, trainable=trainable)
        self.momentum = _check_float("momentum", momentum, 0.0, 1.0, open_high=False)
        self.epsilon = _check_float("epsilon", epsilon, 1e-12, 1.0, open_high=False)
        self.center = check_bool("BatchNormalization", "center", center)
        self.scale = check_bool("BatchNormalization", "scale", scale)
        self.beta_initializer = resolve_setting("BatchNormalization", "beta_initializer",
                                                initializers.get, beta_initializer)
        self.gamma_initializer = resolve_setting("BatchNormalization", "gamma_initializer",
                                                 initializers.get, gamma_initializer)
        self._buf = Buffers()

    @classmethod
    def check_input(cls, input_shape: tuple[int, ...]) -> None:
        if len(input_shape) not in (1, 3):
            raise ValueError(f"BatchNormalization: works on vectors (features,) or images "
                             f"(height, width, channels), got shape {tuple(input_shape)}")

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        self.check_input(input_shape)
        return tuple(input_shape)

    def weight_shapes(self, input_shape: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
        c = (int(self.output_shape(tuple(input_shape))[-1]),)
        keys = (("gamma",) if self.scale else ()) + (("beta",) if self.center else ())
        return {k: c for k in keys + self.state_keys}

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
        self._buf.clear()

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        chans = x.shape[-1]
        x2 = np.ascontiguousarray(x).reshape(-1, chans)     # (m, C): one column per feature
        self._batch_mode = training and self.trainable
        self._shape = x.shape
        if self._batch_mode and x2.size <= SERIAL_MAX_VALUES:
            return self._forward_small(x2)
        if self._batch_mode:
            mean, var = np.empty(chans), np.empty(chans)
            kbn.moments(x2, mean, var, self._buf.get("partial", (SUM_CHUNKS, chans), np.float64))
            mom = self.momentum
            for key, stat in (("moving_mean", mean), ("moving_variance", var)):
                moving = self.state[key]
                moving *= mom
                moving += ((1 - mom) * stat).astype(moving.dtype)
        else:
            mean = self.state["moving_mean"].astype(np.float64)
            var = self.state["moving_variance"].astype(np.float64)
        self._inv_std = 1.0 / np.sqrt(var + self.epsilon)
        self._xhat = self._buf.get("xhat", x2.shape, x2.dtype)
        y = self._buf.get("y", x2.shape, x2.dtype)
        kbn.normalize(x2, mean, self._inv_std, self._gamma(x2.dtype), self._beta(x2.dtype),
                    self._xhat, y)
        self.last_output = y.reshape(x.shape)
        return self.last_output

    def _forward_small(self, x2: np.ndarray) -> np.ndarray:
        """The training forward pass of a small batch in one kernel call (the same maths)."""
        chans = x2.shape[1]
        self._inv_std = self._buf.get("inv_std", (chans,), np.float64)
        self._xhat = self._buf.get("xhat", x2.shape, x2.dtype)
        y = self._buf.get("y", x2.shape, x2.dtype)
        kbn.train_forward(x2, self._gamma(x2.dtype), self._beta(x2.dtype),
                          self.state["moving_mean"], self.state["moving_variance"],
                          self.momentum, self.epsilon, self._inv_std, self._xhat, y)
        self.last_output = y.reshape(self._shape)
        return self.last_output

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        dy = np.ascontiguousarray(grad_out).reshape(self._xhat.shape)
        rows, chans = dy.shape
        if dy.size <= SERIAL_MAX_VALUES:
            return self._backward_small(dy)
        p_dy = self._buf.get("p_dy", (SUM_CHUNKS, chans), np.float64)
        p_dyx = self._buf.get("p_dyx", (SUM_CHUNKS, chans), np.float64)
        kbn.grad_sums(dy, self._xhat, p_dy, p_dyx)
        sum_dy, sum_dyx = p_dy.sum(axis=0), p_dyx.sum(axis=0)
        self._keep_grads(sum_dy, sum_dyx, dy.dtype)
        scale = self._gamma(np.float64) * self._inv_std
        if self._batch_mode:
            mean_dy, mean_dyx = sum_dy / rows, sum_dyx / rows
        else:                                   # moving statistics are constants
            mean_dy = mean_dyx = np.zeros(chans)
        dx = self._buf.get("dx", dy.shape, dy.dtype)
        kbn.grad_input(dy, self._xhat, scale, mean_dy, mean_dyx, dx)
        return dx.reshape(self._shape)

    def _backward_small(self, dy: np.ndarray) -> np.ndarray:
        """The backward pass of a small batch in one kernel call (the same maths)."""
        chans = dy.shape[1]
        sum_dy = self._buf.get("sum_dy", (chans,), np.float64)
        sum_dyx = self._buf.get("sum_dyx", (chans,), np.float64)
        dx = self._buf.get("dx", dy.shape, dy.dtype)
        kbn.train_backward(dy, self._xhat, self._gamma(dy.dtype), self._inv_std,
                           self._batch_mode, sum_dy, sum_dyx, dx)
        self._keep_grads(sum_dy, sum_dyx, dy.dtype)
        return dx.reshape(self._shape)

    def _keep_grads(self, sum_dy: np.ndarray, sum_dyx: np.ndarray, dtype) -> None:
        """dbeta = sum(dy), dgamma = sum(dy * xhat), for the parameters the layer has,
        written into the same arrays step after step (as Dense's ``grad_array``): new arrays
        each step made ``Network.parameters()`` hand out new ``ParamRef``s, so the optimizer,
        the gradient norms and the rest of a step packed their arrays again every step
        (walker11 W11-7: the 8-layer batch-norm MLP's step outside the forward/backward pass
        took ~500 us instead of ~100)."""
        if not self.trainable:
            self.grads.clear()
            return
        for key, value in (("gamma", sum_dyx), ("beta", sum_dy)):
            if key in self.params:
                np.copyto(self.grad_array(key, dtype), value, casting="unsafe")
            else:
                self.grads.pop(key, None)

    def grad_array(self, key: str, dtype: Any = None) -> np.ndarray:
        """The persistent array ``grads[key]`` (``"gamma"`` or ``"beta"``) the backward pass
        writes into, created (zeros, of ``dtype`` or the parameter's) when missing."""
        param = self.params[key]
        dtype = param.dtype if dtype is None else np.dtype(dtype)
        g = self.grads.get(key)
        if g is None or g.shape != param.shape or g.dtype != dtype:
            g = self.grads[key] = np.zeros(param.shape, dtype)
        return g

    def record_forward(self, x: np.ndarray, xhat: np.ndarray, inv_std: np.ndarray,
                       batch_mode: bool, y: np.ndarray) -> None:
        """Take a training forward pass computed elsewhere (the fused kernel,
        ``engine/fused.py``) as this layer's own, so ``backward`` and the probes continue
        from it: input ``x`` and output ``y`` (N, C), ``xhat`` (N, C), ``inv_std`` (C,)
        float64, ``batch_mode``: the batch's statistics were used (else the moving ones)."""
        self._batch_mode, self._shape = batch_mode, x.shape
        self._inv_std, self._xhat = inv_std, xhat
        self.last_output = y

    def _gamma(self, dtype) -> np.ndarray:
        c = self.input_shape[-1]
        return self.params["gamma"].astype(dtype, copy=False) if self.scale \
            else np.ones(c, dtype=dtype)

    def _beta(self, dtype) -> np.ndarray:
        c = self.input_shape[-1]
        return self.params["beta"].astype(dtype, copy=False) if self.center \
            else np.zeros(c, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        cfg: dict[str, Any] = {"momentum": self.momentum, "epsilon": self.epsilon,
                               "center": self.center, "scale": self.scale}
        if self.beta_initializer.to_identifier() != "zeros":
            cfg["beta_initializer"] = self.beta_initializer.to_identifier()
        if self.gamma_initializer.to_identifier() != "ones":
            cfg["gamma_initializer"] = self.gamma_initializer.to_identifier()
        return {**cfg, **super().get_config()}
