"""The pre-flight check's report as the bars of the Pre-flight check panel (no Qt).

``preflight_bars(report)`` turns a ``PreflightReport`` into one :class:`PreflightBar` per
layer with weights, input first. A bar stands for a block: the layer with weights and the
layers without weights after it (batch normalization, a separate Activation layer, dropout),
so a Dense -> BatchNorm -> sigmoid block reports the sigmoid's pass-through and the spread
of the z it receives (``spread``: for the output layer, the scores before the softmax), and
its colour is the most severe verdict any layer of the block earned.
``log_heights`` prepares values for bars on a log axis; ``label_spot`` finds where a line's
label covers no bar; ``demo_report`` is the textbook vanishing case for the panel's demo and
tests.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlstudio.training.preflight_verdicts import (HEALTHY, VERDICTS, activation_reading,
                                                  signal_reading, update_reading)

#: the verdicts the signal chart's bands show
SIGNAL_WORDS = ("exploding", "vanishing")


@dataclass(frozen=True)
class PreflightBar:
    """One bar of the page: a layer with weights and the layers without weights after it."""

    index: int                         # the layer with weights (0-based)
    number: int                        # as the layer stack counts (index + 1)
    name: str
    signal: float | None               # dL/dz RMS relative to the reference (or absolute)
    pass_through: float | None
    stopped_share: float | None        # dead (ReLU family) or saturated (sigmoid/tanh) share
    stopped_kind: str | None           # "dead", "saturated" or None
    act_std: float | None
    update_ratio: float | None
    verdicts: tuple[str, ...]
    pre_std: float | None = None       # std of the z the block's activation receives
    relative: bool = True              # ``signal`` is relative to the reference layer

    @property
    def spread(self) -> float | None:
        """The spread the std chart shows: of the pre-activation z (for the output layer
        the scores, whose size lesson 04 talks about, not the softmax's probabilities:
        walker18 W18-3); the output's when the report has no z."""
        return self.pre_std if self.pre_std is not None else self.act_std

    @property
    def judgement(self) -> str:
        """The word that colours the bar: the most severe verdict, or "healthy"."""
        return self.verdicts[0] if self.verdicts else HEALTHY

    @property
    def signal_judgement(self) -> str:
        """The word that colours the bar in the signal chart: the band the bar stands in
        (``signal_reading``: vanishing, exploding) or, in the healthy band, the layer's
        other verdicts (dead units, saturated). The layer's verdict said exploding for a
        healthy signal whose step was too large, and the bar stood red in the white band
        (walker33 W33-12); absolute sizes have no bands: the layer's verdict."""
        if not self.relative:
            return self.judgement
        band = signal_reading(self.signal)
        if band in SIGNAL_WORDS:
            return band
        return self.pass_judgement

    @property
    def pass_judgement(self) -> str:
        """The word that colours the bar in the pass-through chart: what the activation
        itself does (dead units, saturated), not the signal's verdict: lesson 04's sigmoid
        bars let nearly all through (about 1.0) and stood blue "vanishing" for the dL/dz
        reaching them (walker38 W38-2)."""
        return next((w for w in self.verdicts if w not in SIGNAL_WORDS), HEALTHY)

    @property
    def act_judgement(self) -> str:
        """The word that colours the bar in the std chart: the spread's own reading
        (``activation_reading`` of ``spread``), not the layer's verdict."""
        return activation_reading(self.spread) or HEALTHY

    @property
    def update_judgement(self) -> str:
        """The word that colours the bar in the update/weight chart: that ratio's own
        reading (``update_reading``), not the layer's verdict."""
        return update_reading(self.update_ratio) or HEALTHY


def signal_is_relative(report: Any) -> bool:
    """Whether the signals can be shown relative to the reference layer (its RMS is > 0)."""
    return any(c.signal_ratio is not None for c in report.layers)


def preflight_bars(report: Any) -> list[PreflightBar]:
    """The bars of ``report`` (a ``PreflightReport``), input first."""
    layers = list(report.layers)
    weighted = [k for k, c in enumerate(layers) if c.signal_rms is not None]
    relative = signal_is_relative(report)
    bars = []
    for j, k in enumerate(weighted):
        block = layers[k:weighted[j + 1] if j + 1 < len(weighted) else len(layers)]
        head = block[0]
        # the block's activation: its last layer that passes gradient through a nonlinearity
        act = next((c for c in reversed(block) if c.pass_through is not None), head)
        words = {w for c in block for w in c.verdicts}
        if act.dead_fraction is not None:
            stopped, kind = act.dead_fraction, "dead"
        elif act.saturated_fraction is not None:
            stopped, kind = act.saturated_fraction, "saturated"
        else:
            stopped, kind = None, None
        bars.append(PreflightBar(
            index=head.index, number=head.index + 1, name=head.name,
            signal=head.signal_ratio if relative else head.signal_rms,
            pass_through=act.pass_through, stopped_share=stopped, stopped_kind=kind,
            act_std=act.act_std, update_ratio=head.update_ratio,
            verdicts=tuple(w for w in VERDICTS if w in words),
            pre_std=getattr(act, "pre_std", None), relative=relative))
    return bars


