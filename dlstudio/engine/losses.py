"""Loss functions: a number that says how wrong the network is, and its gradient.

Every loss is the mean over the batch of a per-example loss, as in Keras. Shapes: ``y_pred``
is ``(N, ...)`` (for classification ``(N, C)``), ``y_true`` holds integer labels ``(N,)`` for
sparse cross-entropy, one-hot rows ``(N, C)`` for categorical cross-entropy, and targets shaped
like ``y_pred`` (or ``(N,)`` for a single output) for binary cross-entropy and MSE.

Each :class:`Loss` offers two paths:

* ``value(y_pred, y_true)`` and ``grad(y_pred, y_true)`` work on the network's output. From
  probabilities they clip to ``[1e-7, 1 - 1e-7]`` before the logarithm, like Keras, so a
  confident wrong answer costs about 16.1 instead of infinity (and the gradient is 0 where the
  clip is active). ``grad`` is already divided by the batch size.
* ``value_and_grad_logits(z, y_true)`` works on the pre-activation ``z`` of the output layer and
  computes the loss of ``activation(z)`` stably with the log-sum-exp trick. For softmax +
  cross-entropy the gradient collapses to ``(softmax(z) - onehot(y)) / N``, for sigmoid + BCE to
  ``(sigmoid(z) - y) / size``: no division by a tiny probability, so no overflow even for
  logits of 1e4. The network uses it when ``loss.fuses_with`` names the output activation.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.kernels import reductions
from dlstudio.engine.registry import KerasConfigured, Param, Registry

#: output dtypes the accuracy kernel takes (others take NumPy's path)
_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))

__all__ = ["LOSSES", "Loss", "SparseCategoricalCrossentropy", "CategoricalCrossentropy",
           "BinaryCrossentropy", "MeanSquaredError", "get", "accuracy", "EPSILON"]

#: Keras's backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON].
EPSILON = 1e-7

LOSSES: Registry[type] = Registry("loss")

_FROM_LOGITS = Param("from_logits", "bool", False,
                     help="true when the last layer has no activation (outputs raw scores)")


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x, dtype=np.float64))


def _log_softmax_parts(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(softmax(z), logsumexp(z))`` along the last axis, shifted by the row max for stability."""
    m = np.max(z, axis=-1, keepdims=True)
    e = np.exp(z - m)
    s = np.sum(e, axis=-1, keepdims=True)
    return e / s, (m + np.log(s))[..., 0]


