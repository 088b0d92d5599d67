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

import math
from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QLabel, QWidget

from dlstudio.engine.activations import SATURATION_MARGIN

from dlstudio.gui.plots import category_labels, labels, multiples, ranges, style
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.corner_note import CornerNoteItem
from dlstudio.gui.run_store import RunStore
from dlstudio.training.telemetry import SATURATION_MARGINS, SATURATION_STEP, saturated_share

HEATMAP_COLORMAP = "viridis"
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
#: the stopped-units axis reaches this factor above 100 %, room for the labels on the bars
BAR_HEADROOM = 1.18
#: layer kinds whose output repeats their input (not worth a plot of their own)
PASS_THROUGH = ("Flatten",)


def unit_problem(store: RunStore, variant: str, layer: int,
                 margin: float | None = None) -> tuple[str, float] | None:
    """``("saturated"|"dead", fraction)`` from the newest snapshot of ``variant``, or None;
    saturated means within ``margin`` of a limit (None: the margin the run was probed with)."""
    snap = store.latest(variant)
    if snap is None or layer >= len(snap.layers):
        return None
    lt = snap.layers[layer]
    share = saturated_share(lt, margin)
    if share is not None:
        return "saturated", float(share)
    if lt.dead_fraction is not None:
        return "dead", float(lt.dead_fraction)
    return None


