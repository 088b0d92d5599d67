"""Weight penalties, weight constraints and gradient clipping.

Three ways to keep weights and gradients in check, as in Keras:

* **Regularizers** (``REGULARIZERS``) add a penalty to the loss and its gradient to the
  kernel's gradient: L1, L2 and L1L2. They apply to kernels, not biases.
* **Constraints** (``CONSTRAINTS``) act after each optimizer step, in place: ``max_norm``
  rescales each unit's incoming weight vector so its L2 norm is at most ``max_value``;
  ``non_neg`` zeroes negative weights; ``unit_norm`` makes every vector unit length.
* **Gradient clipping** (``clip_by_value``, ``clip_by_norm``, ``clip_by_global_norm``) acts on
  the list of gradients before the optimizer step (Keras's ``clipvalue``, ``clipnorm`` and
  ``global_clipnorm``).

Conventions (Keras's, not the textbook's):

    L1 penalty = l1 * sum(|w|)            gradient  l1 * sign(w)
    L2 penalty = l2 * sum(w^2)            gradient  2 * l2 * w

Textbooks often write the L2 penalty as ``(lambda / 2) * ||w||^2`` so that its gradient is
``lambda * w`` ("weight decay" ``lambda``). The two agree when ``lambda = 2 * l2``: Keras's
``L2(0.01)`` is the textbook's ``lambda = 0.02``.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from dlstudio.engine.numbers import check_number
from dlstudio.engine.registry import Param, Registry

__all__ = [
    "REGULARIZERS", "CONSTRAINTS", "Regularizer", "L1", "L2", "L1L2", "get",
    "Constraint", "MaxNorm", "NonNeg", "UnitNorm", "constraints_get",
    "clip_by_value", "clip_by_norm", "clip_by_global_norm", "global_norm",
]

#: Keras's backend epsilon, used by the norm constraints to avoid dividing by zero.
EPSILON = 1e-7

REGULARIZERS: Registry[type] = Registry("regularizer")
CONSTRAINTS: Registry[type] = Registry("constraint")


def _strength(owner: str, name: str, value: Any) -> float:
    value = check_number(owner, name, value)
    if value < 0:
        raise ValueError(f"{owner}: {name} must be zero or positive, got {value!r}; "
                         f"a negative penalty would reward large weights")
    return float(value)


# -- regularizers ---------------------------------------------------------------------------
class Regularizer:
    """A penalty ``loss(W)`` added to the training loss, with its gradient ``grad(W)``."""

    name = "regularizer"

    def loss(self, W: np.ndarray) -> float:
        """The penalty for the weights ``W`` (any shape), as a Python float."""
        raise NotImplementedError

    def grad(self, W: np.ndarray) -> np.ndarray:
        """d(penalty)/dW, an array shaped and typed like ``W``."""
        raise NotImplementedError

    def add_grad(self, W: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Add ``grad(W)`` to ``out`` in place (``out`` is the kernel's gradient) and return it."""
        out += self.grad(W)
        return out

    __call__ = loss

    def get_config(self) -> dict[str, float]:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """Keras form: ``{"class_name": "L2", "config": {"l2": 0.01}}``."""
        return {"class_name": type(self).__name__, "config": self.get_config()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.get_config() == self.get_config()

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self.get_config().items())))


@REGULARIZERS.register(
    "l1", "L1 (lasso)", aliases=("L1",),
    help="Adds l1 * sum(|w|) to the loss. Pushes many weights to exactly zero: a sparse model.",
    params=(Param("l1", "float", 0.01, 0.0, 1.0, log=True, help="penalty strength"),))
class L1(Regularizer):
    """L1 penalty ``l1 * sum(|W|)``; gradient ``l1 * sign(W)`` (0 at W = 0)."""

    name = "l1"

    def __init__(self, l1: float = 0.01):
        self.l1 = _strength("L1", "l1", l1)

    def loss(self, W: np.ndarray) -> float:
        return self.l1 * float(np.abs(W).sum(dtype=np.float64))

    def grad(self, W: np.ndarray) -> np.ndarray:
        return (np.sign(W) * self.l1).astype(W.dtype, copy=False)

    def get_config(self) -> dict[str, float]:
        return {"l1": self.l1}


@REGULARIZERS.register(
    "l2", "L2 (weight decay)", aliases=("L2",),
    help="Adds l2 * sum(w^2) to the loss (Keras convention; the textbook's lambda/2 * ||w||^2 "
         "with lambda = 2 * l2). Keeps weights small without making them exactly zero.",
    params=(Param("l2", "float", 0.01, 0.0, 1.0, log=True, help="penalty strength"),))
class L2(Regularizer):
    """L2 penalty ``l2 * sum(W**2)``; gradient ``2 * l2 * W``."""

    name = "l2"

    def __init__(self, l2: float = 0.01):
        self.l2 = _strength("L2", "l2", l2)

    def loss(self, W: np.ndarray) -> float:
        flat = W.reshape(-1)
        return self.l2 * float(np.dot(flat, flat))

    def grad(self, W: np.ndarray) -> np.ndarray:
        return W * W.dtype.type(2.0 * self.l2)

    def add_grad(self, W: np.ndarray, out: np.ndarray) -> np.ndarray:
        if self.l2:
            out += W * W.dtype.type(2.0 * self.l2)
        return out

    def get_config(self) -> dict[str, float]:
        return {"l2": self.l2}


