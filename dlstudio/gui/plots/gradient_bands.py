"""The Gradients page's shaded bands and the names in its right margins.

The signal plots shade *vanishing* below ``VANISHING`` = 1e-5 and *exploding* above
``EXPLODING`` = 1e2 (absolute sizes of each layer's gradient, since that is what the axis
shows). Each band's name stands in the right margin of the last signal plot, level with the
visible part of the band, and the update ratios' rule of thumb in the right margin of the last
update-ratio plot, level with its dashed line at ``GOOD_UPDATE_RATIO``: inside the plots their
boxes hid the first steps of the curves near them (walker13 W13-14). The texts keep the
``GradientsPanel`` translation context.
"""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGraphicsItem

from dlstudio.gui.plots import style

translate = QCoreApplication.translate

#: gradient norms below this are shaded as vanishing
VANISHING = 1e-5
#: gradient norms above this are shaded as exploding
EXPLODING = 1e2
#: rule of thumb for a healthy update-to-weight ratio
GOOD_UPDATE_RATIO = 1e-3


def bands() -> list[tuple[tuple[float, float], tuple, str]]:
    """((low, high) in log10 units, colour, label) of the vanishing and exploding bands."""
    lo, hi = math.log10(VANISHING), math.log10(EXPLODING)
    return [((lo - 40, lo), style.BAND_VANISHING,
             translate("GradientsPanel", "vanishing (< 10⁻⁵)")),
            ((hi, hi + 40), style.BAND_EXPLODING,
             translate("GradientsPanel", "exploding (> 10²)"))]


def add_bands(plot: pg.PlotItem) -> None:
    """Shade the vanishing and exploding bands behind ``plot``'s curves."""
    for (low, high), color, _ in bands():
        band = pg.LinearRegionItem(values=(low, high), orientation="horizontal",
                                   movable=False, brush=pg.mkBrush(*color),
                                   pen=pg.mkPen(None))
        band.setZValue(-10)
        plot.addItem(band, ignoreBounds=True)


class BandLabels:
    """The margins of one build of the page: the axis naming the bands (``band_axis``) and
    the one naming the rule of thumb (``rule_axis``; None: not built)."""

    def __init__(self) -> None:
        self.band_axis: pg.AxisItem | None = None
        self.rule_axis: pg.AxisItem | None = None
        #: the band names the margin shows (None: none set yet; the axis would draw its own
        #: numbers, walker16 W16-3)
        self._ticks: list | None = None

    def label_margins(self, signal_plot: pg.PlotItem, ratio_plot: pg.PlotItem | None,
                      rule: str | None, classroom: bool) -> None:
        """The bands' names in the right margin of ``signal_plot`` (``place``) and ``rule``
        in the right margin of ``ratio_plot``, level with its dashed line. Both margins are as
        wide, so that each column's plots stay lined up on the shared step axis. The texts
        are in the text colour (the rule's grey is too pale on a projector, W11-18)."""
        font = QFont()
        font.setPointSize(style.font_size(classroom))
        texts = [text for _, _, text in bands()] + ([rule] if rule else [])
        width = max(QFontMetrics(font).horizontalAdvance(t) for t in texts) + 20
        plots = [signal_plot] + ([ratio_plot] if rule else [])
        for plot in plots:
            plot.showAxis("right")
            axis = plot.getAxis("right")
            axis.setStyle(tickLength=8)
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            axis.setGrid(False)                 # the left axis draws the grid
            axis.setWidth(width)
        self.band_axis = signal_plot.getAxis("right")
        self._ticks = None                      # this axis has none yet
        self.place(signal_plot)
        if rule:
            self.rule_axis = ratio_plot.getAxis("right")
            self.rule_axis.setTicks([[(math.log10(GOOD_UPDATE_RATIO), rule)]])

    def place(self, signal_plot: pg.PlotItem | None) -> None:
        """Each band's name level with its threshold, the band's edge towards the healthy
        middle, when that is in view (level with the middle of the band's visible part, its
        tick read as the threshold: walker30 W30-18); else level with the middle of the
        visible part; none when the band is out of view (the margin then stays empty, never
        showing the axis's numbers)."""
        axis = self.band_axis
        if axis is None or signal_plot is None:
            return
        low, high = signal_plot.getViewBox().viewRange()[1]
        ticks = []
        thresholds = (math.log10(VANISHING), math.log10(EXPLODING))
        for ((a, b), _, text), threshold in zip(bands(), thresholds):
            top, bottom = min(b, high), max(a, low)
            if top <= bottom:
                continue
            ticks.append((threshold if low <= threshold <= high else (top + bottom) / 2, text))
        if ticks != self._ticks:                # (setting ticks lays the axis out again)
            self._ticks = ticks
            axis.setTicks([ticks])
