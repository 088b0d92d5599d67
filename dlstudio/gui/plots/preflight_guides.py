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
from PySide6.QtGui import QColor

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


#: the widest share of the chart the room made for the typical label may take
ROOM_SHARE = 0.45


class ZoneLabels:
    """The update chart's "typical" label by its line below the exploding zone and the
    "exploding" one inside its zone, on the page's background, each placed (again whenever
    the chart's size changes) where it covers no bar; a label with no such place is left
    out (every bar of an exploding network ran through both: walker12 W12-9).

    Where the bars run through the typical line everywhere, the chart's x range grows on the
    right by the label's width and the label rests on its line there, beside the bars (over
    their lower parts its box read as a key laid on the bars: walker31 53cmp); in a narrow
    chart the label takes two lines for that ("≈10⁻³" over "typical"); only in a chart too
    narrow even then does it go over the bars' lower parts as before."""

    def __init__(self, plot: pg.PlotItem, bars: pg.BarGraphItem, texts: tuple[str, str],
                 lines: tuple[float, float], colors: dict[str, str],
                 x_span: tuple[float, float]):
        """``texts``: the typical label's and the exploding one's; ``lines``: the typical
        line and the limit (log10); ``colors``: the theme's (``style.theme_colors``);
        ``x_span``: the chart's x range that holds the bars."""
        self.plot, self.bars, self.lines = plot, bars, lines
        self.x_span = (float(x_span[0]), float(x_span[1]))
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
        #: each label's text as placed now (the typical one may take two lines)
        self.texts = dict(zip(made, texts))
        self._one_line = texts[0]
        plot.getViewBox().sigResized.connect(self.place)
        self.place()

    def place(self, *_) -> None:
        """Put each label where it covers no bar (``preflight_bars.label_spot``), making
        room for the typical one right of the bars when they leave it none by its line."""
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
        x_span = self._make_room(width, typical, (y_lo, limit), py)
        view.setXRange(*x_span, padding=0)
        px = (x_span[1] - x_span[0]) / width
        for label, line, span in ((self.typical, typical, (y_lo, limit)),
                                  (self.exploding, limit, (limit, y_hi))):
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

    def _make_room(self, width: float, line: float, span: tuple[float, float],
                   py: float) -> tuple[float, float]:
        """The chart's x range, and the typical label's text: the bars' own range and the
        one-line text when a place by the typical ``line`` is free of bars; else the range
        widened on the right by the label's width, in one line or else two, where that
        takes at most ``ROOM_SHARE`` of the chart's ``width`` pixels; else as at first."""
        lo, hi = self.x_span
        bars = self.bars.opts
        one, two = self._one_line, self._one_line.replace(" ", "\n", 1)
        for text in dict.fromkeys((one, two)):
            self._set_typical_text(text)
            rect = self.typical.boundingRect()
            if text == one:
                px = (hi - lo) / width
                spot = label_spot(np.asarray(bars["x"], float),
                                  np.asarray(bars["y1"], float), float(bars["width"]), line,
                                  (rect.width() * px, rect.height() * py), (lo, hi), span,
                                  gap=py)
                if spot is not None and spot[2]:
                    return lo, hi                    # a free place by its line
            # the label's share of the widened chart, a margin either side included
            share = (rect.width() + 0.02 * width) / width
            if share <= ROOM_SHARE and rect.height() * py < span[1] - line:
                return lo, (hi - share * lo) / (1.0 - share)
        self._set_typical_text(one)
        return lo, hi

    def _set_typical_text(self, text: str) -> None:
        self.texts[self.typical] = text
        if self.typical.toPlainText() != text:
            self.typical.setText(text)
