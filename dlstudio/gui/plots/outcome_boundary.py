"""The 2-D part of the outcome panel: decision boundary and per-unit output maps.

A mixin of :class:`~dlstudio.gui.plots.outcome.OutcomePanel` (it uses the panel's providers,
data, controls and plot helpers).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from dlstudio.gui.plots import style
from dlstudio.gui.plots.outcome_math import (as_probabilities, border_lines, class_rgba,
                                             covering_rect, grid_over, padded_rect,
                                             same_scale)

#: grid points per side of the boundary image
GRID = 80
#: marker per class, so classes differ by shape as well as colour
CLASS_SYMBOLS = ("o", "s", "t", "d", "+", "star", "h", "p", "t1", "x")


class BoundaryViewsMixin:
    """Decision boundary per variant, or one hidden unit's output over the plane."""

    def _build_boundary(self, variants: list[str], view) -> None:
        self.items["plots"] = {}
        self.items["borders"] = {}
        unit_view = (view or "").startswith("unit")
        for j, variant in enumerate(variants):
            title = self.tr("Decision boundary") if not unit_view else self.tr("Unit output")
            if len(variants) > 1:
                title = style.variant_title(title, variant, self.store)
            plot = self.add_plot(1, j, title, "x1", "x2")
            plot.setAspectLocked(False)
            image = pg.ImageItem()
            if unit_view:
                image.setColorMap(pg.colormap.get("CET-D1"))
            plot.addItem(image)
            fg = style.theme_colors(self.palette())["foreground"]
            border = pg.PlotCurveItem(pen=pg.mkPen(fg, width=3 if self.classroom else 2))
            plot.addItem(border)     # the border stays visible where the colours are pale
            self.items["borders"][variant] = border
            points = pg.ScatterPlotItem(size=9 if self.classroom else 6,
                                        pen=pg.mkPen(fg, width=0.8))
            plot.addItem(points)
            self.items["plots"][variant] = (plot, image, points)
            plot.getViewBox().sigRangeChanged.connect(self._on_boundary_view_changed)
        self.items["unit_view"] = unit_view
        self.items["map_rect"] = None

    def _on_boundary_view_changed(self, *_) -> None:
        """A plot's view now reaches beyond the map (aspect lock on a resize, a pan, a
        zoom out): draw it again over the whole view."""
        shown = self.items.get("map_rect")
        if shown is not None and covering_rect(shown, self._boundary_views()) != shown:
            self.invalidate()

    def _boundary_views(self) -> list:
        return [plot.getViewBox().viewRange() for plot, _, _ in self.items["plots"].values()]

    def _refresh_hidden_layers(self, provider) -> None:
        if self._hidden_layers or not hasattr(provider, "layer_outputs"):
            return
        outs = provider.layer_outputs(self.x[:2].astype(np.float32))
        self._hidden_layers = [(i, name, int(np.prod(a.shape[1:])))
                               for i, (name, kind, a) in enumerate(outs[:-1])
                               if a is not None and a.ndim == 2]
        self._sync_controls()

    def _update_boundary(self) -> None:
        data = padded_rect(self.x)
        for plot, _, _ in self.items["plots"].values():
            if getattr(plot, "_dlstudio_rect", None) != data:
                # inputs of comparable range at one scale: rings are drawn round
                plot.setAspectLocked(same_scale(data), ratio=1.0)
                plot.setRange(xRange=(data[0], data[0] + data[2]),
                              yRange=(data[1], data[1] + data[3]), padding=0)
                plot._dlstudio_rect = data
        # the map fills what the plots show, more than the data where the aspect is locked
        grid, rect = grid_over(covering_rect(data, self._boundary_views()), GRID)
        self.items["map_rect"] = rect
        colors = list(style.CLASS_COLORS)
        brushes = [pg.mkBrush(colors[int(c) % len(colors)]) for c in self.y]
        symbols = [CLASS_SYMBOLS[int(c) % len(CLASS_SYMBOLS)] for c in self.y]
        for variant, (plot, image, points) in self.items["plots"].items():
            provider = self._provider(variant)
            if provider is None:
                continue
            self._refresh_hidden_layers(provider)
            if self.items["unit_view"]:
                layer = self._view()[1]
                out = provider.layer_outputs(grid.astype(np.float32))[layer][2]
                values = np.asarray(out, np.float64).reshape(len(grid), -1)
                unit = min(self.unit_box.value(), values.shape[1] - 1)
                field = values[:, unit].reshape(GRID, GRID)
                top = float(np.abs(field).max()) or 1.0
                lo = -top if field.min() < 0 else 0.0
                image.setImage(field.T, levels=(lo, top), autoLevels=False)
            else:
                probs = as_probabilities(provider(grid.astype(np.float32)))
                image.setImage(class_rgba(probs, colors, GRID).transpose(1, 0, 2))
                xs, ys = border_lines(probs, GRID, rect)
                self.items["borders"][variant].setData(xs, ys, connect="finite")
            image.setRect(QRectF(*rect))
            points.setData(self.x[:, 0], self.x[:, 1], brush=brushes, symbol=symbols)
