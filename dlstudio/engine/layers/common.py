"""Helpers shared by the layers: argument checks, reusable work buffers, kernel bookkeeping.

Work buffers
------------
Allocating the large per-step temporaries of a convolution (im2col matrices, outputs,
gradients) afresh every step makes the allocator map and unmap memory each time (thousands of
page faults per step, about a third of the throughput at batch 128). ``Buffers`` keeps one
array per (purpose, shape, dtype) and hands the same array back on the next step. A layer
holds a few shapes at most (the training batch, the last short batch of an epoch, a probe
batch); the oldest is dropped beyond that.

Consequence for callers: an array returned by ``forward`` or ``backward`` of a layer that uses
buffers stays valid only until that layer's next ``forward``/``backward`` with the same batch
size. Copy it to keep it (``Network.predict`` does).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np

from dlstudio.engine import activations, initializers, regularizers
from dlstudio.engine.kernels import bias_act as kba
from dlstudio.engine.layers.base import Layer
from dlstudio.engine.numbers import check_whole, problem_of, refusal, shown
from dlstudio.messages import Message, counted


#: Outputs with at least this many values use the fused Numba bias/activation kernels;
#: smaller ones (most Dense layers) stay in NumPy, where a call costs less.
FUSED_MIN_SIZE = 16384
#: Row chunks of the fused column sums (fixed, so results do not depend on the thread count).
SUM_CHUNKS = 8


class Buffers:
    """Reusable uninitialized arrays keyed by (purpose, shape, dtype)."""

    def __init__(self, max_entries: int = 24):
        self._arrays: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.max_entries = max_entries

    def get(self, tag: str, shape: tuple[int, ...], dtype) -> np.ndarray:
        key = (tag, tuple(shape), np.dtype(dtype).str)
        arr = self._arrays.get(key)
        if arr is None:
            arr = np.empty(shape, dtype=dtype)
            self._arrays[key] = arr
            while len(self._arrays) > self.max_entries:
                self._arrays.popitem(last=False)
        else:
            self._arrays.move_to_end(key)
        return arr

    def clear(self) -> None:
        self._arrays.clear()


# -- argument checks -----------------------------------------------------------------------
def check_int(owner: str, name: str, value: Any, low: int = 1) -> int:
    """A whole number from ``low`` up to ``numbers.MAX_WHOLE``."""
    return check_whole(owner, name, value, low)


def check_pair(owner: str, name: str, value: Any) -> tuple[int, int]:
    """An int or a pair of ints (height, width), each at least 1."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise refusal(owner, "setting.pair", name=name, value=shown(list(value)))
        return check_int(owner, name, value[0]), check_int(owner, name, value[1])
    v = check_int(owner, name, value)
    return v, v


def pair_config(pair: tuple[int, int]) -> int | list[int]:
    """Config form of a pair: one number when square, else [height, width]."""
    return pair[0] if pair[0] == pair[1] else [pair[0], pair[1]]


def check_padding(owner: str, value: Any) -> str:
    if not isinstance(value, str) or value.lower() not in ("valid", "same"):
        raise refusal(owner, "setting.padding", value=shown(value))
    return value.lower()


