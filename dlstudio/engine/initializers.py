"""Weight initializers, as in Keras: the same names, defaults, fans and distributions.

An initializer is a callable object ``init(shape, rng, dtype=np.float32) -> array``::

    init = get("he_normal")
    W = init((3, 3, 32, 64), np.random.default_rng(0))

Fans follow Keras: a dense kernel ``(in, out)`` has ``fan_in = in``, ``fan_out = out``; a conv
kernel ``(kh, kw, in, out)`` has receptive field ``kh * kw``, ``fan_in = kh * kw * in`` and
``fan_out = kh * kw * out``.

The variance-scaling family draws with variance ``scale / n`` where ``n`` is ``fan_in``,
``fan_out`` or their mean:

    glorot_*   scale 1, n = (fan_in + fan_out) / 2
    he_*       scale 2, n = fan_in
    lecun_*    scale 1, n = fan_in

``*_uniform`` draws from [-l, l] with l = sqrt(3 scale / n). ``*_normal`` draws from a normal
truncated at 2 standard deviations with sigma = sqrt(scale / n) / 0.87962566103423978, the
divisor making the truncated draw's variance exactly scale / n.

These are special cases of ``variance_scaling`` (Keras's ``VarianceScaling``), which takes the
settings itself: ``scale`` (1.0), ``mode`` ("fan_in", "fan_out" or "fan_avg"; "fan_in"),
``distribution`` ("truncated_normal", "untruncated_normal" or "uniform"; "truncated_normal";
Keras's "normal" means truncated) and ``seed`` (None: draw from the network's generator; a
number: the same values on every call, as Keras does). Glorot and Bengio's (2010) "standard"
initialization U[-1/sqrt(n), 1/sqrt(n)] is
``{"class_name": "VarianceScaling", "config": {"scale": 1/3, "distribution": "uniform"}}``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.numbers import check_number
from dlstudio.engine.registry import Configured, Param, Registry

#: Standard deviation of a unit normal truncated to [-2, 2].
TRUNCATED_STD = 0.87962566103423978


def compute_fans(shape: tuple[int, ...]) -> tuple[float, float]:
    """(fan_in, fan_out) of a weight array, as Keras computes them."""
    shape = tuple(int(d) for d in shape)
    if len(shape) == 0:
        return 1.0, 1.0
    if len(shape) == 1:
        return float(shape[0]), float(shape[0])
    if len(shape) == 2:
        return float(shape[0]), float(shape[1])
    receptive = float(np.prod(shape[:-2]))
    return receptive * shape[-2], receptive * shape[-1]


def truncated_normal(rng: np.random.Generator, shape: tuple[int, ...], mean: float,
                     stddev: float) -> np.ndarray:
    """Normal draws redrawn until every value lies within 2 standard deviations of the mean."""
    out = rng.standard_normal(shape)
    bad = np.abs(out) > 2.0
    while bad.any():
        out[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(out) > 2.0
    return mean + stddev * out


class Initializer(Configured):
    """Base class: subclasses implement ``_draw(shape, rng) -> float64 array``."""

    name = "initializer"
    family = "initializer"

    def __init__(self, **config: Any):
        if config:
            raise ValueError(f"initializer {self.name!r} takes no settings, got "
                             f"{', '.join(sorted(config))}")

    @property
    def config(self) -> dict[str, Any]:
        return {}

    def __call__(self, shape: tuple[int, ...], rng: np.random.Generator,
                 dtype=np.float32) -> np.ndarray:
        shape = tuple(int(d) for d in shape)
        return np.ascontiguousarray(self._draw(shape, rng), dtype=dtype)

    def _draw(self, shape, rng) -> np.ndarray:
        raise NotImplementedError

    def to_identifier(self) -> str | dict:
        """The bare name when every setting has its default, else a Keras-style dict."""
        defaults = INITIALIZERS.entry(self.name).defaults()
        if all(defaults.get(k) == v for k, v in self.config.items()):
            return self.name
        return {"class_name": self.name, "config": dict(self.config)}


def _number(init: str, name: str, value: Any, low: float | None = None,
            positive: bool = False) -> float:
    return check_number(f"initializer {init!r}", name, value, low, positive=positive)


class Zeros(Initializer):
    name = "zeros"

    def _draw(self, shape, rng):
        return np.zeros(shape)


class Ones(Initializer):
    name = "ones"

    def _draw(self, shape, rng):
        return np.ones(shape)


class Constant(Initializer):
    name = "constant"

    def __init__(self, value: float = 0.0):
        self.value = _number("constant", "value", value)

    @property
    def config(self):
        return {"value": self.value}

    def _draw(self, shape, rng):
        return np.full(shape, self.value)


class RandomNormal(Initializer):
    name = "random_normal"

    def __init__(self, mean: float = 0.0, stddev: float = 0.05):
        self.mean = _number(self.name, "mean", mean)
        self.stddev = _number(self.name, "stddev", stddev, low=0.0)

    @property
    def config(self):
        return {"mean": self.mean, "stddev": self.stddev}

    def _draw(self, shape, rng):
        return self.mean + self.stddev * rng.standard_normal(shape)


class TruncatedNormal(RandomNormal):
    name = "truncated_normal"

    def _draw(self, shape, rng):
        return truncated_normal(rng, shape, self.mean, self.stddev)


class RandomUniform(Initializer):
    name = "random_uniform"

    def __init__(self, minval: float = -0.05, maxval: float = 0.05):
        self.minval = _number(self.name, "minval", minval)
        self.maxval = _number(self.name, "maxval", maxval)
        if self.maxval < self.minval:
            raise ValueError(f"initializer 'random_uniform': maxval ({maxval}) must not be "
                             f"smaller than minval ({minval})")

    @property
    def config(self):
        return {"minval": self.minval, "maxval": self.maxval}

    def _draw(self, shape, rng):
        return rng.uniform(self.minval, self.maxval, size=shape)


#: ``mode`` and ``distribution`` values of VarianceScaling, as in Keras
VS_MODES = ("fan_in", "fan_out", "fan_avg")
VS_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


class VarianceScaling(Initializer):
    """Draw with variance ``scale / n``, ``n`` from ``mode`` (Keras's ``VarianceScaling``,
    see the module docstring). The named subclasses (glorot_*, he_*, lecun_*) fix the
    settings and take none."""

    name = "variance_scaling"
    scale, mode, distribution = 1.0, "fan_in", "truncated_normal"
    seed: int | None = None

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal", seed: int | None = None):
        super().__init__()
        self.scale = _number(self.name, "scale", scale, positive=True)
        if mode not in VS_MODES:
            raise ValueError(f"initializer {self.name!r}: mode must be one of "
                             f"{', '.join(VS_MODES)}, got {mode!r}")
        if distribution == "normal":            # Keras's old name for the truncated normal
            distribution = "truncated_normal"
        if distribution not in VS_DISTRIBUTIONS:
            raise ValueError(f"initializer {self.name!r}: distribution must be one of "
                             f"{', '.join(VS_DISTRIBUTIONS)}, got {distribution!r}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)
                                 or seed < 0):
            raise ValueError(f"initializer {self.name!r}: seed must be a whole number >= 0 "
                             f"or null, got {seed!r}")
        self.mode, self.distribution, self.seed = mode, distribution, seed

    @property
    def config(self) -> dict[str, Any]:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed}

    def __call__(self, shape, rng, dtype=np.float32) -> np.ndarray:
        if self.seed is not None:
            rng = np.random.default_rng(self.seed)
        return super().__call__(shape, rng, dtype)

    def variance(self, shape: tuple[int, ...]) -> float:
        """The target variance ``scale / n`` for a weight array of this shape."""
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        return self.scale / max(1.0, n)

    def _draw(self, shape, rng):
        var = self.variance(shape)
        if self.distribution == "uniform":
            limit = np.sqrt(3.0 * var)
            return rng.uniform(-limit, limit, size=shape)
        if self.distribution == "untruncated_normal":
            return rng.normal(0.0, np.sqrt(var), size=shape)
        return truncated_normal(rng, shape, 0.0, np.sqrt(var) / TRUNCATED_STD)


def _fixed_settings(self, **config: Any) -> None:
    Initializer.__init__(self, **config)


def _no_config(self) -> dict[str, Any]:
    return {}


def _variance_scaling(name: str, scale: float, mode: str, distribution: str) -> type:
    attrs = {"name": name, "scale": scale, "mode": mode, "distribution": distribution,
             "__init__": _fixed_settings, "config": property(_no_config)}
    cls_name = "".join(part.capitalize() for part in name.split("_"))
    return type(cls_name, (VarianceScaling,), attrs)


GlorotNormal = _variance_scaling("glorot_normal", 1.0, "fan_avg", "truncated_normal")
GlorotUniform = _variance_scaling("glorot_uniform", 1.0, "fan_avg", "uniform")
HeNormal = _variance_scaling("he_normal", 2.0, "fan_in", "truncated_normal")
HeUniform = _variance_scaling("he_uniform", 2.0, "fan_in", "uniform")
LecunNormal = _variance_scaling("lecun_normal", 1.0, "fan_in", "truncated_normal")
LecunUniform = _variance_scaling("lecun_uniform", 1.0, "fan_in", "uniform")

_MEAN = Param("mean", "float", 0.0, -10.0, 10.0, help="Centre of the distribution.")
_STD = Param("stddev", "float", 0.05, 0.0, 10.0, log=True,
             help="Spread of the draws. Too small and signals fade layer by layer; too large "
                  "and they explode or saturate the activations.")

INITIALIZERS: Registry[type[Initializer]] = Registry("initializer")
INITIALIZERS.add("zeros", Zeros, display="Zeros",
                 help="All zeros. Right for biases. For weights it is a trap: every unit in a "
                      "layer computes the same thing and they never become different.")
INITIALIZERS.add("ones", Ones, display="Ones",
                 help="All ones. Used for batch-normalization scales (gamma).")
INITIALIZERS.add("constant", Constant, display="Constant",
                 params=(Param("value", "float", 0.0, -10.0, 10.0, help="The value."),),
                 help="Every entry set to the same value; like zeros, useless for weights "
                      "because all units stay identical.")
INITIALIZERS.add("random_normal", RandomNormal, display="Random normal",
                 params=(_MEAN, _STD),
                 help="Normal draws with a fixed standard deviation that ignores the layer "
                      "size, so deep or wide networks start with shrinking or exploding signals.")
INITIALIZERS.add("random_uniform", RandomUniform, display="Random uniform",
                 params=(Param("minval", "float", -0.05, -10.0, 10.0, help="Lowest value."),
                         Param("maxval", "float", 0.05, -10.0, 10.0, help="Highest value.")),
                 help="Uniform draws in a fixed range that ignores the layer size.")
INITIALIZERS.add("truncated_normal", TruncatedNormal, display="Truncated normal",
                 params=(_MEAN, _STD),
                 help="Normal draws, redrawn when more than 2 standard deviations from the "
                      "mean, so there are no extreme weights; fixed scale like random normal.")
INITIALIZERS.add(
    "variance_scaling", VarianceScaling, display="Variance scaling", aliases=("variancescaling",),
    params=(Param("scale", "float", 1.0, 1e-4, 100.0, log=True,
                  help="Variance is scale / n: 1 for LeCun and Glorot, 2 for He."),
            Param("mode", "choice", "fan_in", choices=VS_MODES,
                  help="n: a unit's fan-in (its inputs), its fan-out (its outputs) or their mean."),
            Param("distribution", "choice", "truncated_normal", choices=VS_DISTRIBUTIONS,
                  help="Truncated normal (no draws beyond 2 standard deviations), plain "
                       "normal, or uniform."),
            Param("seed", "int", None, 0, 2**31 - 1,
                  help="A fixed seed gives the same weights on every call; empty: the "
                       "network's seed.")),
    help="The general rule behind Glorot, He and LeCun: weights with variance scale / n, "
         "where n counts a unit's inputs, outputs or both. Glorot and Bengio's 'standard' "
         "initialization is scale 1/3 over the fan-in, uniform.")
_VS_HELP = {
    "glorot": "Glorot/Xavier (2010): variance 2 / (fan-in + fan-out), which keeps signals and "
              "gradients the same size through layers of tanh or sigmoid units.",
    "he": "He (2015): variance 2 / fan-in, twice Glorot's, because ReLU/ELU units switch off "
          "about half their inputs. The choice for ReLU-family networks.",
    "lecun": "LeCun (1998): variance 1 / fan-in. Needed by SELU networks to self-normalize.",
}
for _cls in (GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform):
    _family, _dist = _cls.name.split("_")
    _shown = {"glorot": "Glorot (Xavier)", "he": "He", "lecun": "LeCun"}[_family]
    INITIALIZERS.add(_cls.name, _cls, display=f"{_shown} {_dist}",
                     aliases=(f"xavier_{_dist}",) if _family == "glorot" else (),
                     help=_VS_HELP[_family] + (" Drawn from a uniform range." if _dist == "uniform"
                                               else " Drawn from a truncated normal."))


def get(identifier: Any) -> Initializer:
    """Build an initializer from a name, a Keras-style dict or an instance.

    Raises ``ValueError`` (``KeyError`` for unknown names) with a message for a user.
    """
    if isinstance(identifier, Initializer):
        return identifier
    return INITIALIZERS.build(identifier)
