"""Activation functions: forward, hand-written backward, and what telemetry needs to know.

Each activation is a small object built from the ``ACTIVATIONS`` registry by ``get``::

    act = get("relu")                                   # a name
    act = get({"class_name": "elu", "config": {"alpha": 0.5}})   # a Keras-style dict
    a = act.forward(z)                                  # any shape
    grad_z = act.backward(z, a, grad_a)                 # chain rule, same shape as z

``backward`` receives both the input ``z`` and the output ``a`` of the forward pass so that each
derivative can be written in its cheapest form (sigmoid' = a (1 - a), tanh' = 1 - a^2, ...).

Telemetry reads three more things: ``output_range`` (fixed histogram bins), ``kind``
(``"saturating"``: sigmoid, tanh; ``"relu"``: the ReLU family; ``"other"``) and
``saturated_mask(a)``:

* sigmoid: ``a < 0.02`` or ``a > 0.98`` (the slope a(1-a) is below ~0.02 there, |z| > ~3.9);
* tanh: ``|a| > 0.98`` (slope 1 - a^2 below ~0.04, |z| > ~2.3);
  ``saturated_mask(a, margin)`` moves both limits: within ``margin`` of 0 or 1 (sigmoid), of
  -1 or 1 (tanh); the default margin is ``SATURATION_MARGIN`` = 0.02. For these two,
  ``limit_distance(a)`` is each output's distance to the nearer limit and the mask is exactly
  ``limit_distance(a) < margin``, so the saturated share at many margins can be read from one
  array of distances;
* ReLU family: ``a <= 0``, the unit is on its flat (relu) or negative side; a unit for which
  this holds on every example of a batch is "dead";
* linear, softplus, softmax: never (all False).

All passes are chains of in-place NumPy ufuncs with no ``np.where`` (which is many times
slower than arithmetic on float32 arrays with this NumPy). Parallel Numba loops were measured
for sigmoid, ELU and softplus and lost: without Intel SVML Numba calls scalar ``exp``/``expm1``
while NumPy 2 uses SIMD versions (ELU forward on 1.4 M float32 values: NumPy 1.9 ms, Numba on
2 threads 3.9-7.4 ms).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.numbers import check_number
from dlstudio.engine.registry import Configured, Param, Registry

#: distance to a saturating activation's limits within which an output counts as saturated
SATURATION_MARGIN = 0.02
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _exp_limit(dtype) -> float:
    """Largest argument whose exp is finite with room to spare (float32: 80, float64: 700)."""
    return 80.0 if np.dtype(dtype).itemsize <= 4 else 700.0


def _like(z: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    return np.empty_like(z) if out is None else out


#: arrays at least this large take the Numba kernel of a pass where there is one
KERNEL_MIN_SIZE = 16384


def _big_alike(*arrays: np.ndarray) -> bool:
    """Large C-contiguous float32/float64 arrays of one shape and dtype."""
    first = arrays[0]
    return (isinstance(first, np.ndarray) and first.size >= KERNEL_MIN_SIZE
            and first.dtype in (np.float32, np.float64)
            and all(isinstance(x, np.ndarray) and x.shape == first.shape
                    and x.dtype == first.dtype and x.flags.c_contiguous for x in arrays))


class Activation(Configured):
    """Base class. Subclasses set ``name``, ``kind``, ``output_range`` and the two passes.

    ``forward(z, out=None)`` and ``backward(z, a, grad_a, out=None)`` accept an optional
    preallocated ``out`` array (same shape and dtype as ``z``) so layers can reuse buffers;
    ``out`` must not alias ``z``, ``a`` or ``grad_a``.
    """

    name = "activation"
    family = "activation"
    kind = "other"
    output_range: tuple[float, float] = (-6.0, 6.0)

    def __init__(self, **config: Any):
        if config:
            raise ValueError(f"activation {self.name!r} takes no settings, got "
                             f"{', '.join(sorted(config))}")

    @property
    def config(self) -> dict[str, Any]:
        return {}

    def to_identifier(self) -> str | dict:
        """The form to store in a layer config: the bare name unless a setting differs."""
        defaults = ACTIVATIONS.entry(self.name).defaults()
        if all(defaults.get(k) == v for k, v in self.config.items()):
            return self.name
        return {"class_name": self.name, "config": dict(self.config)}

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        raise NotImplementedError

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray,
                 out: np.ndarray | None = None) -> np.ndarray:
        """Return dL/dz given dL/da (all shapes equal to z)."""
        raise NotImplementedError

    def saturated_mask(self, a: np.ndarray, margin: float | None = None) -> np.ndarray:
        """Outputs on a flat part of the function (see the module docstring); ``margin``
        applies to sigmoid and tanh only."""
        return np.zeros(np.shape(a), dtype=bool)

    def limit_distance(self, a: np.ndarray) -> np.ndarray | None:
        """Each output's distance to the nearer limit of a saturating activation (same shape
        and dtype as ``a``), or None for activations that do not saturate."""
        return None


class Linear(Activation):
    name, kind, output_range = "linear", "other", (-6.0, 6.0)

    def forward(self, z, out=None):
        out = _like(z, out)
        out[...] = z
        return out

    def backward(self, z, a, grad_a, out=None):
        out = _like(grad_a, out)
        out[...] = grad_a
        return out


class Sigmoid(Activation):
    name, kind, output_range = "sigmoid", "saturating", (0.0, 1.0)

    def forward(self, z, out=None):
        # a = 1 / (1 + exp(-z)); -z is capped so exp never overflows (a is then ~0 anyway)
        out = np.negative(z, out=out)
        np.minimum(out, _exp_limit(out.dtype), out=out)
        np.exp(out, out=out)
        out += 1
        return np.reciprocal(out, out=out)

    def backward(self, z, a, grad_a, out=None):
        # d sigmoid / dz = a (1 - a)
        out = np.subtract(1, a, out=out)
        out *= a
        out *= grad_a
        return out

    def limit_distance(self, a):
        # 1 - a is exact in floating point for a >= 0.5, where it is the smaller distance
        return np.minimum(a, 1 - a)

    def saturated_mask(self, a, margin=None):
        m = SATURATION_MARGIN if margin is None else float(margin)
        return self.limit_distance(a) < m


class Tanh(Activation):
    name, kind, output_range = "tanh", "saturating", (-1.0, 1.0)

    def forward(self, z, out=None):
        return np.tanh(z, out=out)

    def backward(self, z, a, grad_a, out=None):
        # d tanh / dz = 1 - a^2
        out = np.multiply(a, a, out=out)
        np.subtract(1, out, out=out)
        out *= grad_a
        return out

    def limit_distance(self, a):
        return 1 - np.abs(a)

    def saturated_mask(self, a, margin=None):
        m = SATURATION_MARGIN if margin is None else float(margin)
        return self.limit_distance(a) < m


class ReLU(Activation):
    name, kind, output_range = "relu", "relu", (0.0, 6.0)

    def forward(self, z, out=None):
        return np.maximum(z, 0, out=out)

    def backward(self, z, a, grad_a, out=None):
        # d relu / dz = 1 where z > 0 else 0 (0 at z == 0, as in Keras and PyTorch)
        out = _like(grad_a, out)
        if _big_alike(z, grad_a, out):
            # the same products in one pass without the mask's array (the telemetry signal
            # of a convolution: 1.4 million values on MNIST)
            from dlstudio.engine.kernels.bias_act import relu_backward

            relu_backward(grad_a.reshape(-1), z.reshape(-1), out.reshape(-1))
            return out
        return np.multiply(grad_a, z > 0, out=out, dtype=out.dtype)

    def saturated_mask(self, a, margin=None):
        return a <= 0


class LeakyReLU(Activation):
    name, kind, output_range = "leaky_relu", "relu", (-1.0, 6.0)

    def __init__(self, alpha: float = 0.01):
        _check_number("leaky_relu", "alpha", alpha, 0.0, 1.0)
        self.alpha = float(alpha)

    @property
    def config(self):
        return {"alpha": self.alpha}

    def forward(self, z, out=None):
        # a = max(z, 0) + alpha * min(z, 0)
        out = np.minimum(z, 0, out=out)
        out *= self.alpha
        out += np.maximum(z, 0)
        return out

    def backward(self, z, a, grad_a, out=None):
        # slope = 1 for z > 0, alpha otherwise = alpha + (1 - alpha) [z > 0]
        out = _like(grad_a, out)
        np.multiply(z > 0, 1.0 - self.alpha, out=out, dtype=out.dtype)
        out += self.alpha
        out *= grad_a
        return out

    def saturated_mask(self, a, margin=None):
        return a <= 0


class ELU(Activation):
    name, kind = "elu", "relu"
    #: the factor multiplying the whole output (1 for ELU, lambda for SELU)
    scale = 1.0

    def __init__(self, alpha: float = 1.0):
        _check_number("elu", "alpha", alpha, 0.0, 10.0)
        self.alpha = float(alpha)

    @property
    def config(self):
        return {"alpha": self.alpha}

    @property
    def output_range(self):
        return (-self.scale * self.alpha, 6.0)

    def forward(self, z, out=None):
        # a = scale * (max(z, 0) + alpha * (exp(min(z, 0)) - 1))
        out = np.minimum(z, 0, out=out)
        np.expm1(out, out=out)
        out *= self.alpha
        out += np.maximum(z, 0)
        if self.scale != 1.0:
            out *= self.scale
        return out

    def backward(self, z, a, grad_a, out=None):
        # z > 0: scale; z <= 0: scale * alpha * exp(z) = a + scale * alpha.
        # Since a <= 0 exactly where z <= 0: slope = min(a, 0) + s*alpha + [z > 0] s (1 - alpha)
        s, alpha = self.scale, self.alpha
        out = _like(grad_a, out)
        np.multiply(z > 0, s * (1.0 - alpha), out=out, dtype=out.dtype)
        out += np.minimum(a, 0)
        out += s * alpha
        out *= grad_a
        return out

    def saturated_mask(self, a, margin=None):
        return a <= 0


class SELU(ELU):
    """Scaled ELU with the fixed constants of Klambauer et al. (2017)."""

    name = "selu"
    scale = SELU_SCALE

    def __init__(self):
        self.alpha = SELU_ALPHA

    @property
    def config(self):
        return {}


class Softplus(Activation):
    name, kind, output_range = "softplus", "other", (0.0, 6.0)

    def forward(self, z, out=None):
        # a = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|))   (stable for any z)
        out = np.abs(z, out=out)
        np.negative(out, out=out)
        np.exp(out, out=out)
        np.log1p(out, out=out)
        out += np.maximum(z, 0)
        return out

    def backward(self, z, a, grad_a, out=None):
        # d softplus / dz = sigmoid(z)
        out = Sigmoid().forward(z, out=out)
        out *= grad_a
        return out


class Softmax(Activation):
    """Softmax over the last axis: a_i = exp(z_i - max z) / sum_j exp(z_j - max z)."""

    name, kind, output_range = "softmax", "other", (0.0, 1.0)

    def forward(self, z, out=None):
        out = np.subtract(z, z.max(axis=-1, keepdims=True), out=out)
        np.exp(out, out=out)
        out /= out.sum(axis=-1, keepdims=True)
        return out

    def backward(self, z, a, grad_a, out=None):
        # Jacobian-vector product: dL/dz_i = a_i (g_i - sum_j g_j a_j)
        dot = np.sum(grad_a * a, axis=-1, keepdims=True)
        out = np.subtract(grad_a, dot, out=out)
        out *= a
        return out


def _check_number(act: str, name: str, value: Any, low: float, high: float) -> None:
    check_number(f"activation {act!r}", name, value, low, high)


ACTIVATIONS: Registry[type[Activation]] = Registry("activation")
ACTIVATIONS.add("linear", Linear, display="Linear (none)", aliases=("none", "identity"),
                help="Passes values through unchanged. Used on the output of a regression "
                     "network; stacking linear layers without a non-linearity is still linear.")
ACTIVATIONS.add("sigmoid", Sigmoid, display="Sigmoid",
                help="Squashes to (0, 1). Good for a yes/no output. In hidden layers it "
                     "saturates: its slope is at most 0.25, so gradients shrink layer by layer "
                     "(vanishing gradients).")
ACTIVATIONS.add("tanh", Tanh, display="Tanh",
                help="Squashes to (-1, 1), centred on zero, so it trains better than sigmoid "
                     "in hidden layers, but it still saturates for large inputs.")
ACTIVATIONS.add("relu", ReLU, display="ReLU",
                help="max(0, z): cheap and does not saturate for positive inputs, the default "
                     "for hidden layers. A unit whose input is always negative outputs 0 and "
                     "stops learning (a 'dead' ReLU).")
ACTIVATIONS.add("leaky_relu", LeakyReLU, display="Leaky ReLU",
                params=(Param("alpha", "float", 0.01, 0.0, 1.0,
                              help="Slope for negative inputs. 0 gives plain ReLU; a small "
                                   "slope keeps units from dying. (Keras's LeakyReLU layer "
                                   "defaults to 0.3; dlstudio uses 0.01.)"),),
                help="Like ReLU but with a small slope for negative inputs, so units never "
                     "die completely.")
ACTIVATIONS.add("elu", ELU, display="ELU",
                params=(Param("alpha", "float", 1.0, 0.0, 10.0,
                              help="Value the output approaches for very negative inputs "
                                   "(-alpha)."),),
                help="Exponential Linear Unit: z for z > 0, alpha (eᶻ − 1) below. Smooth, "
                     "with negative outputs that keep mean activations near zero; pair with "
                     "He initialization.")
ACTIVATIONS.add("selu", SELU, display="SELU",
                help="Scaled ELU: with LeCun-normal initialization and plain dense layers the "
                     "activations keep mean 0 and variance 1 on their own (self-normalizing).")
ACTIVATIONS.add("softplus", Softplus, display="Softplus",
                help="log(1 + eᶻ): a smooth version of ReLU whose slope is sigmoid(z).")
ACTIVATIONS.add("softmax", Softmax, display="Softmax",
                help="Turns a vector of scores into probabilities that sum to 1; use on the "
                     "last layer of a classifier with sparse categorical cross-entropy.")


def get(identifier: Any) -> Activation:
    """Build an activation from a name, a Keras-style dict, an instance, or None (linear).

    Raises ``ValueError`` (``KeyError`` for unknown names) with a message for a user.
    """
    if isinstance(identifier, Activation):
        return identifier
    if identifier is None:
        return Linear()
    return ACTIVATIONS.build(identifier)