@REGULARIZERS.register(
    "l1_l2", "L1 + L2 (elastic net)", aliases=("L1L2", "l1l2"),
    help="Adds l1 * sum(|w|) + l2 * sum(w^2) to the loss.",
    params=(Param("l1", "float", 0.0, 0.0, 1.0, log=True, help="L1 strength"),
            Param("l2", "float", 0.0, 0.0, 1.0, log=True, help="L2 strength")))
class L1L2(Regularizer):
    """``l1 * sum(|W|) + l2 * sum(W**2)``; gradient ``l1 * sign(W) + 2 * l2 * W``."""

    name = "l1_l2"

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1 = _strength("L1L2", "l1", l1)
        self.l2 = _strength("L1L2", "l2", l2)

    def loss(self, W: np.ndarray) -> float:
        return L1(self.l1).loss(W) + L2(self.l2).loss(W)

    def grad(self, W: np.ndarray) -> np.ndarray:
        return L1(self.l1).grad(W) + L2(self.l2).grad(W)

    def get_config(self) -> dict[str, float]:
        return {"l1": self.l1, "l2": self.l2}


def get(identifier: Any) -> Regularizer | None:
    """A regularizer from a name, a Keras dict, a config dict, an instance, or None.

    Accepted: ``None`` (no penalty), ``"l2"``, ``{"class_name": "L2", "config": {"l2": 0.01}}``,
    ``{"name": "l2", "l2": 0.01}``, or a bare config ``{"l2": 0.01}`` / ``{"l1": ...}`` /
    ``{"l1": ..., "l2": ...}`` (the keys say which penalty is meant).
    """
    if identifier is None or isinstance(identifier, Regularizer):
        return identifier
    if isinstance(identifier, dict) and "class_name" not in identifier and "name" not in identifier:
        keys = set(identifier)
        if not keys or not keys <= {"l1", "l2"}:
            raise ValueError(f"cannot read {identifier!r} as a regularizer: give "
                             f"{{'l2': 0.01}}, {{'l1': 0.01}} or a name such as 'l2'")
        cls = {frozenset({"l1"}): L1, frozenset({"l2"}): L2}.get(frozenset(keys), L1L2)
        return cls(**identifier)
    name, config = REGULARIZERS.split_identifier(identifier)
    try:
        return REGULARIZERS[name](**config)
    except TypeError as exc:
        known = ", ".join(p.name for p in REGULARIZERS.entry(name).params)
        raise ValueError(f"regularizer {name!r}: unexpected settings {config!r}; "
                         f"it accepts {known}") from exc


# -- constraints ----------------------------------------------------------------------------
def _axes(owner: str, axis: Any) -> int | tuple[int, ...]:
    if isinstance(axis, (list, tuple)):
        if not axis or not all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            raise ValueError(f"{owner}: axis must be a whole number or a list of them, "
                             f"got {axis!r}")
        return tuple(axis)
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(f"{owner}: axis must be a whole number or a list of them, got {axis!r}")
    return axis


