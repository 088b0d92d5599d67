"""Pre-flight check: what one batch through the untrained network found, layer by layer.

"Check before training" (under the layer stack; ``Studio.check_network``) sends one batch
forward and backward through the network at its initial weights
(``dlstudio.training.preflight``). This page draws its report, one bar per layer with
weights, from the input (left) to the output (right), coloured by the layer's judgement
(the colours of the layer stack's badges):

- **signal**: the RMS of dL/dz reaching the layer relative to the reference layer (the last
  hidden one), on a log axis, with the vanishing (< 1e-2) and exploding (> 1e2) bands: the
  staircase of a vanishing gradient shows at a glance, whatever the depth. A bar takes the
  colour of the band it stands in (``PreflightBar.signal_judgement``; in the healthy band,
  the layer's dead-units or saturated verdict), never red or blue in the white band;
- **pass-through**: mean f'(z) / f'(0) of the layer's activation, with the share of dead
  (ReLU family) or saturated (sigmoid/tanh) outputs as markers, its bars coloured by those
  verdicts alone (``PreflightBar.pass_judgement``, not the signal's vanishing or exploding);
- **pre-activation std**: the spread of the z each layer's activation receives (log axis;
  for the output layer the scores before the softmax, which lesson 04's text talks about:
  the probabilities' spread stays below 1 however large the scores, walker18 W18-3), its
  bars coloured by the spread's own reading (``activation_reading``: blue below 1e-2, red
  above 1e2);
- **update/weight**: how much one step of the chosen optimizer at the chosen learning rate
  would change the layer's weights (about 10⁻³ is the rule of thumb; above 0.5 explodes).
  Its bars take the colour of this ratio's own reading (``update_reading``: green around
  the typical size, blue far below it, red above the limit), with the same bands as the
  signal plot, since a layer can receive a healthy signal and still barely move. The
  typical line's label and the exploding zone's go where they cover no bar
  (``preflight_guides.ZoneLabels``): on their line where the bars stay below it, else just
  above the bars where they are lowest, else nowhere.

With comparison variants (A/B lesson steps) the page shows one variant's check at a time
and says which ("Variant A (Glorot normal)" over the verdict); a "Variant:" box above the
plots picks another one whose check is known (``preflight_variants``).

A bar stands for a layer with weights and the layers without weights after it
(``preflight_bars``: a Dense -> BatchNorm -> sigmoid block shows the sigmoid's figures).
The verdict sentence is the heading; under it the legend names what each plot's colours
mean there and which batch and step were measured (``preflight_legend``). Values a log axis cannot show (0, infinite) are
marked at its bottom or top edge.

Run alone with a deep sigmoid network's report: ``python -m dlstudio.gui.plots.preflight``.
"""
from __future__ import annotations

import csv
import html
import math
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtWidgets import QGraphicsItem, QWidget

from dlstudio.gui.i18n import sentences
from dlstudio.gui.plots import style
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.inside_marks import InsideMarks
from dlstudio.gui.plots.layer_axis import LayerAxisItem
from dlstudio.gui.plots.preflight_bars import (PreflightBar, demo_report, log_heights,
                                              preflight_bars, signal_is_relative)
from dlstudio.gui.plots.preflight_guides import ZoneLabels, add_bands, add_edge_marks, add_rule
from dlstudio.gui.plots.preflight_legend import legend_text
from dlstudio.gui.plots.preflight_variants import PreflightVariantsWidget
from dlstudio.gui.preflight_check import VERDICT_COLORS, verdict_word
from dlstudio.gui.run_store import RunStore
from dlstudio.training.diagnosis import UPDATE_LIMIT
from dlstudio.training.preflight_verdicts import (EXPLODING, HEALTHY, SMALL_UPDATE,
                                                  TYPICAL_UPDATE, VANISHING)

#: the page's least height in pixels (normal, classroom): headings and two rows of plots
MIN_HEIGHT = {False: 430, True: 620}
#: the four plots: key -> (row, column)
PLOTS = {"signal": (0, 0), "pass": (0, 1), "std": (1, 0), "update": (1, 1)}


