"""Conv2D's passes taken together with a 2x2 max pooling right above it (``Conv2D`` mixes
this in): the forward-only pass of both (``infer_pooled``, evaluation and prediction), the
training forward pass of both (``forward_pooled``) and the backward pass through both
(``backward_from_pool``). ``Network`` chooses them; each returns "not done" when it does not
apply, and the layers then run one after the other.

Why: the convolution's output (z, its activation) is several megabytes that the pooling
reads back only to keep a quarter of it, and a valid convolution's last row and column of
odd size are in no window (11x11 -> the 10x10 of 5x5 windows: 17% of the products).
Kernels: ``kernels.conv_pool`` (forward; a 3x3 kernel at stride 1 without padding by
Winograd's F(2x2, 3x3), ``kernels.winograd``: each 2x2 output block is a pooling window),
``winograd.conv3x3_pooled_backward`` (after a Winograd forward pass),
``conv_tiles.conv_backward_tiles_pooled`` and ``conv_direct.conv_backward_direct_pooled``
(backward).
"""
from __future__ import annotations

from typing import Any

import numba
import numpy as np

from dlstudio.engine.kernels import (conv_direct as kdirect, conv_pool as kconvpool,
                                     conv_tiles as ktiles, winograd as kwinograd)
from dlstudio.engine.layers.pooling import NO_WINNERS