class Constraint:
    """A projection applied to a weight array in place after each optimizer step."""

    name = "constraint"

    def apply(self, W: np.ndarray) -> np.ndarray:
        """Project ``W`` in place and return it."""
        raise NotImplementedError

    __call__ = apply

    def get_config(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        return {"class_name": type(self).__name__, "config": self.get_config()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.get_config() == self.get_config()

    def __hash__(self) -> int:
        return hash(type(self).__name__)


@CONSTRAINTS.register(
    "max_norm", "Max-norm", aliases=("MaxNorm", "maxnorm"),
    help="After every step, shrink each unit's incoming weight vector so its length is at most "
         "max_value (typical 1 to 4). No loss term; works even with large learning rates.",
    params=(Param("max_value", "float", 2.0, 1e-3, 100.0, log=True,
                  help="largest allowed L2 norm"),
            Param("axis", "ints", 0, help="axes the norm runs over: 0 for a Dense kernel "
                  "(in, out); [0, 1, 2] for a Conv2D kernel (kh, kw, in, out)")))
class MaxNorm(Constraint):
    """Keras's MaxNorm: ``W *= clip(n, 0, max_value) / (eps + n)``, ``n = ||W||_2`` over ``axis``.

    The norm is taken over ``axis`` with the other axes kept, so for a Dense kernel of shape
    (in, out) ``axis=0`` gives one norm per output unit (its incoming weights). For a Conv2D
    kernel (kh, kw, in, out) use ``axis=[0, 1, 2]`` for one norm per filter; Keras's default
    ``axis=0`` would constrain each kernel column separately.
    """

    name = "max_norm"

    def __init__(self, max_value: float = 2.0, axis: int | Sequence[int] = 0):
        self.max_value = check_number("MaxNorm", "max_value", max_value, positive=True)
        self.axis = _axes("MaxNorm", axis)

    def apply(self, W: np.ndarray) -> np.ndarray:
        norms = np.sqrt(np.sum(np.square(W), axis=self.axis, keepdims=True))
        W *= (np.minimum(norms, self.max_value) / (EPSILON + norms)).astype(W.dtype, copy=False)
        return W

    def get_config(self) -> dict[str, Any]:
        return {"max_value": self.max_value,
                "axis": list(self.axis) if isinstance(self.axis, tuple) else self.axis}


@CONSTRAINTS.register("non_neg", "Non-negative", aliases=("NonNeg", "nonneg"),
                      help="After every step, set negative weights to zero.")
class NonNeg(Constraint):
    """``W *= (W >= 0)``."""

    name = "non_neg"

    def apply(self, W: np.ndarray) -> np.ndarray:
        np.maximum(W, 0, out=W)
        return W


@CONSTRAINTS.register(
    "unit_norm", "Unit norm", aliases=("UnitNorm", "unitnorm"),
    help="After every step, rescale each unit's incoming weight vector to length 1.",
    params=(Param("axis", "ints", 0, help="axes the norm runs over (as for max-norm)"),))
class UnitNorm(Constraint):
    """Keras's UnitNorm: ``W /= eps + ||W||_2`` over ``axis``."""

    name = "unit_norm"

    def __init__(self, axis: int | Sequence[int] = 0):
        self.axis = _axes("UnitNorm", axis)

    def apply(self, W: np.ndarray) -> np.ndarray:
        norms = np.sqrt(np.sum(np.square(W), axis=self.axis, keepdims=True))
        W /= (EPSILON + norms).astype(W.dtype, copy=False)
        return W

    def get_config(self) -> dict[str, Any]:
        return {"axis": list(self.axis) if isinstance(self.axis, tuple) else self.axis}


def constraints_get(identifier: Any) -> Constraint | None:
    """A constraint from a name (``"max_norm"``), a Keras dict, an instance, or None."""
    if identifier is None or isinstance(identifier, Constraint):
        return identifier
    name, config = CONSTRAINTS.split_identifier(identifier)
    try:
        return CONSTRAINTS[name](**config)
    except TypeError as exc:
        known = ", ".join(p.name for p in CONSTRAINTS.entry(name).params) or "no settings"
        raise ValueError(f"constraint {name!r}: unexpected settings {config!r}; "
                         f"it accepts {known}") from exc


# -- gradient clipping ----------------------------------------------------------------------
def clip_by_value(grads: list[np.ndarray], clip_value: float) -> list[np.ndarray]:
    """Clip every gradient element to ``[-clip_value, clip_value]`` IN PLACE (Keras ``clipvalue``).

    Returns the same list. Clipping by value can change the gradient's direction.
    """
    if not clip_value > 0:
        raise ValueError(f"clip_by_value: clip_value must be positive, got {clip_value!r}")
    for g in grads:
        np.clip(g, -clip_value, clip_value, out=g)
    return grads


def global_norm(grads: Sequence[np.ndarray]) -> float:
    """``sqrt(sum over all arrays of sum(g**2))``; per-array sums by BLAS, total in float64."""
    total = 0.0
    for g in grads:
        flat = g.reshape(-1)
        total += float(np.dot(flat, flat))
    return float(np.sqrt(total))


def clip_by_norm(grads: list[np.ndarray], clip_norm: float) -> list[np.ndarray]:
    """Rescale each gradient separately so its L2 norm is at most ``clip_norm``, IN PLACE
    (Keras ``clipnorm``). Returns the same list."""
    if not clip_norm > 0:
        raise ValueError(f"clip_by_norm: clip_norm must be positive, got {clip_norm!r}")
    for g in grads:
        norm = global_norm([g])
        if np.isfinite(norm) and norm > clip_norm:
            g *= g.dtype.type(clip_norm / norm)
    return grads


def clip_by_global_norm(grads: list[np.ndarray],
                        clip_norm: float) -> tuple[list[np.ndarray], float]:
    """Rescale all gradients together so their global norm is at most ``clip_norm``, IN PLACE.

    Keras ``global_clipnorm`` (TensorFlow's ``clip_by_global_norm``): every gradient is
    multiplied by ``clip_norm / max(global_norm, clip_norm)``, which keeps the direction of the
    whole update. Returns ``(grads, global_norm)`` where ``global_norm`` is the norm *before*
    clipping. A non-finite norm (an exploding gradient) leaves the gradients untouched so the
    caller can detect and report the divergence.
    """
    if not clip_norm > 0:
        raise ValueError(f"clip_by_global_norm: clip_norm must be positive, got {clip_norm!r}")
    norm = global_norm(grads)
    if np.isfinite(norm) and norm > clip_norm:
        scale = clip_norm / norm
        for g in grads:
            g *= g.dtype.type(scale)
    return grads, norm