class PreflightPanel(BasePanel):
    """The last pre-flight check of the studio's network (``set_preflight``)."""

    #: the check is the network's, not a run's: a new run leaves it
    draws_runs = False

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        #: the result shown (the picked variant's, else A's: ``variants.shown``)
        self.result: Any = None
        self._had_result = False
        super().__init__(store, parent)
        #: every variant's known check and the "Variant:" box that picks the one shown
        self.variants = PreflightVariantsWidget()
        self.variants.sigPicked.connect(self._on_variants_picked)
        self.controls.addWidget(self.variants)
        self.controls.addStretch(1)
        self.bars: list[PreflightBar] = []
        #: plot key ("signal", "pass", "std", "update") -> its plot / its bars
        self.plot_items: dict[str, pg.PlotItem] = {}
        self.bar_items: dict[str, pg.BarGraphItem] = {}
        self.stopped_markers: pg.PlotDataItem | None = None
        self.stopped_marks: InsideMarks | None = None
        #: the update chart's "typical" and "exploding" labels (placed where they cover no
        #: bar, hidden where every place would: ``preflight_guides.ZoneLabels``)
        self.zone_labels: ZoneLabels | None = None
        self.typical_label: pg.TextItem | None = None
        self.exploding_label: pg.TextItem | None = None
        self.heading: pg.LabelItem | None = None
        self._filled = True

    # -- the result -------------------------------------------------------------------------
    def set_preflight(self, result: Any) -> None:
        """Show ``result`` (variant A's ``PreflightResult``; None: the network changed,
        nothing to show)."""
        self.variants.set_a(result)
        self._show(force=True)

    def set_variant_preflights(self, results: dict[str, Any], names: dict[str, str]) -> None:
        """The other variants' known results by letter (``Studio.variant_preflights``; A's
        comes through ``set_preflight`` alone) and how the page names the studio's
        variants, by letter ("A (Glorot normal)")."""
        self.variants.set_others(results, names)
        self._show()

    def _on_variants_picked(self) -> None:
        self._show()

    def _show(self, force: bool = False) -> None:
        """Show the picked variant's result (else A's, else the first known); rebuilt when
        it or the name said over it changed (``force``: always)."""
        shown = self.variants.shown()
        changed = force or shown is not self.result
        if changed:
            self._had_result = self._had_result or self.result is not None
            self.result = shown
        self.variants.refill(self.result)
        if not changed and self._structure() == self._structure_key:
            return
        self.show_placeholder_text(self.placeholder_text())
        self.rebuild()
        if self.isVisible():
            self.refresh(force=True)

    def shown_variant_name(self) -> str:
        """How the page names the variant it shows ("A (Glorot normal)"); "" when the
        studio has no other variants (nothing to tell apart)."""
        return self.variants.shown_name(self.result)

    def start_afresh(self) -> None:
        """No result, and none before it: the page as at the start (after a lesson switch
        its old check is gone, but the network did not change)."""
        self.result, self._had_result = None, False
        self.variants.forget()
        self.set_preflight(None)

    @property
    def report(self) -> Any:
        return getattr(self.result, "report", None)

    def placeholder_text(self) -> str:
        error = getattr(getattr(self, "result", None), "error", "")
        if error:
            return self.tr("The check could not run: %1").replace("%1", error)
        text = self.tr("Press Check before training (under the layer stack in the Network "
                       "panel): one batch goes forward and back through the untrained "
                       "network, and this page shows, layer by layer from the input to the "
                       "output, how much of the gradient signal reaches each layer, how much "
                       "each activation lets through, how spread the values z it receives "
                       "are (for the output layer: the scores), and how far one training "
                       "step would move its weights.")
        if getattr(self, "_had_result", False):
            text = sentences(self.tr("The network changed since the last check."), text)
        return text

    def _has_data(self) -> bool:
        return self.report is not None and bool(preflight_bars(self.report))

    def _structure(self) -> tuple:
        return id(self.result), self.classroom, self.shown_variant_name()

    # -- building ---------------------------------------------------------------------------
    def _build(self, key: tuple) -> None:
        report = self.report
        self.bars = preflight_bars(report)
        self.plot_items, self.bar_items = {}, {}
        self.zone_labels = self.typical_label = self.exploding_label = None
        self.heading = self.add_label(self._verdict_text(report), 0, 0, colspan=2, bold=True)
        self.add_label(legend_text(report), 1, 0, colspan=2)
        # short titles (a plot is ~250 px wide at 1366x768); the y labels say the units
        ref = next((b for b in self.bars if b.index == report.reference_layer), None)
        if signal_is_relative(report) and ref is not None:
            signal_unit = self.tr("relative to layer %1").replace("%1", str(ref.number))
        else:
            signal_unit = self.tr("RMS")
        titles = {
            "signal": (self.tr("Signal dL/dz reaching each layer"), signal_unit, True),
            "pass": (self.tr("Pass-through f′(z)/f′(0)"), self.tr("share"), False),
            "std": (self.tr("Spread of z per layer (output: the scores)"),
                    self.tr("std of z"), True),
            # the quantity; the optimizer and rate are in the legend (walker38 W38-3)
            "update": (self.tr("Update/weight of one step"), self.tr("update/weight"), True)}
        names = [str(b.number) for b in self.bars]
        for name, (row, col) in PLOTS.items():
            title, y_label, log_y = titles[name]
            plot = self.add_plot(row + 2, col, title, "", y_label, log_y=log_y, grid=False)
            axis = LayerAxisItem()
            plot.setAxisItems({"bottom": axis})
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            axis.enableAutoSIPrefix(False)
            if row == 1:
                plot.setLabel("bottom", self.tr("layer (input → output)"))
            axis.set_names(names)
            plot.showGrid(x=False, y=True, alpha=0.2)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setXRange(*self._x_span(), padding=0)
            bars = pg.BarGraphItem(x=np.arange(len(self.bars)), height=np.zeros(len(self.bars)),
                                   width=0.8, pen=pg.mkPen(None))
            plot.addItem(bars)
            self.plot_items[name], self.bar_items[name] = plot, bars
        # the pass-through chart keeps the layers over the update chart's, whose range
        # may grow to make room for its typical label (``ZoneLabels``)
        self.plot_items["update"].getViewBox().sigXRangeChanged.connect(
            self._on_update_x_range_changed)
        layout = self.graphics.ci.layout
        for row in (0, 1):
            layout.setRowStretchFactor(row, 0)
        for row in (2, 3):
            layout.setRowStretchFactor(row, 1)
        # the headings and two rows of readable plots; a shorter window scrolls the page
        self.set_canvas_minimum_height(MIN_HEIGHT[self.classroom])
        self._filled = False

    def _on_update_x_range_changed(self, _view: Any, x_range: Any) -> None:
        plot = self.plot_items.get("pass")
        if plot is not None and shiboken6.isValid(plot):
            plot.setXRange(*x_range, padding=0)

    def _x_span(self) -> tuple[float, float]:
        """The charts' x range that holds every layer's bar."""
        return -0.6, len(self.bars) - 0.4

    def _verdict_text(self, report: Any) -> str:
        from dlstudio.gui.i18n import render

        # one line per finding: each starts with its verdict word ("exploding: ..."), and
        # run together they read as one sentence (walker6 W6-30: "... learning rate exploding")
        notes = "<br>".join(html.escape(render(n)) for n in report.notes)
        notes = notes or html.escape(verdict_word(report.verdict))
        name = self.shown_variant_name()
        if name:          # which of the comparison's networks (the Network panel edits A)
            notes = html.escape(self.tr("Variant %1: %2")).replace(
                "%1", html.escape(name)).replace("%2", notes)
        return notes

    # -- drawing ----------------------------------------------------------------------------
    def _jobs(self, layers_changed: bool) -> list:
        return [] if self._filled else [("bars", len(self.bar_items), self._update)]

    def _update(self) -> None:
        if self.report is None or not self.bar_items:
            return
        self._filled = True
        brushes = self._brushes([b.pass_judgement for b in self.bars])
        # relative signals get the vanishing and exploding bands around the reference's 1;
        # absolute sizes (the reference receives nothing) have no such scale
        relative = signal_is_relative(self.report)
        self._fill_log("signal", [b.signal for b in self.bars],
                       self._brushes([b.signal_judgement for b in self.bars]),
                       marks=(math.log10(VANISHING), math.log10(EXPLODING), 0.0)
                       if relative else ())
        self._fill_pass(brushes)
        self._fill_log("std", [b.spread for b in self.bars],
                       self._brushes([b.act_judgement for b in self.bars]))
        self._fill_log("update", [b.update_ratio for b in self.bars],
                       self._brushes([b.update_judgement for b in self.bars]),
                       marks=(math.log10(TYPICAL_UPDATE), math.log10(UPDATE_LIMIT)),
                       top_zone=math.log10(UPDATE_LIMIT))

    @staticmethod
    def _brushes(words: list[str]) -> list:
        return [style.brush(VERDICT_COLORS.get(w, VERDICT_COLORS[HEALTHY]), 220) for w in words]

    def _fill_log(self, name: str, values: list, brushes: list, marks: tuple = (),
                  top_zone: float | None = None) -> None:
        """Bars rising from the bottom of a log axis to each value; zeros marked ▼ at the
        bottom, infinite values drawn to the top and marked ▲. ``top_zone``: a line (log10)
        whose zone above it holds a label: the axis leaves it a sixth of its height (at least
        one decade)."""
        plot, bars = self.plot_items[name], self.bar_items[name]
        logs, zero, off = log_heights(values)
        shown = logs[np.isfinite(logs)]
        low = min([*shown, *marks]) if len(shown) or marks else -1.0
        high = max([*shown, *marks]) if len(shown) or marks else 1.0
        bottom, top = math.floor(low - 0.3), math.ceil(high + 0.3)
        if top_zone is not None:
            # top - top_zone >= (top - bottom) / 6, and at least one decade
            top = max(top, math.ceil(top_zone + 1.0),
                      math.ceil((6.0 * top_zone - bottom) / 5.0))
        heights = np.where(np.isfinite(logs), logs, np.where(off, top, bottom))
        bars.setOpts(x=np.arange(len(values)), y0=np.full(len(values), float(bottom)),
                     y1=heights, height=None, width=0.8, brushes=brushes)
        plot.setYRange(bottom, top, padding=0)
        size = 14 if self.classroom else 10
        outline = style.theme_colors(self.palette())["foreground"]
        add_edge_marks(plot, zero, bottom + 0.04 * (top - bottom), "t", brushes, size, outline)
        add_edge_marks(plot, off, top - 0.04 * (top - bottom), "t1", brushes, size, outline)
        if name == "signal" and marks:
            add_bands(plot, bottom, top, math.log10(VANISHING), math.log10(EXPLODING))
            add_rule(plot, 0.0, style.RULE_COLOR)
        elif name == "update":
            add_bands(plot, bottom, top, math.log10(SMALL_UPDATE), math.log10(UPDATE_LIMIT))
            add_rule(plot, math.log10(TYPICAL_UPDATE), style.RULE_COLOR)
            # the zone's name inside its band, above the line: only a bar that explodes
            # reaches there, so it never reads as the label of a bar below the limit
            add_rule(plot, math.log10(UPDATE_LIMIT), VERDICT_COLORS["exploding"])
            self.zone_labels = ZoneLabels(
                plot, bars, (self.tr("≈10⁻³ typical"), verdict_word("exploding")),
                (math.log10(TYPICAL_UPDATE), math.log10(UPDATE_LIMIT)),
                style.theme_colors(self.palette()), self._x_span(),
                beside=self.plot_items["pass"])
            self.typical_label = self.zone_labels.typical
            self.exploding_label = self.zone_labels.exploding

    def _fill_pass(self, brushes: list) -> None:
        plot, bars = self.plot_items["pass"], self.bar_items["pass"]
        passes = np.array([b.pass_through if b.pass_through is not None else math.nan
                           for b in self.bars], float)
        # a layer that passes nothing keeps a sliver of its colour
        heights = np.where(np.isfinite(passes), np.maximum(passes, 0.01), 0.0)
        bars.setOpts(x=np.arange(len(self.bars)), y0=None, y1=None, height=heights, width=0.8,
                     brushes=brushes)
        # (none drawn at 0: a marker on the axis would read as the log plots' zero mark)
        stopped = [(i, b.stopped_share) for i, b in enumerate(self.bars)
                   if b.stopped_share is not None and b.stopped_share > 0]
        fg = style.theme_colors(self.palette())["foreground"]
        finite = passes[np.isfinite(passes)]
        top = max(1.0, float(finite.max()) if finite.size else 1.0)
        plot.setYRange(0.0, top * 1.05, padding=0)
        # a tiny share is drawn whole just above the axis, not cut in half by it (W27-7)
        self.stopped_marks = InsideMarks(
            plot, [i for i, _ in stopped], [s for _, s in stopped], pen=None, symbol="d",
            symbolSize=13 if self.classroom else 9, symbolBrush=pg.mkBrush(fg), symbolPen=None)
        self.stopped_markers = self.stopped_marks.item

    # -- the rest ---------------------------------------------------------------------------
    def export_csv(self, path: str | Path) -> int:
        """Save the report's per-layer figures as CSV; returns the number of rows."""
        if self.report is None:
            raise ValueError("There is nothing to export yet: press Check before training.")
        rows = self.report.to_dict()["layers"]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["index"])
            writer.writeheader()
            for row in rows:
                writer.writerow({k: ";".join(v) if isinstance(v, list) else v
                                 for k, v in row.items()})
        return len(rows)


def demo_setup(panel: PreflightPanel, _store: RunStore, _args: Any):
    from dlstudio.gui.preflight_check import PreflightResult

    panel.set_preflight(PreflightResult("A", None, demo_report()))
    return iter(())


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(PreflightPanel, setup=demo_setup))
