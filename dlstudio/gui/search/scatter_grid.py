"""Search results as one scatter plot per hyperparameter (``ScatterGridWidget``), with the
log-axis ticks it labels them by (``log_ticks``). The sortable table is
``search/results_view.py``."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QColor

from dlstudio.gui.plots import ranges
from dlstudio.gui.plots.axes import SpacedAxisItem
from dlstudio.gui.plots.tick_text import log_axis_texts
from dlstudio.gui.plots.scene_index import unindexed
from dlstudio.gui.plots.style import PALETTE, style_plot, theme_colors
from dlstudio.gui.search.results_view import dimension_name
from dlstudio.gui.widgets.restyle import RestyleMixin
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.training.search import best_result, first_step_too_large
from dlstudio.training.search_space import Dimension

#: colours of the search rounds (round 0 = the coarse search, then each zoom)
ROUND_COLORS = PALETTE
#: the scatter grid's least height, in lines of its font: the legend line, and per row of
#: plots enough for the axes and a readable data area (walker13 W13-8: the "Other data"
#: notice squeezed the plot to a strip at 1366x768; the settings above scroll instead)
LEGEND_LINES = 2
#: pixels the legend keeps clear of the widget's sides (its label's own margins); the
#: narrowest it wraps to
LEGEND_SIDE_ROOM = 12
LEGEND_MIN_WIDTH = 120
PLOT_ROW_LINES = 12


def log_ticks(lo: float, hi: float, one_minus: bool = False) -> list[tuple[float, str]]:
    """Labelled ticks for a log axis spanning values ``lo..hi`` (> 0).

    Positions are log10 values (pyqtgraph's log mode). Every decade from the one below ``lo``
    to the one above ``hi`` gets a tick; with fewer than three decades, 2x and 5x ticks are
    added. With ``one_minus`` the axis plots
    ``1 - beta`` but the labels show ``beta`` (0.9, 0.99, 0.999), which is what a student sets.
    """
    a, b = math.floor(math.log10(lo) + 1e-9), math.ceil(math.log10(hi) - 1e-9)
    mults = (1,) if b - a >= 3 else (1, 2, 5)
    values = [m * 10.0 ** e for e in range(a, b + 1) for m in mults
              if not (one_minus and m * 10.0 ** e >= 1.0)]   # (1 - 1 = 0 is no momentum)
    if one_minus:       # betas as a student sets them (0.999)
        return [(math.log10(v), f"{1.0 - v:.6g}") for v in values]
    # the values as every log axis writes them, in one notation per axis (10⁻⁴ ... 10⁰, not
    # 10⁻⁴, 10⁻³, 0.01, 0.1, 1: walker31 W31-2), chosen by the ticks between ``lo`` and
    # ``hi``: the decades beyond them lie outside the axis, and batch sizes from 16 to 256
    # read "2 × 10¹ ... 2 × 10²" for 10³ (fix63)
    inside = [v for v in values if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)]
    texts = log_axis_texts(values, judged_by=inside or None)
    return [(math.log10(v), text) for v, text in zip(values, texts)]


class ScatterGridWidget(RestyleMixin, RetranslateMixin, pg.GraphicsLayoutWidget):
    """One scatter per hyperparameter: its value (x) against validation accuracy (y).

    Log-scale parameters get a log x axis; for "1 − 10^r" parameters (momentum, betas) the x
    axis shows ``1 − value`` on a log scale, where the decades 0.9, 0.99, 0.999 are evenly
    spaced. Each search round has its own colour; the best run is ringed; a zoomed range is
    shaded. Axis titles and the legend follow the UI language (the plots are rebuilt).
    """

    def __init__(self, parent=None, classroom: bool = False):
        super().__init__(parent)
        unindexed(self)
        self.classroom = classroom
        self.plots: dict[str, pg.PlotItem] = {}
        self.scatters: dict[str, pg.PlotDataItem] = {}
        self.regions: dict[str, pg.LinearRegionItem] = {}
        self.dimensions: dict[str, Dimension] = {}
        self.results: list[dict] = []
        self.zoom_space: list[Dimension] = []
        self.legend_label = None
        self.n_rounds = 0
        self.follow_theme()

    @staticmethod
    def x_of(dim: Dimension, values) -> np.ndarray:
        """Plot coordinate (before pyqtgraph's log transform) of parameter values."""
        v = np.asarray(values, dtype=float)
        return 1.0 - v if dim.scale == "log1m" else v

    def set_dimensions(self, space: list[Dimension]) -> None:
        self.clear()
        self.plots, self.scatters, self.regions = {}, {}, {}
        self.dimensions = {d.name: d for d in space}
        cols = 1 if len(space) <= 1 else 2
        rows = max(1, math.ceil(len(space) / cols))
        self.setMinimumHeight(self.fontMetrics().height() * (LEGEND_LINES
                                                             + PLOT_ROW_LINES * rows))
        self.legend_label = self.addLabel("", row=0, col=0, colspan=cols)
        for i, dim in enumerate(space):
            # the first and last decades keep their labels, moved in at the axis's ends
            # (pyqtgraph drops a label reaching past an end: zh classroom lost "0.0001")
            bottom = SpacedAxisItem("bottom")
            bottom.set_tick_rules(end_labels=True)
            # the accuracy axis labels its ends, 0 and 100 of an empty plot, moved in
            # (walker31 W31-4: pyqtgraph's axis dropped them, reading 20 ... 80)
            plot = self.addPlot(row=1 + i // cols, col=i % cols,
                                axisItems={"bottom": bottom, "left": SpacedAxisItem("left")})
            label = dimension_name(dim.name)
            if dim.scale == "log1m":
                label = self.tr("%1 (spaced by 1 − value)").replace("%1", label)
            plot.setLabel("bottom", label)
            # in percent, as the table and the verdicts write it (walker29: fractions here)
            plot.setLabel("left", self.tr("validation accuracy (%)"))
            ranges.hold_accuracy_axis(plot, 100.0)      # no zoom passes 0-100% (W33-7)
            plot.setLogMode(x=dim.scale in ("log", "log1m"), y=False)
            plot.showGrid(x=True, y=True, alpha=0.25)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).enableAutoSIPrefix(False)
            if dim.scale == "log1m":
                plot.invertX(True)   # so that beta grows to the right: 0.9, 0.99, 0.999
            self._set_ticks(dim, plot, [])
            # a PlotDataItem (not a bare ScatterPlotItem) follows the plot's log mode
            scatter = pg.PlotDataItem(pen=None, symbol="o")
            plot.addItem(scatter)
            style_plot(plot, self.palette(), self.classroom)
            self.plots[dim.name], self.scatters[dim.name] = plot, scatter
            self._show_empty(dim, plot)
        if self.zoom_space:
            self.show_zoom(self.zoom_space)

    def _set_ticks(self, dim: Dimension, plot: pg.PlotItem, values: list[float]) -> None:
        """Log-axis ticks covering the dimension's range and every plotted value."""
        if dim.scale not in ("log", "log1m"):
            return
        x = self.x_of(dim, [dim.low, dim.high] + list(values))
        x = x[x > 0]
        if len(x):
            ticks = log_ticks(float(x.min()), float(x.max()), one_minus=dim.scale == "log1m")
            plot.getAxis("bottom").setTicks([ticks, []])

    def _show_empty(self, dim: Dimension, plot: pg.PlotItem) -> None:
        """A plot without points shows the dimension's range and 0-100%: pyqtgraph's empty
        view (0 to 1, on a log axis 1 to 10) showed a lone tick "1" (walker29, 67s.png)."""
        x = self.x_of(dim, [dim.low, dim.high])
        if dim.scale in ("log", "log1m"):
            x = x[x > 0]
            x = np.log10(x) if len(x) == 2 else np.array([])
        if len(x) == 2 and np.all(np.isfinite(x)) and x[0] != x[1]:
            plot.setXRange(float(min(x)), float(max(x)))
        plot.setYRange(0.0, 100.0)

    def restyle(self) -> None:
        """Background, axes and legend line in the theme's colours (W19-10)."""
        self.setBackground(theme_colors(self.palette())["background"])
        for plot in self.plots.values():
            if shiboken6.isValid(plot):        # (not once the window closed)
                style_plot(plot, self.palette(), self.classroom)
        self._update_legend(self.results)

    def retranslate(self) -> None:
        """Rebuild the plots (they took their titles when made) and redraw the results."""
        if self.dimensions:
            self.set_dimensions(list(self.dimensions.values()))
            self.set_results(self.results)

    def set_results(self, results: list[dict]) -> None:
        self.results = list(results)
        self._update_legend(results)
        ok = [r for r in results if r.get("score") is not None]
        best = best_result(ok)
        for name, scatter in self.scatters.items():
            dim = self.dimensions[name]
            pts = [r for r in ok if name in r["params"]]
            if not pts:
                scatter.clear()
                self._show_empty(dim, self.plots[name])
                continue
            self.plots[name].enableAutoRange()
            self._set_ticks(dim, self.plots[name], [r["params"][name] for r in pts])
            x = self.x_of(dim, [r["params"][name] for r in pts])
            y = 100.0 * np.array([r["score"] for r in pts], dtype=float)
            brushes = [pg.mkBrush(QColor(ROUND_COLORS[r.get("round", 0) % len(ROUND_COLORS)]))
                       for r in pts]
            pens = [pg.mkPen("#111111", width=2.5) if r is best else pg.mkPen(None)
                    for r in pts]
            big = 2 if self.classroom else 1
            sizes = [(14 if r is best else 9) * big for r in pts]
            # a run whose first step the pre-flight check calls exploding: a cross
            symbols = ["x" if first_step_too_large(r) else "o" for r in pts]
            scatter.setData(x=x, y=y, pen=None, symbol=symbols, symbolBrush=brushes,
                            symbolPen=pens, symbolSize=sizes, data=[r["trial"] for r in pts])

    def _update_legend(self, results: list[dict]) -> None:
        if self.legend_label is None:
            return
        rounds = sorted({r.get("round", 0) for r in results})
        fg = theme_colors(self.palette())["foreground"].name()
        # the short entries are not broken inside: a wrapped legend breaks between them
        round_word, best_word, zoom_word = (
            text.replace(" ", "&nbsp;") for text in (self.tr("round %1"), self.tr("best run"),
                                                     self.tr("zoomed range")))
        parts = [f'<span style="color:{ROUND_COLORS[k % len(ROUND_COLORS)]}">●</span>&nbsp;'
                 f'<span style="color:{fg}">{round_word.replace("%1", str(k + 1))}</span>'
                 for k in rounds]
        if results:
            parts.append(f'<span style="color:{fg}">◯&nbsp;{best_word}</span>')
        if any(r.get("score") is not None and first_step_too_large(r) for r in results):
            too_large = self.tr("first step too large (pre-flight): not offered as best")
            parts.append(f'<span style="color:{fg}">✕ {too_large}</span>')
        if self.zoom_space:
            parts.append('<span style="color:#d9a400">■</span>&nbsp;'
                         f'<span style="color:{fg}">{zoom_word}</span>')
        # a breakable space after each gap: a line too long for the plots wraps there
        self.legend_label.setText("&nbsp;&nbsp; ".join(parts))
        self._fit_legend()

    def _fit_legend(self) -> None:
        """The legend wraps to the widget's width when its line is longer (fix60: in a
        second round it was wider than the page at 1366x768, which then reached past the
        window's edge); a line that fits stays one centred line."""
        label = getattr(self, "legend_label", None)    # (None while pyqtgraph builds)
        if label is None or not shiboken6.isValid(label):
            return
        left, _top, right, _bottom = self.ci.layout.getContentsMargins()
        room = self.width() - left - right - LEGEND_SIDE_ROOM
        label.item.setTextWidth(-1)
        if label.item.boundingRect().width() > room:
            # wrapped, it keeps clear of the accuracy axis's title, which on a short plot
            # reaches up beside the legend ("(%)" ran into its second line)
            axis = max((p.getAxis("left").width() for p in self.plots.values()
                        if shiboken6.isValid(p)), default=0.0)
            label.item.setTextWidth(max(LEGEND_MIN_WIDTH, room - 2 * axis))
        label.resizeEvent(None)         # pyqtgraph's own: minimum size from the text's

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_legend()

    def show_zoom(self, space: list[Dimension]) -> None:
        """Shade each dimension's new (zoomed) range (kept until ``clear_zoom``)."""
        self.zoom_space = list(space)
        for dim in space:
            plot = self.plots.get(dim.name)
            if plot is None:
                continue
            lo, hi = sorted(self.x_of(dim, [dim.low, dim.high]))
            if dim.scale in ("log", "log1m"):
                lo, hi = math.log10(max(lo, 1e-300)), math.log10(max(hi, 1e-300))
            region = self.regions.get(dim.name)
            if region is None:
                region = pg.LinearRegionItem(values=(lo, hi), movable=False,
                                             brush=pg.mkBrush(QColor(255, 200, 60, 60)))
                region.setZValue(-10)
                plot.addItem(region)
                self.regions[dim.name] = region
            region.setRegion((lo, hi))

    def clear_zoom(self) -> None:
        for name, region in self.regions.items():
            self.plots[name].removeItem(region)
        self.regions = {}
        self.zoom_space = []