def log_heights(values: list[float | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """log10 of each value for a bar on a log axis (NaN where it cannot be drawn), and masks
    of the values that are 0 (or negative) and of those that are infinite or NaN."""
    logs, zero, off = [], [], []
    for v in values:
        ok = v is not None and math.isfinite(v) and v > 0
        logs.append(math.log10(v) if ok else math.nan)
        zero.append(v is not None and math.isfinite(v) and v <= 0)
        off.append(v is not None and not math.isfinite(v))
    return np.array(logs, float), np.array(zero, bool), np.array(off, bool)


def label_spot(bar_x: np.ndarray, bar_tops: np.ndarray, bar_width: float, line: float,
               size: tuple[float, float], x_span: tuple[float, float],
               y_span: tuple[float, float], gap: float,
               over_bars: bool = False) -> tuple[float, float, bool] | None:
    """Where a label of ``size`` (width, height) naming the horizontal line at ``line`` covers
    no bar: ``(x, y, on_line)``, its lower left corner, in the chart's units.

    Bars stand from the bottom of ``y_span`` up to ``bar_tops`` (NaN: no bar), centred on
    ``bar_x``, ``bar_width`` wide. First choice: resting on the line (``gap``, a vertical
    distance, above it), then hanging under it, at the free place nearest an end of the chart
    (``on_line`` True). When the line runs through the bars everywhere (a healthy network's
    updates are about the typical size), a label allowed ``over_bars`` stays by its line
    over bars that rise past it but end inside ``y_span``, where it hides no bar's top
    (``on_line`` True); failing that, it goes just above
    the bars where they are lowest, inside ``y_span`` (``on_line`` False); None when even
    there it would cover a bar (the bars reach the top of ``y_span`` everywhere)."""
    (x_lo, x_hi), (y_lo, y_hi) = x_span, y_span
    width, height = size
    tops = np.where(np.isfinite(bar_tops), bar_tops, y_lo)
    step = bar_width / 4 if bar_width > 0 else (x_hi - x_lo) / 40
    margin = 0.01 * (x_hi - x_lo)
    starts = np.arange(x_lo + margin, max(x_lo + margin, x_hi - width - margin) + step / 2,
                       step)

    def highest(x0: float) -> float:
        under = (bar_x + bar_width / 2 > x0) & (bar_x - bar_width / 2 < x0 + width)
        return float(tops[under].max()) if under.any() else y_lo

    def from_end(x0: float) -> float:
        return min(x0 - x_lo, x_hi - (x0 + width))

    def hides_a_top(x0: float, bottom: float) -> bool:
        """Whether the label hides the top of a bar under it, or lies on a bar that leaves
        ``y_span`` (one in the exploding zone: walker12 W12-9)."""
        under = (bar_x + bar_width / 2 > x0) & (bar_x - bar_width / 2 < x0 + width)
        top = np.asarray(bar_tops, float)[under]
        return bool(((top > bottom - gap) & (top < bottom + height + gap)).any()
                    or (top >= y_hi).any())

    ordered = sorted(starts, key=from_end)
    sides = [b for b in (line + gap, line - gap - height)   # on the line, then under it
             if y_lo <= b and b + height <= y_hi]
    for bottom in sides:
        for x0 in ordered:
            if highest(x0) <= bottom:
                return float(x0), float(bottom), True
    # by its line over the bars' lower parts, every bar's top (its reading) in sight: the
    # label above the lowest bars was read as theirs, two decades from its line (walker26
    # W26-9)
    for bottom in sides if over_bars else ():
        for x0 in ordered:
            if not hides_a_top(x0, bottom):
                return float(x0), float(bottom), True
    x0 = min(ordered, key=highest) if ordered else x_lo
    bottom = max(highest(x0), y_lo) + gap
    if bottom + height > y_hi:
        return None
    return float(x0), float(bottom), False


def demo_report(layers: int = 9, seed: int = 0) -> Any:
    """The report of a deep sigmoid network with small initial weights on random images
    (the textbook vanishing case; for the demo and tests)."""
    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.training.preflight import preflight

    init = {"class_name": "random_normal", "config": {"mean": 0.0, "stddev": 0.05}}
    hidden = [LayerSpec("Dense", {"units": 64, "activation": "sigmoid",
                                  "kernel_initializer": init}) for _ in range(layers)]
    spec = NetworkSpec((64,), (*hidden, LayerSpec("Dense", {"units": 10,
                                                            "activation": "softmax"})))
    rng = np.random.default_rng(seed)
    x = rng.random((128, 64)).astype(np.float32)
    y = rng.integers(0, 10, 128)
    return preflight(Network.from_spec(spec, seed=seed), x, y, "sparse_categorical_crossentropy",
                     0.1, "sgd")
