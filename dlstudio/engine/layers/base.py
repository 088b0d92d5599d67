"""The contract every layer follows.

A layer's life (as in Keras and PyTorch):

1. ``__init__(**config)`` validates the hyperparameters and raises ``ValueError`` with a message
   for a student ("Conv2D: kernel_size must be a positive whole number, got 0").
2. ``output_shape(input_shape)`` infers the output shape without building anything (shapes
   exclude the batch axis, NHWC for images) and raises ``ValueError`` with the fix in plain words
   when the input does not fit ("a 3x3 kernel does not fit a 2x2 input; use padding='same' or
   remove a pooling layer"). ``weight_shapes(input_shape)`` and ``count_params(input_shape)``
   give the arrays ``build`` would create, also without allocating them (validation of a
   ``Dense(10**9)`` costs nothing).
3. ``build(input_shape, rng, dtype)`` creates the parameters, calling ``reset_parameters``.
4. ``forward(x, training)`` computes the output and keeps what ``backward`` needs.
5. ``backward(grad_out)`` fills ``self.grads`` (same keys and shapes as ``self.params``) and
   returns the gradient with respect to the layer's input.

``params`` holds trainable arrays keyed ``W``, ``b``, ``gamma``, ``beta``; ``state`` holds
non-trainable arrays (``moving_mean``, ``moving_variance``). ``weight_keys`` gives Keras's order
for ``get_weights`` across both dicts. A frozen layer (``trainable=False``) still computes its
input gradient but the optimizer skips it.

After ``forward`` a layer exposes ``last_output`` (and, if it has an activation,
``last_preactivation``) so that telemetry probes can read them without recomputing.

Arrays returned by ``forward``/``backward`` (and ``last_output``/``last_preactivation``) may be
work buffers the layer reuses on its next call with the same batch size (Conv2D, pooling):
copy them to keep them across calls.
"""
from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from dlstudio.engine.numbers import refusal


class Layer:
    """Base class: bookkeeping shared by all layers. Subclasses set ``type_name``."""

    type_name: ClassVar[str] = "Layer"
    #: Keras's order of the arrays in get_weights(), drawn from params then state.
    weight_keys: ClassVar[tuple[str, ...]] = ()
    #: the keys of ``weight_shapes`` that are ``state`` (never trained)
    state_keys: ClassVar[tuple[str, ...]] = ()

    def __init__(self, name: str | None = None, trainable: bool = True):
        if name is not None and not isinstance(name, str):
            raise refusal(self.type_name, "setting.text", name="name", value=repr(name))
        if not isinstance(trainable, bool):
            raise refusal(self.type_name, "setting.bool", name="trainable",
                          value=repr(trainable))
        self.name = name or ""
        self.trainable = trainable
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.state: dict[str, np.ndarray] = {}
        self.input_shape: tuple[int, ...] | None = None
        self.dtype = np.float32
        self.last_output: np.ndarray | None = None
        self.last_preactivation: np.ndarray | None = None

    # -- shapes and building ------------------------------------------------------------
    @classmethod
    def check_input(cls, input_shape: tuple[int, ...]) -> None:
        """Raise ``ValueError`` when no choice of settings lets the layer take an input of
        ``input_shape`` (a Conv2D given flat vectors): the network check names this even
        for a layer whose own settings are bad. ``output_shape`` checks it too."""

    def output_shape(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(input_shape)

    def weight_shapes(self, input_shape: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
        """Shapes of the ``params`` and ``state`` arrays ``build`` would create."""
        return {}

    def window(self) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """``((kh, kw), (sh, sw))``: the window a layer slides over an image and its strides
        (convolution, pooling), which widen the receptive field; None for other layers."""
        return None

    def count_params(self, input_shape: tuple[int, ...]) -> tuple[int, int]:
        """``(n_params, n_trainable)`` for ``input_shape``, without creating any array."""
        shapes = self.weight_shapes(input_shape)
        total = sum(math.prod(s) for s in shapes.values())
        trained = sum(math.prod(s) for k, s in shapes.items() if k not in self.state_keys)
        return total, trained if self.trainable else 0

    def build(self, input_shape: tuple[int, ...], rng: np.random.Generator,
              dtype=np.float32) -> None:
        self.input_shape = tuple(int(d) for d in input_shape)
        self.dtype = np.dtype(dtype).type
        self.reset_parameters(rng)

    def reset_parameters(self, rng: np.random.Generator) -> None:
        """(Re)create parameters from the initializers; no-op for parameter-free layers."""

    # -- computation ----------------------------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def infer(self, x: np.ndarray) -> np.ndarray:
        """The inference output for ``x``, when no backward pass and no probe follows.

        The same values as ``forward(x, training=False)``; layers with a cheaper forward-only
        computation (no max-pooling winners, activation in place) override it. What
        ``backward`` and the probes read (``last_output``...) is left as it was or may be
        stale afterwards: call ``forward`` before them.
        """
        return self.forward(x, training=False)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    # -- parameters -----------------------------------------------------------------------
    @property
    def n_params(self) -> int:
        return sum(int(a.size) for a in self.params.values()) + sum(
            int(a.size) for a in self.state.values())

    @property
    def n_trainable(self) -> int:
        return sum(int(a.size) for a in self.params.values()) if self.trainable else 0

    def weight_items(self) -> list[tuple[str, np.ndarray]]:
        """``(key, live array)`` of every weight in Keras's order (``weight_keys``):
        parameters and state such as batch norm's moving statistics."""
        return [(k, self.params[k] if k in self.params else self.state[k])
                for k in self.weight_keys if k in self.params or k in self.state]

    def get_weights(self) -> list[np.ndarray]:
        return [a.copy() for _, a in self.weight_items()]

    def set_weights(self, weights: list[np.ndarray]) -> None:
        items = self.weight_items()
        if len(weights) != len(items):
            raise ValueError(f"{self.describe()}: expected {len(items)} arrays "
                             f"({', '.join(k for k, _ in items)}), got {len(weights)}")
        for (key, target), value in zip(items, weights):
            value = np.asarray(value)
            if value.shape != target.shape:
                raise ValueError(f"{self.describe()}: {key} should have shape {target.shape}, "
                                 f"got {value.shape}")
            target[...] = value

    # -- regularization (layers with a kernel override these; no-ops otherwise) ------------
    def regularization_loss(self) -> float:
        """Penalty this layer adds to the training loss (e.g. L2 on its kernel)."""
        return 0.0

    def add_regularization_grads(self) -> None:
        """Add the penalty's gradient to ``grads`` (after ``backward``)."""

    def apply_constraints(self) -> None:
        """Project the parameters in place after an optimizer step (e.g. max-norm)."""

    # -- description ----------------------------------------------------------------------
    def get_config(self) -> dict[str, Any]:
        """The layer's spec entry (Keras argument names), without ``type``."""
        cfg: dict[str, Any] = {}
        if self.name:
            cfg["name"] = self.name
        if not self.trainable:
            cfg["trainable"] = False
        return cfg

    @property
    def activation_name(self) -> str | None:
        """Name of the activation this layer applies, if any (for telemetry)."""
        act = getattr(self, "activation", None)
        return getattr(act, "name", None)

    def describe(self) -> str:
        return f"{self.type_name}{' ' + repr(self.name) if self.name else ''}"
