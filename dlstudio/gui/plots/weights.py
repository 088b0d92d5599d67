"""Weights: their distribution per layer, their size over time, batch-norm running statistics.

- Weight histograms now, one small plot per layer (variants overlaid in a comparison); each
  title gives the share of the layer's weights below ``SMALL_WEIGHT`` in size, since at the
  bins' width a spike of exact zeros (L1) and one of merely small weights (L2) look alike.
  After a divergence the heading says that they are the blown-up weights and which step's
  weights the network kept (``kept_weights_words``): the run note said "the network keeps
  the weights it had after step 1" above histograms of ±10⁷ (walker25 W25-4).
- Weight norm per layer over time (colour per layer; in a comparison line style per variant
  and layer colours that no variant has, since the histograms and batch-norm plots show the
  variants in theirs: the title says so).
- With batch normalization, first: how far each batch-norm layer's moving averages (what it
  uses at test time) are from the statistics of the data now (the probe batch's mean and
  variance of the layer's input), one line per variant: a momentum too high for the run's
  length leaves them far off (``plots/bn_gaps.py``). At the end, the moving mean and variance of each channel.

The page scrolls when the window cannot give every plot a readable height.

Run alone: ``python -m dlstudio.gui.plots.weights [--variants 2]``.
"""
from __future__ import annotations

import html
from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from dlstudio.gui.i18n import sentences
from dlstudio.gui.plots import labels, multiples, ranges, style
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.bn_gaps import GAP_MIN_HEIGHT, build_gap_plots, set_gaps
from dlstudio.gui.plots.gradients import SERIES_ITEMS, layers_with_series
from dlstudio.gui.run_store import RunStore
from dlstudio.training.telemetry import SMALL_WEIGHT

#: batch-norm statistics plots per row (five in one row were ~50 px tall and unreadable)
BN_COLUMNS = 3
#: preferred height of one batch-norm plot, in pixels
BN_PLOT_HEIGHT = 200
#: least heights (pixels) of a weight histogram, the norm plot, a batch-norm plot
HIST_MIN_HEIGHT = 100
#: least height (pixels) of a weight histogram's bars: its title may take three lines
#: (each variant's share of small weights), which the plot adds to it (walker21 W21-5)
HIST_DATA_HEIGHT = 60
NORM_MIN_HEIGHT = 160
BN_MIN_HEIGHT = 140