def check_bool(owner: str, name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise refusal(owner, "setting.bool", name=name, value=shown(value))
    return bool(value)


def layer_error(owner: str, message_id: str, **values: Any) -> ValueError:
    """A ``ValueError`` "Conv2D: <text>" whose text is the message ``message_id`` (catalogue
    ``messages/catalogue/engine.toml``), so the network check can show it translated."""
    return refusal(owner, message_id, **values)


def check_image_shape(owner: str, input_shape: tuple[int, ...]) -> tuple[int, int, int]:
    if len(input_shape) != 3:
        raise layer_error(owner, "spec.needs_images", shape=shape_text(input_shape))
    return int(input_shape[0]), int(input_shape[1]), int(input_shape[2])


def shape_text(shape: tuple[int, ...]) -> Message:
    """ "a flat vector of 784 values" or "shape (28, 28, 1)"."""
    shape = tuple(shape)
    if len(shape) == 1:
        return counted("shape.flat", shape[0])     # "of 1 value" (walker34's regression data)
    return Message("shape.dims", dims="(" + ", ".join(str(s) for s in shape) + ")")


# -- layers with a kernel, a bias and an activation (Dense, Conv2D) ----------------------------
class KernelLayer(Layer):
    """Shared bookkeeping of Dense and Conv2D: activation, initializers, regularizer,
    constraint. Subclasses give ``kernel_shape_for(input_shape)``.

    ``compute_input_grad`` may be set to False by a network for its first layer: ``backward``
    then fills ``grads`` but skips the input gradient (returns None), which nobody needs.
    """

    weight_keys = ("W", "b")

    def __init__(self, activation, use_bias, kernel_initializer, bias_initializer,
                 kernel_regularizer, kernel_constraint, name, trainable):
        super().__init__(name=name, trainable=trainable)
        owner = self.type_name
        self.activation = resolve_setting(owner, "activation", activations.get, activation)
        self._activation_id = self.activation.to_identifier()
        self.use_bias = check_bool(owner, "use_bias", use_bias)
        self.kernel_initializer = resolve_setting(owner, "kernel_initializer", initializers.get,
                                           kernel_initializer)
        self.bias_initializer = resolve_setting(owner, "bias_initializer", initializers.get,
                                         bias_initializer)
        self.kernel_regularizer = resolve_setting(owner, "kernel_regularizer", regularizers.get,
                                           kernel_regularizer)
        self.kernel_constraint = resolve_setting(owner, "kernel_constraint",
                                          regularizers.constraints_get, kernel_constraint)
        self._ids = {"kernel_initializer": self.kernel_initializer.to_identifier(),
                     "bias_initializer": self.bias_initializer.to_identifier(),
                     "kernel_regularizer": kernel_regularizer,
                     "kernel_constraint": kernel_constraint}
        self.compute_input_grad = True
        self.kernel_shape: tuple[int, ...] = ()
        self._buf = Buffers()

    def kernel_shape_for(self, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        """The kernel's shape for ``input_shape`` (set by Dense and Conv2D)."""
        raise NotImplementedError

    def weight_shapes(self, input_shape: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
        kernel = tuple(self.kernel_shape_for(tuple(input_shape)))
        self._check_constraint_axes(len(kernel))
        shapes = {"W": kernel}
        if self.use_bias:
            shapes["b"] = (kernel[-1],)
        return shapes

    def _check_constraint_axes(self, rank: int) -> None:
        axis = getattr(self.kernel_constraint, "axis", None)
        if axis is None:
            return
        axes = axis if isinstance(axis, tuple) else (axis,)
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError(
                    f"{self.type_name}: the kernel_constraint's axis {shown(a)} does not "
                    f"exist: the kernel has {rank} axes (0 to {rank - 1}); use 0 for a Dense "
                    f"kernel or [0, 1, 2] for a Conv2D kernel")
        if len({a % rank for a in axes}) < len(axes):
            raise ValueError(f"{self.type_name}: the kernel_constraint names an axis twice "
                             f"({', '.join(str(a) for a in axes)}; -1 and {rank - 1} are the "
                             f"same axis here): list each axis once")

    def build(self, input_shape, rng, dtype=np.float32) -> None:
        self.kernel_shape = self.weight_shapes(tuple(input_shape))["W"]
        super().build(input_shape, rng, dtype)

    def reset_parameters(self, rng: np.random.Generator) -> None:
        self.params = {"W": self.kernel_initializer(self.kernel_shape, rng, self.dtype)}
        if self.use_bias:
            self.params["b"] = self.bias_initializer((self.kernel_shape[-1],), rng, self.dtype)
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self._buf.clear()

    def common_config(self) -> dict[str, Any]:
        """The activation/bias/initializer/regularizer part of ``get_config``."""
        cfg: dict[str, Any] = {"activation": self._activation_id, "use_bias": self.use_bias,
                               "kernel_initializer": self._ids["kernel_initializer"],
                               "bias_initializer": self._ids["bias_initializer"]}
        for key in ("kernel_regularizer", "kernel_constraint"):
            if self._ids[key] is not None:
                cfg[key] = self._ids[key]
        return cfg

    # -- bias and activation around the matrix product z = x W -----------------------------
    def _bias_activate(self, z: np.ndarray, reuse: bool = True) -> np.ndarray:
        """Add the bias to ``z`` (rows, units) in place and return a = activation(z).

        ``a`` goes into a reused buffer when ``reuse`` (the caller then returns an array that
        the next forward overwrites). Large ReLU outputs take one fused Numba pass.
        """
        act = self.activation
        b = self.params.get("b")
        if act.name == "relu" and b is not None and z.size >= FUSED_MIN_SIZE:
            a = self._buf.get("a", z.shape, z.dtype) if reuse else np.empty_like(z)
            kba.bias_relu_forward(z, b, a)
        else:
            if b is not None:
                z += b
            if act.name == "linear":
                a = z
            else:
                a = act.forward(z, out=self._buf.get("a", z.shape, z.dtype) if reuse else None)
        self._z, self._a = z, a
        return a

    def activate_in_place(self, z: np.ndarray) -> np.ndarray:
        """Inference only: the bias and a large ReLU applied to ``z`` (rows, units) in place
        (one fused pass, no second array); other activations as in ``_bias_activate``."""
        b = self.params.get("b")
        if self.activation.name == "relu" and b is not None and z.size >= FUSED_MIN_SIZE:
            kba.bias_relu_forward(z, b, z)
            return z
        return self._bias_activate(z)

    def _activation_grads(self, grad_a: np.ndarray) -> np.ndarray:
        """dL/dz from dL/da (both (rows, units)); fills ``grads['b']`` when trainable."""
        act = self.activation
        want_db = self.trainable and self.use_bias
        big = grad_a.size >= FUSED_MIN_SIZE
        if big:
            grad_a = np.ascontiguousarray(grad_a)
        if act.name == "relu" and big:
            dz = self._buf.get("gz", grad_a.shape, grad_a.dtype)
            partial = self._buf.get("partial", (SUM_CHUNKS, grad_a.shape[1]), np.float64)
            kba.relu_backward_colsum(grad_a, self._z, dz, partial)
            if want_db:
                self.grad_array("b")[...] = partial.sum(axis=0)
            return dz
        if act.name == "linear":
            dz = grad_a
        else:
            dz = act.backward(self._z, self._a, grad_a,
                              out=self._buf.get("gz", grad_a.shape, grad_a.dtype))
        if want_db:
            if big:
                partial = self._buf.get("partial", (SUM_CHUNKS, dz.shape[1]), np.float64)
                kba.colsum(dz, partial)
                self.grad_array("b")[...] = partial.sum(axis=0)
            else:
                np.sum(dz, axis=0, out=self.grad_array("b"))
        return dz

    def grad_array(self, key: str) -> np.ndarray:
        """The persistent array ``grads[key]`` is written into (created when missing): the
        backward pass and the fused kernel write gradients into the same array each step, so
        the optimizer's ``ParamRef`` stays valid."""
        g = self.grads.get(key)
        if g is None or g.shape != self.params[key].shape:
            g = self.grads[key] = np.zeros_like(self.params[key])
        return g

    # -- regularization and constraints (no-ops when unset) --------------------------------
    def regularization_loss(self) -> float:
        if self.kernel_regularizer is None or "W" not in self.params:
            return 0.0
        return float(self.kernel_regularizer.loss(self.params["W"]))

    def add_regularization_grads(self) -> None:
        if self.kernel_regularizer is not None and "W" in self.grads:
            self.kernel_regularizer.add_grad(self.params["W"], self.grads["W"])

    def apply_constraints(self) -> None:
        if self.kernel_constraint is not None and "W" in self.params:
            self.kernel_constraint.apply(self.params["W"])


def resolve_setting(owner: str, name: str, getter, identifier):
    """``getter(identifier)``, its refusal said as "<owner>: <name>: <problem>" (the problem
    in the window's language when it carries a message)."""
    try:
        return getter(identifier)
    except (KeyError, ValueError, TypeError) as exc:
        raise refusal(owner, "setting.nested", name=name, text=problem_of(exc)) from None
