"""Gradients: are they vanishing, exploding, or just right?

Two gradients can be shown, chosen above the plots:

- **signal reaching each layer (dL/dz)** (the default): the gradient of the loss with respect
  to a layer's pre-activations, what back-propagation delivers to the layer and what the
  vanishing-gradient papers plot;
- **weight gradients (dL/dW)**: what the optimizer uses, the layer's input times dL/dz, which
  can stay level across layers while dL/dz vanishes (Glorot and Bengio 2010).

Either is shown per value (RMS, the default: it does not grow with the layer's size, so wide
and narrow layers compare fairly) or as a norm over the whole array; the axis label says which
(the controls that choose: ``plots/gradient_choice.py``).

- The chosen gradient per layer over time on a log axis (one colour per layer; in a comparison
  colours that no variant has, since the histograms below show the variants in theirs) with
  shaded bands: *vanishing* below 1e-5 and *exploding* above 1e2, named in the right margin
  (no name box covers a curve; ``plots/gradient_bands.py``); the status line also judges the
  *ratio* between the first and the last layer, which catches vanishing gradients in networks
  whose norms are all small.
- Update-to-weight ratio ``||dW|| / ||W||`` per layer over time, with the rule-of-thumb line
  at ~1e-3 (much smaller: learning barely moves the weights; much larger: unstable).
- The current gradient histogram of every layer.

A log axis cannot show 0 or infinity, yet a gradient of exactly 0 is the loudest symptom there
is (dead units, saturated sigmoids at a huge learning rate). Such points are drawn as markers
at the plot's bottom edge (0, a downward triangle) or top edge (infinite, an upward one) in
the layer's colour (``plots/edge_markers.py``), and the legend entry of a layer whose newest
value is 0 reads "name = 0". A series with only a few points also marks each point
(``style.set_series``).

In a comparison each variant gets its own pair of plots side by side (same axes, same layer
colours, one legend of the layers), and the histograms' heading says which colour is which
variant (no legend over the histograms).
Run alone: ``python -m dlstudio.gui.plots.gradients [--variants 2]``.
"""
from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtWidgets import QWidget

from dlstudio.gui.plots import multiples, ranges, style
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.edge_markers import add_edge_markers, mark_edges, place_edge_markers
from dlstudio.gui.plots.gradient_bands import GOOD_UPDATE_RATIO, BandLabels, add_bands
from dlstudio.gui.plots.gradient_choice import GradientChoice
from dlstudio.gui.run_store import RunStore

#: least heights (pixels, grown in classroom mode) of the per-layer signal plot, the
#: update/weight plot and each histogram: a shorter window scrolls the page instead of
#: squeezing ten lines over ten decades into 70 pixels (walker6 W6-3, lesson 03 step 2)
SIGNAL_MIN_HEIGHT = 230
RATIO_MIN_HEIGHT = 150
HIST_MIN_HEIGHT = 100
#: redraw work of one curve over time, in plot items (a long line on a gridded plot costs
#: about two histograms' curves): the norm and ratio plots are repainted on separate ticks
SERIES_ITEMS = 2


def layers_with_series(store: RunStore, name: str) -> list[multiples.LayerSlot]:
    """Layer slots (see ``multiples.layer_slots``) with at least one finite point of series
    ``name`` in some variant."""
    return multiples.series_slots(store, name)


