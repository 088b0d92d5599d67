"""The pieces of one training step around the optimizer: global penalties, clipping,
max-norm, the divergence check and the last good weights.

Order in a step (``Trainer._train_batch``): forward/backward -> ``add_global_penalty`` ->
``find_divergence`` -> ``LastGood.keep`` -> ``clip_gradients`` -> optimizer step -> layer
constraints -> ``apply_global_max_norm``.
"""
from __future__ import annotations

import math
import operator
from typing import Any, Callable, Sequence

import numpy as np

from dlstudio.engine.kernels import reductions
from dlstudio.engine.kernels.lists import ArrayTable, copy_pairs
from dlstudio.training.divergence import GRAD_LIMIT, divergence_message

#: networks with at most this many values copy their last good weights before every step;
#: larger ones every ``LARGE_COPY_EVERY`` steps
FULL_COPY_LIMIT = 4_000_000
LARGE_COPY_EVERY = 20


def add_global_penalty(params: Sequence[Any], l1: float, l2: float,
                       grads: bool = True) -> float:
    """Add ``l1 * sum|W| + l2 * sum W^2`` over every kernel ``W`` (not biases) to the
    gradients in place (not when ``grads`` is False); return the penalty. Keras's convention
    adds it to the loss; the trainer reports it apart from the loss (see ``Telemetry.penalty``)."""
    if not (l1 or l2):
        return 0.0
    from dlstudio.engine.regularizers import L1L2

    reg = L1L2(l1=l1, l2=l2)
    total = 0.0
    for ref in params:
        if ref.key == "W":
            total += reg.loss(ref.value)
            if grads:
                reg.add_grad(ref.value, ref.grad)
    return total


def clip_gradients(grads: list[np.ndarray], clipvalue: float | None,
                   clipnorm: float | None) -> None:
    """Clip by value, then rescale all gradients together to a global norm <= ``clipnorm``
    (in place; ``None`` or 0 turns either off)."""
    from dlstudio.engine import regularizers

    if clipvalue:
        regularizers.clip_by_value(grads, clipvalue)
    if clipnorm:
        regularizers.clip_by_global_norm(grads, clipnorm)


def apply_global_max_norm(params: Sequence[Any], radius: float | None) -> None:
    """Rescale each unit's incoming weights (every axis of a kernel but the last) to a norm
    of at most ``radius``, in place."""
    if not radius:
        return
    from dlstudio.engine.regularizers import MaxNorm

    for ref in params:
        if ref.key == "W" and ref.value.ndim >= 2:
            MaxNorm(radius, axis=tuple(range(ref.value.ndim - 1))).apply(ref.value)


def find_divergence(network: Any, step: int, loss: float,
                    norms: Sequence[tuple[int, float]],
                    cause: Callable[[], Any] | None = None) -> str | None:
    """The divergence message for step ``step`` (1-based), or None when all is finite and no
    layer's gradient norm exceeds ``GRAD_LIMIT``. ``norms`` are ``(layer index, norm)``;
    ``cause()``, called only on a divergence, names its likeliest cause."""
    def why() -> Any:
        return cause() if cause is not None else None

    if not math.isfinite(loss):
        return divergence_message(step, loss=loss, cause=why(), unfinished=True)
    bad = [(i, n) for i, n in norms if not math.isfinite(n)]
    if bad:
        i, n = bad[-1]   # backprop runs from the output: the top-most layer overflowed first
        return divergence_message(step, layer_index=i, layer_name=network.layers[i].name,
                                  grad_norm=n, cause=why(), unfinished=True)
    if norms:
        i, n = max(norms, key=lambda t: t[1])
        if n > GRAD_LIMIT:
            return divergence_message(step, layer_index=i, layer_name=network.layers[i].name,
                                      grad_norm=n, cause=why(), unfinished=True)
    return None


class GradNorms:
    """``probes.layer_grad_norms`` from the parameters the optimizer is given, computed by
    one kernel call (``reductions.sum_squares_groups``) while those are the same
    ``ParamRef`` objects as at the last call (``Network.parameters()`` hands out the same
    ones while the arrays stay the same); it falls back to ``layer_grad_norms`` when the
    gradients do not share one float dtype or are not contiguous. The same norms (a layer's
    gradients summed in its parameters' order; bit for bit for layers with two arrays).

    For the classroom toy the per-array loop cost ~5 us of a ~35 us step; the call with a
    typed list ~2 us, with an ``ArrayTable`` ~1 us.
    """

    def __init__(self) -> None:
        self._refs: tuple = ()
        self._packed: tuple | None = None      # (table, group per array, layer indices, sums)

    def __call__(self, network: Any, params: Sequence[Any]) -> list[tuple[int, float]]:
        refs = self._refs
        if len(params) != len(refs) or not all(map(operator.is_, params, refs)):
            self._refs, self._packed = tuple(params), self._pack(params)
        packed = self._packed
        if packed is None:
            from dlstudio.training.probes import layer_grad_norms

            return layer_grad_norms(network)
        arrays, group, layers, sums = packed
        reductions.sum_squares_groups(arrays.first, arrays.table, group, sums)
        return [(i, math.sqrt(t) if math.isfinite(t) else t)
                for i, t in zip(layers, sums.tolist())]

    @staticmethod
    def _pack(params: Sequence[Any]) -> tuple | None:
        grads = [ref.grad for ref in params]
        if not ArrayTable.fits(grads):
            return None
        layers: list[int] = []
        group = []
        for ref in params:
            if not layers or layers[-1] != ref.layer_index:
                layers.append(ref.layer_index)
            group.append(len(layers) - 1)
        if len(set(layers)) != len(layers):        # a layer's parameters not side by side
            return None
        return (ArrayTable(grads), np.array(group, np.int64), tuple(layers),
                np.zeros(len(layers)))


class LastGood:
    """A copy of every parameter and state array, refreshed before optimizer steps.

    Buffers are allocated once; ``keep`` is a plain memory copy (for the MNIST convnet's
    ~93,000 values about 20 microseconds, against ~15 ms for the step itself), one kernel
    call (``lists.copy_pairs``) when the arrays share one dtype and are contiguous: for the
    classroom toy's eight small arrays, 2.7 us one by one, ~1.5 us through a typed list,
    ~0.6 us through an ``ArrayTable``.
    """

    def __init__(self, network: Any) -> None:
        self.live = [a for layer in network.layers
                     for a in (*layer.params.values(), *layer.state.values())]
        self.saved = [a.copy() for a in self.live]
        #: the steps done when the kept arrays were copied (0: the initial weights)
        self.kept_step = 0
        size = sum(a.size for a in self.live)
        self.every = 1 if size <= FULL_COPY_LIMIT else LARGE_COPY_EVERY
        pairs = [a for pair in zip(self.live, self.saved) for a in pair]
        self._pairs = ArrayTable(pairs) if ArrayTable.fits(pairs) else None

    def keep(self, step: int, force: bool = False) -> None:
        """Copy the live arrays if ``step`` is a copy step (every step for small networks)."""
        if force or step % self.every == 0:
            self.kept_step = step
            if self._pairs is not None:
                copy_pairs(self._pairs.first, self._pairs.table)
                return
            for saved, live in zip(self.saved, self.live):
                np.copyto(saved, live)

    def restore(self) -> None:
        for saved, live in zip(self.saved, self.live):
            np.copyto(live, saved)
