"""Finite-difference gradient checks (float64).

``numeric_gradient(f, x)`` estimates the gradient of a scalar function by central differences,
``relative_error(a, b)`` compares two gradients (``smallest_checkable`` says below which size
a gradient cannot be compared at all), and ``check_layer`` checks a layer's
hand-written backward pass, both the input gradient and every parameter gradient, through a
random projection loss ``L(x) = sum(P * layer.forward(x))`` with a fixed random ``P``: then
``dL/dy = P`` and every entry of the output contributes with a different weight.
``check_network`` compares a whole network's backpropagated weight gradients with central
differences of its training loss, for a sample of entries per parameter array (what
``dlstudio gradcheck`` and the window's "Check this gradient" show).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np


def numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                     eps: float = 1e-6) -> np.ndarray:
    """Central differences ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for every entry.

    ``x`` (any shape, float64) is perturbed in place and restored; ``f`` must read it afresh
    on every call. Returns an array shaped like ``x``.
    """
    return numeric_gradient_at(f, x, np.arange(x.size), eps).reshape(x.shape)


def numeric_gradient_at(f: Callable[[np.ndarray], float], x: np.ndarray,
                        indices: np.ndarray, eps: float = 1e-6, *,
                        signature: Callable[[], Any] | None = None,
                        crossed: np.ndarray | None = None) -> np.ndarray:
    """Central differences for the entries of ``x`` at the flat ``indices`` only.

    Returns a float64 array of shape ``(len(indices),)``; ``x`` is restored afterwards.
    With ``signature`` (called right after each ``f``) and a bool array ``crossed`` of the
    same length, ``crossed[k]`` is set when the signatures at ``x - eps`` and ``x + eps``
    differ: the two evaluations lie on different sides of a kink (a ReLU unit switching on
    or off, a max-pooling window changing its winner), where a finite difference does not
    estimate the derivative.
    """
    flat = x.reshape(-1)          # a view when x is contiguous; checked below
    if not np.shares_memory(flat, x):
        raise ValueError("numeric_gradient needs a contiguous array to perturb in place")
    grad = np.zeros(len(indices), dtype=np.float64)
    for k, i in enumerate(indices):
        old = flat[i]
        flat[i] = old + eps
        f_plus = float(f(x))
        sig_plus = signature() if signature is not None else None
        flat[i] = old - eps
        f_minus = float(f(x))
        if signature is not None and crossed is not None:
            crossed[k] = signature() != sig_plus
        flat[i] = old
        grad[k] = (f_plus - f_minus) / (2 * eps)
    return grad


#: largest relative error between backprop and central differences (float64, eps = 1e-6)
#: that counts as agreement; ``dlstudio gradcheck`` and the step debugger both use it
TOLERANCE = 1e-5


def rounding_noise(loss: float, eps: float = 1e-6) -> float:
    """Rounding noise of a central difference of a float64 loss near ``loss``:
    ``u * max(1, |loss|) / eps`` with ``u`` the unit roundoff (about 5e-10 for a loss of 2.3
    and eps = 1e-6). A finite difference cannot tell gradients below this from zero."""
    return float(np.finfo(np.float64).eps) * max(1.0, abs(float(loss))) / eps


def smallest_checkable(noise: float, tol: float = TOLERANCE) -> float:
    """The smallest gradient whose finite difference can be compared with backprop to the
    relative error ``tol``: ``noise / tol``. Below it the rounding of the loss alone makes
    relative errors up to 1 (the one rule for the command line and the step debugger)."""
    return float(noise) / float(tol)


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 0.0) -> float:
    """``||a - b|| / max(||a||, ||b||)`` over all entries (0 when both are zero).

    ``floor`` (e.g. ``smallest_checkable(noise)``) is the lower limit of a meaningful
    comparison: when both norms are below it the result is NaN (not measurable), never a
    large error made of rounding noise.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes {a.shape} and {b.shape}")
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    if floor > 0.0 and scale < floor:
        return float("nan")
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)