class MarginSpinBox(QDoubleSpinBox):
    """A spin box for the saturation margin: the recorded margins only (``SATURATION_MARGINS``,
    steps of ``SATURATION_STEP``); a typed value goes to the nearest of them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(3)
        self.setRange(float(SATURATION_MARGINS[0]), float(SATURATION_MARGINS[-1]))
        self.setSingleStep(SATURATION_STEP)
        self.setKeyboardTracking(False)          # one change when the typing is done

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt's name)
        steps = round(super().valueFromText(text) / SATURATION_STEP)
        return round(steps * SATURATION_STEP, 3)


#: how far apart (in label heights) the stacked percentages over one layer's bars are
STACK_STEP = 1.0


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
        self.spread_curves, self.spread_zeros = {}, {}
        for j, variant in enumerate(variants):
            color = style.variant_color(j)
            for what, line in (("act_std", Qt.PenStyle.SolidLine),
                               ("pre_std", Qt.PenStyle.DashLine)):
                curve = self.spread_plot.plot(pen=self.pen(color, 1.8, style=line),
                                              symbol="o" if what == "act_std" else "t",
                                              symbolSize=8 if self.classroom else 6,
                                              symbolBrush=color, symbolPen=None,
                                              connect="finite")
                self.spread_curves[(variant, what)] = curve
                # a spread of exactly 0 (every value equal: a dead layer) has no place on a
                # log axis: an x on the bottom edge marks it
                zero = pg.ScatterPlotItem(symbol="x", size=11 if self.classroom else 8,
                                          pen=self.pen(color, 1.4), brush=None)
                self.spread_plot.addItem(zero, ignoreBounds=True)
                self.spread_zeros[(variant, what)] = zero
        # in the corner the lines cross least, on the page's background (in the bottom
        # left corner the line of the layers at the axis' bottom ran through it: W26-9)
        colors = style.theme_colors(self.palette())
        fill = QColor(colors["background"])
        fill.setAlpha(210)
        self.spread_note = CornerNoteItem(
            self.tr("x on the bottom edge: spread 0 (every value the same)"),
            colors["foreground"], pg.mkBrush(fill))
        self.spread_note.follow(self.spread_plot)
        self.spread_note.hide()
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
        self.add_heading(self.tr("Activation histograms now (share of values per bin)"),
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
            kind = ""
            for variant, layer in slot.indices.items():
                problem = unit_problem(self.store, variant, layer, self.saturation_margin)
                if problem is not None:
                    kind = self.tr("saturated") if problem[0] == "saturated" else self.tr("dead")
                    break
            number = slot.number() or slot.name
            labels.append(f"{slot.label()}\n{kind}" if kind else slot.label())
            short.append(f"{number}\n{kind}" if kind else number)
        return labels, short

    def spread(self, variant: str, what: str = "act_std") -> np.ndarray:
        """(layers shown,) the newest ``what`` ("act_std": output, "pre_std": pre-activation
        z) of each layer of the histograms, NaN where ``variant`` lacks it."""
        snap = self.store.latest(variant)
        by_index = {lt.index: lt for lt in (snap.layers if snap is not None else ())}
        out = np.full(len(self._hist_slots), np.nan)
        for k, slot in enumerate(self._hist_slots):
            lt = by_index.get(slot.indices.get(variant, -1))
            value = getattr(lt, what, None) if lt is not None else None
            if value is not None and np.isfinite(value) and value >= 0:
                out[k] = float(value)
        return out

    def _set_spread(self) -> None:
        x = np.arange(len(self._hist_slots), dtype=np.float64)
        values, zeros = [], {}
        for (variant, what), curve in self.spread_curves.items():
            y = self.spread(variant, what)
            zeros[(variant, what)] = x[y == 0]
            y[y <= 0] = np.nan                           # no place on a log axis
            curve.setData(x, y)
            values.append(y)
        finite = np.concatenate(values) if values else np.zeros(0)
        finite = finite[np.isfinite(finite)]
        lo, hi = ((math.log10(finite.min()), math.log10(finite.max())) if finite.size
                  else (-1.0, 1.0))
        pad = max(0.15, 0.08 * (hi - lo))
        self.spread_plot.setYRange(lo - pad, hi + pad, padding=0)
        bottom = lo - 0.6 * pad                          # just above the axis
        for key, xs in zeros.items():
            self.spread_zeros[key].setData(xs, np.full(xs.size, bottom))
        shown = [xs for xs in zeros.values() if xs.size]
        self.spread_note.setVisible(bool(shown))
        if shown:
            curves = [(x, np.log10(y)) for y in values] + [
                (xs, np.full(xs.size, bottom)) for xs in shown]
            self.spread_note.set_curves(curves)
            height = self.spread_plot.getViewBox().height()
            need = self.spread_note.room()
            if self.spread_note.crossed and 0 < need < 0.5 * height:
                # lines cross every corner: a band above the curves for the note (its
                # text ran across the line of a short plot: walker28 z6_05c)
                span = (hi + pad - (lo - pad)) / (1.0 - need / height)
                self.spread_plot.setYRange(lo - pad, lo - pad + span, padding=0)
                self.spread_note.place()
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
                         lambda v=variant, k=layer, i=image: self._set_heatmap(v, k, i)))
        return jobs

    def _set_heatmap(self, variant: str, layer: int, image: pg.ImageItem) -> None:
        hist = self.store.activation_history(variant, layer)
        if hist is None:
            image.clear()
            return
        steps, edges, frac = hist
        shown = np.sqrt(np.clip(frac, 0.0, None))
        top = float(shown.max()) if shown.size else 1.0
        image.setImage(shown, levels=(0.0, top if top > 0 else 1.0), autoLevels=False)
        x0 = float(steps[0])
        dx = float(steps[-1] - steps[0]) / max(1, steps.size - 1) if steps.size > 1 else 1.0
        image.setRect(QRectF(x0, float(edges[0]), dx * steps.size,
                             float(edges[-1] - edges[0]) or 1.0))
        view = image.getViewBox()
        if view is not None:
            # the time axis grows in jumps (not with every column, which would lay out and
            # repaint the axes at every probe), but not to the planned end of the run: the
            # heatmap keeps most of its plot
            ranges.apply(view, [steps, steps + dx], [], fit_y=False)
            span = (float(edges[0]), float(edges[-1]))
            if span[0] < -1.0 or span[1] > 1.0:
                # an unbounded activation: the bulk of the values over the run, not its few
                # largest (as the histograms)
                span = tuple(multiples.core_span(edges, np.nansum(frac, axis=0)))
            if getattr(view, "_dlstudio_y_span", None) != span:    # the bins changed
                view.setYRange(*span, padding=0)
                view._dlstudio_y_span = span

    def _set_bars(self) -> None:
        for variant, bars in self.bars.items():
            heights = []
            for slot in self.bar_layers:
                layer = slot.indices.get(variant)
                problem = None if layer is None else unit_problem(
                    self.store, variant, layer, self.saturation_margin)
                heights.append(100.0 * problem[1] if problem else 0.0)
            bars.setOpts(height=np.array(heights))
            for pos, h in enumerate(heights):
                text = self.bar_texts[(variant, pos)]
                text.setText(f"{h:.0f}%")
                text.setPos(text.pos().x(), h)
        category_labels.set_category_labels(self.bar_plot.getAxis("bottom"), *self._bar_labels())
        self._fit_bar_texts()

    def _fit_bar_texts(self) -> None:
        """The percentages over the bars, as many as fit: over every bar when there is room
        beside each other; else, when a layer's group has room for one label, all of them
        stacked over its tallest bar, A's lowest, as rows of a table (only the tallest's was
        shown, so an A/B pair of bars showed one number: walker17 W17-q); else none (the
        axis says which layers)."""
        if self.bar_plot is None or not self.bar_texts or not shiboken6.isValid(self.bar_plot):
            return                      # (a page being rebuilt deleted the chart)
        axis = self.bar_plot.getAxis("bottom")
        per_group = axis.width() / max(1, len(self.bar_layers))
        fm = QFontMetricsF(QApplication.font())
        need = fm.horizontalAdvance("100%") + fm.averageCharWidth()
        n = max(1, len(self.bars))
        every_bar = per_group / n >= need
        for pos in range(len(self.bar_layers)):
            group = [(float(bars.opts["height"][pos]) if len(bars.opts["height"]) > pos
                      else 0.0, variant) for variant, bars in self.bars.items()]
            top = max((height for height, _ in group), default=0.0)
            for rank, (height, variant) in enumerate(group):
                text = self.bar_texts[(variant, pos)]
                text.setVisible(every_bar or per_group >= need)
                stacked = 0 if every_bar else rank
                text.setPos(text.pos().x(), height if every_bar else top)
                text.setAnchor((0.5, 1.0 + STACK_STEP * stacked))
        self._fit_bar_headroom()

    def _on_bar_view_resized(self, *_: object) -> None:
        if self.bar_plot is not None and shiboken6.isValid(self.bar_plot):
            self._fit_bar_headroom()

    def _fit_bar_headroom(self) -> None:
        """The stopped-units axis reaches high enough that every shown percentage fits
        above its bar: BAR_HEADROOM of 100% at least, more when the chart is so short that
        a label is taller than that (walker21 W21-4: "100%" over a dead layer was cut at
        the chart's top edge at 1366x768). A label at height y and ``k`` label heights tall
        needs a top T with y + k * label * T / view <= T."""
        view = self.bar_plot.getViewBox()
        pixels = view.height()
        top = 100.0 * BAR_HEADROOM
        for text in self.bar_texts.values():
            if not text.isVisible() or pixels <= 0:
                continue
            need = text.boundingRect().height() * text.anchor.y() + 2     # (2 px apart)
            share = min(need / pixels, 0.75)         # (a chart too short for it: capped)
            top = max(top, float(text.pos().y()) / (1.0 - share))
        if abs(view.viewRange()[1][1] - top) > 1e-6:
            self.bar_plot.setYRange(0, top, padding=0)


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(ActivationsPanel))
