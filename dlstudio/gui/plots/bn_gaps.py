"""How far batch-norm layers' moving averages are from the statistics of the data now.

A batch-norm layer normalizes with the probe batch's mean and variance while training and
with its moving averages at test time; a momentum too high for the run's length leaves the
averages far off. The Weights page shows, per batch-norm layer and variant, the average over
channels of |moving mean - batch mean| (``mean_gap``) and the geometric mean of moving
variance / batch variance (``variance_ratio``, 1 when they match, on a log axis with a dotted
line at 1), as two plots side by side under a heading (``build_gap_plots``, redrawn by
``set_gaps``). The texts keep the ``WeightsPanel`` translation context.
"""
from __future__ import annotations

from collections.abc import Generator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from dlstudio.gui.plots import multiples, style
from dlstudio.gui.run_store import RunStore

translate = QCoreApplication.translate

#: least height (pixels, grown in classroom mode) of a gap plot
GAP_MIN_HEIGHT = 170


def mean_gap(moving: np.ndarray | None, batch: np.ndarray | None) -> float:
    """The average over channels of |moving mean - batch mean| (NaN when one is missing)."""
    if moving is None or batch is None or np.size(moving) != np.size(batch):
        return float("nan")
    return float(np.mean(np.abs(np.asarray(moving, np.float64) - np.asarray(batch, np.float64))))


def variance_ratio(moving: np.ndarray | None, batch: np.ndarray | None) -> float:
    """The geometric mean over channels of moving variance / batch variance: 1 when the
    averages match the data, 0.1 when they are ten times too small (NaN when missing)."""
    if moving is None or batch is None or np.size(moving) != np.size(batch):
        return float("nan")
    m, b = np.asarray(moving, np.float64).ravel(), np.asarray(batch, np.float64).ravel()
    keep = (m > 0) & (b > 0) & np.isfinite(m) & np.isfinite(b)
    return float(np.exp(np.mean(np.log(m[keep] / b[keep])))) if keep.any() else float("nan")


def bn_gaps(store: RunStore, bn_slots: list[multiples.LayerSlot],
            variant: str) -> dict[str, np.ndarray]:
    """{"mean": (n,), "variance": (n,)}: ``mean_gap`` and ``variance_ratio`` of each
    batch-norm layer of ``bn_slots`` (NaN where ``variant`` lacks the layer or its
    statistics), from the newest probe."""
    out = {"mean": [], "variance": []}
    for slot in bn_slots:
        layer = slot.indices.get(variant)
        get = (lambda f: None) if layer is None else \
            (lambda f, k=layer: store.latest_layer_field(variant, k, f))
        out["mean"].append(mean_gap(get("bn_moving_mean"), get("bn_batch_mean")))
        out["variance"].append(variance_ratio(get("bn_moving_variance"),
                                              get("bn_batch_variance")))
    return {k: np.array(v, np.float64) for k, v in out.items()}


def build_gap_plots(panel, variants: list[str], bn_slots: list[multiples.LayerSlot],
                    row: int) -> Generator[None, None, tuple[dict, dict]]:
    """The heading at ``row`` of ``panel``'s page and the two gap plots side by side below
    it: moving vs batch mean, moving / batch variance (a generator: it yields after each
    plot). Returns ``(plots by "mean"/"variance", curves by (variant, which))``."""
    panel.add_heading(translate("WeightsPanel", "Batch normalization: how far the moving "
                                "averages (used at test time) are from the statistics of the "
                                "data now"), panel.variant_key(variants), row, colspan=2)
    sub = panel.graphics.addLayout(row=row + 1, col=0, colspan=2)
    ticks = [[(k, translate("WeightsPanel", "BN {n}").format(n=k + 1))
              for k in range(len(bn_slots))]]
    titles = {"mean": (translate("WeightsPanel",
                                 "Mean: |moving - batch|, average over channels"), False),
              "variance": (translate("WeightsPanel",
                                     "Variance: moving / batch (1 = matches)"), True)}
    plots, curves = {}, {}
    for col, (which, (title, log)) in enumerate(titles.items()):
        plot = panel.add_plot(0, col, title, "", "", log_y=log, layout=sub)
        plot.setMinimumHeight(panel.readable_height(GAP_MIN_HEIGHT))
        plot.setMouseEnabled(x=False, y=False)
        plot.getAxis("bottom").setTicks(ticks)
        plot.setXRange(-0.4, len(bn_slots) - 0.6, padding=0)
        if log:                                   # where the averages would be right
            plot.addItem(pg.InfiniteLine(0.0, angle=0, pen=panel.pen(
                style.RULE_COLOR, 1.0, style=pg.QtCore.Qt.PenStyle.DotLine)))
        plots[which] = plot
        for j, variant in enumerate(variants):
            color = style.variant_color(j)
            curve = plot.plot(pen=panel.pen(color, 1.8), symbol="o",
                              symbolSize=9 if panel.classroom else 7, symbolBrush=color,
                              symbolPen=None, connect="finite")
            curve.setZValue(len(variants) - j)
            curves[(variant, which)] = curve
        yield
    sub.layout.setColumnStretchFactor(0, 1)
    sub.layout.setColumnStretchFactor(1, 1)
    return plots, curves


def set_gaps(store: RunStore, bn_slots: list[multiples.LayerSlot], plots: dict,
             curves: dict) -> None:
    """Draw the newest gaps into the ``curves`` of ``build_gap_plots`` and fit its ``plots``'
    y ranges (the variance plot keeps 1 in view)."""
    gaps = {v: bn_gaps(store, bn_slots, v) for v in {key[0] for key in curves}}
    for (variant, which), curve in curves.items():
        y = gaps[variant][which]
        if not np.isfinite(y).any():    # the variant has no batch norm (yet): nothing
            y = y[:0]                   # to draw, and an all-NaN series warns in pyqtgraph
        curve.setData(np.arange(y.size, dtype=np.float64), y)
    for which, plot in plots.items():
        ys = np.concatenate([g[which] for g in gaps.values()]) if gaps else np.zeros(0)
        ys = ys[np.isfinite(ys)]
        if which == "variance":
            ys = np.log10(np.concatenate([ys[ys > 0], [1.0]]))   # 1 stays in view
            if ys.size:
                pad = max(0.1, 0.1 * (ys.max() - ys.min()))
                plot.setYRange(ys.min() - pad, ys.max() + pad, padding=0)
        elif ys.size:
            plot.setYRange(0.0, max(float(ys.max()), 1e-6) * 1.15, padding=0)