def check_layer(layer, input_shape: tuple[int, ...], rng: np.random.Generator, *,
                batch: int = 3, training: bool = True, x: np.ndarray | None = None,
                eps: float = 1e-6) -> dict[str, float]:
    """Relative errors between analytic and numeric gradients of one layer.

    Parameters
    ----------
    layer : Layer
        Built in float64 (it is built here when not built yet).
    input_shape : tuple
        Shape of one example (no batch axis).
    rng : numpy.random.Generator
        Source of the input (unless ``x`` is given) and of the projection ``P``.
    training : bool
        Mode of the forward passes (batch statistics for BatchNormalization, masks for
        Dropout; a layer with ``freeze_mask`` has its mask frozen so the loss is deterministic).

    Returns
    -------
    dict
        ``{"input": err, "<param key>": err, ...}`` for the input and every parameter the
        layer computed a gradient for (a frozen layer fills no parameter gradients).
    """
    if layer.input_shape is None:
        layer.build(tuple(input_shape), rng, dtype=np.float64)
    if np.dtype(layer.dtype) != np.float64:
        raise ValueError(f"{layer.describe()}: gradient checks need a layer built in float64")
    if hasattr(layer, "freeze_mask"):
        layer.freeze_mask()
    if x is None:
        x = rng.standard_normal((batch, *input_shape))
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = layer.forward(x.copy(), training=training)
    proj = rng.standard_normal(y.shape)

    def loss(_: np.ndarray) -> float:
        return float(np.sum(proj * layer.forward(x.copy(), training=training)))

    layer.forward(x.copy(), training=training)
    grad_x = layer.backward(proj.copy())
    analytic = {key: g.copy() for key, g in layer.grads.items()}
    errors = {"input": relative_error(grad_x, numeric_gradient(loss, x, eps))}
    for key, value in layer.params.items():
        if key in analytic:
            errors[key] = relative_error(analytic[key], numeric_gradient(loss, value, eps))
    return errors


# -- a whole network ------------------------------------------------------------------------
#: activations whose graph has a corner: a unit switching sides between ``w - eps`` and
#: ``w + eps`` spoils the finite difference (ELU and SELU have one unless alpha = 1)
KINKED_ACTIVATIONS = frozenset({"relu", "leaky_relu", "elu", "selu"})


def max_pool_winners(layer: Any, x: np.ndarray) -> np.ndarray:
    """Which pixel of each window a MaxPooling2D ``layer`` picks for input ``x`` (N, H, W, C):
    an int array (N, OH, OW, C) of positions in the window (row-major). Recomputed from the
    layer's public hyperparameters, for spotting winner switches in finite differences."""
    from dlstudio.engine.kernels.conv import conv_geometry

    (ph, pw), (sh, sw) = layer.pool_size, layer.strides
    n, h, w, c = x.shape
    oh, ow, top, left = conv_geometry(h, w, ph, pw, sh, sw, layer.padding)
    padded = np.full((n, max(h, (oh - 1) * sh + ph + top), max(w, (ow - 1) * sw + pw + left),
                      c), -np.inf)
    padded[:, top:top + h, left:left + w] = x
    windows = np.lib.stride_tricks.sliding_window_view(padded, (ph, pw), axis=(1, 2))
    windows = windows[:, :(oh - 1) * sh + 1:sh, :(ow - 1) * sw + 1:sw]   # (N, OH, OW, C, ph, pw)
    return windows.reshape(*windows.shape[:4], ph * pw).argmax(axis=-1)


@dataclass(frozen=True)
class ParamCheck:
    """Backprop against finite differences for some entries of one parameter array.

    Attributes
    ----------
    layer : str
        The layer's name (``network.layers[i].name``).
    key : str
        The parameter (``"W"``, ``"b"``, ``"gamma"``, ``"beta"``).
    indices : (k,) int array
        Flat indices into the parameter array of the entries checked.
    analytic, numeric : (k,) float64 arrays
        ``dL/dw`` from ``loss_and_grads`` and from central differences of the loss.
    kinked : (k,) bool array
        Entries whose two evaluations ``w - eps`` and ``w + eps`` switched a ReLU-family unit
        on or off, or changed the winner of a max-pooling window: the loss has a kink between
        them and the difference is no derivative (typical for a zero bias on a zero input,
        where ``z = 0`` exactly). Left out of ``error``.
    noise : float
        Rounding noise of the finite difference, ``u * max(1, |L|) / eps`` with ``u`` the
        float64 unit roundoff (``rounding_noise``): gradients below
        ``smallest_checkable(noise)`` cannot be verified this way (see ``too_small``).
    """

    layer: str
    key: str
    indices: np.ndarray
    analytic: np.ndarray
    numeric: np.ndarray
    kinked: np.ndarray
    noise: float

    def too_small(self, tol: float = TOLERANCE) -> np.ndarray:
        """Bool mask of the entries whose gradient (backprop and finite difference both) is
        below ``smallest_checkable(noise, tol)``: rounding noise, not backprop, decides their
        relative error (the vanishing gradients of a deep sigmoid network, ~1e-11)."""
        size = np.maximum(np.abs(self.analytic), np.abs(self.numeric))
        return size < smallest_checkable(self.noise, tol)

    def checkable(self, tol: float = TOLERANCE) -> np.ndarray:
        """Bool mask of the entries that count: no kink and not ``too_small``."""
        return ~self.kinked & ~self.too_small(tol)

    @property
    def error(self) -> float:
        """Relative error of the checkable entries taken together (``relative_error``; NaN
        when none is)."""
        keep = self.checkable()
        if not keep.any():
            return float("nan")
        return relative_error(self.analytic[keep], self.numeric[keep])

    def resolved(self, tol: float = TOLERANCE) -> bool:
        """Whether a relative error of ``tol`` is measurable for some entry without a kink
        (see ``too_small``)."""
        return bool(self.checkable(tol).any())

    def entry_errors(self, tol: float = TOLERANCE) -> np.ndarray:
        """Relative error of each entry alone, ``|a - n| / max(|a|, |n|)``; NaN for the
        entries that are ``too_small`` to compare."""
        scale = np.maximum(np.abs(self.analytic), np.abs(self.numeric))
        diff = np.abs(self.analytic - self.numeric)
        out = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
        out[self.too_small(tol)] = np.nan
        return out