class GradientsPanel(BasePanel):
    """Per-layer gradient norms, update ratios and gradient histograms."""

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.norm_curves: dict[tuple[str, int], pg.PlotDataItem] = {}
        self.ratio_curves: dict[tuple[str, int], pg.PlotDataItem] = {}
        self.hist_curves: dict[tuple[str, int], pg.PlotDataItem] = {}
        self.norm_plots: list[pg.PlotItem] = []
        self.ratio_plots: list[pg.PlotItem] = []
        #: (series name, variant, layer) -> [zeros' marker item, infinities' marker item,
        #: their plot, x of zeros, x of infinities]
        self.edge_markers: dict[tuple[str, str, int], list] = {}
        #: the bands' names and the rule of thumb in the right margins
        self._margins = BandLabels()
        #: slot position -> (layer name, the curve its legend entry shows)
        self._legend_names: dict[int, tuple[str, pg.PlotDataItem]] = {}
        #: (variant, layer) -> the slot position of that variant's layer
        self._positions: dict[tuple[str, int], int] = {}
        self._slots: dict[str, list[multiples.LayerSlot]] = {"grad": [], "ratio": [], "hist": []}
        #: the series the norm plot shows (``QUANTITIES``; older runs without dL/dz fall
        #: back to the weight gradient's norm)
        self.shown = "signal_rms"
        #: the controls choosing it (``plots/gradient_choice.py``); the note on its own
        #: line, below the controls
        self.choice = GradientChoice(self)
        self.choice.place(self.controls, self.layout(), 1)
        self.choice.sigChanged.connect(self.rebuild)

    def retranslate_controls(self) -> None:
        self.choice.retranslate()

    def set_quantity(self, name: str) -> None:
        """Show series ``name`` (one of ``gradient_choice.QUANTITIES``' values)."""
        self.choice.choose(name)

    def _shown_series(self) -> str:
        chosen = self.choice.chosen()
        if chosen != "grad_norm" and not layers_with_series(self.store, chosen):
            return "grad_norm"         # a run without dL/dz or RMS figures (older files)
        return chosen

    def placeholder_text(self) -> str:
        return self.tr("Start training to see how large each layer's gradients are.")

    def _has_data(self) -> bool:
        return bool(layers_with_series(self.store, "grad_norm"))

    def _structure(self) -> tuple:
        self.shown = self._shown_series()
        grad = layers_with_series(self.store, self.shown)
        # update ratios arrive from the second probe on (they need a step to compare with),
        # for the layers that have gradients: the plot is laid out for them from the start,
        # so that their arrival does not rebuild the page while training runs
        ratio = layers_with_series(self.store, "update_ratio") or grad
        hist = multiples.layers_with(self.store, "grad_hist")
        self._slots = {"grad": grad, "ratio": ratio, "hist": hist}
        return (tuple(self.store.variants()), multiples.structure_key(grad),
                multiples.structure_key(ratio), multiples.structure_key(hist), self.classroom,
                self.shown)

    builds_ahead = True

    def _build(self, key: tuple) -> Iterator[None]:
        """A generator: each ``yield`` ends a piece of the build (``BasePanel.build_ahead``)."""
        variants = list(key[0])
        grad_slots, ratio_slots = self._slots["grad"], self._slots["ratio"]
        hist_slots = self._slots["hist"]
        n = len(variants)
        single = n == 1
        self.norm_curves, self.ratio_curves, self.norm_plots, self.ratio_plots = {}, {}, [], []
        self.edge_markers, self._legend_names, self._positions = {}, {}, {}
        self._margins = BandLabels()
        drawn = {slot.position for slot in grad_slots}
        colors = multiples.slot_colors(
            grad_slots + [slot for slot in ratio_slots if slot.position not in drawn], n)
        for j, variant in enumerate(variants):
            title, y_label = self.choice.titles(self.shown)
            ratio_title = self.tr("Update / weight ratio")
            if not single:
                title = style.variant_title(title, variant, self.store)
                ratio_title = style.variant_title(ratio_title, variant, self.store)
            plot = self.add_plot(0, j, title, self.tr("step"), y_label, log_y=True,
                                 over_steps=True)
            plot.setMinimumHeight(self.readable_height(SIGNAL_MIN_HEIGHT))
            add_bands(plot)
            # each variant draws its own layers, from its own indices
            for slot in grad_slots:
                if variant not in slot.indices:
                    continue
                layer = slot.indices[variant]
                color = colors[slot.position]
                curve = plot.plot(pen=self.pen(color, 1.8))
                self.norm_curves[(variant, layer)] = curve
                self._positions[(variant, layer)] = slot.position
                self._legend_names.setdefault(slot.position, (slot.label(), curve))
                self._add_edge_markers(plot, self.shown, variant, layer, color)
                yield
            self.norm_plots.append(plot)
            if ratio_slots:
                rplot = self.add_plot(2, j, ratio_title,
                                      self.tr("step"), self.tr("ratio (log)"), log_y=True,
                                      over_steps=True)
                rplot.setMinimumHeight(self.readable_height(RATIO_MIN_HEIGHT))
                rule = pg.InfiniteLine(pos=math.log10(GOOD_UPDATE_RATIO), angle=0,
                                       pen=self.pen(style.RULE_COLOR, 1.2,
                                                    style=pg.QtCore.Qt.PenStyle.DashLine))
                rplot.addItem(rule, ignoreBounds=True)
                for slot in ratio_slots:
                    if variant not in slot.indices:
                        continue
                    layer = slot.indices[variant]
                    color = colors[slot.position]
                    self.ratio_curves[(variant, layer)] = rplot.plot(pen=self.pen(color, 1.6))
                    self._add_edge_markers(rplot, "update_ratio", variant, layer, color)
                rplot.setXLink(plot)
                self.ratio_plots.append(rplot)
                yield
        self._margins.label_margins(
            self.norm_plots[-1], self.ratio_plots[-1] if self.ratio_plots else None,
            self.tr("rule of thumb ~10⁻³") if self.ratio_plots else None, self.classroom)
        # one legend of the layers under the signal plots, across the page: a legend column
        # beside them left the plot ~160 pixels of a 1366-pixel window (walker18 W18-2)
        self.legend = self.add_row_legend(1, self.norm_plots)
        self._legend_names = dict(sorted(self._legend_names.items()))
        for name, curve in self._legend_names.values():
            self.legend.addItem(curve, name)
        for other in self.norm_plots[1:]:
            other.setYLink(self.norm_plots[0])
            other.setXLink(self.norm_plots[0])
        for other in self.ratio_plots[1:]:
            other.setYLink(self.ratio_plots[0])
        for plot in self.norm_plots + self.ratio_plots:
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            plot.getViewBox().sigYRangeChanged.connect(self._on_view_range_changed)
        row = 3 if ratio_slots else 2
        layout = self.graphics.ci.layout
        layout.setRowStretchFactor(0, 3)
        if ratio_slots:
            layout.setRowStretchFactor(2, 2)
        self.hist_curves = {}
        if hist_slots:
            # dL/dW whichever gradient the plots above show; in a comparison the heading
            # says which colour is which variant (a legend would sit on the histograms)
            self.add_step_heading(
                lambda step: self.tr("Weight-gradient (dL/dW) histograms now (share of "
                                     "values per bin)")
                if step is None else self.tr("Weight-gradient (dL/dW) histograms at step "
                                             "{step} (share of values per bin)").format(
                    step=f"{step:,}"),
                multiples.hist_key(self, variants), row, colspan=n)
            sub = self.graphics.addLayout(row=row + 1, col=0, colspan=n)
            layout.setRowStretchFactor(row + 1, 2)
            self.hist_curves = yield from multiples.build_grid(
                self, sub, hist_slots, variants, self.tr("gradient"),
                min_height=self.readable_height(HIST_MIN_HEIGHT))
        least = self.readable_height(SIGNAL_MIN_HEIGHT)
        if ratio_slots:
            least += self.readable_height(RATIO_MIN_HEIGHT)
        if hist_slots:
            least += self.heading_height() + multiples.grid_rows(hist_slots) * \
                self.readable_height(HIST_MIN_HEIGHT)
        self.set_canvas_minimum_height(least)
        # the legend's rows are known once it is laid out in the page's width: the page's
        # least height counts them then (without, the histograms ran off the page's foot
        # in classroom mode: walker19 W19-R1)
        # a bound method, not a lambda holding the page: Python's collector cannot see a
        # connection, so page -> legend -> connection -> lambda -> page kept every gradients
        # page of the test session alive, with their plots' menus (the suite's time doubled)
        self._least_height = least
        self.legend.sigFitted.connect(self._on_legend_fitted)

    def _on_legend_fitted(self) -> None:
        """The page's least height anew, while the fitted legend is still this page's (a
        fit arrives a tick late: the page may have been built anew or closed since)."""
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.graphics)
                and shiboken6.isValid(self.graphics.ci)) or self.sender() is not self.legend:
            return
        self.set_canvas_minimum_height(self._least_height)

    @property
    def band_label_axis(self) -> pg.AxisItem | None:
        """The right axis naming the signal plots' bands (in the margin, outside every plot
        area; None: not built)."""
        return self._margins.band_axis

    @property
    def rule_label_axis(self) -> pg.AxisItem | None:
        """The right axis naming the update ratios' rule of thumb (None: not built)."""
        return self._margins.rule_axis

    def _add_edge_markers(self, plot: pg.PlotItem, name: str, variant: str, layer: int,
                          color: str) -> None:
        """Markers, in the layer's ``color``, for the values of series ``name`` a log axis
        cannot show (0, infinite)."""
        self.edge_markers[(name, variant, layer)] = add_edge_markers(plot, color,
                                                                     self.classroom)

    def _on_view_range_changed(self, *_) -> None:
        place_edge_markers(self.edge_markers.values())
        self._margins.place(self.norm_plots[-1] if self.norm_plots else None)

    def _update(self) -> None:
        for _, _, job in self._jobs(True):
            job()

    def _jobs(self, layers_changed: bool) -> list:
        """One piece per plot of norms or ratios, one per histogram; all from layer probes."""
        if not layers_changed:
            return []
        variants = list(self.store.variants())
        jobs = []
        for variant in variants:
            curves = {k: c for k, c in self.norm_curves.items() if k[0] == variant}
            if curves:
                jobs.append((f"norm:{variant}", SERIES_ITEMS * len(curves),
                             lambda c=curves: self._set_series(c, self.shown)))
        if self.norm_plots:
            jobs.append(("norm-range", 1, self._norm_range))
        for variant in variants:
            curves = {k: c for k, c in self.ratio_curves.items() if k[0] == variant}
            if curves:
                jobs.append((f"ratio:{variant}", SERIES_ITEMS * len(curves),
                             lambda c=curves: self._set_series(c, "update_ratio")))
        if self.ratio_plots:
            jobs.append(("ratio-range", 1, self._ratio_range))
        jobs += multiples.grid_jobs(self.store, self.hist_curves, "grad_hist")
        return jobs

    def _set_series(self, curves: dict, name: str) -> None:
        for (variant, layer), curve in curves.items():
            x, y = self.store.series(variant, name, layer=layer, finite=False)
            measured = ~np.isnan(y)
            x, y = x[measured], y[measured]
            keep = np.isfinite(y) & (y > 0)
            style.set_series(curve, x[keep], y[keep], classroom=self.classroom)
            edge = self.edge_markers.get((name, variant, layer))
            if edge is not None:
                mark_edges(edge, x, y)
        if name == self.shown:
            self._label_zero_layers()
        place_edge_markers(self.edge_markers.values())

    def zero_layers(self) -> dict[int, list[str]]:
        """Layer -> variants whose newest gradient norm is exactly 0 (the layer as its slot
        position, which in a single run is the layer's index)."""
        out: dict[int, list[str]] = {}
        for (variant, layer) in self.norm_curves:
            _, y = self.store.series(variant, self.shown, layer=layer, finite=False)
            y = y[~np.isnan(y)]
            if y.size and y[-1] == 0:
                out.setdefault(self._positions.get((variant, layer), layer), []).append(variant)
        return out

    def _label_zero_layers(self) -> None:
        """Legend entries of layers whose newest gradient is 0 say so ("dense_1 = 0")."""
        legend = getattr(self, "legend", None)
        if legend is None or not self.norm_curves:
            return
        zero = self.zero_layers()
        single = len({v for v, _ in self.norm_curves}) == 1
        for layer, (name, curve) in self._legend_names.items():
            text = name
            if layer in zero:
                where = "" if single else " (" + ", ".join(
                    style.variant_label(v, self.store) for v in zero[layer]) + ")"
                text = f"{name} = 0{where}"
            label = legend.getLabel(curve)
            if label is not None and label.text != text:
                label.setText(text)

    def _norm_range(self) -> None:
        curves = list(self.norm_curves.values())
        edges = [x for (name, *_), m in self.edge_markers.items() if name == self.shown
                 for x in m[3:5]]
        ranges.apply(self.norm_plots[0], [c.xData for c in curves] + edges,
                      [c.yData for c in curves], log_y=True, planned_x=self.planned_steps())

    def _ratio_range(self) -> None:
        """Fit the ratios, and always the rule of thumb's line: the one thing that tells
        whether they are healthy (W11-22: at ratios of 1e-5..1e-4 it was off the axis)."""
        ys = [c.yData for c in self.ratio_curves.values() if c.yData is not None]
        if any(np.size(y) for y in ys):
            ys.append(np.array([GOOD_UPDATE_RATIO]))
        ranges.apply(self.ratio_plots[0], [], ys, log_y=True, fit_x=False)


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(GradientsPanel))
