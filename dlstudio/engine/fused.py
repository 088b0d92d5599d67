"""The fused training pass for small Dense networks (used by ``Network.forward_backward``).

A network qualifies when it is a chain of Dense and Activation layers (after any leading
Flatten layers: images are fed as rows, as the presets' MLPs take them) with element-wise
activations (linear, relu, tanh, sigmoid, elu, leaky_relu, selu, softplus), no kernel
regularizer, and an output/loss pair the kernel knows: softmax + sparse categorical
cross-entropy, sigmoid + binary cross-entropy (both also ``from_logits`` with a linear
output), or mean squared error (linear or element-wise output). A small batch
(``N * (multiply-adds per example) <= MAX_MACS``) runs as one kernel call; a larger one runs
the same stages with BLAS's matrix products (``engine.gemm``) between small kernels (bias +
activation, activation backward + bias gradient, the loss), in the plan's buffers: for a
784-300-100-10 MLP at batch 50 that is ~15 calls a step instead of ~60 NumPy calls and the
layers' bookkeeping. BatchNormalization layers on vectors (not last) may sit in the chain
too, in the one-kernel pass only: a larger batch of such a network, and its predictions, take
the layer-by-layer path (the 8-layer classroom MLP with Dense -> BN -> Activation, batch 32:
forward and backward ~280 -> ~42 us). Everything else takes the normal layer-by-layer path,
which is also the NumPy twin of both.

What the fused pass keeps from the normal one (tested in ``tests/engine/test_fused.py``):
the same loss, outputs and gradients (to rounding), gradients written into the layers' own
``grads`` arrays (the ones ``net.parameters()`` hands to the optimizer), ``last_output`` /
``last_preactivation`` of every layer, frozen layers without ``grads`` that still pass
gradients through. The returned predictions are a fresh array each step; the hidden layers'
``last_output`` / ``last_preactivation`` are work buffers reused by the next step with the
same batch size (as for every layer that uses buffers, see ``layers/common.py``). The layers
take the pass as their own through ``record_forward``.

Keeping the per-call cost small: a ``_Plan`` per network caches the kernel's arguments (one
table of array addresses per batch size) and the ``ParamRef`` list. Each call checks, by identity,
that every weight and gradient array, the trainable flags and the activations are still the
ones it cached (``set_weights`` writes in place and keeps them; ``reset_parameters`` creates
new arrays, which rebuilds the plan), so it never uses a stale array. A training step asks
twice (``forward_backward``, then ``parameters()`` for the optimizer); the second ask takes
the first one's answer when it comes right after it, from the same thread, with the network's
layer list and trainable flags unchanged (``cached_parameters``), and checks in full otherwise.
For the classroom toy (2-8-8-8-2 tanh, batch 10) the Python around the kernel was about half
of its ~15 us step; see ``forward_backward`` for what each step still does.
"""
from __future__ import annotations

import contextlib
import operator
import os
import threading
import weakref
from typing import Any, Iterator, NamedTuple

import numpy as np
from dlstudio.engine import gemm, threads
from dlstudio.engine.kernels import fused as fk

#: Largest N * sum(in * out) over the Dense layers (multiply-adds of one forward pass) that
#: takes the fused kernel. Measured on 2 cores, float32, forward_backward alone, fused vs
#: normal: 2-8x3 tanh b10 (2 k) 6x faster; 2-16x3 tanh b32 (23 k) 3.7x; 2-32x3 relu b32
#: (78 k) 2.9x; around 150-200 k it depends on the activation (element-wise tanh/exp are
#: scalar here, SIMD in NumPy: 0.9-1.8x); 2-64x3 tanh b32 (287 k) 0.8x; 784-100-100 elu b50
#: (4.5 M) 0.5x. Below this bound every measured case was at least 1.7x faster.
MAX_MACS = 100_000
#: activations whose forward pass NumPy computes faster than a scalar Numba loop (its
#: float32 exp/tanh are vectorized): the BLAS path leaves them to the layer's activation;
#: ELU/SELU take one vectorized kernel in float32 (``bias_elu32``: 5,000 values 2.4 us),
#: Numba kernels around NumPy's expm1 in float64
_NUMPY_FORWARD = frozenset({fk.TANH, fk.SIGMOID, fk.SOFTPLUS})
#: False forces the normal layer-by-layer path (``disabled()`` for a block of code; the
#: environment variable ``DLSTUDIO_FUSED=0`` for a whole session, e.g. to compare the two)
ENABLED = os.environ.get("DLSTUDIO_FUSED", "1").strip() != "0"

