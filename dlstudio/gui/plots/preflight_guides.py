"""What the Pre-flight page's bar charts are read against, drawn on a chart: the vanishing
and exploding bands, dashed rule lines (the reference's 1, the typical update, the update
limit), the marks of values a log axis cannot show, and the update chart's zone labels
placed where they cover no bar (``ZoneLabels``, with ``preflight_bars.label_spot``).

Functions of a ``pg.PlotItem``; the page chooses the values and the colours.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics

from dlstudio.gui.plots import style
from dlstudio.gui.plots.preflight_bars import label_spot


def add_bands(plot: pg.PlotItem, bottom: float, top: float, lo: float, hi: float) -> None:
    """The vanishing band from ``bottom`` up to ``lo`` and the exploding one from ``hi`` to
    ``top`` (log10 values), behind the bars."""
    for values, color in (((bottom, lo), style.BAND_VANISHING),
                          ((hi, top), style.BAND_EXPLODING)):
        if values[1] <= values[0]:
            continue
        band = pg.LinearRegionItem(values=values, orientation="horizontal", movable=False,
                                   brush=pg.mkBrush(*color), pen=pg.mkPen(None))
        band.setZValue(-10)
        plot.addItem(band, ignoreBounds=True)


def add_rule(plot: pg.PlotItem, y: float, color: str) -> None:
    """A dashed horizontal line at ``y`` over the bars."""
    line = pg.InfiniteLine(pos=y, angle=0, movable=False,
                           pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine))
    line.setZValue(20)
    plot.addItem(line, ignoreBounds=True)


def add_edge_marks(plot: pg.PlotItem, mask: np.ndarray, y: float, symbol: str,
                   brushes: list, size: int, outline: str) -> None:
    """A ``symbol`` at height ``y`` over every bar ``mask`` picks, in the bar's brush with an
    ``outline`` pen (▼ zeros at a log axis's bottom, ▲ infinite values at its top)."""
    if not mask.any():
        return
    xs = np.flatnonzero(mask)
    plot.addItem(pg.ScatterPlotItem(x=xs, y=np.full(xs.size, y), symbol=symbol, size=size,
                                    pen=pg.mkPen(outline), brush=[brushes[i] for i in xs]))


#: the dashed line a zone label names, drawn before its text when it stands away from it
LINE_SAMPLE = "\u254c\u254c"


#: the room right of a chart for the typical label's text (pixels besides the text's width)
MARGIN_PAD = 16


class ZoneLabels:
    """The update chart's "typical" label by its line below the exploding zone and the
    "exploding" one inside its zone, on the page's background, each placed (again whenever
    the chart's size changes) where it covers no bar; a label with no such place is left
    out (every bar of an exploding network ran through both: walker12 W12-9).

    Where the bars run through the typical line everywhere, the typical label goes into the
    chart's right margin, level with its line, as the Gradients page names its rule of thumb
    (over the bars' lower parts its box read as a key laid on them: walker31 53cmp); the
    chart ``beside`` it (pass-through, above) gets as wide a margin, so that both keep the
    bars' own x range and their layers line up. Widening the chart's x range for the label
    instead squeezed 31 bars into three quarters of both charts, out of line with the
    charts on the left (walker33 W33-10)."""

    def __init__(self, plot: pg.PlotItem, bars: pg.BarGraphItem, texts: tuple[str, str],
                 lines: tuple[float, float], colors: dict[str, str],
                 x_span: tuple[float, float], beside: pg.PlotItem | None = None):
        """``texts``: the typical label's and the exploding one's; ``lines``: the typical
        line and the limit (log10); ``colors``: the theme's (``style.theme_colors``);
        ``x_span``: the charts' x range that holds the bars; ``beside``: the chart whose
        right margin follows this one's."""
        self.plot, self.bars, self.lines, self.beside = plot, bars, lines, beside
        self.x_span = (float(x_span[0]), float(x_span[1]))
        self.colors = colors
        fill = QColor(colors["background"])
        fill.setAlpha(210)
        made = []
        for text in texts:
            label = pg.TextItem(text, color=colors["foreground"], fill=pg.mkBrush(fill),
                                anchor=(0, 1))
            label.setZValue(21)
            plot.addItem(label, ignoreBounds=True)
            made.append(label)
        self.typical, self.exploding = made
        #: each label's text as placed now
        self.texts = dict(zip(made, texts))
        #: the typical label is in the right margin (``in_margin``)
        self.in_margin = False
        plot.getViewBox().sigResized.connect(self.place)
        self.place()

    def place(self, *_) -> None:
        """Put each label where it covers no bar (``preflight_bars.label_spot``), the
        typical one in the right margin when the bars leave it no place by its line."""
        if not (shiboken6.isValid(self.typical) and shiboken6.isValid(self.plot)):
            return                                   # the page was rebuilt
        view = self.plot.getViewBox()
        width, height = view.width(), view.height()
        if not (width > 0 and height > 0):
            return                                   # not laid out yet
        (y_lo, y_hi) = view.viewRange()[1]
        py = (y_hi - y_lo) / height
        bars = self.bars.opts
        typical, limit = self.lines
        x_span = self.x_span
        view.setXRange(*x_span, padding=0)
        px = (x_span[1] - x_span[0]) / width
        self._set_margin(self._no_place_by_line(px, py, (y_lo, limit)))
        placing = ((self.exploding, limit, (limit, y_hi)),)
        if not self.in_margin:
            placing = ((self.typical, typical, (y_lo, limit)),) + placing
        for label, line, span in placing:
            for _ in range(2):            # again when the text (and so its width) changed
                rect = label.boundingRect()
                spot = label_spot(np.asarray(bars["x"], float),
                                  np.asarray(bars["y1"], float), float(bars["width"]), line,
                                  (rect.width() * px, rect.height() * py), x_span,
                                  span, gap=py, over_bars=label is self.typical)
                label.setVisible(spot is not None)
                if spot is None:
                    break
                label.setPos(spot[0], spot[1])
                # away from its line (bars cover every place by it), the label starts with
                # a sample of the dashed line it names, as a legend entry does: floating
                # over bars near 0.02 it read as theirs (walker28 z7_02c)
                text = self.texts[label] if spot[2] else f"{LINE_SAMPLE} {self.texts[label]}"
                if label.toPlainText() == text:
                    break
                label.setText(text)

    def _no_place_by_line(self, px: float, py: float, span: tuple[float, float]) -> bool:
        """Whether the bars leave the typical label no place resting on its line."""
        rect = self.typical.boundingRect()
        bars = self.bars.opts
        spot = label_spot(np.asarray(bars["x"], float), np.asarray(bars["y1"], float),
                          float(bars["width"]), self.lines[0],
                          (rect.width() * px, rect.height() * py), self.x_span, span, gap=py)
        return spot is None or not spot[2]

    def _set_margin(self, on: bool) -> None:
        """The typical label in the right margin (``on``) or in the chart."""
        text = self.texts[self.typical]
        if on == self.in_margin:
            return
        self.in_margin = on
        charts = [self.plot] + ([self.beside] if self.beside is not None
                                and shiboken6.isValid(self.beside) else [])
        if not on:
            for chart in charts:
                chart.hideAxis("right")
            return
        font = self.typical.textItem.font()
        width = QFontMetrics(font).horizontalAdvance(text) + MARGIN_PAD
        for chart in charts:
            chart.showAxis("right")
            axis = chart.getAxis("right")
            axis.setGrid(False)
            axis.setWidth(width)
            axis.setStyle(tickLength=6, tickFont=font)
            axis.setPen(pg.mkPen(self.colors["foreground"]))
            axis.setTextPen(pg.mkPen(self.colors["foreground"]))
            axis.setTicks([[(self.lines[0], text)] if chart is self.plot else []])
        self.typical.setVisible(False)