class WeightsPanel(BasePanel):
    """Per-layer weight histograms, weight norms over time, batch-norm moving statistics."""

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.hist_curves: dict[tuple[str, int], pg.PlotDataItem] = {}
        self.norm_curves: dict[tuple[str, int], pg.PlotDataItem] = {}
        self.bn_curves: dict[tuple[str, int, str], pg.PlotDataItem] = {}
        self._slots: dict[str, list[multiples.LayerSlot]] = {"hist": [], "norm": [], "bn": []}
        self.bn_legend: pg.LegendItem | None = None
        #: the two gap plots ("mean", "variance") and their curves by (variant, which)
        self.gap_plots: dict[str, pg.PlotItem] = {}
        self.gap_curves: dict[tuple[str, str], pg.PlotDataItem] = {}

    def placeholder_text(self) -> str:
        return self.tr("Start training to see how the weights of each layer change.")

    def _has_data(self) -> bool:
        return bool(multiples.layers_with(self.store, "weight_hist")
                    or layers_with_series(self.store, "weight_norm"))

    def _structure(self) -> tuple:
        self._slots = {"hist": multiples.layers_with(self.store, "weight_hist"),
                       "norm": layers_with_series(self.store, "weight_norm"),
                       "bn": multiples.layers_with(self.store, "bn_moving_mean")}
        return (tuple(self.store.variants()),
                *(multiples.structure_key(self._slots[k]) for k in ("hist", "norm", "bn")),
                self.classroom, self.kept_weights_words())

    def kept_weights_words(self) -> str:
        """After a run diverged, while the page shows a moment past the weights the network
        kept (the trainer puts back those of ``extra["last_good_step"]``): a sentence saying
        that the histograms show the blown-up weights and which step's the network keeps;
        "" otherwise (a variant's name in front in a comparison)."""
        variants = self.store.variants()
        parts = []
        for variant in variants:
            end, shown = self.store.latest(variant, live=True), self.store.latest(variant)
            if end is None or shown is None or end.event != "diverged":
                continue
            kept = end.extra.get("last_good_step")
            if kept is None or shown.step <= kept:
                continue
            if kept <= 0:     # as the run note says it ("keeps its initial weights")
                text = self.tr("These are the blown-up weights of step {shown}; the network "
                               "keeps its initial weights (drag the timeline to step 0 to see "
                               "them).").format(shown=f"{shown.step:,}")
            else:
                text = self.tr("These are the blown-up weights of step {shown}; the network "
                               "keeps those of step {kept} (drag the timeline to step {kept} "
                               "to see them).").format(shown=f"{shown.step:,}",
                                                       kept=f"{int(kept):,}")
            if len(variants) > 1:
                text = f"{style.variant_label(variant, self.store)}: {text}"
            parts.append(text)
        return sentences(*parts)

    builds_ahead = True

    def _build(self, key: tuple) -> Iterator[None]:
        """A generator: each ``yield`` ends a piece of the build (``BasePanel.build_ahead``)."""
        variants = list(key[0])
        hist_layers, norm_layers = self._slots["hist"], self._slots["norm"]
        bn_layers = self._slots["bn"]
        layout = self.graphics.ci.layout
        row = 0
        self.hist_curves, self.norm_curves, self.bn_curves = {}, {}, {}
        self.gap_plots, self.gap_curves = {}, {}
        self.bn_legend = None
        heading = self.heading_height()
        hist_h = self.readable_height(HIST_MIN_HEIGHT)
        least = 0.0                                 # the page's least readable height
        if bn_layers:
            self.gap_plots, self.gap_curves = yield from build_gap_plots(self, variants,
                                                                         bn_layers, row)
            row += 2
            least += self.readable_height(GAP_MIN_HEIGHT) + heading
        if hist_layers:
            kept = key[-1]

            def words(step: int | None) -> str:
                # the histograms are those of the step the timeline shows (walker34)
                if step is None:
                    text = self.tr("Weight histograms now (share of weights per bin; in each "
                                   "title's brackets: the share with |w| < {threshold})")
                else:
                    text = self.tr("Weight histograms at step {step} (share of weights per "
                                   "bin; in each title's brackets: the share with |w| < "
                                   "{threshold})")
                text = html.escape(text.format(threshold=f"{SMALL_WEIGHT:g}",
                                               step=f"{step or 0:,}"), quote=False)
                if kept:            # the blown-up weights: a line of its own, in bold
                    text += f"<br><b>{html.escape(kept, quote=False)}</b>"
                return text

            self.add_step_heading(words, multiples.hist_key(self, variants), row, colspan=2)
            sub = self.graphics.addLayout(row=row + 1, col=0, colspan=2)
            self.hist_curves = yield from multiples.build_grid(self, sub, hist_layers, variants,
                                                     self.tr("weight"),
                                                     min_data_height=self.readable_height(
                                                         HIST_DATA_HEIGHT))
            for curve in self.hist_curves.values():
                # the shares' line may take a third: zh's full-width brackets cut it to
                # "（A 1%, B 1…" five plots a row in classroom mode (walker16 W16-8)
                title = curve.slot_plot.titleLabel
                if isinstance(title, labels.FittingLabelItem):
                    title.set_max_lines(3)
            layout.setRowStretchFactor(row + 1, 2 if bn_layers else 3)
            row += 2
            least += -(-len(hist_layers) // 5) * hist_h + heading
        if norm_layers:
            title = self.tr("Weight norm per layer")
            if len(variants) > 1:
                title = self.norm_title(variants)
            plot = self.add_plot(row, 0, title, self.tr("step"), self.tr("||W||"),
                                 over_steps=True)
            self.norm_plot = plot
            plot.setMinimumHeight(self.readable_height(NORM_MIN_HEIGHT))
            least += self.readable_height(NORM_MIN_HEIGHT)
            legend = self.add_side_legend(row, 1)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            named = set()
            colors = multiples.slot_colors(norm_layers, len(variants))
            for j, variant in enumerate(variants):
                line_style = style.LINE_STYLES[j % len(style.LINE_STYLES)]
                for slot in norm_layers:
                    if variant not in slot.indices:
                        continue
                    curve = plot.plot(pen=self.pen(colors[slot.position], 1.8,
                                                   style=line_style))
                    self.norm_curves[(variant, slot.indices[variant])] = curve
                    if slot.position not in named:
                        named.add(slot.position)
                        legend.addItem(curve, slot.label())
            if bn_layers and len(named) > 3:
                # two columns halve the legend's height, which sets the plot's least height:
                # the batch-norm plots below need that room
                legend.setColumnCount(2)
            layout.setRowStretchFactor(row, 2 if bn_layers else 3)
            row += 1
            yield
        if bn_layers:
            self.add_label(self.tr("Batch normalization: moving mean (dots) and moving "
                                   "variance (squares) per channel"), row, 0, colspan=2)
            sub = self.graphics.addLayout(row=row + 1, col=0, colspan=2)
            cols = min(BN_COLUMNS, len(bn_layers))
            rows = -(-len(bn_layers) // cols)
            for k, slot in enumerate(bn_layers):
                r, c = divmod(k, cols)
                last_row = k + cols >= len(bn_layers)     # the axis is named once, below
                plot = self.add_plot(r, c, self.bn_title(k, slot),
                                     self.tr("channel") if last_row else "",
                                     self.tr("value") if c == 0 else "", layout=sub)
                # ask for room to read the channels' values; the crowded page shrinks the
                # histograms above (whose shape is what matters) first
                plot.setPreferredHeight(BN_PLOT_HEIGHT)
                plot.setMinimumHeight(self.readable_height(BN_MIN_HEIGHT))
                for j, variant in enumerate(variants):
                    if variant not in slot.indices:
                        continue
                    layer = slot.indices[variant]
                    color = style.variant_color(j)
                    size = 8 if self.classroom else 5
                    self.bn_curves[(variant, layer, "mean")] = plot.plot(
                        pen=self.pen(color, 1.0, alpha=120), symbol="o", symbolSize=size,
                        symbolBrush=color, symbolPen=None,
                        name=style.variant_label(variant, self.store))
                    self.bn_curves[(variant, layer, "variance")] = plot.plot(
                        pen=self.pen(color, 1.0, alpha=120,
                                     style=pg.QtCore.Qt.PenStyle.DashLine),
                        symbol="s", symbolSize=size, symbolBrush=None,
                        symbolPen=self.pen(color, 1.2))
                    # the first variant is drawn on top: a later one never hides it
                    for what in ("mean", "variance"):
                        self.bn_curves[(variant, layer, what)].setZValue(len(variants) - j)
                    if k == 0 and len(variants) > 1:
                        if self.bn_legend is None:      # beside the plots: it hides no data
                            self.bn_legend = self.add_side_legend(0, cols, rowspan=rows,
                                                                  layout=sub)
                        self.bn_legend.addItem(self.bn_curves[(variant, layer, "mean")],
                                               style.variant_label(variant, self.store))
                yield
            for c in range(cols):
                sub.layout.setColumnStretchFactor(c, 10)
            layout.setRowStretchFactor(row + 1, 3 * rows)
            least += rows * self.readable_height(BN_MIN_HEIGHT) + heading
        else:
            self.add_label(self.tr("This network has no batch-normalization layer; add one "
                                   "to see its running mean and variance here."), row, 0,
                           colspan=2)
        self.set_canvas_minimum_height(int(least))

    def _set_gaps(self) -> None:
        set_gaps(self.store, self._slots["bn"], self.gap_plots, self.gap_curves)

    def bn_title(self, k: int, slot: multiples.LayerSlot) -> str:
        """"BN 2 (after dense_1)": the k-th batch-norm layer and the layer it follows (the
        default names "batch_normalization_1" all shorten to the same "batch_normaliz…")."""
        variant, index = next(iter(slot.indices.items()))
        names = self.store.layer_names(variant)
        if 0 < index <= len(names):
            return self.tr("BN {n} (after {layer})").format(n=k + 1, layer=names[index - 1])
        return self.tr("BN {n}").format(n=k + 1)

    def _update(self) -> None:
        for _, _, job in self._jobs(True):
            job()

    def _jobs(self, layers_changed: bool) -> list:
        """One piece per histogram, the norm plot, one per batch-norm plot; all from probes."""
        if not layers_changed:
            return []
        jobs = multiples.grid_jobs(self.store, self.hist_curves, "weight_hist")
        if self.hist_curves:
            jobs.append(("small", len(self.hist_curves), self._set_small_shares))
        if self.gap_curves:
            jobs.append(("gaps", len(self.gap_curves), self._set_gaps))
        if self.norm_curves:
            jobs.append(("norms", SERIES_ITEMS * len(self.norm_curves) + 1, self._set_norms))
        by_layer: dict[int, dict] = {}
        for key, curve in self.bn_curves.items():
            by_layer.setdefault(key[1], {})[key] = curve
        for layer, curves in by_layer.items():
            jobs.append((f"bn:{layer}", multiples.HIST_ITEMS * len(curves),
                         lambda c=curves: self._set_bn(c)))
        return jobs

    def small_share_title(self, name: str, shares: list[tuple[str, float]]) -> str:
        """A histogram's title: the layer ``name`` and, in brackets, per variant the share
        of its weights below ``SMALL_WEIGHT`` in size ("dense (A 1%, B 72%)"; the heading
        says what the share is, so the numbers fit five plots a row in classroom mode;
        a single run without the letter); just the name when none was measured."""
        shown = [(v, s) for v, s in shares if s is not None and np.isfinite(s)]
        if not shown:
            return name
        single = len(self.store.variants()) < 2
        values = ", ".join(f"{s:.0%}" if single else f"{v} {s:.0%}" for v, s in shown)
        text = self.tr("{layer} ({shares})").format(layer=name, shares=values)
        return html.escape(text, quote=False)        # a plot title is HTML

    def _set_small_shares(self) -> None:
        by_plot: dict[int, tuple] = {}
        for (variant, layer), curve in self.hist_curves.items():
            plot = getattr(curve, "slot_plot", None)
            if plot is None:
                continue
            share = self.store.latest_layer_field(variant, layer, "weight_small_fraction")
            by_plot.setdefault(id(plot), (plot, curve.slot_name, []))[2].append(
                (variant, share))
        for plot, name, shares in by_plot.values():
            title = self.small_share_title(name, shares)
            if getattr(plot.titleLabel, "text", None) != title:     # relayout only on change
                plot.setTitle(title)

    def _set_norms(self) -> None:
        for (variant, layer), curve in self.norm_curves.items():
            style.set_series(curve, *self.store.series(variant, "weight_norm", layer=layer),
                              classroom=self.classroom)
        curves = list(self.norm_curves.values())
        ranges.apply(self.norm_plot, [c.xData for c in curves], [c.yData for c in curves],
                      planned_x=self.planned_steps())

    def norm_title(self, variants: list[str]) -> str:
        """The weight-norm plot's title in a comparison of ``variants``: "Weight norm per
        layer (colour: layer; A: solid, B: dashed)", each piece a translatable pattern
        (walker29: zh read "各层权重范数 (颜色：层; A: 实线, B: 虚线)", half-width marks in a
        Chinese title)."""
        lines = (self.tr("solid"), self.tr("dashed"), self.tr("dotted"), self.tr("dash-dot"),
                 self.tr("dash-dot-dot"))
        styles = self.tr(", ").join(
            self.tr("{variant}: {line}").format(variant=style.variant_label(v, self.store),
                                                line=line)
            for v, line in zip(variants, lines))
        return self.tr("Weight norm per layer (colour: layer; {styles})").format(styles=styles)

    def _set_bn(self, curves: dict) -> None:
        for (variant, layer, what), curve in curves.items():
            field = "bn_moving_mean" if what == "mean" else "bn_moving_variance"
            values = self.store.latest_layer_field(variant, layer, field)
            if values is None:
                curve.setData([], [])
                continue
            values = np.asarray(values, np.float64).ravel()
            curve.setData(np.arange(values.size), values)


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(WeightsPanel))
