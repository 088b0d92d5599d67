"""What a hyperparameter search samples: dimensions, scales, and the coarse-to-fine zoom.

Sampling on the right scale matters more than how many runs you make. A learning rate
between 0.0001 and 1 drawn *uniformly* lands above 0.1 nine times out of ten; drawn on a
log scale (``r ~ U[-4, 0]``, ``lr = 10^r``) every decade gets the same share. Momentum-like
settings crowd against 1 (0.9, 0.99, 0.999 behave very differently), so they are drawn via
``1 - beta = 10^r``.

A ``Dimension`` maps a value to its *sampling coordinate* ``r`` (the value itself, its log10,
or log10 of one minus it) and back; sampling is uniform in ``r``, and zooming narrows the
range of ``r`` around the best results (coarse to fine).

``HYPERPARAMETERS`` lists what the studio can search, with sensible default ranges, and
``apply_params`` writes a sampled point into a network spec and a training spec.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from dlstudio.engine import spec_edits
from dlstudio.engine.registry import Registry
from dlstudio.messages import Message, catalogue
from dlstudio.training.diagnosis import update_is_too_large

__all__ = ["Dimension", "HYPERPARAMETERS", "SCALES", "sample_points", "zoom", "apply_params",
           "default_dimension", "hyperparameter_label"]

#: Sampling scales: "linear" (uniform), "log" (value = 10^r), "log1m" (value = 1 - 10^r).
SCALES = ("linear", "log", "log1m")


def hyperparameter_label(name: str) -> str:
    """A searched hyperparameter in words, as a ``Message`` ("learning_rate" -> "learning
    rate"; the registry's display name, in any language); an unknown name as it is."""
    key = f"term.hyperparameter.{name}"
    return Message(key) if key in catalogue() else name


@dataclass(frozen=True)
class Dimension:
    """One searched hyperparameter: a name, a range ``[low, high]`` and a sampling scale.

    ``integer`` rounds sampled values to whole numbers (units, batch size). A bad range
    raises ``ValueError`` with a ``Message`` saying what to fix.
    """

    name: str
    low: float
    high: float
    scale: str = "linear"
    integer: bool = False

    def __post_init__(self) -> None:
        # the messages name the setting as the student reads it ("learning rate", "学习率")
        name, low, high = hyperparameter_label(self.name), self.low, self.high
        if self.scale not in SCALES:
            raise ValueError(Message("search.dimension.bad_scale", name=name,
                                     scales=", ".join(SCALES), scale=self.scale))
        if not (math.isfinite(low) and math.isfinite(high)) or low > high:
            raise ValueError(Message("search.dimension.bad_range", name=name, low=low,
                                     high=high))
        if self.scale == "log" and low <= 0:
            raise ValueError(Message("search.dimension.log_needs_positive", name=name, low=low))
        if self.scale == "log1m" and not (high < 1):
            raise ValueError(Message("search.dimension.log1m_below_one", name=name, high=high))
        if self.integer and math.floor(high) < math.ceil(low):
            raise ValueError(Message("search.dimension.no_whole_number", name=name, low=low,
                                     high=high))

    # -- the sampling coordinate ----------------------------------------------------------
    def to_r(self, value):
        """Sampling coordinate of ``value`` (array-friendly)."""
        v = np.asarray(value, dtype=np.float64)
        if self.scale == "log":
            return np.log10(v)
        if self.scale == "log1m":
            return np.log10(1.0 - v)
        return v

    def from_r(self, r):
        """Value at sampling coordinate ``r`` (array-friendly, before integer rounding)."""
        r = np.asarray(r, dtype=np.float64)
        if self.scale == "log":
            return 10.0 ** r
        if self.scale == "log1m":
            return 1.0 - 10.0 ** r
        return r

    @property
    def r_range(self) -> tuple[float, float]:
        """``(r_low, r_high)`` with ``r_low <= r_high``."""
        a, b = float(self.to_r(self.low)), float(self.to_r(self.high))
        return (a, b) if a <= b else (b, a)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` values drawn uniformly in the sampling coordinate; shape ``(n,)``."""
        lo, hi = self.r_range
        values = np.clip(self.from_r(rng.uniform(lo, hi, size=n)), self.low, self.high)
        if self.integer:
            values = np.clip(np.rint(values), math.ceil(self.low), math.floor(self.high))
        return values

    def narrowed(self, values: Sequence[float], margin: float = 0.15,
                 min_width: float = 0.05) -> "Dimension":
        """A range around ``values`` (the best results' values), in the sampling coordinate:
        their span widened by ``margin`` times the current width on each side, at least
        ``min_width`` times the current width, and never outside the current range."""
        lo, hi = self.r_range
        width = hi - lo
        r = self.to_r(np.asarray(values, dtype=np.float64))
        a, b = float(np.min(r)) - margin * width, float(np.max(r)) + margin * width
        if b - a < min_width * width:
            mid = 0.5 * (a + b)
            a, b = mid - 0.5 * min_width * width, mid + 0.5 * min_width * width
        a, b = max(a, lo), min(b, hi)
        v1, v2 = float(self.from_r(a)), float(self.from_r(b))
        low, high = min(v1, v2), max(v1, v2)
        if self.integer:
            low, high = float(math.floor(low)), float(math.ceil(high))
        return replace(self, low=max(low, self.low), high=min(high, self.high))

    def to_dict(self) -> dict:
        return {"name": self.name, "low": self.low, "high": self.high, "scale": self.scale,
                "integer": self.integer}

    @classmethod
    def from_dict(cls, d: dict) -> "Dimension":
        return cls(str(d["name"]), float(d["low"]), float(d["high"]),
                   str(d.get("scale", "linear")), bool(d.get("integer", False)))


def sample_points(space: Sequence[Dimension], n: int, seed: int = 0) -> list[dict]:
    """``n`` random points of the search space, each a dict ``{name: value}``."""
    rng = np.random.default_rng(seed)
    columns = {d.name: d.sample(rng, n) for d in space}
    points = []
    for i in range(n):
        point = {}
        for d in space:
            v = float(columns[d.name][i])
            point[d.name] = int(v) if d.integer else v
        points.append(point)
    return points


def zoom(space: Sequence[Dimension], results: Sequence[dict], keep: float = 0.25,
         min_keep: int = 3, margin: float = 0.15) -> list[Dimension]:
    """Coarse to fine: narrow every dimension around the best results.

    Parameters
    ----------
    space : the dimensions searched so far.
    results : result dicts with ``params`` and ``score`` (higher is better); failed or
        diverged runs (``score`` None) are ignored, and runs whose first step the
        pre-flight check calls too large (``first_update``; the Search panel marks them ×
        and does not offer them as best) rank after every other run, so they steer the new
        range only when too few others scored. Equal scores rank by trial number, so the
        range does not depend on the order the runs finished in (walker36: lesson 15's
        coarse round has a tie for third place; the Search panel, its trials finishing out
        of order, zoomed to 0.0009-0.8 where the headless run zoomed to 0.0085-0.79).
    keep : fraction of the successful runs that count as "best" (at least ``min_keep``).
    margin : how far beyond the best values the new range reaches, as a fraction of the
        current range in the sampling coordinate.
    """
    good = [r for r in results if r.get("score") is not None]
    if not good:
        raise ValueError(Message("search.zoom_no_success"))
    good.sort(key=lambda r: (update_is_too_large(r.get("first_update")), -r["score"],
                             r.get("trial", 0)))
    n_best = min(len(good), max(min_keep, math.ceil(keep * len(good))))
    best = good[:n_best]
    out = []
    for d in space:
        values = [r["params"][d.name] for r in best if d.name in r["params"]]
        out.append(d.narrowed(values, margin=margin) if values else d)
    return out


# -- what the studio can search ----------------------------------------------------------
HYPERPARAMETERS: Registry[Dimension] = Registry("hyperparameter")


def _hp(name, low, high, scale, display, help, target, integer=False):
    HYPERPARAMETERS.add(name, Dimension(name, low, high, scale, integer), display=display,
                        help=help, target=target)


_hp("learning_rate", 1e-4, 1.0, "log", "Learning rate",
    "The most important setting. Sampled as 10ʳ with r uniform, so every decade is tried "
    "equally often.", "train")
_hp("momentum", 0.9, 0.999, "log1m", "Momentum",
    "SGD's (or RMSProp's) momentum, sampled as 1 − 10ʳ: 0.9-0.99 is as likely as "
    "0.99-0.999.", "optimizer")
_hp("beta_1", 0.8, 0.999, "log1m", "Adam beta 1", "Adam's momentum decay.", "optimizer")
_hp("beta_2", 0.99, 0.9999, "log1m", "Adam beta 2", "Adam's squared-gradient decay.",
    "optimizer")
_hp("rho", 0.8, 0.99, "log1m", "RMSProp rho", "RMSProp's squared-gradient decay.",
    "optimizer")
_hp("batch_size", 16, 256, "log", "Batch size", "Examples per step (whole numbers).", "train",
    integer=True)
_hp("l2", 1e-6, 1e-2, "log", "L2 penalty", "Weight decay strength on every kernel.", "train")
_hp("l1", 1e-6, 1e-2, "log", "L1 penalty", "Sparsity penalty on every kernel.", "train")
_hp("units", 16, 256, "log", "Hidden units", "Units of every hidden Dense layer.", "network",
    integer=True)
_hp("dropout", 0.0, 0.6, "linear", "Dropout rate", "Rate of every Dropout layer.", "network")


def default_dimension(name: str) -> Dimension:
    """The default range and scale of a searchable hyperparameter."""
    return HYPERPARAMETERS[name]


def apply_params(network_spec, train_spec, params: dict):
    """Write a sampled point into copies of the specs.

    Returns ``(network_spec, train_spec)``. Raises ``ValueError`` with a fix when a value has
    nowhere to go (e.g. ``dropout`` for a network without Dropout layers).
    """
    net, train = network_spec, train_spec
    opt_config = dict(train.optimizer_config)
    train_changes: dict = {}
    for name, value in params.items():
        target = HYPERPARAMETERS.entry(name).meta["target"]
        if target == "train":
            train_changes[name] = value
        elif target == "optimizer":
            _check_optimizer_setting(train.optimizer, name)
            opt_config[name] = value
        elif name == "units":
            hidden = [i for i in spec_edits.hidden_indices(net) if net.layers[i].type == "Dense"]
            if not hidden:
                raise ValueError(Message("search.nowhere.units"))
            for i in hidden:
                net = net.replace_layer(i, net.layers[i].with_config(units=int(value)))
        elif name == "dropout":
            drops = [i for i, ls in enumerate(net.layers) if ls.type == "Dropout"]
            if not drops:
                raise ValueError(Message("search.nowhere.dropout"))
            for i in drops:
                net = net.replace_layer(i, net.layers[i].with_config(rate=float(value)))
    train = train.replace(optimizer_config=opt_config, **train_changes)
    return net, train


def _check_optimizer_setting(optimizer: str, setting: str) -> None:
    try:
        from dlstudio.engine.optimizers import OPTIMIZERS
    except ImportError:  # optimizers not available: let the trainer complain
        return
    if optimizer not in OPTIMIZERS:
        return
    entry = OPTIMIZERS.entry(optimizer)
    names = [p.name for p in entry.params]
    if names and setting not in names:
        raise ValueError(Message("search.not_an_optimizer_setting", setting=setting,
                                 optimizer=entry.display, settings=names))
