"""2-D convolution over NHWC images, computed as one matrix product (im2col)."""
from __future__ import annotations

from typing import Any

import numba
import numpy as np

from dlstudio.engine import gemm
from dlstudio.engine.kernels import (blas as kblas, conv as kconv, conv_direct as kdirect,
                                     conv_tiles as ktiles)
from dlstudio.engine.layers.conv2d_pooled import PooledPasses
from dlstudio.engine.layers.common import (KernelLayer, check_image_shape, check_int,
                                            check_pair, check_padding, layer_error, pair_config)


#: activations the tiled kernels apply themselves
TILED_ACTIVATIONS = ("relu", "linear")
#: below this many terms per output value (kh*kw*C: 9 for a 3x3 kernel on grey images) the
#: whole-batch path is faster: a product that thin gains nothing from staying in cache
TILED_MIN_TERMS = 32
#: up to this many terms per output (3x3 on RGB: 27) the passes are computed directly,
#: without im2col or BLAS (``kernels.conv_direct``)
DIRECT_MAX_TERMS = 27


class Conv2D(PooledPasses, KernelLayer):
    """``filters`` small kernels slide over the image; each produces one output channel.

    Shapes: x (N, H, W, C) -> y (N, OH, OW, filters); W (KH, KW, C, filters) (Keras layout);
    b (filters,). With ``cols = im2col(x)`` of shape (N*OH*OW, KH*KW*C) and
    ``W2 = W.reshape(KH*KW*C, filters)``:

    Forward:   z = cols @ W2 + b,  a = f(z)           (rows of z are NHWC pixels)
    Backward:  dz = f'(z) * da,  dW2 = cols.T @ dz,  db = sum over rows of dz,
               dx = col2im(dz @ W2.T)

    With ReLU or no activation (float32/float64, not 1x1 at stride 1) both passes run in one
    parallel kernel instead, with the same results up to float rounding: with at least
    ``TILED_MIN_TERMS`` terms per output tile by tile (``kernels.conv_tiles``, no batch-sized
    im2col matrix); with at most ``DIRECT_MAX_TERMS`` (the first layer on grey or RGB images)
    directly, pixel by pixel (``kernels.conv_direct``: a 9-term product is too thin for BLAS).

    Right under a 2x2 max pooling at stride 2, ``Network`` runs both layers' passes at once
    where it can (``conv2d_pooled.PooledPasses``: infer_pooled, forward_pooled,
    backward_from_pool; a 3x3 kernel there by Winograd's F(2x2, 3x3)).

    'valid' padding uses only full windows (OH = floor((H - KH) / s) + 1); 'same' pads with
    zeros as TensorFlow does (OH = ceil(H / s), the extra zero, if any, at the bottom/right).
    """

    type_name = "Conv2D"

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1,
                 padding: str = "valid", activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, kernel_constraint: Any = None,
                 name: str | None = None, trainable: bool = True):
        self.filters = check_int("Conv2D", "filters", filters)
        self.kernel_size = check_pair("Conv2D", "kernel_size", kernel_size)
        self.strides = check_pair("Conv2D", "strides", strides)
        self.padding = check_padding("Conv2D", padding)
        super().__init__(activation, use_bias, kernel_initializer, bias_initializer,
                         kernel_regularizer, kernel_constraint, name, trainable)
        self._tiled: tuple | None = None      # (input, images per tile, workers) for backward
        self._winograd: tuple | None = None   # (U, images per tile) of a Winograd forward pass
        self._direct: np.ndarray | None = None   # the input, when the direct kernels ran
        self._taps: tuple = (None, None)         # (geometry, kdirect.tap_tables(...))

    @classmethod
    def check_input(cls, input_shape: tuple[int, ...]) -> None:
        check_image_shape(cls.type_name, tuple(input_shape))

    def window(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.kernel_size, self.strides

    def _geometry(self, input_shape) -> tuple[int, int, int, int]:
        h, w, _ = check_image_shape("Conv2D", tuple(input_shape))
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        if self.padding == "valid" and (kh > h or kw > w):
            raise layer_error("Conv2D", "spec.kernel_too_big", kh=kh, kw=kw, h=h, w=w)
        return kconv.conv_geometry(h, w, kh, kw, sh, sw, self.padding)

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        oh, ow, _, _ = self._geometry(input_shape)
        return (oh, ow, self.filters)

    def kernel_shape_for(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        self.output_shape(tuple(input_shape))
        return (*self.kernel_size, int(input_shape[2]), self.filters)

    @property
    def _pointwise(self) -> bool:
        """1x1 kernel at stride 1: the input already is the im2col matrix."""
        return self.kernel_size == (1, 1) and self.strides == (1, 1)

    def _terms(self, x: np.ndarray | None = None) -> int:
        """Terms per output value, kh*kw*C (C from ``x`` or the kernel); plain ints:
        ``np.prod`` costs microseconds per call, several times a step."""
        kh, kw = self.kernel_size
        return kh * kw * int(x.shape[3] if x is not None else self.params["W"].shape[2])

    def uses_tiles(self, x: np.ndarray) -> bool:
        """Whether a pass over ``x`` runs tile by tile (``kernels.conv_tiles``)."""
        return (kblas.AVAILABLE and not self._pointwise
                and self.activation.name in TILED_ACTIVATIONS
                and x.dtype in (np.float32, np.float64) and x.dtype == self.params["W"].dtype
                and self._terms(x) >= TILED_MIN_TERMS)

    def uses_direct(self, x: np.ndarray) -> bool:
        """Whether a pass over ``x`` is computed directly (``kernels.conv_direct``)."""
        return (not self._pointwise and self.activation.name in TILED_ACTIVATIONS
                and x.dtype in (np.float32, np.float64) and x.dtype == self.params["W"].dtype
                and self._terms(x) <= DIRECT_MAX_TERMS)

    def _direct_setup(self, x: np.ndarray):
        """(padded kernel (K9, F), tap tables, geometry) for the direct kernels."""
        n, h, w, c = x.shape
        oh, ow, pt, pl = self._geometry((h, w, c))
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        k, f = kh * kw * c, self.filters
        key = (kh, kw, w, c)
        if self._taps[0] != key:
            self._taps = (key, kdirect.tap_tables(kh, kw, w, c))
        w2 = self.params["W"].reshape(k, f)
        k9 = kdirect.padded_terms(k)
        w9 = w2 if k9 == k else kdirect.padded_weights(w2, self._buf.get("w9", (k9, f), x.dtype))
        return w9, self._taps[1], (kh, kw, sh, sw, pt, pl, oh, ow)

    def _direct_forward(self, x: np.ndarray, keep: bool) -> np.ndarray:
        """z (and a = ReLU(z)) by ``conv_direct``; ``keep``: training, the input is kept for
        the backward pass."""
        n = x.shape[0]
        w9, taps, geo = self._direct_setup(x)
        rows = n * geo[6] * geo[7]
        z = self._buf.get("z", (rows, self.filters), x.dtype)
        relu = self.activation.name == "relu"
        # a = z in place would be 4x slower here: LLVM cannot vectorize the two stores
        a = self._buf.get("a", z.shape, x.dtype) if relu else z
        b = self.params.get("b")
        kdirect.conv_forward_direct(x, x.reshape(n, -1), w9,
                                    b if b is not None else np.zeros(self.filters, x.dtype),
                                    relu, taps, *geo, z, a)
        if keep:
            self._direct = x
            self._x_shape, self._geo = x.shape, (geo[6], geo[7], geo[4], geo[5])
            self._z, self._a = z, a
        return a

    def _direct_backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        x = self._direct
        w9, taps, geo = self._direct_setup(x)
        k9, f = w9.shape
        g = np.ascontiguousarray(grad_out).reshape(-1, f)
        want_dw, want_dx = self.trainable, self.compute_input_grad
        if not want_dw:
            self.grads.clear()
            if not want_dx:
                return None
        dz = self._buf.get("gz", g.shape if want_dx else (1, f), x.dtype)
        dzs, dw, db = self._direct_sums(x, k9, geo[7])
        kdirect.conv_backward_direct(x, x.reshape(x.shape[0], -1), g, self._z,
                                     self.activation.name == "relu", taps, *geo, want_dx, dz,
                                     dzs, dw, db)
        if want_dw:
            self._store_direct_grads(dw, db)
        if not want_dx:
            return None
        kh, kw, sh, sw, pt, pl, oh, ow = geo
        k = self._terms()
        dcols = self._buf.get("dcols", (g.shape[0], k), x.dtype)
        gemm.matmul(dz, self.params["W"].reshape(k, f).T, dcols)
        dx = self._buf.get("dx", x.shape, x.dtype)
        kconv.col2im(dcols, kh, kw, sh, sw, pt, pl, oh, ow, dx)
        return dx

    def _direct_sums(self, x: np.ndarray, k9: int, out_w: int):
        """Work buffers of the direct backward pass: per worker one output row of dz, the
        kernel gradient and the bias gradient (float64)."""
        workers, f = numba.get_num_threads(), self.filters
        return (self._buf.get("direct_dz", (workers, out_w, f), x.dtype),
                self._buf.get("direct_dw", (workers, k9, f), x.dtype),
                self._buf.get("direct_db", (workers, f), np.float64))

    def _store_direct_grads(self, dw: np.ndarray, db: np.ndarray) -> None:
        """The workers' partial sums, added in order, into ``grads``."""
        k, f = self._terms(), self.filters
        np.sum(dw[:, :k], axis=0, out=self.grad_array("W").reshape(k, f))
        if self.use_bias:
            self.grad_array("b")[...] = db.sum(axis=0)

    def _tiled_forward(self, x: np.ndarray, keep: bool) -> np.ndarray:
        """z (and a = ReLU(z)) for the whole batch by ``conv_tiles``; returns a (rows, F).
        ``keep``: training, so z and a get their own buffers and the input is kept for the
        backward pass; otherwise the ReLU is applied to z in place."""
        n, h, w, c = x.shape
        oh, ow, pt, pl = self._geometry((h, w, c))
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        k, f = kh * kw * c, self.filters
        workers = numba.get_num_threads()
        ipt = ktiles.images_per_tile(n, oh * ow, workers)
        cols = self._buf.get("tile_cols", (workers, ipt * oh * ow, k), x.dtype)
        z = self._buf.get("z", (n * oh * ow, f), x.dtype)
        relu = self.activation.name == "relu"
        a = self._buf.get("a", z.shape, x.dtype) if relu and keep else z
        b = self.params.get("b")
        ktiles.conv_forward_tiles(x, self.params["W"].reshape(k, f),
                                  b if b is not None else np.zeros(0, x.dtype), b is not None,
                                  relu, kh, kw, sh, sw, pt, pl, oh, ow, ipt, cols, z, a)
        if keep:
            self._tiled = (x, ipt, workers)
            self._x_shape, self._geo = x.shape, (oh, ow, pt, pl)
            self._z, self._a = z, a
        return a

    def _tiled_backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        x, ipt, workers = self._tiled
        n, h, w, c = x.shape
        oh, ow, pt, pl = self._geo
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        k, f = kh * kw * c, self.filters
        g = np.ascontiguousarray(grad_out).reshape(n * oh * ow, f)
        rows = ipt * oh * ow
        cols = self._buf.get("tile_cols", (workers, rows, k), x.dtype)
        dz = self._buf.get("tile_dz", (workers, rows, f), x.dtype)
        want_dw, want_dx = self.trainable, self.compute_input_grad
        dw, db, dx = self._tiled_sums(x, workers)
        ktiles.conv_backward_tiles(x, g, self._z, self.params["W"].reshape(k, f),
                                   self.activation.name == "relu", want_dw, want_dx, kh, kw, sh,
                                   sw, pt, pl, oh, ow, ipt, cols, dz, dw, db, dx)
        return self._tiled_results(dw, db, dx)

    def _tiled_sums(self, x: np.ndarray, workers: int):
        """Work buffers of a tiled backward pass: per worker the kernel and bias gradients,
        and the input gradient (stand-ins when not asked)."""
        k, f = self._terms(), self.filters
        dw = self._buf.get("tile_dw", (workers, k, f) if self.trainable else (1, 1, 1), x.dtype)
        db = self._buf.get("tile_db", (workers, f), np.float64)
        dx = self._buf.get("dx", x.shape if self.compute_input_grad else (1, 1, 1, 1), x.dtype)
        return dw, db, dx

    def _tiled_results(self, dw: np.ndarray, db: np.ndarray, dx: np.ndarray):
        """The workers' partial sums, added in order, into ``grads``; the input gradient."""
        if self.trainable:
            k, f = dw.shape[1:]
            np.sum(dw, axis=0, out=self.grad_array("W").reshape(k, f))
            if self.use_bias:
                self.grad_array("b")[...] = db.sum(axis=0)
        else:
            self.grads.clear()
        return dx if self.compute_input_grad else None

    def _linear(self, x: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int]]:
        """z = im2col(x) @ W2 (rows, filters) in a work buffer, and the output shape."""
        x = np.ascontiguousarray(x)
        n, h, w, c = x.shape
        oh, ow, pt, pl = self._geometry((h, w, c))
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        rows, k = n * oh * ow, kh * kw * c
        if self._pointwise:
            cols = x.reshape(rows, k)
        else:
            cols = self._buf.get("cols", (rows, k), x.dtype)
            kconv.im2col(x, kh, kw, sh, sw, pt, pl, oh, ow, cols)
        self._cols, self._x_shape, self._geo = cols, x.shape, (oh, ow, pt, pl)
        z = self._buf.get("z", (rows, self.filters), x.dtype)
        gemm.matmul(cols, self.params["W"].reshape(k, self.filters), z)
        return z, (n, oh, ow, self.filters)

    def _output_shape_of(self, x: np.ndarray) -> tuple[int, int, int, int]:
        return (x.shape[0], *self.output_shape(x.shape[1:]))

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        x = np.ascontiguousarray(x)
        self._direct = self._winograd = None
        if self.uses_direct(x):
            self._tiled = None
            out_shape = self._output_shape_of(x)
            a = self._direct_forward(x, keep=True)
            z = self._z
        elif self.uses_tiles(x):
            out_shape = self._output_shape_of(x)
            a = self._tiled_forward(x, keep=True)
            z = self._z
        else:
            self._tiled = None
            z, out_shape = self._linear(x)
            a = self._bias_activate(z)
        self.last_preactivation, self.last_output = z.reshape(out_shape), a.reshape(out_shape)
        return self.last_output

    def infer(self, x: np.ndarray) -> np.ndarray:
        """``forward`` without keeping anything for a backward pass (ReLU in place, except
        on the direct path: there a separate output vectorizes, in place does not)."""
        x = np.ascontiguousarray(x)
        if self.uses_direct(x):
            return self._direct_forward(x, keep=False).reshape(self._output_shape_of(x))
        if self.uses_tiles(x):
            return self._tiled_forward(x, keep=False).reshape(self._output_shape_of(x))
        z, out_shape = self._linear(x)
        return self.activate_in_place(z).reshape(out_shape)

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        if (self._direct is not None or self._tiled is not None) and self._z is None:
            raise RuntimeError("Conv2D.backward after forward_pooled: its pass back goes "
                               "through backward_from_pool")
        if self._direct is not None:
            return self._direct_backward(grad_out)
        if self._tiled is not None:
            return self._tiled_backward(grad_out)
        n, h, w, c = self._x_shape
        oh, ow, pt, pl = self._geo
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        rows, k = n * oh * ow, kh * kw * c
        dz = self._activation_grads(np.ascontiguousarray(grad_out).reshape(rows, self.filters))
        if self.trainable:
            gemm.matmul(self._cols.T, dz, self.grad_array("W").reshape(k, self.filters))
        else:
            self.grads.clear()
        if not self.compute_input_grad:
            return None
        W2 = self.params["W"].reshape(k, self.filters)
        if self._pointwise:
            return (dz @ W2.T).reshape(self._x_shape)
        dcols = self._buf.get("dcols", (rows, k), dz.dtype)
        gemm.matmul(dz, W2.T, dcols)
        dx = self._buf.get("dx", self._x_shape, dz.dtype)
        kconv.col2im(dcols, kh, kw, sh, sw, pt, pl, oh, ow, dx)
        return dx

    def get_config(self) -> dict[str, Any]:
        return {"filters": self.filters, "kernel_size": pair_config(self.kernel_size),
                "strides": pair_config(self.strides), "padding": self.padding,
                **self.common_config(), **super().get_config()}
