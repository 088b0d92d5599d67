"""Preprocessing fitted on the training split and reused on validation and test data.

Every preprocessor works on features flattened to ``(N, D)`` (images ``(N, H, W, C)`` are
flattened and, unless the step changes the dimension, reshaped back) and has
``fit(x) -> self``, ``transform(x)``, ``inverse_transform(z)`` and ``get_config()``.

Definitions (mean ``mu``, covariance ``S = Xc^T Xc / N`` of the centred training data
``Xc``, eigen-decomposition ``S = V diag(lam) V^T`` with eigenvalues sorted descending):

- ZeroCenter:   ``x - mu``
- MinMax:       ``lo + (x - min) (hi - lo) / (max - min)``
- Standardize:  ``(x - mu) / sigma``  (z-scores; ``sigma`` over N, as ``S``)
- Binarize:     ``1 if x > threshold else 0`` (no statistics to fit; Ioffe and Szegedy's
  batch-norm experiments used binarized MNIST); its inverse is the identity (the lost grey
  levels cannot come back)
- PCA:          ``(x - mu) V_k`` (the first k principal directions); variances ``lam_k``
- PCAWhiten:    ``(x - mu) V_k diag(1 / sqrt(lam_k + eps))``  (covariance -> identity)
- ZCAWhiten:    ``(x - mu) V diag(1 / sqrt(lam + eps)) V^T``  (identity covariance, and the
  result stays as close as possible to the input: whitened images still look like images)

``per="global"`` uses one mean / scale for all features (common for images), ``"feature"``
one per feature (pixel). Constant features get scale 1 instead of dividing by zero.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.registry import Param, Registry
from dlstudio.messages import Message

PREPROCESSORS: Registry[type] = Registry("preprocessing step")

_PER = Param("per", "choice", "feature", choices=("feature", "global"),
             help="one statistic per feature (pixel) or one for all features")


def _flat(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    return x.reshape(len(x), int(np.prod(x.shape[1:], dtype=np.int64)))


#: inputs whose typical size (the magnitude of their mean, or their spread) passes this are
#: far from the unit scale initializers assume
LARGE_INPUT = 10.0
#: rows looked at to judge the inputs' scale (evenly spaced through the split): whether a mean
#: or a spread passes ``LARGE_INPUT`` shows in far fewer; 4,096 MNIST rows took the window's
#: GUI thread 0.1-0.2 s early in a run (issue 13)
SCALE_SAMPLE = 1024


def large_inputs(x: np.ndarray) -> Message | None:
    """Why units may start saturated or dead when the training inputs ``x`` (``(N, ...)``,
    after preprocessing) are far from unit scale: the input with the largest typical size
    and its range, with the fix (Standardize); None when every input's mean and spread are
    at most ``LARGE_INPUT`` (walker8 W8-13: inputs near 5,000 saturated the first tanh
    layer, and the advice named the learning rate and the initial weights)."""
    flat = _flat(x)
    if flat.size == 0:
        return None
    flat = flat[::max(1, len(flat) // SCALE_SAMPLE)].astype(np.float64)
    size = np.maximum(np.abs(flat.mean(axis=0)), flat.std(axis=0))
    size[~np.isfinite(size)] = 0.0
    j = int(np.argmax(size))
    if size[j] <= LARGE_INPUT:
        return None
    return Message("data.inputs_large", feature=j + 1, low=float(flat[:, j].min()),
                   high=float(flat[:, j].max()))


class Preprocessor:
    """Base class: flattening, shape bookkeeping and the fitted check."""

    name = "base"
    keeps_shape = True
    #: ``inverse_transform`` gives back the input (False: information is lost, e.g. binarize)
    invertible = True

    def __init__(self) -> None:
        self.fitted = False
        self.feature_shape: tuple[int, ...] | None = None

    def get_config(self) -> dict:
        return {"type": self.name}

    def get_state(self) -> dict:
        """Config, fitted feature shape and fitted arrays (every ``*_`` attribute), e.g. to
        save with a trained model; ``from_state`` rebuilds the fitted step."""
        if not self.fitted:
            raise RuntimeError(f"{self.name}: only a fitted step has a state")
        arrays = {k: np.asarray(v) for k, v in vars(self).items()
                  if k.endswith("_") and not k.startswith("_")}
        return {"config": self.get_config(), "feature_shape": list(self.feature_shape),
                "arrays": arrays}

    @staticmethod
    def from_state(state: dict) -> "Preprocessor":
        step = get(dict(state["config"]))
        for k, v in state["arrays"].items():
            setattr(step, k, np.asarray(v))
        step.feature_shape = tuple(int(d) for d in state["feature_shape"])
        step.fitted = True
        return step

    def fit(self, x: np.ndarray) -> "Preprocessor":
        x = np.asarray(x)
        if len(x) == 0:
            raise ValueError(Message("data.prep.empty_fit", step=self.name))
        self.feature_shape = tuple(x.shape[1:])
        self._fit(_flat(x))
        self.fitted = True
        return self

    def _check(self, x: np.ndarray) -> np.ndarray:
        if not self.fitted:
            raise RuntimeError(f"{self.name}: call fit(x_train) before transform")
        f = _flat(x)
        if len(x) and f.shape[1] != int(np.prod(self.feature_shape)):
            raise ValueError(Message("data.prep.features_changed", step=self.name,
                                     fitted=str(self.feature_shape),
                                     got=str(tuple(np.shape(x)[1:]))))
        return f

    #: element-wise steps compute in float32 (no float64 copy of a big image set)
    compute_dtype = np.float32

    def transform(self, x: np.ndarray) -> np.ndarray:
        f = self._check(x).astype(self.compute_dtype, copy=False)
        z = self._transform(f).astype(np.float32, copy=False)
        return z.reshape((len(x),) + self.feature_shape) if self.keeps_shape else z

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        if not self.fitted:
            raise RuntimeError(f"{self.name}: call fit before inverse_transform")
        f = _flat(z).astype(self.compute_dtype, copy=False)
        x = self._inverse(f).astype(np.float32, copy=False)
        return x.reshape((len(z),) + self.feature_shape)

    def fit_transform(self, x: np.ndarray) -> np.ndarray:
        return self.fit(x).transform(x)

    def __repr__(self) -> str:
        cfg = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "type")
        return f"{type(self).__name__}({cfg})"


def _stat(values: np.ndarray, per: str, fn, **kw) -> np.ndarray:
    """(D,) float64 statistic per feature, or the global one repeated."""
    out = fn(values, axis=0, **kw) if per == "feature" else np.full(values.shape[1],
                                                                    fn(values, **kw))
    return np.asarray(out, dtype=np.float64)


def _f(stat: np.ndarray, like: np.ndarray) -> np.ndarray:
    return stat.astype(like.dtype, copy=False)


@PREPROCESSORS.register("zero_center", "Zero-centre", params=(_PER,),
                        help="subtract the training mean", aliases=("zerocenter", "center"))
class ZeroCenter(Preprocessor):
    name = "zero_center"

    def __init__(self, per: str = "feature"):
        super().__init__()
        self.per = per

    def get_config(self) -> dict:
        return {"type": self.name, "per": self.per}

    def _fit(self, x):
        self.mean_ = _stat(x, self.per, np.mean, dtype=np.float64)

    def _transform(self, x):
        return x - _f(self.mean_, x)

    def _inverse(self, z):
        return z + _f(self.mean_, z)


@PREPROCESSORS.register("minmax", "Min-max scaling", aliases=("min_max", "normalize"),
                        params=(_PER, Param("low", "float", 0.0), Param("high", "float", 1.0)),
                        help="map the training range of each feature onto [low, high]")
class MinMax(Preprocessor):
    name = "minmax"

    def __init__(self, per: str = "feature", low: float = 0.0, high: float = 1.0):
        super().__init__()
        if not high > low:
            raise ValueError(Message("data.prep.minmax_range", high=high, low=low))
        self.per, self.low, self.high = per, float(low), float(high)

    def get_config(self) -> dict:
        return {"type": self.name, "per": self.per, "low": self.low, "high": self.high}

    def _fit(self, x):
        self.min_ = _stat(x, self.per, np.min)
        span = _stat(x, self.per, np.max) - self.min_
        self.scale_ = np.where(span > 0, (self.high - self.low) / np.where(span > 0, span, 1), 1)

    def _transform(self, x):
        return (x - _f(self.min_, x)) * _f(self.scale_, x) + x.dtype.type(self.low)

    def _inverse(self, z):
        return (z - z.dtype.type(self.low)) / _f(self.scale_, z) + _f(self.min_, z)


@PREPROCESSORS.register("standardize", "Standardize (z-score)", params=(_PER,),
                        aliases=("zscore", "z_score", "standardise"),
                        help="subtract the mean and divide by the standard deviation")
class Standardize(Preprocessor):
    name = "standardize"

    def __init__(self, per: str = "feature"):
        super().__init__()
        self.per = per

    def get_config(self) -> dict:
        return {"type": self.name, "per": self.per}

    def _fit(self, x):
        self.mean_ = _stat(x, self.per, np.mean, dtype=np.float64)
        std = _stat(x, self.per, np.std, dtype=np.float64)
        self.std_ = np.where(std > 0, std, 1.0)

    def _transform(self, x):
        return (x - _f(self.mean_, x)) / _f(self.std_, x)

    def _inverse(self, z):
        return z * _f(self.std_, z) + _f(self.mean_, z)


@PREPROCESSORS.register("binarize", "Binarize", aliases=("binarise", "binary"),
                        params=(Param("threshold", "float", 0.5, -1e6, 1e6,
                                      help="values above it become 1, the others 0"),),
                        help="turn every value into 0 or 1 (black and white images)")
class Binarize(Preprocessor):
    name = "binarize"
    invertible = False

    def __init__(self, threshold: float = 0.5):
        super().__init__()
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise ValueError(Message("data.prep.threshold", value=threshold))
        self.threshold = float(threshold)

    def get_config(self) -> dict:
        return {"type": self.name, "threshold": self.threshold}

    def _fit(self, x):
        pass                                # nothing to learn from the training data

    def _transform(self, x):
        return (x > x.dtype.type(self.threshold)).astype(x.dtype)

    def _inverse(self, z):
        return z


def get(identifier: Any) -> Preprocessor:
    """A new preprocessor from a name, ``{"type": ..., **config}`` or an instance."""
    if isinstance(identifier, Preprocessor):
        return identifier
    if isinstance(identifier, dict) and "type" in identifier:
        identifier = {"name": identifier["type"],
                      **{k: v for k, v in identifier.items() if k != "type"}}
    name, config = PREPROCESSORS.split_identifier(identifier)
    try:
        return PREPROCESSORS[name](**config)
    except TypeError as exc:
        known = (", ".join(p.name for p in PREPROCESSORS.entry(name).params)
                 or Message("data.prep.settings_none"))
        raise ValueError(Message("data.prep.settings", name=name, reason=str(exc),
                                 known=known)) from exc


class Pipeline:
    """Steps applied in order; fitted step by step on the training data."""

    def __init__(self, steps: list[Preprocessor]):
        self.steps = list(steps)

    @classmethod
    def from_steps(cls, steps) -> "Pipeline":
        return cls([get(s) for s in steps])

    def get_config(self) -> list[dict]:
        return [s.get_config() for s in self.steps]

    def get_state(self) -> list[dict]:
        """Each fitted step's state (see ``Preprocessor.get_state``)."""
        return [s.get_state() for s in self.steps]

    @classmethod
    def from_state(cls, states: list[dict]) -> "Pipeline":
        return cls([Preprocessor.from_state(s) for s in states])

    def fit(self, x: np.ndarray) -> "Pipeline":
        for step in self.steps:
            x = step.fit(x).transform(x)
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        for step in self.steps:
            x = step.transform(x)
        return x

    def fit_transform(self, x: np.ndarray) -> np.ndarray:
        return self.fit(x).transform(x)

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        for step in reversed(self.steps):
            z = step.inverse_transform(z)
        return z

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        return f"Pipeline({self.steps!r})"