class PooledPasses:
    """Conv2D's methods for a max pooling above it (uses Conv2D's work buffers and its
    direct and tiled passes' state)."""

    def infer_pooled(self, x: np.ndarray, pool: Any) -> np.ndarray | None:
        """``pool.infer(self.infer(x))`` in one pass, writing only the pooled values
        (``kernels.conv_pool``: the same values); None, having done nothing, unless this
        layer runs directly or by tiles and ``pool`` is a max pooling whose windows are 2x2
        at stride 2, all inside (``MaxPooling2D.disjoint_2x2``)."""
        return self._pooled_pass(x, pool, None)

    def forward_pooled(self, x: np.ndarray, pool: Any, input_grad: bool) -> np.ndarray | None:
        """``pool.forward(self.forward(x, True), True)`` in one pass, as ``infer_pooled``
        but recording the pooling's winners; ``input_grad``: whether the backward pass will
        want this layer's input gradient. Only the pooled values and winners are written:
        the backward pass must then go through ``backward_from_pool`` (``Network`` does), so
        this applies only where that will (tiles; direct with ReLU, trainable, no input
        gradient). ``last_output`` and ``last_preactivation`` are None afterwards: callers
        that read them (gradient checks, probes) use ``forward``."""
        return self._pooled_pass(x, pool, input_grad)

    def _pooled_pass(self, x: np.ndarray, pool: Any, input_grad: bool | None):
        """``infer_pooled`` (``input_grad`` None) or ``forward_pooled``."""
        if not hasattr(pool, "disjoint_2x2"):
            return None
        x = np.ascontiguousarray(x)
        direct = self.uses_direct(x)
        if not (direct or self.uses_tiles(x)):
            return None
        training = input_grad is not None
        if training and direct and (input_grad or not self.trainable
                                    or self.activation.name != "relu"):
            return None
        n, h, w, c = x.shape
        oh, ow, pt, pl = self._geometry((h, w, c))
        f = self.filters
        if not pool.disjoint_2x2((oh, ow, f)):
            return None
        ph, pw = oh // 2, ow // 2
        if training:
            out, argmax = pool.outputs_for_fused_forward((n, oh, ow, f), x.dtype)
        else:
            out, argmax = self._buf.get("pooled", (n, ph, pw, f), x.dtype), NO_WINNERS
        relu = self.activation.name == "relu"
        b = self.params.get("b")
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        k, workers = kh * kw * c, numba.get_num_threads()
        winograd = None
        ipt = ktiles.images_per_tile(n, 4 * ph * pw, workers)
        if direct:
            w9, taps, _ = self._direct_setup(x)
            chunks = min(n * ph, kdirect.CHUNKS)
            zs = self._buf.get("pool_z", (chunks, 4 * pw * -(-n * ph // chunks), f), x.dtype)
            kconvpool.conv_forward_direct_pooled(
                x, x.reshape(n, -1), w9, b if b is not None else np.zeros(f, x.dtype), relu,
                taps, kh, kw, sh, sw, pt, pl, ow, zs, out, argmax)
        elif self.winograd(pt, pl):
            u = self._buf.get("winograd_u", (16, c * f), x.dtype)
            kwinograd.weight_transform(self.params["W"].reshape(9, -1), u)
            wipt = ktiles.images_per_tile(n, 4 * ph * pw, workers)
            v, m = self._winograd_buffers(x, ph * pw, wipt, workers)
            if training:        # every tile's V, kept for the backward pass
                v = self._buf.get("winograd_v_all", (-(-n // wipt), *v.shape[1:]), x.dtype)
            kwinograd.conv3x3_pooled(
                x, u.reshape(16, c, f), b if b is not None else np.zeros(0, x.dtype),
                b is not None, relu, ow, wipt, v, m, out, argmax)
            winograd = (u.reshape(16, c, f), wipt, v)
        else:
            cols = self._buf.get("tile_cols", (workers, ipt * 4 * ph * pw, k), x.dtype)
            zs = self._buf.get("pool_z", (workers, ipt * 4 * ph * pw, f), x.dtype)
            kconvpool.conv_forward_tiles_pooled(
                x, self.params["W"].reshape(k, f), b if b is not None else np.zeros(0, x.dtype),
                b is not None, relu, kh, kw, sh, sw, pt, pl, ow, ipt, cols, zs, out, argmax)
        if training:
            self._direct = x if direct else None
            self._tiled = None if direct else (x, ipt, workers)
            self._winograd = winograd
            self._x_shape, self._geo = x.shape, (oh, ow, pt, pl)
            self._z = self._a = self.last_output = self.last_preactivation = None
        return out

    def winograd(self, pad_top: int, pad_left: int) -> bool:
        """Whether a pooled pass computes this layer by Winograd's F(2x2, 3x3)
        (``kernels.winograd``: 2.25x fewer products, forward and backward): a 3x3 kernel at
        stride 1 without padding, on the tiled path."""
        return (self.kernel_size == (3, 3) and self.strides == (1, 1)
                and pad_top == 0 and pad_left == 0)

    def _winograd_buffers(self, x: np.ndarray, per: int, ipt: int, workers: int):
        """The Winograd passes' work buffers v (workers, 16, ipt*per, C) and m (workers, 16,
        ipt*per, F) (``per``: windows per image)."""
        rows, c = ipt * per, x.shape[3]
        return (self._buf.get("winograd_v", (workers, 16, rows, c), x.dtype),
                self._buf.get("winograd_m", (workers, 16, rows, self.filters), x.dtype))

    def backward_from_pool(self, pool: Any, grad_pooled: np.ndarray
                           ) -> tuple[bool, np.ndarray | None]:
        """Back-propagate ``grad_pooled`` through ``pool`` (the MaxPooling2D right above this
        layer) and this layer in one pass, filling ``grads``: ``(True, input gradient)`` (None
        when ``compute_input_grad`` is off) when done; ``(False, None)``, having done nothing,
        when it does not apply (the caller then runs both ``backward``s).

        Applies when the pooling's windows were 2x2 at stride 2, all inside
        (``MaxPooling2D.last_winners``), and this layer's last forward ran
        - by tiles (ReLU or none): only the outputs a window covers are visited
          (``conv_tiles.conv_backward_tiles_pooled``; by Winograd's transposed transforms,
          ``winograd.conv3x3_pooled_backward``, when the forward pass was Winograd's);
        - directly with ReLU, as the first layer of a training pass (no input gradient):
          ``conv_direct.conv_backward_direct_pooled``.
        dz then is the pooling's gradient at each window's winner (with ReLU: when its value
        is positive), and the pooling's input gradient is never written.
        """
        not_done = False, None
        won = pool.last_winners() if hasattr(pool, "last_winners") else None
        if won is None or won[2] != (*self._x_shape[:1], *self._geo[:2], self.filters):
            return not_done
        winners, pooled, _ = won
        if self._tiled is not None:
            return True, self._tiled_backward_pooled(np.ascontiguousarray(grad_pooled),
                                                     winners, pooled)
        x = self._direct
        if (x is None or self.activation.name != "relu" or self.compute_input_grad
                or not self.trainable):
            return not_done
        w9, taps, geo = self._direct_setup(x)
        dzs, dw, db = self._direct_sums(x, w9.shape[0], geo[7])
        kdirect.conv_backward_direct_pooled(x, x.reshape(x.shape[0], -1),
                                            np.ascontiguousarray(grad_pooled), winners, pooled,
                                            taps, *geo, dzs, dw, db)
        self._store_direct_grads(dw, db)
        return True, None

    def _tiled_backward_pooled(self, gp: np.ndarray, winners: np.ndarray,
                               pooled: np.ndarray) -> np.ndarray | None:
        """``backward_from_pool`` after a tiled forward pass."""
        x, _, workers = self._tiled
        if self._winograd is not None:
            return self._winograd_backward(gp, winners, pooled)
        n, _, _, c = x.shape
        oh, ow, pt, pl = self._geo
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        k, f, per = kh * kw * c, self.filters, 4 * (oh // 2) * (ow // 2)
        ipt = ktiles.images_per_tile(n, per, workers)
        cols = self._buf.get("tile_cols", (workers, ipt * per, k), x.dtype)
        dz = self._buf.get("tile_dz", (workers, ipt * per, f), x.dtype)
        dw, db, dx = self._tiled_sums(x, workers)
        ktiles.conv_backward_tiles_pooled(x, gp, winners, pooled, self.params["W"].reshape(k, f),
                                          self.activation.name == "relu", self.trainable,
                                          self.compute_input_grad, kh, kw, sh, sw, pt, pl, ow,
                                          ipt, cols, dz, dw, db, dx)
        return self._tiled_results(dw, db, dx)

    def _winograd_backward(self, gp: np.ndarray, winners: np.ndarray,
                           pooled: np.ndarray) -> np.ndarray | None:
        """``backward_from_pool`` after a Winograd forward pass: the transposed transforms
        (``winograd.conv3x3_pooled_backward``) with the forward pass's U and V, the kernel's
        gradient from dU (``weight_transform_adjoint``)."""
        x, _, workers = self._tiled
        u, ipt, v_all = self._winograd
        c, f = x.shape[3], self.filters
        dv, m = self._winograd_buffers(x, gp.shape[1] * gp.shape[2], ipt, workers)
        want_dw = self.trainable
        du = self._buf.get("winograd_du", (workers, 16, c, f) if want_dw else (1, 1, 1, 1),
                           x.dtype)
        db = self._buf.get("tile_db", (workers, f), np.float64)
        dx = self._buf.get("dx", x.shape if self.compute_input_grad else (1, 1, 1, 1), x.dtype)
        ut = self._buf.get("winograd_ut", (16, f, c), x.dtype)
        ut[...] = u.transpose(0, 2, 1)
        kwinograd.conv3x3_pooled_backward(x, gp, winners, pooled, ut,
                                          self.activation.name == "relu", want_dw,
                                          self.compute_input_grad, self._geo[1], ipt, True,
                                          v_all, dv, m, du, db, dx)
        if not want_dw:
            self.grads.clear()
        else:
            du_sum = self._buf.get("winograd_du_sum", (16, c * f), x.dtype)
            np.sum(du.reshape(workers, 16, c * f), axis=0, out=du_sum)
            kwinograd.weight_transform_adjoint(du_sum, self.grad_array("W").reshape(9, c * f))
            if self.use_bias:
                self.grad_array("b")[...] = db.sum(axis=0)
        return dx if self.compute_input_grad else None