_ACT_CODES = {"linear": fk.LINEAR, "relu": fk.RELU, "tanh": fk.TANH, "sigmoid": fk.SIGMOID,
              "elu": fk.ELU, "selu": fk.ELU, "leaky_relu": fk.LEAKY_RELU,
              "softplus": fk.SOFTPLUS}
#: a Dense chain predicts in chunks of at least this many rows: unlike a convolution's
#: large intermediate arrays, its rows are small; measured on 10,000 rows (1 thread), chunks
#: of 256 instead of 64 took 12% less time (784-300-100-10) and 7% (5x100 ELU)
PREDICT_MIN_CHUNK = 256
_MAX_BATCH_SIZES = 4     # buffers and tables kept per plan (training batch, last short batch, ...)
#: each network's plan, kept here (not on the network): a copied or pickled network has none
#: and builds its own at its next step; a plan goes away with its network
_PLANS: "weakref.WeakKeyDictionary[Any, _Plan | None]" = weakref.WeakKeyDictionary()
#: weak references to the network whose plan was built last and to that plan: a training
#: run asks for the same plan every step (a dictionary lookup costs more)
_LAST: list = [lambda: None, lambda: None]
_TRAINABLE = operator.attrgetter("trainable")
_INT64_STRIDES = (8,)


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Run the enclosed code on the normal layer-by-layer path (tests, comparisons)."""
    global ENABLED
    saved, ENABLED = ENABLED, False
    try:
        yield
    finally:
        ENABLED = saved


def _act_params(act: Any) -> tuple[int, float, float] | None:
    code = _ACT_CODES.get(getattr(act, "name", None))
    if code is None:
        return None
    return code, float(getattr(act, "alpha", 0.0)), float(getattr(act, "scale", 1.0))


class _Stage(NamedTuple):
    """One layer as the plan sees it (W, b, gW, gb: the live arrays, None where absent;
    ``bn``: a batch-norm layer's gamma, beta, their gradients, moving mean and variance)."""

    layer: Any
    dense: bool
    trainable: bool
    W: np.ndarray | None
    b: np.ndarray | None
    gW: np.ndarray | None
    gb: np.ndarray | None
    bn: tuple | None = None


class _Plan:
    """What the kernel needs for one network, valid while ``valid(net)`` holds."""

    def __init__(self, net: Any, stages: list[_Stage], act_params: list[tuple],
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
        self.meta = np.array([(_kind(s), a[0], s.b is not None, s.trainable) for s, a in
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
        self.refs = [ParamRef(first + i, key, value, _stage_grad(s, key))
                     for i, s in enumerate(stages) if (s.dense or s.bn) and s.trainable
                     for key, value in s.layer.params.items()]
        dummy = np.zeros((0, 0), dtype)
        # per stage: W, b, gW, gb as 2-D arrays (dummies where absent; b, gb as (1, out) views)
        self._static = [(s.W, dummy if s.b is None else s.b.reshape(1, -1),
                         s.gW if s.trainable else dummy,
                         s.gb.reshape(1, -1) if s.trainable and s.gb is not None else dummy)
                        if s.dense else _bn_rows(s, dtype) if s.bn else (dummy,) * 4
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
        self.trainable_flags = tuple(s.trainable for s in stages)
        #: the thread whose ``forward_backward`` checked this plan last (None once
        #: ``cached_parameters`` took that check, or after any other use)
        self.checked_by: int | None = None

    def valid(self, net: Any) -> bool:
        """True while the network's layers, flags, activations and arrays are the cached ones."""
        self.checked_by = None
        if tuple(net.layers) != self.layers or net.output_activation is not self.output_activation:
            return False
        for layer, act, trainable, W, b, gW, gb in self.checks:
            if layer.activation is not act or layer.trainable is not trainable:
                return False
            if W is None:
                continue
            params = layer.params
            if params.get("W") is not W or params.get("b") is not b \
                    or layer.kernel_regularizer is not None:
                return False
            if trainable:
                grads = layer.grads
                if grads.get("W") is not gW or grads.get("b") is not gb:
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
        if len(self.by_batch) >= _MAX_BATCH_SIZES:
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
        if len(self.infer_by_batch) >= _MAX_BATCH_SIZES:
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
                   for i, arr in enumerate(arrays)):      # ``_build`` rules these out
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

        setup = _loss_setup(losses.get(loss), self.output_activation, self.last_code)
        if isinstance(loss, str):
            self.losses[loss] = setup
        elif isinstance(loss, losses.Loss):
            self._last_loss = (loss, setup)
        return setup


def _loss_setup(loss_fn: Any, out_act: Any, last_code: int) -> tuple | None:
    from dlstudio.engine import losses

    out_name = getattr(out_act, "name", None)
    logits = getattr(loss_fn, "from_logits", False)
    kind = type(loss_fn)
    if kind is losses.SparseCategoricalCrossentropy:
        if (out_name == "softmax" and not logits) or (out_name is None and logits):
            if last_code == fk.LINEAR:
                return fk.SPARSE_CE, int(out_name is not None), last_code
    elif kind is losses.BinaryCrossentropy:
        if (out_name == "sigmoid" and not logits) or (out_name is None and logits):
            if last_code == fk.LINEAR:
                return fk.BINARY_CE, int(out_name is not None), last_code
    elif kind is losses.MeanSquaredError:
        if out_name is None:
            return fk.MSE, 0, last_code
        if out_name == "sigmoid" and last_code == fk.LINEAR:
            return fk.MSE, 0, fk.SIGMOID
    return None


def _build(net: Any) -> _Plan | None:
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
            stage = _bn_stage(layer, dtype)
            if stage is None:
                return None
            stages.append(stage)
            act_params.append((fk.LINEAR, float(layer.momentum), float(layer.epsilon)))
            continue
        ap = _act_params(getattr(layer, "activation", None))
        if ap is None or kind not in ("Dense", "Activation"):
            return None
        if kind == "Activation":
            stages.append(_Stage(layer, False, layer.trainable, None, None, None, None))
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
        stages.append(_Stage(layer, True, layer.trainable, W, b, gW, gb))
        act_params.append(ap)
    if stages[-1].bn is not None:
        return None                                  # the losses start from a Dense/Activation
    return _Plan(net, stages, act_params, tuple(flattens))


def _bn_stage(layer: Any, dtype: np.dtype) -> _Stage | None:
    """A batch-norm layer on vectors as a stage (None when its arrays do not fit)."""
    if len(layer.input_shape) != 1:
        return None
    gamma, beta = layer.params.get("gamma"), layer.params.get("beta")
    mean, var = layer.state.get("moving_mean"), layer.state.get("moving_variance")
    g_gamma = g_beta = None
    if layer.trainable:
        g_gamma = layer.grad_array("gamma") if gamma is not None else None
        g_beta = layer.grad_array("beta") if beta is not None else None
    arrays = (gamma, beta, g_gamma, g_beta, mean, var)
    if mean is None or var is None or any(
            a is not None and (a.dtype != dtype or not a.flags.c_contiguous) for a in arrays):
        return None
    return _Stage(layer, False, layer.trainable, None, None, None, None, arrays)


def _bn_rows(stage: _Stage, dtype: np.dtype) -> tuple:
    """A batch-norm stage's rows 0-3: gamma (ones without scale), beta (zeros without
    center), their gradients (dummies where none are kept), all (1, C)."""
    gamma, beta, g_gamma, g_beta, mean, _ = stage.bn
    width = mean.size
    dummy = np.zeros((0, 0), dtype)
    return (np.ones((1, width), dtype) if gamma is None else gamma.reshape(1, -1),
            np.zeros((1, width), dtype) if beta is None else beta.reshape(1, -1),
            dummy if g_gamma is None else g_gamma.reshape(1, -1),
            dummy if g_beta is None else g_beta.reshape(1, -1))


def _kind(stage: _Stage) -> int:
    if stage.bn is not None:
        return fk.BATCHNORM_STAGE
    return fk.DENSE_STAGE if stage.dense else fk.ACTIVATION_STAGE


def _stage_grad(stage: _Stage, key: str) -> np.ndarray:
    """The gradient array of parameter ``key`` of a Dense or batch-norm stage."""
    if stage.bn is not None:
        return stage.bn[2] if key == "gamma" else stage.bn[3]
    return stage.gW if key == "W" else stage.gb


def _as_rows(plan: _Plan, x: Any) -> np.ndarray | None:
    """``x`` (N, *input_shape) as C-contiguous (N, inputs) rows of the plan's dtype, or None
    when it does not fit (the normal path explains the problem)."""
    if type(x) is not np.ndarray or x.shape[1:] != plan.in_shape or x.shape[0] == 0:
        return None
    rows = x if x.ndim == 2 else x.reshape(x.shape[0], plan.n_in)
    if rows.dtype != plan.dtype or not rows.flags.c_contiguous:
        rows = np.ascontiguousarray(rows, dtype=plan.dtype)
    return rows


def _record_flattens(plan: _Plan, x: np.ndarray, rows: np.ndarray) -> None:
    """The leading Flatten layers take the reshape as their own forward pass."""
    for layer in plan.flattens:
        layer.record_forward(x, rows)
        x = rows


def _plan(net: Any) -> _Plan | None:
    last_net, last_plan = _LAST
    plan = last_plan() if last_net() is net else _PLANS.get(net)
    if plan is not None and plan.valid(net):
        return plan
    plan = _build(net)
    _PLANS[net] = plan
    if plan is not None:
        _LAST[:] = [weakref.ref(net), weakref.ref(plan)]
    return plan


def forward_backward(net: Any, x: Any, y: Any, loss: Any) -> tuple[float, np.ndarray] | None:
    """``net.forward_backward`` through the fused kernel, or None when it does not qualify.

    Parameters
    ----------
    net : Network
    x : (N, in) batch; y : labels (N,) or targets (N, C); loss : identifier or Loss.

    Returns
    -------
    (loss, y_pred) exactly as the normal path returns them, or None.

    Per step, besides the kernel: the plan's check (``_Plan.valid``), the batch's checks
    (shape, dtype, contiguity; copies only when they fail), the output array (fresh each
    step) and the layers' ``record_forward``.
    """
    if not ENABLED:
        return None
    plan = _plan(net)
    if plan is None:
        return None
    x_in, x = x, _as_rows(plan, x)
    if x is None:
        return None
    n = x.shape[0]
    setup = plan.loss_setup(loss)
    if setup is None:
        return None
    kind, out_act, last_code = setup
    labels, targets = plan.labels_dummy, plan.targets_dummy
    if kind == fk.SPARSE_CE:
        labels = _as_labels(y, n)
        if labels is None:
            return None                              # the normal path explains the problem
    else:
        y = np.asarray(y)
        if y.size != n * plan.n_out:
            return None
        targets = np.ascontiguousarray(y.reshape(n, plan.n_out), dtype=plan.dtype)
    if n * plan.macs > MAX_MACS and plan.has_bn:
        return None                                  # batch norm: the small kernel only
    entry = plan.for_batch(n)
    y_pred = np.empty((n, plan.n_out), plan.dtype)
    if n * plan.macs > MAX_MACS:
        settings = plan.settings
        if last_code != plan.last_code:              # MSE through the detached sigmoid
            settings = settings[:-1] + [settings[-1][:1] + (last_code,) + settings[-1][2:6]
                                        + (plan.output_activation,)]
        value = _blas_step(x, entry[2], settings, plan.limit, kind, out_act, labels, targets,
                           y_pred)
    else:
        meta = plan.meta
        if last_code != plan.last_code:              # MSE through the detached sigmoid
            meta = meta.copy()
            meta[-1, 1] = last_code
        table = entry[0]
        if table is None:
            table = plan.kernel_table(entry)
        value = fk.train_step(x, table, meta, plan.fparams, plan.limit, kind, out_act, labels,
                              targets, y_pred)
    if value == fk.BAD_LABEL:
        return None                                  # the normal path raises the clear error
    # the layers take the pass as their own (what their forward would have left), so the
    # probes and a later net.backward(...) see it
    if plan.flattens:
        _record_flattens(plan, x_in, x)
    xin = x
    for record, out in entry[3]:
        record(xin, *out)
        xin = out[-1]
    plan.layers[-1].last_output = y_pred
    for layer in plan.frozen:
        if layer.grads:
            layer.grads.clear()
    plan.checked_by = threading.get_ident()         # for this step's ``cached_parameters``
    return value, y_pred


def _as_labels(y: Any, n: int) -> np.ndarray | None:
    """Labels ``y`` of a batch of ``n`` as a contiguous (n,) int64 array (``y`` itself when it
    is one), or None when their shape does not fit."""
    if type(y) is np.ndarray and y.dtype == np.int64 and y.shape == (n,) \
            and y.strides == _INT64_STRIDES:
        return y
    y = np.asarray(y)
    if y.shape != (n,) and y.shape != (n, 1):
        return None
    return np.ascontiguousarray(y.reshape(-1), dtype=np.int64)


def _forward_chain(x: np.ndarray, stages: list, settings: list, limit: float) -> np.ndarray:
    """The forward pass of the stages with BLAS's products; returns the last output."""
    xin = x
    # one thread: each product is one BLAS call, as ``gemm.matmul`` would make it after
    # sizing it (~0.3 us a product saved: the 5x100 ELU MLP predicts 50 rows in ~175 us)
    whole = threads.chosen_threads() <= 1
    for (W, b2, _, _, z, a, _), (dense, code, has_bias, _, alpha, scale, act) in \
            zip(stages, settings):
        if dense:
            if whole:
                np.matmul(xin, W, out=z)
            else:
                gemm.matmul(xin, W, z, polled=True)
        else:
            z = xin
        if code == fk.ELU:
            if z.itemsize == 4:
                fk.bias_elu32(has_bias, b2, z, a, alpha, scale)
            else:
                fk.bias_elu_start(has_bias, b2, z, a)
                np.expm1(a, out=a)
                fk.elu_finish(alpha, scale, z, a)
        elif code in _NUMPY_FORWARD:
            if has_bias:
                z += b2
            act.forward(z, out=a)
        else:
            fk.bias_activate(code, alpha, scale, limit, has_bias, b2, z, a)
        xin = a
    return xin


def predict(net: Any, x: np.ndarray, batch_size: int, logits: bool = False
            ) -> np.ndarray | None:
    """``net.predict`` for a Dense chain the plan accepts (None otherwise): each chunk of
    ``batch_size`` rows (at least ``PREDICT_MIN_CHUNK``) through ``_forward_chain`` in
    buffers kept per chunk size, then the network's output activation (left out with
    ``logits``: ``net.predict_logits``). ``x`` is already checked
    (``Network._check_input``). Returns a fresh (N, outputs) array."""
    batch_size = max(int(batch_size), PREDICT_MIN_CHUNK)
    if not ENABLED:
        return None
    plan = _plan(net)
    x = None if plan is None or plan.has_bn else _as_rows(plan, x)
    if x is None:
        return None
    n = len(x)
    out = np.empty((n, plan.n_out), plan.dtype)
    act = None if logits else plan.output_activation
    if n <= batch_size and act is not None and act.name == "softmax":   # one chunk
        fk.softmax_rows(_forward_chain(x, plan.for_inference(n), plan.settings, plan.limit),
                        out)
        return out
    for lo in range(0, n, batch_size):
        xb = x[lo:lo + batch_size]
        h = _forward_chain(xb, plan.for_inference(len(xb)), plan.settings, plan.limit)
        if act is None:
            out[lo:lo + len(xb)] = h
        elif act.name == "softmax":
            fk.softmax_rows(h, out[lo:lo + len(xb)])
        else:
            act.forward(h, out=out[lo:lo + len(xb)])
    return out


def _blas_step(x: np.ndarray, stages: list, settings: list, limit: float, kind: int,
               out_act: int, labels: np.ndarray, targets: np.ndarray,
               y_pred: np.ndarray) -> float:
    """``fk.train_step`` with BLAS's matrix products: the same stages, buffers and formulas
    (see ``kernels/fused.py``), the products by ``gemm.matmul``. Returns the mean loss or
    ``fk.BAD_LABEL``."""
    _forward_chain(x, stages, settings, limit)
    last = len(stages) - 1
    z_last = stages[last][4] if settings[last][0] else (x if last == 0 else stages[last - 1][5])
    value = fk.loss(kind, out_act, limit, z_last, stages[last][5], labels, targets, y_pred,
                    stages[last][6])
    if value == fk.BAD_LABEL:
        return value
    for i in range(last, -1, -1):
        W, _, gW, gb2, z, a, d = stages[i]
        dense, code, has_bias, trainable, alpha, scale, _ = settings[i]
        xin = x if i == 0 else stages[i - 1][5]
        if not dense:
            z = xin
        if i == last and kind != fk.MSE:
            code = fk.LINEAR                             # the CE losses give dL/dz already
        want_db = dense and trainable and has_bias
        if code != fk.LINEAR or want_db:
            fk.activation_backward_bias(code, alpha, scale, limit, z, a, d, want_db, gb2)
        if dense:
            if trainable:
                gemm.matmul(xin.T, d, gW, polled=True)
            if i > 0:
                gemm.matmul(d, W.T, stages[i - 1][6], polled=True)
        elif i > 0:
            stages[i - 1][6][...] = d
    return value


def cached_parameters(net: Any) -> list | None:
    """``net.parameters()`` from the plan's cached ParamRefs (same objects each step), or None.

    Right after a fused ``forward_backward`` of ``net`` on the same thread (a training step
    asks for the parameters next), with the same layers and trainable flags, that call's
    check of the arrays stands; otherwise the plan is checked in full."""
    if not ENABLED:
        return None
    last_net, last_plan = _LAST
    plan = last_plan() if last_net() is net else _PLANS.get(net)
    if plan is None:
        return None
    if plan.checked_by == threading.get_ident() and plan.trainable_flags == tuple(
            map(_TRAINABLE, plan.stage_layers)) and tuple(net.layers) == plan.layers:
        plan.checked_by = None
        return list(plan.refs)
    if not plan.valid(net):
        return None
    return list(plan.refs)
