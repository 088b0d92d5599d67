"""Small multiples of per-layer histograms (gradients, activations, weights).

One small plot per layer, wrapped into rows; in a comparison the variants are overlaid in each
plot in their own colours, in a single run each layer keeps its layer colour. Histograms are
drawn as filled steps of the *share* of values per bin, so variants with different probe sizes
compare fairly.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots import ranges, style
from dlstudio.training.telemetry import Histogram


def layers_with(store, field: str) -> list[int]:
    """Indices of layers (of any variant) that reported ``field`` (a histogram name)."""
    found = set()
    for variant in store.variants():
        for i in range(len(store.layer_names(variant))):
            if store.latest_layer_field(variant, i, field) is not None:
                found.add(i)
    return sorted(found)


def layer_name(store, index: int) -> str:
    for variant in store.variants():
        names = store.layer_names(variant)
        if index < len(names):
            return names[index]
    return f"layer {index}"


def build_grid(panel, layout: pg.GraphicsLayout, layers: list[int], variants: list[str],
               x_label: str, max_cols: int = 5) -> dict[tuple[str, int], pg.PlotDataItem]:
    """Create one plot per layer in ``layout``; return ``{(variant, layer): curve}``."""
    curves = {}
    cols = max(1, min(max_cols, len(layers)))
    single = len(variants) == 1
    for k, layer in enumerate(layers):
        row, col = divmod(k, cols)
        plot = panel.add_plot(row, col, layer_name(panel.store, layer), x_label, "",
                              layout=layout, grid=False, legend=(k == 0 and not single))
        plot.hideAxis("left")                 # shares per bin: the shape is what matters
        plot.getAxis("bottom").enableAutoSIPrefix(True)   # "(x1e-09)" beats unlabelled ticks
        plot.setMouseEnabled(x=True, y=False)
        for j, variant in enumerate(variants):
            color = style.layer_color(layer) if single else style.variant_color(j)
            curve = plot.plot(stepMode="center", fillLevel=0,
                              fillOutline=True, brush=style.brush(color, 70 if single else 50),
                              pen=panel.pen(color, 1.4),
                              name=None if single or k else style.variant_label(variant))
            curves[(variant, layer)] = curve
    for col in range(cols):
        layout.layout.setColumnStretchFactor(col, 1)
    return curves


def hist_xy(hist: Histogram | None) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges (B+1,) and shares (B,) of a histogram; empty arrays when there is none."""
    if hist is None or len(hist.counts) == 0:
        return np.array([0.0, 1.0]), np.zeros(1)
    counts = np.asarray(hist.counts, np.float64)
    total = counts.sum()
    edges = np.asarray(hist.edges, np.float64)
    if not np.all(np.isfinite(edges)):
        return np.array([0.0, 1.0]), np.zeros(1)
    return edges, counts / total if total > 0 else counts


def update_grid(store, curves: dict[tuple[str, int], pg.PlotDataItem], field: str) -> None:
    """Push the newest histograms into ``curves``; the value axes move only in steps (a
    new x range lays out and repaints the axis, which costs more than the curve)."""
    views: dict[int, tuple] = {}
    for (variant, layer), curve in curves.items():
        edges, share = hist_xy(store.latest_layer_field(variant, layer, field))
        curve.setData(edges, share)
        view = curve.getViewBox()
        if view is not None:
            views.setdefault(id(view), (view, []))[1].append(edges)
    for view, edges in views.values():
        ranges.apply(view, edges, [], fit_y=False, x_is_time=False)


#: work of redrawing one histogram, in plot items: its plot also rescales and relabels its
#: own axes at every new probe, which costs about as much as drawing two more curves
HIST_ITEMS = 3


def grid_jobs(store, curves: dict[tuple[str, int], pg.PlotDataItem], field: str) -> list:
    """Redraw pieces of a grid (see ``BasePanel._jobs``): one per layer plot, covering the
    curves of every variant in it (``HIST_ITEMS`` items per curve)."""
    by_layer: dict[int, dict] = {}
    for (variant, layer), curve in curves.items():
        by_layer.setdefault(layer, {})[(variant, layer)] = curve
    return [(f"{field}:{layer}", HIST_ITEMS * len(group),
             lambda g=group: update_grid(store, g, field))
            for layer, group in by_layer.items()]