def check_network(network, x: np.ndarray, y: np.ndarray, loss: Any, *,
                  rng: np.random.Generator, samples: int = 10,
                  layers: Sequence[str] | None = None,
                  indices: dict[tuple[str, str], np.ndarray] | None = None,
                  eps: float = 1e-6) -> list[ParamCheck]:
    """Check a network's backpropagated weight gradients against finite differences.

    The loss is the training loss ``network.forward_backward`` computes (training mode,
    regularization included) on the batch ``(x, y)``; Dropout masks are frozen for the
    check so that the loss is a deterministic function of the weights.

    Parameters
    ----------
    network : Network
        Built in float64 (``Network.from_spec(spec, dtype=np.float64)``).
    x, y : arrays
        A small batch: every numeric derivative costs two passes over it.
    rng : numpy.random.Generator
        Chooses which entries are checked.
    samples : int
        Entries checked per parameter array (all of them when the array is smaller).
    layers : names of the layers to check (default: every layer with trainable weights).
    indices : ``{(layer name, key): flat indices}`` checks exactly those entries instead.

    Returns
    -------
    list of ParamCheck, in layer order then parameter order.
    """
    if np.dtype(network.dtype) != np.float64:
        raise ValueError("gradient checks need a network built in float64")
    names = [layer.name for layer in network.layers]
    unknown = [n for n in (layers or ()) if n not in names]
    if unknown:
        raise ValueError(f"no layer named {unknown[0]!r}; the layers are {', '.join(names)}")
    dropouts = [layer for layer in network.layers if hasattr(layer, "freeze_mask")]
    kinked_layers = [layer for layer in network.layers
                     if layer.activation_name in KINKED_ACTIVATIONS]
    pools = [i for i, layer in enumerate(network.layers) if layer.type_name == "MaxPooling2D"]
    xs = np.asarray(x, dtype=network.dtype)

    def signature() -> bytes:
        """Which side of every kink the last pass was on: ReLU units on or off, and each
        max-pooling window's winner."""
        parts = [np.packbits(layer.last_preactivation > 0).tobytes()
                 for layer in kinked_layers]
        for i in pools:
            below = network.layers[i - 1].last_output if i > 0 else xs
            parts.append(max_pool_winners(network.layers[i], below).tobytes())
        return b"".join(parts)

    network.forward(x, training=True)                 # draw the masks, then keep them
    for layer in dropouts:
        layer.freeze_mask()
    # signature() reads every layer's outputs: no fused forward passes, which skip them
    with network.layer_by_layer():
        return _check_all(network, x, y, loss, rng, samples, layers, indices, eps, dropouts,
                          signature)


def _check_all(network, x, y, loss, rng, samples, layers, indices, eps, dropouts, signature):
    """``check_network``'s comparisons, once the network is prepared."""
    try:
        value, _ = network.forward_backward(x, y, loss)
        noise = rounding_noise(value, eps)
        analytic = {(layer.name, key): g.copy() for layer in network.layers
                    for key, g in layer.grads.items() if layer.trainable and key in layer.params}

        def f(_: np.ndarray) -> float:
            return network.forward_backward(x, y, loss)[0]

        checks = []
        for layer in network.layers:
            if layers and layer.name not in layers:
                continue
            for key, value in layer.params.items():
                if (layer.name, key) not in analytic:
                    continue
                if indices is not None:
                    if (layer.name, key) not in indices:
                        continue
                    idx = np.asarray(indices[(layer.name, key)], dtype=np.int64).reshape(-1)
                elif value.size <= samples:
                    idx = np.arange(value.size)
                else:
                    idx = np.sort(rng.choice(value.size, size=samples, replace=False))
                crossed = np.zeros(len(idx), dtype=bool)
                numeric = numeric_gradient_at(f, value, idx, eps, signature=signature,
                                              crossed=crossed)
                checks.append(ParamCheck(layer.name, key, idx,
                                         analytic[(layer.name, key)].reshape(-1)[idx], numeric,
                                         crossed, noise))
        return checks
    finally:
        for layer in dropouts:
            layer.unfreeze_mask()
