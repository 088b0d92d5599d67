"""Activations: what each layer outputs, how that changes, and which units stopped working.

From top to bottom (the page scrolls when the window cannot give every plot a readable
height, ``PLOT_MIN_HEIGHT``):

- Spread by layer: the standard deviation of each layer's output (solid) and pre-activation
  z (dashed) on a log axis, one pair of lines per variant: a signal shrinking or growing
  layer by layer reads at a glance.
- Saturated units (sigmoid/tanh outputs stuck near their limits) or dead units (ReLU outputs
  zero for every probe example) as a percentage per layer.
- Histograms now: the share of the probe batch's activations per bin, one small plot per layer.
- Over time: one heatmap per layer (time on x, activation value on y, brightness = share of
  values; the square root of the share is shown so that rare values stay visible next to a
  spike such as ReLU's zeros).

A lesson step can name a section to scroll to (its ``show.view``): "spread", "units",
"histograms" or "over_time".

Every heading of a comparison says which colour is which variant (no legend over the plots).
The value axis of an unbounded activation's histogram (ReLU, linear...) shows the bulk of the
values, not the few largest.

How close to a limit counts as saturated is set above the plots ("Saturated when within
[0.020] of the limit"): the bars show the share at that margin at once, for runs already
recorded too (read from ``LayerTelemetry.saturation_curve``, measured at the margins
``SATURATION_MARGINS``, which are the steps the setting offers). The window also makes it the
training spec's ``telemetry.saturation_margin`` (saved in workspaces, sent to a running run as
a live setting), so the status line and lesson checks count the same way.

In a comparison the histograms overlay the variants, the heatmaps get one row per variant and
the bars are grouped by variant. Run alone: ``python -m dlstudio.gui.plots.activations``.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from dlstudio.engine.activations import SATURATION_MARGIN

from dlstudio.gui.plots import (activation_heatmap, bar_percentages, category_labels, labels,
                                multiples, spread_chart, style)
from dlstudio.gui.plots.activation_heatmap import HEATMAP_COLORMAP
from dlstudio.gui.plots.bar_percentages import BAR_HEADROOM
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.corner_note import CornerNoteItem
from dlstudio.gui.plots.saturation_margin_box import MarginSpinBox
from dlstudio.gui.plots.stopped_units import problem_kind, stopped_percentages, unit_problem
from dlstudio.gui.run_store import RunStore

MAX_HEATMAP_LAYERS = 12
HIST_COLS = 5
#: the heatmaps stand in the histograms' columns, a layer under its histogram: in six
#: columns, a heatmap whose value axis takes a third of it was too narrow for its title at
#: 1366x768 ("3" / "dense_1")
HEATMAP_COLS = HIST_COLS
#: least height of a histogram or heatmap plot, in pixels (a taller page scrolls)
PLOT_MIN_HEIGHT = 110
#: least height of the spread and stopped-units charts
SUMMARY_HEIGHT = 170
#: layer kinds whose output repeats their input (not worth a plot of their own)
PASS_THROUGH = ("Flatten",)


class ActivationsPanel(BasePanel):
    """Per-layer activation histograms, their history as heatmaps, saturated/dead units."""

    #: the user chose how close to a sigmoid/tanh limit counts as saturated (a float)
    sigSaturationMarginChosen = Signal(float)

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(store, parent)
        #: the margin the bars count saturation at (None: the one each run was probed with)
        self.saturation_margin: float | None = SATURATION_MARGIN
        self.margin_box = MarginSpinBox()
        self.margin_box.setObjectName("saturation_margin_box")
        self.margin_box.setValue(SATURATION_MARGIN)
        self.margin_labels = (QLabel(), QLabel())
        self.retranslate_controls()
        self.controls.addWidget(self.margin_labels[0])
        self.controls.addWidget(self.margin_box)
        self.controls.addWidget(self.margin_labels[1])
        self.margin_box.valueChanged.connect(self._on_margin_box_changed)
        self.hist_curves: dict[tuple[str, int], pg.PlotDataItem] = {}
        self.heatmaps: dict[tuple[str, int], pg.ImageItem] = {}
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.bar_layers: list[multiples.LayerSlot] = []
        self._hist_slots: list[multiples.LayerSlot] = []
        self._bar_slots: list[multiples.LayerSlot] = []
        self.bar_plot: pg.PlotItem | None = None
        self.bar_texts: dict[tuple[str, int], pg.TextItem] = {}
        self.spread_plot: pg.PlotItem | None = None
        #: (variant, "act_std" | "pre_std") -> its curve over the layers, and the x marks of
        #: its layers whose spread is 0
        self.spread_curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.spread_zeros: dict[tuple[str, str], pg.ScatterPlotItem] = {}
        self.spread_note: CornerNoteItem | None = None
        self._cmap = pg.colormap.get(HEATMAP_COLORMAP)

    def retranslate_controls(self) -> None:
        tip = self.tr(
            "A sigmoid or tanh output this close to its limits (0 and 1 for sigmoid, -1 and 1 "
            "for tanh) sits on the flat part of the curve, where almost no gradient passes "
            "back: the unit has stopped learning. The bars count such outputs; a wider margin "
            "counts more of them. Changes apply at once to these bars (for the runs shown) and "
            "are saved with the training settings; the status line and lesson checks count at "
            "the new margin from the next measurement of a run on.")
        self.margin_box.setToolTip(tip)
        for label, text in zip(self.margin_labels, (self.tr("Saturated when within"),
                                                    self.tr("of a limit"))):
            label.setText(text)
            label.setToolTip(tip)

    def placeholder_text(self) -> str:
        return self.tr("Start training to see what each layer's units output.")

    # -- the saturation margin --------------------------------------------------------------
    def set_saturation_margin(self, margin: float | None) -> None:
        """Count saturation at ``margin`` (None: the default, ``SATURATION_MARGIN``), as the
        training spec says; does not emit ``sigSaturationMarginChosen``."""
        self.saturation_margin = SATURATION_MARGIN if margin is None else float(margin)
        self.margin_box.blockSignals(True)
        self.margin_box.setValue(self.saturation_margin)
        self.margin_box.blockSignals(False)
        self._redraw_bars()

    def _on_margin_box_changed(self, value: float) -> None:
        self.saturation_margin = float(value)
        self._redraw_bars()
        self.sigSaturationMarginChosen.emit(float(value))

    def _redraw_bars(self) -> None:
        if self.bar_plot is not None:
            self._set_bars()

    def _has_data(self) -> bool:
        return bool(self._act_layers())

    def _act_layers(self) -> list[multiples.LayerSlot]:
        """Slots of layers with activation histograms, minus pass-through layers such as
        Flatten (each variant judged by its own layers)."""
        kinds = {}
        for variant in self.store.variants():
            snap = self.store.latest(variant)
            for lt in (snap.layers if snap is not None else ()):
                kinds[(variant, lt.index)] = lt.kind
        return multiples.layer_slots(
            self.store, lambda v, i: kinds.get((v, i)) not in PASS_THROUGH
            and self.store.latest_layer_field(v, i, "act_hist") is not None)

    def _bar_layers(self) -> list[multiples.LayerSlot]:
        return multiples.layer_slots(
            self.store, lambda v, i: unit_problem(self.store, v, i, self.saturation_margin)
            is not None)

    def _structure(self) -> tuple:
        self._hist_slots, self._bar_slots = self._act_layers(), self._bar_layers()
        return (tuple(self.store.variants()), multiples.structure_key(self._hist_slots),
                multiples.structure_key(self._bar_slots), self.classroom)

    builds_ahead = True

    def _build(self, key: tuple) -> Iterator[None]:
        """A generator: each ``yield`` ends a piece of the build (``BasePanel.build_ahead``)."""
        variants = list(key[0])
        hist_layers, bar_layers = self._hist_slots, self._bar_slots
        single = len(variants) == 1
        colours = self.variant_key(variants)
        layout = self.graphics.ci.layout
        row = 0
        least = 0                                   # the page's least readable height
        heading = self.heading_height()
        summary_h = self.readable_height(SUMMARY_HEIGHT)
        plot_h = self.readable_height(PLOT_MIN_HEIGHT)

        # 1. the spread of every layer's values, by layer: the one-glance summary
        self.add_heading(self.tr("Spread of each layer's values (standard deviation, log scale; "
                              "solid: output, dashed: pre-activation z)"), colours, row,
                         section="spread")
        self.spread_plot = self.add_plot(row + 1, 0, "", "", self.tr("std"), log_y=True)
        self.spread_plot.setMinimumHeight(summary_h)
        self.spread_plot.setMouseEnabled(x=False, y=False)
        self.spread_curves, self.spread_zeros = spread_chart.add_lines(
            self.spread_plot, variants, self.pen, self.classroom)
        self.spread_note = spread_chart.add_zero_note(
            self.spread_plot, self.tr("x on the bottom edge: spread 0 (every value the same)"),
            self.palette())
        self.spread_plot.setXRange(-0.5, max(0, len(hist_layers) - 1) + 0.5, padding=0)
        row += 2
        yield
        least += summary_h + heading

        # 2. units that stopped responding
        self.bar_layers = list(bar_layers)
        self.bars = {}
        self.bar_texts: dict[tuple[str, int], pg.TextItem] = {}
        self.bar_plot = None
        if bar_layers:
            self.add_heading(self.tr("Units that stopped responding: saturated (sigmoid/tanh) "
                                  "or dead (ReLU)"), colours, row, section="units")
            self.bar_plot = self.add_plot(row + 1, 0, "", "", self.tr("% of units"),
                                          grid=False)
            self.bar_plot.setMinimumHeight(summary_h)
            # headroom above 100% for the labels over the bars
            self.bar_plot.setYRange(0, 100 * BAR_HEADROOM, padding=0)
            self.bar_plot.getAxis("left").setTicks([[(v, f"{v}") for v in (0, 50, 100)]])
            self.bar_plot.setMouseEnabled(x=False, y=False)
            width = 0.8 / len(variants)
            for j, variant in enumerate(variants):
                color = style.variant_color(j)
                x = np.arange(len(bar_layers)) - 0.4 + width * (j + 0.5)
                bars = pg.BarGraphItem(x=x, height=np.zeros(len(bar_layers)), width=width * 0.9,
                                       brush=style.brush(color, 200),
                                       pen=self.pen(color, 1.0),
                                       name=style.variant_label(variant, self.store))
                self.bar_plot.addItem(bars)
                self.bars[variant] = bars
                for pos, xpos in enumerate(x):
                    text = pg.TextItem("", anchor=(0.5, 1.0), color=color if not single
                                       else style.theme_colors(self.palette())["foreground"])
                    text.setPos(xpos, 0)
                    self.bar_plot.addItem(text)
                    self.bar_texts[(variant, pos)] = text
            self.bar_plot.setXRange(-0.55, len(bar_layers) - 0.45, padding=0)
            self.bar_plot.getAxis("bottom").geometryChanged.connect(self._fit_bar_texts)
            self.bar_plot.getViewBox().sigResized.connect(self._on_bar_view_resized)
            row += 2
            yield
            least += summary_h + heading

        # 3. histograms now
        self.add_step_heading(
            lambda step: self.tr("Activation histograms now (share of values per bin)")
            if step is None else self.tr("Activation histograms at step {step} (share of "
                                         "values per bin)").format(step=f"{step:,}"),
            multiples.hist_key(self, variants), row, section="histograms")
        sub = self.graphics.addLayout(row=row + 1, col=0)
        self.hist_curves = yield from multiples.build_grid(self, sub, hist_layers, variants,
                                                 self.tr("activation"), max_cols=HIST_COLS,
                                                 min_height=plot_h)
        layout.setRowStretchFactor(row + 1, 3)
        row += 2
        least += -(-len(hist_layers) // HIST_COLS) * plot_h + heading

        # 4. heatmaps over time: in a comparison each row of layers once per variant
        shown = hist_layers[:MAX_HEATMAP_LAYERS]
        note = "" if len(shown) == len(hist_layers) else self.tr(
            " - first {0} of {1} layers").format(len(shown), len(hist_layers))
        self.add_heading(self.tr("Activations over time (x: step, y: activation value, "
                              "bright: many values)") + note, "", row,
                         section="over_time")
        heat = self.graphics.addLayout(row=row + 1, col=0)
        self.heatmaps = {}
        for j, variant in enumerate(variants):
            for k, slot in enumerate(shown):
                if variant not in slot.indices:
                    continue
                layer = slot.indices[variant]
                title = slot.label() if single else \
                    f"{style.variant_label(variant, self.store)}: {slot.label()}"
                block, col = divmod(k, HEATMAP_COLS)
                plot = self.add_plot(block * len(variants) + j, col, title, self.tr("step"),
                                     self.tr("value") if col == 0 else "",
                                     layout=heat, grid=False, over_steps=True)
                labels.span_title(plot)               # over the value axis too
                plot.setMinimumHeight(plot_h)
                image = pg.ImageItem()
                image.setColorMap(self._cmap)
                plot.addItem(image)
                self.heatmaps[(variant, layer)] = image
                yield
        heat_rows = -(-len(shown) // HEATMAP_COLS) * len(variants)
        layout.setRowStretchFactor(row + 1, 3 * heat_rows)
        least += heat_rows * plot_h + heading
        self.set_canvas_minimum_height(int(least))

    def _bar_labels(self) -> tuple[list[str], list[str]]:
        """The layer (number and name) over what went wrong ("2 dense_1" / "saturated")
        under each group, and the same with the number alone ("2" / "saturated"), which
        ``category_labels.set_category_labels`` shows when the names would be thinned."""
        labels, short = [], []
        for slot in self.bar_layers:
            found, kind = problem_kind(self.store, slot, self.saturation_margin), ""
            if found is not None:
                kind = self.tr("saturated") if found == "saturated" else self.tr("dead")
            number = slot.number() or slot.name
            labels.append(f"{slot.label()}\n{kind}" if kind else slot.label())
            short.append(f"{number}\n{kind}" if kind else number)
        return labels, short

    def spread(self, variant: str, what: str = "act_std") -> np.ndarray:
        """(layers shown,) the newest ``what`` ("act_std": output, "pre_std": pre-activation
        z) of each layer of the histograms, NaN where ``variant`` lacks it
        (``spread_chart.layer_spread``)."""
        return spread_chart.layer_spread(self.store, variant, self._hist_slots, what)

    def _set_spread(self) -> None:
        spread_chart.draw(self.spread_plot, self.spread_curves, self.spread_zeros,
                          self.spread_note, self.spread, len(self._hist_slots))
        category_labels.set_category_labels(self.spread_plot.getAxis("bottom"),
                                 [slot.label() for slot in self._hist_slots],
                                 [slot.number() or slot.name for slot in self._hist_slots])

    def _update(self) -> None:
        for _, _, job in self._jobs(True):
            job()

    def _jobs(self, layers_changed: bool) -> list:
        """One piece per histogram, per heatmap, and the bars; all from layer probes."""
        if not layers_changed:
            return []
        jobs = [("spread", len(self.spread_curves), self._set_spread)]
        if self.bar_plot is not None:
            jobs.append(("bars", 1 + len(self.bar_texts), self._set_bars))
        jobs += multiples.grid_jobs(self.store, self.hist_curves, "act_hist", trim=True)
        for (variant, layer), image in self.heatmaps.items():
            jobs.append((f"heat:{variant}:{layer}", multiples.HIST_ITEMS,
                         lambda v=variant, k=layer, i=image: activation_heatmap.show_history(
                             i, self.store.activation_history(v, k))))
        return jobs

    def _set_bars(self) -> None:
        for variant, bars in self.bars.items():
            heights = stopped_percentages(self.store, variant, self.bar_layers,
                                          self.saturation_margin)
            bars.setOpts(height=np.array(heights))
            for pos, h in enumerate(heights):
                text = self.bar_texts[(variant, pos)]
                text.setText(f"{h:.0f}%")
                text.setPos(text.pos().x(), h)
        category_labels.set_category_labels(self.bar_plot.getAxis("bottom"), *self._bar_labels())
        self._fit_bar_texts()

    def _fit_bar_texts(self) -> None:
        """The percentages over the bars, as many as fit (``bar_percentages``)."""
        if self.bar_plot is None or not self.bar_texts or not shiboken6.isValid(self.bar_plot):
            return                      # (a page being rebuilt deleted the chart)
        bar_percentages.fit_percentages(self.bar_plot, self.bars, self.bar_texts,
                                        len(self.bar_layers))

    def _on_bar_view_resized(self, *_: object) -> None:
        if self.bar_plot is not None and shiboken6.isValid(self.bar_plot):
            bar_percentages.fit_headroom(self.bar_plot, self.bar_texts)


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(ActivationsPanel))
