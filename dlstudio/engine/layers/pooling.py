"""Max and average pooling over NHWC images."""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.kernels import conv as kconv
from dlstudio.engine.kernels import pooling as kpool
from dlstudio.engine.layers.common import (Buffers, check_image_shape, check_padding,
                                            check_pair, layer_error, pair_config)
from dlstudio.engine.layers.base import Layer


class _Pooling2D(Layer):
    """Shared geometry: windows of ``pool_size`` moved by ``strides`` (default: pool_size).

    Shapes: x (N, H, W, C) -> y (N, OH, OW, C), channels pooled separately; no parameters.
    'valid' keeps full windows only (OH = floor((H - ph) / s) + 1); 'same' pads like
    TensorFlow (OH = ceil(H / s)) and never lets padding take part (see the kernels).
    """

    def __init__(self, pool_size: Any = 2, strides: Any = None, padding: str = "valid",
                 name: str | None = None, trainable: bool = True):
        super().__init__(name=name, trainable=trainable)
        owner = self.type_name
        self.pool_size = check_pair(owner, "pool_size", pool_size)
        self.strides = self.pool_size if strides is None else check_pair(owner, "strides",
                                                                         strides)
        self._strides_given = strides is not None
        self.padding = check_padding(owner, padding)
        self._buf = Buffers()

    @classmethod
    def check_input(cls, input_shape: tuple[int, ...]) -> None:
        check_image_shape(cls.type_name, tuple(input_shape))

    def window(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.pool_size, self.strides

    def _geometry(self, input_shape) -> tuple[int, int, int, int]:
        h, w, _ = check_image_shape(self.type_name, tuple(input_shape))
        (ph, pw), (sh, sw) = self.pool_size, self.strides
        if self.padding == "valid" and (ph > h or pw > w):
            raise layer_error(self.type_name, "spec.pool_too_big", ph=ph, pw=pw, h=h, w=w)
        return kconv.conv_geometry(h, w, ph, pw, sh, sw, self.padding)

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        oh, ow, _, _ = self._geometry(input_shape)
        return (oh, ow, int(input_shape[2]))

    def build(self, input_shape, rng, dtype=np.float32) -> None:
        self.output_shape(tuple(input_shape))
        super().build(input_shape, rng, dtype)

    def _prepare(self, x: np.ndarray):
        x = np.ascontiguousarray(x)
        n, h, w, c = x.shape
        oh, ow, pt, pl = self._geometry((h, w, c))
        self._x_shape, self._geo = x.shape, (oh, ow, pt, pl)
        out = self._buf.get("out", (n, oh, ow, c), x.dtype)
        return x, out, (*self.pool_size, *self.strides, pt, pl, oh, ow)

    def get_config(self) -> dict[str, Any]:
        cfg: dict[str, Any] = {"pool_size": pair_config(self.pool_size)}
        if self._strides_given:
            cfg["strides"] = pair_config(self.strides)
        cfg["padding"] = self.padding
        return {**cfg, **super().get_config()}


#: an empty winners array: ``maxpool_forward`` then records none
NO_WINNERS = np.empty((0, 0, 0, 0), dtype=np.int32)


class MaxPooling2D(_Pooling2D):
    """Keeps the largest value of each window; the gradient flows only to that value.

    Forward:   y[n, i, j, c] = max over the window of x[n, ., ., c]  (winner remembered)
    Backward:  dx[winner] += dy[n, i, j, c]; every other pixel of the window gets 0
    """

    type_name = "MaxPooling2D"

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        x, out, geo = self._prepare(x)
        self._argmax = self._buf.get("argmax", out.shape, np.int32)
        kpool.maxpool_forward(x, *geo, out, self._argmax)
        self.last_output = out
        return out

    def infer(self, x: np.ndarray) -> np.ndarray:
        """The pooled values only: no winners to remember when no backward follows."""
        x, out, geo = self._prepare(x)
        kpool.maxpool_forward(x, *geo, out, NO_WINNERS)
        return out

    def outputs_for_fused_forward(self, x_shape: tuple[int, ...], dtype
                                  ) -> tuple[np.ndarray, np.ndarray]:
        """(output, winners) buffers for a training forward pass over an input of
        ``x_shape`` (N, H, W, C) that the Conv2D right below computes and fills
        (``Conv2D.forward_pooled``). Afterwards this layer is as after its own ``forward``:
        ``last_output``, ``last_winners`` and ``backward`` work."""
        n, h, w, c = x_shape
        oh, ow, pt, pl = self._geometry((h, w, c))
        self._x_shape, self._geo = tuple(x_shape), (oh, ow, pt, pl)
        out = self._buf.get("out", (n, oh, ow, c), dtype)
        self._argmax = self._buf.get("argmax", out.shape, np.int32)
        self.last_output = out
        return out, self._argmax

    def disjoint_2x2(self, input_shape: tuple[int, ...]) -> bool:
        """Whether the windows over an input of ``input_shape`` (H, W, C) are 2x2 at stride
        2, all inside (``kernels.pooling.disjoint_2x2``): then a Conv2D right below can
        compute both layers' inference in one pass (``Conv2D.infer_pooled``)."""
        oh, ow, pt, pl = self._geometry(input_shape)
        return kpool.disjoint_2x2(*self.pool_size, *self.strides, pt, pl, oh, ow,
                                  *input_shape[:2])

    def last_winners(self) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]] | None:
        """(winners, output, input shape) of the last training ``forward`` when its windows
        were 2x2 at stride 2, all inside (``kernels.pooling.disjoint_2x2``): what a Conv2D
        right below needs to take this layer's backward pass into its own
        (``Conv2D.backward_from_pool``). None for other windows."""
        oh, ow, pt, pl = self._geo
        if not kpool.disjoint_2x2(*self.pool_size, *self.strides, pt, pl, oh, ow,
                                  *self._x_shape[1:3]):
            return None
        return self._argmax, self.last_output, tuple(self._x_shape)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        dx = self._buf.get("dx", self._x_shape, grad_out.dtype)
        grad_out = np.ascontiguousarray(grad_out)
        oh, ow, pt, pl = self._geo
        if kpool.disjoint_2x2(*self.pool_size, *self.strides, pt, pl, oh, ow, *dx.shape[1:3]):
            kpool.maxpool_backward_2x2(grad_out, self._argmax, dx)
        else:
            kpool.maxpool_backward(grad_out, self._argmax, dx.reshape(dx.shape[0], -1))
        return dx


class AveragePooling2D(_Pooling2D):
    """Averages each window (over its real pixels only, as Keras does with 'same').

    Forward:   y[n, i, j, c] = mean of x[n, ., ., c] over the window's real pixels (count m)
    Backward:  each of those pixels receives dy[n, i, j, c] / m
    """

    type_name = "AveragePooling2D"

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        x, out, geo = self._prepare(x)
        kpool.avgpool_forward(x, *geo, out)
        self.last_output = out
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        _, _, pt, pl = self._geo
        dx = self._buf.get("dx", self._x_shape, grad_out.dtype)
        kpool.avgpool_backward(np.ascontiguousarray(grad_out), *self.pool_size, *self.strides,
                               pt, pl, dx)
        return dx
