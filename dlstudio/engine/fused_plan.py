"""The fused Dense pass's plan for one network (``Plan``, built by ``build_plan`` when the
network qualifies, see ``engine/fused.py``): the stages' arrays and settings, the check that
they are still the network's own (``Plan.valid``), the work buffers and kernel tables per batch
size, the cached ``ParamRef`` list and the loss set-up per loss.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.fused_stages import (Stage, activation_params, bn_rows, bn_stage,
                                          loss_setup_for, stage_grad, stage_kind)
from dlstudio.engine.kernels import fused as fk

MAX_BATCH_SIZES = 4     # buffers and tables kept per plan (training batch, last short batch, ...)


class Plan:
    """What the kernel needs for one network, valid while ``valid(net)`` holds."""

    def __init__(self, net: Any, stages: list[Stage], act_params: list[tuple],
                 flattens: tuple = ()) -> None:
        from dlstudio.engine.optimizers.base import ParamRef

        self.dtype = dtype = np.dtype(net.dtype)
        self.layers = tuple(net.layers)
        self.output_activation = net.output_activation
        self.limit = 80.0 if dtype.itemsize <= 4 else 700.0
        self.in_shape = tuple(net.input_shape)
        self.n_in, self.n_out = int(np.prod(self.in_shape)), net.output_shape[0]
        self.flattens = flattens                 # the leading Flatten layers
        first = len(flattens)                    # network index of the first stage
        self.meta = np.array([(stage_kind(s), a[0], s.b is not None, s.trainable) for s, a in
                              zip(stages, act_params)], dtype=np.int64)
        #: batch norm runs in the small kernel only (larger batches and predictions take the
        #: layer-by-layer path)
        self.has_bn = any(s.bn is not None for s in stages)
        self.fparams = np.array([a[1:] for a in act_params], dtype=np.float64)
        self.macs = sum(s.W.size for s in stages if s.dense)
        self.checks = tuple((s.layer, s.layer.activation) + s[2:7] for s in stages
                            if s.bn is None)
        self.bn_checks = tuple((s.layer, s.trainable, s.bn, a[1], a[2])
                               for s, a in zip(stages, act_params) if s.bn is not None)
        self.frozen = tuple(s.layer for s in stages
                            if (s.dense or s.bn is not None) and not s.trainable)
        self.stage_layers = tuple(s.layer for s in stages)
        self.refs = [ParamRef(first + i, key, value, stage_grad(s, key))
                     for i, s in enumerate(stages) if (s.dense or s.bn) and s.trainable
                     for key, value in s.layer.params.items()]
        dummy = np.zeros((0, 0), dtype)
        # per stage: W, b, gW, gb as 2-D arrays (dummies where absent; b, gb as (1, out) views)
        self._static = [(s.W, dummy if s.b is None else s.b.reshape(1, -1),
                         s.gW if s.trainable else dummy,
                         s.gb.reshape(1, -1) if s.trainable and s.gb is not None else dummy)
                        if s.dense else bn_rows(s, dtype) if s.bn else (dummy,) * 4
                        for s in stages]
        self.widths = [s.W.shape[1] if s.dense else None for s in stages]
        self._bn_state = [tuple(a.reshape(1, -1) for a in s.bn[4:]) if s.bn else None
                          for s in stages]
        self.last_code = act_params[-1][0]
        # per stage for the BLAS path: (dense, code, has_bias, trainable, alpha, scale,
        # activation object); the last stage's may be replaced for MSE (``blas_settings``)
        self.settings = [(m[0] == fk.DENSE_STAGE, int(m[1]), bool(m[2]), bool(m[3]), a[1], a[2],
                          getattr(s.layer, "activation", None))
                         for m, a, s in zip(self.meta, act_params, stages)]
        self.last_linear_dense = stages[-1].dense and self.last_code == fk.LINEAR
        self.labels_dummy = np.zeros(0, np.int64)
        self.targets_dummy = np.zeros((0, 0), dtype)
        self.by_batch: dict[int, tuple] = {}
        self.infer_by_batch: dict[int, list] = {}
        self.losses: dict[str, tuple | None] = {}
        self._last_loss: tuple = (None, None)
        #: the last training step's set-up (``fused._step_setup``), keyed by its first three
        self.last_step: tuple = (None, -1, None)
        self.trainable_flags = tuple(s.trainable for s in stages)
        #: the thread whose ``forward_backward`` checked this plan last (None once
        #: ``cached_parameters`` took that check, or after any other use)
        self.checked_by: int | None = None

    def valid(self, net: Any) -> bool:
        """True while the network's layers, flags, activations and arrays are the cached ones."""
        self.checked_by = None
        if tuple(net.layers) != self.layers or net.output_activation is not self.output_activation:
            return False
        try:     # subscripts, not .get(): a missing key is a changed layer (KeyError)
            for layer, act, trainable, W, b, gW, gb in self.checks:
                if layer.activation is not act or layer.trainable is not trainable:
                    return False
                if W is None:
                    continue
                params = layer.params
                if params["W"] is not W or layer.kernel_regularizer is not None or (
                        params["b"] is not b if b is not None else "b" in params):
                    return False
                if trainable:
                    grads = layer.grads
                    if grads["W"] is not gW or (
                            grads["b"] is not gb if gb is not None else "b" in grads):
                        return False
        except KeyError:
            return False
        for layer, trainable, (gamma, beta, g_gamma, g_beta, mean, var), momentum, eps \
                in self.bn_checks:
            params, state = layer.params, layer.state
            if layer.trainable is not trainable or layer.momentum != momentum \
                    or layer.epsilon != eps or params.get("gamma") is not gamma \
                    or params.get("beta") is not beta or state.get("moving_mean") is not mean \
                    or state.get("moving_variance") is not var:
                return False
            if trainable and (layer.grads.get("gamma") is not g_gamma
                              or layer.grads.get("beta") is not g_beta):
                return False
        return True

    def for_batch(self, n: int) -> list:
        """[kernel table (built on first use by ``kernel_table``), per layer (layer, z, a,
        is_dense), per stage its arrays (W, b, gW, gb, z, a, d), per layer its
        ``record_forward`` and the arguments after the input] for batch size n."""
        entry = self.by_batch.get(n)
        if entry is not None:
            return entry
        if len(self.by_batch) >= MAX_BATCH_SIZES:
            self.by_batch.pop(next(iter(self.by_batch)))
        stages = []
        seen = []
        width = self.n_in
        dummy = np.zeros((0, 0), self.dtype)
        prev_a = None
        last = len(self._static) - 1
        extra = []                  # per stage the table's rows 7-9 (batch norm's; else dummies)
        for i, (W, b2, gW, gb2) in enumerate(self._static):
            dense = self.meta[i, 0] == fk.DENSE_STAGE
            bn = self.meta[i, 0] == fk.BATCHNORM_STAGE
            extra.append((dummy,) * 3)
            if bn:
                z, a = np.zeros((n, width), self.dtype), np.zeros((n, width), self.dtype)
                inv_std = np.zeros((1, width))
                extra[-1] = self._bn_state[i] + (inv_std,)
            elif dense:
                width = self.widths[i]
                z = np.zeros((n, width), self.dtype)
                # a linear Dense outputs z itself (as the normal path); the last stage keeps
                # its own output buffer since MSE may run the detached sigmoid there
                a = z if self.meta[i, 1] == fk.LINEAR and i < last else np.zeros_like(z)
            else:
                z, a = prev_a, np.zeros((n, width), self.dtype)
            d = np.zeros((n, width), self.dtype)
            stages.append((W, b2, gW, gb2, z if dense or bn else dummy, a, d))
            seen.append((self.layers[len(self.flattens) + i], z, a, dense))
            prev_a = a
        records = []
        for i, (layer, z, a, dense) in enumerate(seen):
            # a linear last Dense leaves a = z as its own forward does (MSE may have run the
            # detached sigmoid in the last stage's output buffer)
            if self.meta[i, 0] == fk.BATCHNORM_STAGE:
                out = (z, extra[i][2][0], bool(self.meta[i, 3]), a)
            else:
                out = (z, z if i == last and self.last_linear_dense else a) if dense else (a,)
            records.append((layer.record_forward, out))
        entry = self.by_batch[n] = [None, seen, stages, records, extra]
        return entry

    def for_inference(self, n: int) -> list:
        """Per stage (W, b, None, None, z, a, None) with z, a buffers of batch size n of
        their own (a prediction leaves the training pass's buffers alone)."""
        stages = self.infer_by_batch.get(n)
        if stages is not None:
            return stages
        if len(self.infer_by_batch) >= MAX_BATCH_SIZES:
            self.infer_by_batch.pop(next(iter(self.infer_by_batch)))
        stages = []
        for (W, b2, _, _), (dense, code, *_), width in zip(self._static, self.settings,
                                                           self._widths_all()):
            z = np.empty((n, width), self.dtype) if dense else None
            a = z if dense and code == fk.LINEAR else np.empty((n, width), self.dtype)
            stages.append((W, b2, None, None, z, a, None))
        self.infer_by_batch[n] = stages
        return stages

    def _widths_all(self) -> list[int]:
        """Every stage's output width (an Activation stage keeps its input's)."""
        out, width = [], self.n_in
        for w in self.widths:
            width = width if w is None else w
            out.append(width)
        return out

    @staticmethod
    def kernel_table(entry: list) -> np.ndarray:
        """The table of ``train_step`` for a ``for_batch`` entry: address, rows, columns of
        each stage's ``fk.ROWS`` arrays (which the entry and the plan keep alive)."""
        if entry[0] is None:
            arrays = [arr for stage, extra in zip(entry[2], entry[4]) for arr in stage + extra]
            dtype = arrays[0].dtype
            if any(arr.dtype != (np.float64 if i % fk.ROWS == 9 else dtype) and arr.size
                   or arr.ndim != 2 or not arr.flags.c_contiguous
                   for i, arr in enumerate(arrays)):      # ``build_plan`` rules these out
                raise RuntimeError("fused plan: stage arrays of mixed types or layouts")
            entry[0] = np.array([(arr.ctypes.data, *arr.shape) for arr in arrays], np.int64)
        return entry[0]

    def loss_setup(self, loss: Any) -> tuple | None:
        """(loss kind, output-activation flag, last stage's activation code) or None."""
        if isinstance(loss, str):
            if loss in self.losses:
                return self.losses[loss]
        elif loss is self._last_loss[0]:        # a Loss instance (the Trainer passes one)
            return self._last_loss[1]
        from dlstudio.engine import losses

        setup = loss_setup_for(losses.get(loss), self.output_activation, self.last_code)
        if isinstance(loss, str):
            self.losses[loss] = setup
        elif isinstance(loss, losses.Loss):
            self._last_loss = (loss, setup)
        return setup


