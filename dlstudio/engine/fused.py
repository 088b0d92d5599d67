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

Keeping the per-call cost small: a ``Plan`` per network caches the kernel's arguments (one
table of array addresses per batch size) and the ``ParamRef`` list. Each call checks, by identity,
that every weight and gradient array, the trainable flags and the activations are still the
ones it cached (``set_weights`` writes in place and keeps them; ``reset_parameters`` creates
new arrays, which rebuilds the plan), so it never uses a stale array. A training step asks
twice (``forward_backward``, then ``parameters()`` for the optimizer); the second ask takes
the first one's answer when it comes right after it, from the same thread, with the network's
layer list and trainable flags unchanged (``cached_parameters``), and checks in full otherwise.
For the classroom toy (2-8-8-8-2 tanh, batch 10) a step with ``net.parameters()`` and an SGD
update took ~9 us of CPU here, the kernel ~2.9 us of it (arithmetic ~2.1 us, the call
~0.4 us); see ``forward_backward`` for what each step still does.

The parts live beside this module: the layers as stages and the loss pairs the kernel knows
(``fused_stages.py``), the plan and its check (``fused_plan.py``), the BLAS path for larger
batches and predictions (``fused_blas.py``); the kernels are ``kernels/fused.py``.
"""
from __future__ import annotations

import contextlib
import operator
import os
import threading
import weakref
from typing import Any, Iterator

import numpy as np

from dlstudio.engine.fused_blas import blas_step, forward_chain
from dlstudio.engine.fused_plan import Plan, build_plan
from dlstudio.engine.kernels import fused as fk

#: Largest N * sum(in * out) over the Dense layers (multiply-adds of one forward pass) that
#: takes the fused kernel. Measured on 2 cores, float32, forward_backward alone, fused vs
#: normal: 2-8x3 tanh b10 (2 k) 6x faster; 2-16x3 tanh b32 (23 k) 3.7x; 2-32x3 relu b32
#: (78 k) 2.9x; around 150-200 k it depends on the activation (element-wise tanh/exp are
#: scalar here, SIMD in NumPy: 0.9-1.8x); 2-64x3 tanh b32 (287 k) 0.8x; 784-100-100 elu b50
#: (4.5 M) 0.5x. Below this bound every measured case was at least 1.7x faster.
MAX_MACS = 100_000
#: False forces the normal layer-by-layer path (``disabled()`` for a block of code; the
#: environment variable ``DLSTUDIO_FUSED=0`` for a whole session, e.g. to compare the two)
ENABLED = os.environ.get("DLSTUDIO_FUSED", "1").strip() != "0"
#: a Dense chain predicts in chunks of at least this many rows: unlike a convolution's
#: large intermediate arrays, its rows are small; measured on 10,000 rows (1 thread), chunks
#: of 256 instead of 64 took 12% less time (784-300-100-10) and 7% (5x100 ELU)
PREDICT_MIN_CHUNK = 256
#: each network's plan, kept here (not on the network): a copied or pickled network has none
#: and builds its own at its next step; a plan goes away with its network
_PLANS: "weakref.WeakKeyDictionary[Any, Plan | None]" = weakref.WeakKeyDictionary()
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


def _as_rows(plan: Plan, x: Any) -> np.ndarray | None:
    """``x`` (N, *input_shape) as C-contiguous (N, inputs) rows of the plan's dtype, or None
    when it does not fit (the normal path explains the problem)."""
    if type(x) is not np.ndarray or x.shape[1:] != plan.in_shape or x.shape[0] == 0:
        return None
    rows = x if x.ndim == 2 else x.reshape(x.shape[0], plan.n_in)
    if rows.dtype != plan.dtype or not rows.flags.c_contiguous:
        rows = np.ascontiguousarray(rows, dtype=plan.dtype)
    return rows


def _record_flattens(plan: Plan, x: np.ndarray, rows: np.ndarray) -> None:
    """The leading Flatten layers take the reshape as their own forward pass."""
    for layer in plan.flattens:
        layer.record_forward(x, rows)
        x = rows


def _plan(net: Any) -> Plan | None:
    last_net, last_plan = _LAST
    plan = last_plan() if last_net() is net else _PLANS.get(net)
    if plan is not None and plan.valid(net):
        return plan
    plan = build_plan(net)
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

    Per step, besides the kernel: the plan's check (``Plan.valid``), the batch's checks
    (shape, dtype, contiguity; copies only when they fail), the output array (fresh each
    step) and the layers' ``record_forward``. Everything else a step needs for its loss and
    batch size is worked out once (``_step_setup``) and reused while they stay the same.
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
    step = plan.last_step
    if step[0] is not loss or step[1] != n or step[2] != MAX_MACS:
        step = _step_setup(plan, loss, n)
        if step is None:
            return None
    _, _, _, kind, blas, head, first, first_out, rest, last_layer, _ = step
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
    y_pred = np.empty((n, plan.n_out), plan.dtype)
    if blas:
        value = blas_step(x, *head, labels, targets, y_pred)
    else:
        value = fk.train_step(x, *head, labels, targets, y_pred)
    if value == fk.BAD_LABEL:
        return None                                  # the normal path raises the clear error
    # the layers take the pass as their own (what their forward would have left), so the
    # probes and a later net.backward(...) see it
    if plan.flattens:
        _record_flattens(plan, x_in, x)
    first(x, *first_out)
    for record, args in rest:
        record(*args)
    last_layer.last_output = y_pred
    for layer in plan.frozen:
        if layer.grads:
            layer.grads.clear()
    plan.checked_by = threading.get_ident()         # for this step's ``cached_parameters``
    return value, y_pred


def _step_setup(plan: Plan, loss: Any, n: int) -> tuple | None:
    """What a step of ``plan`` with ``loss`` on a batch of ``n`` needs besides the batch,
    kept as ``plan.last_step`` (None when the kernel does not take it): the key (loss, n,
    ``MAX_MACS``), the loss kind, whether the BLAS path runs it, the arguments of
    ``train_step`` (or ``blas_step``) between the batch and the labels, the first layer's
    ``record_forward`` with its arguments after the batch, the other layers' with all of
    theirs (their inputs are the buffers of the layer below), the last layer, and the
    ``for_batch`` entry whose arrays the kernel table points to."""
    setup = plan.loss_setup(loss)
    if setup is None:
        return None
    kind, out_act, last_code = setup
    blas = n * plan.macs > MAX_MACS
    if blas and plan.has_bn:
        return None                                  # batch norm: the small kernel only
    entry = plan.for_batch(n)
    if blas:
        settings = plan.settings
        if last_code != plan.last_code:              # MSE through the detached sigmoid
            settings = settings[:-1] + [settings[-1][:1] + (last_code,) + settings[-1][2:6]
                                        + (plan.output_activation,)]
        head = (entry[2], settings, plan.limit, kind, out_act)
    else:
        meta = plan.meta
        if last_code != plan.last_code:              # MSE through the detached sigmoid
            meta = meta.copy()
            meta[-1, 1] = last_code
        head = (plan.kernel_table(entry), meta, plan.fparams, plan.limit, kind, out_act)
    (first, first_out), *others = entry[3]
    rest, xin = [], first_out[-1]
    for record, out in others:
        rest.append((record, (xin,) + tuple(out)))
        xin = out[-1]
    # the entry last: it keeps the table's arrays alive when ``for_batch`` lets it go
    step = plan.last_step = (loss, n, MAX_MACS, kind, blas, head, first, tuple(first_out),
                             tuple(rest), plan.layers[-1], entry)
    return step


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


def predict(net: Any, x: np.ndarray, batch_size: int, logits: bool = False
            ) -> np.ndarray | None:
    """``net.predict`` for a Dense chain the plan accepts (None otherwise): each chunk of
    ``batch_size`` rows (at least ``PREDICT_MIN_CHUNK``) through ``forward_chain`` in
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
        fk.softmax_rows(forward_chain(x, plan.for_inference(n), plan.settings, plan.limit,
                                      plan.macs), out)
        return out
    for lo in range(0, n, batch_size):
        xb = x[lo:lo + batch_size]
        h = forward_chain(xb, plan.for_inference(len(xb)), plan.settings, plan.limit,
                          plan.macs)
        if act is None:
            out[lo:lo + len(xb)] = h
        elif act.name == "softmax":
            fk.softmax_rows(h, out[lo:lo + len(xb)])
        else:
            act.forward(h, out=out[lo:lo + len(xb)])
    return out


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