class Loss(KerasConfigured):
    """Base class. Subclasses set ``name`` and implement the four computations."""

    name = "loss"
    #: classification losses report accuracy next to the loss; regression losses do not.
    metric: str | None = None

    def __init__(self, from_logits: bool = False):
        if not isinstance(from_logits, bool):
            raise ValueError(f"{type(self).__name__}: from_logits must be true or false, "
                             f"got {from_logits!r}")
        self.from_logits = from_logits

    @property
    def fuses_with(self) -> str | None:
        """The output activation this loss fuses with (``value_and_grad_logits``), if any."""
        return None

    def value(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        raise NotImplementedError

    def grad(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def value_and_grad(self, y_pred: np.ndarray, y_true: np.ndarray) -> tuple[float, np.ndarray]:
        return self.value(y_pred, y_true), self.grad(y_pred, y_true)

    def value_and_grad_logits(self, z: np.ndarray, y_true: np.ndarray) -> tuple[float, np.ndarray]:
        """Loss of ``activation(z)`` and dL/dz, computed stably from the pre-activation ``z``."""
        raise NotImplementedError

    def __call__(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        return self.value(y_pred, y_true)

    def get_config(self) -> dict[str, Any]:
        return {"from_logits": self.from_logits}


def _labels(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Integer labels flattened to ``(M,)`` matching ``y_pred`` reshaped to ``(M, C)``."""
    n_classes = y_pred.shape[-1]
    y = np.asarray(y_true)
    if y.shape == y_pred.shape[:-1] + (1,):
        y = y[..., 0]
    if y.shape != y_pred.shape[:-1]:
        raise ValueError(f"sparse categorical cross-entropy: labels have shape {y.shape} but the "
                         f"network outputs {y_pred.shape}; give one integer label per example")
    labels = y.reshape(-1).astype(np.intp, copy=False)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"sparse categorical cross-entropy: labels run from {labels.min()} to "
                         f"{labels.max()} but the network has {n_classes} outputs; the last "
                         f"Dense layer needs one unit per class")
    return labels


@LOSSES.register(
    "sparse_categorical_crossentropy", "Sparse categorical cross-entropy",
    aliases=("SparseCategoricalCrossentropy", "sparse_cce", "scce"),
    help="For classes given as integer labels: -log(probability of the right class), averaged. "
         "Use with a softmax output (or from_logits with no output activation).",
    params=(_FROM_LOGITS,), metric="accuracy")
class SparseCategoricalCrossentropy(Loss):
    """``L = mean_i -log p[i, y_i]`` with integer labels ``y`` of shape ``(N,)``."""

    name = "sparse_categorical_crossentropy"
    metric = "accuracy"

    @property
    def fuses_with(self) -> str | None:
        return None if self.from_logits else "softmax"

    def value(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_grad_logits(y_pred, y_true)[0]
        labels = _labels(y_true, y_pred)
        p = y_pred.reshape(-1, y_pred.shape[-1])[np.arange(labels.size), labels]
        return _mean(-np.log(np.clip(p, EPSILON, 1.0 - EPSILON)))

    def grad(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_grad_logits(y_pred, y_true)[1]
        labels = _labels(y_true, y_pred)
        flat = y_pred.reshape(-1, y_pred.shape[-1])
        rows = np.arange(labels.size)
        p = flat[rows, labels]
        inside = (p > EPSILON) & (p < 1.0 - EPSILON)
        g = np.zeros_like(flat)
        g[rows, labels] = np.where(inside, -1.0 / np.where(inside, p, 1.0), 0.0) / labels.size
        return g.reshape(y_pred.shape)

    def value_and_grad_logits(self, z, y_true):
        labels = _labels(y_true, z)
        flat = z.reshape(-1, z.shape[-1])
        rows = np.arange(labels.size)
        probs, lse = _log_softmax_parts(flat)
        loss = _mean(lse - flat[rows, labels])
        probs[rows, labels] -= 1.0                    # softmax(z) - onehot(y)
        probs /= labels.size
        return loss, probs.reshape(z.shape)


@LOSSES.register(
    "categorical_crossentropy", "Categorical cross-entropy",
    aliases=("CategoricalCrossentropy", "cce"),
    help="For classes given as one-hot rows: -sum(y * log(p)), averaged over the batch.",
    params=(_FROM_LOGITS,), metric="accuracy")
class CategoricalCrossentropy(Loss):
    """``L = mean_i -sum_c y[i, c] log p[i, c]`` with one-hot (or soft) targets ``(N, C)``."""

    name = "categorical_crossentropy"
    metric = "accuracy"

    @property
    def fuses_with(self) -> str | None:
        return None if self.from_logits else "softmax"

    @staticmethod
    def _targets(y_true, y_pred):
        y = np.asarray(y_true, dtype=y_pred.dtype)
        if y.shape != y_pred.shape:
            raise ValueError(f"categorical cross-entropy: targets have shape {y.shape} but the "
                             f"network outputs {y_pred.shape}; give one-hot rows, or use "
                             f"sparse_categorical_crossentropy for integer labels")
        return y

    def _n(self, y_pred):
        return int(np.prod(y_pred.shape[:-1]))

    def value(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_grad_logits(y_pred, y_true)[0]
        y = self._targets(y_true, y_pred)
        logp = np.log(np.clip(y_pred, EPSILON, 1.0 - EPSILON))
        return float(-np.sum(y * logp, dtype=np.float64)) / self._n(y_pred)

    def grad(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_grad_logits(y_pred, y_true)[1]
        y = self._targets(y_true, y_pred)
        inside = (y_pred > EPSILON) & (y_pred < 1.0 - EPSILON)
        g = np.where(inside, -y / np.where(inside, y_pred, 1.0), 0.0) / self._n(y_pred)
        return g.astype(y_pred.dtype, copy=False)

    def value_and_grad_logits(self, z, y_true):
        y = self._targets(y_true, z)
        probs, lse = _log_softmax_parts(z)
        n = self._n(z)
        # -sum_c y_c (z_c - lse) = lse * sum_c y_c - sum_c y_c z_c
        loss = float(np.sum(lse * y.sum(axis=-1) - np.sum(y * z, axis=-1), dtype=np.float64)) / n
        g = (probs * y.sum(axis=-1, keepdims=True) - y) / n
        return loss, g.astype(z.dtype, copy=False)


@LOSSES.register(
    "binary_crossentropy", "Binary cross-entropy",
    aliases=("BinaryCrossentropy", "bce"),
    help="For yes/no targets (0 or 1): -[y log p + (1-y) log(1-p)], averaged. Use with a sigmoid "
         "output (or from_logits with no output activation).",
    params=(_FROM_LOGITS,), metric="accuracy")
class BinaryCrossentropy(Loss):
    """``L = mean -[y log p + (1 - y) log(1 - p)]`` over every output of every example."""

    name = "binary_crossentropy"
    metric = "accuracy"

    @property
    def fuses_with(self) -> str | None:
        return None if self.from_logits else "sigmoid"

    @staticmethod
    def _targets(y_true, y_pred):
        y = np.asarray(y_true, dtype=y_pred.dtype)
        if y.size != y_pred.size:
            raise ValueError(f"binary cross-entropy: targets have shape {y.shape} but the "
                             f"network outputs {y_pred.shape}; give one 0/1 target per output")
        return y.reshape(y_pred.shape)

    def value(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_grad_logits(y_pred, y_true)[0]
        y = self._targets(y_true, y_pred)
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        return _mean(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))

    def grad(self, y_pred, y_true):
        if self.from_logits:
            return self.value_and_grad_logits(y_pred, y_true)[1]
        y = self._targets(y_true, y_pred)
        inside = (y_pred > EPSILON) & (y_pred < 1.0 - EPSILON)
        p = np.where(inside, y_pred, 0.5)
        g = np.where(inside, (p - y) / (p * (1.0 - p)), 0.0) / y_pred.size
        return g.astype(y_pred.dtype, copy=False)

    def value_and_grad_logits(self, z, y_true):
        y = self._targets(y_true, z)
        # -[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z*y + log(1 + exp(-|z|))
        loss = _mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
        e = np.exp(-np.abs(z))                     # stable sigmoid: never exp of a positive
        sig = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return loss, ((sig - y) / z.size).astype(z.dtype, copy=False)


@LOSSES.register(
    "mean_squared_error", "Mean squared error",
    aliases=("MeanSquaredError", "mse"),
    help="For numbers (regression): the average of (prediction - target)^2.", metric=None)
class MeanSquaredError(Loss):
    """``L = mean (y_pred - y)^2`` over every output of every example (Keras's MSE)."""

    name = "mean_squared_error"
    metric = None

    def __init__(self):
        super().__init__(from_logits=False)

    @staticmethod
    def _targets(y_true, y_pred):
        y = np.asarray(y_true, dtype=y_pred.dtype)
        if y.size != y_pred.size:
            raise ValueError(f"mean squared error: targets have shape {y.shape} but the network "
                             f"outputs {y_pred.shape}; give one target per output")
        return y.reshape(y_pred.shape)

    def value(self, y_pred, y_true):
        d = y_pred - self._targets(y_true, y_pred)
        return _mean(d * d)

    def grad(self, y_pred, y_true):
        d = y_pred - self._targets(y_true, y_pred)
        return d * y_pred.dtype.type(2.0 / y_pred.size)

    def value_and_grad_logits(self, z, y_true):
        """MSE has no fused activation: ``z`` is the prediction itself (linear output)."""
        return self.value(z, y_true), self.grad(z, y_true)

    def get_config(self) -> dict[str, Any]:
        return {}


def get(identifier: Any, **overrides: Any) -> Loss:
    """A loss from a name (``"mse"``, ``"sparse_cce"``, Keras class names), a Keras dict
    (``{"class_name": "BinaryCrossentropy", "config": {"from_logits": True}}``) or an instance.
    ``overrides`` update the config (``get("bce", from_logits=True)``)."""
    if isinstance(identifier, Loss) and not overrides:
        return identifier
    if isinstance(identifier, Loss):
        name, config = identifier.name, identifier.get_config()
    else:
        name, config = LOSSES.split_identifier(identifier)
    config.update(overrides)
    try:
        return LOSSES[name](**config)
    except TypeError as exc:
        known = ", ".join(p.name for p in LOSSES.entry(name).params) or "no settings"
        raise ValueError(f"loss {name!r}: unexpected settings {config!r}; "
                         f"it accepts {known}") from exc


def accuracy(y_pred: np.ndarray, y_true: np.ndarray, loss: Any) -> float | None:
    """Fraction of correct predictions for a classification loss, None for a regression loss.

    Sparse cross-entropy compares ``argmax(y_pred)`` with the label, categorical cross-entropy
    with ``argmax(y_true)``; binary cross-entropy thresholds the probability at 0.5 (the logit at
    0 when ``from_logits``).
    """
    loss = get(loss)
    if loss.metric != "accuracy":
        return None
    if isinstance(loss, SparseCategoricalCrossentropy):
        if type(y_true) is np.ndarray and y_true.dtype == np.int64 and y_pred.ndim == 2 \
                and y_true.shape == y_pred.shape[:1] and len(y_true) \
                and y_pred.dtype in _FLOATS and y_pred.flags.c_contiguous \
                and y_true.flags.c_contiguous:
            count = reductions.argmax_hits(y_pred, y_true)   # one kernel call (every step)
            if count >= 0:
                return count / len(y_true)
        hits = np.argmax(y_pred, axis=-1).reshape(-1) == _labels(y_true, y_pred)
    elif isinstance(loss, CategoricalCrossentropy):
        hits = np.argmax(y_pred, axis=-1) == np.argmax(np.asarray(y_true), axis=-1)
    else:
        threshold = 0.0 if loss.from_logits else 0.5
        y = np.asarray(y_true).reshape(y_pred.shape)
        hits = (y_pred > threshold) == (y > 0.5)
    return int(np.count_nonzero(hits)) / hits.size if hits.size else 0.0   # np.mean: ~5 us more