def build_plan(net: Any) -> Plan | None:
    """A plan for ``net``, or None when it does not qualify."""
    dtype = np.dtype(net.dtype)
    layers = list(net.layers)
    flattens = []
    while layers and getattr(layers[0], "type_name", None) == "Flatten":
        flattens.append(layers.pop(0))
    if not layers or dtype not in (np.dtype(np.float32), np.dtype(np.float64)) \
            or (len(net.input_shape) != 1 and not flattens):
        return None
    stages, act_params = [], []
    for layer in layers:
        kind = getattr(layer, "type_name", None)
        if kind == "BatchNormalization":
            stage = bn_stage(layer, dtype)
            if stage is None:
                return None
            stages.append(stage)
            act_params.append((fk.LINEAR, float(layer.momentum), float(layer.epsilon)))
            continue
        ap = activation_params(getattr(layer, "activation", None))
        if ap is None or kind not in ("Dense", "Activation"):
            return None
        if kind == "Activation":
            stages.append(Stage(layer, False, layer.trainable, None, None, None, None))
            act_params.append(ap)
            continue
        if layer.kernel_regularizer is not None:
            return None
        W, b = layer.params.get("W"), layer.params.get("b")
        for arr in (W, b):
            if arr is not None and (arr.dtype != dtype or not arr.flags.c_contiguous):
                return None
        gW = gb = None
        if layer.trainable:
            gW = layer.grad_array("W")
            gb = layer.grad_array("b") if b is not None else None
            for arr in (gW, gb):                     # the kernel views them by address
                if arr is not None and (arr.dtype != dtype or not arr.flags.c_contiguous):
                    return None
        stages.append(Stage(layer, True, layer.trainable, W, b, gW, gb))
        act_params.append(ap)
    if stages[-1].bn is not None:
        return None                                  # the losses start from a Dense/Activation
    return Plan(net, stages, act_params, tuple(flattens))
