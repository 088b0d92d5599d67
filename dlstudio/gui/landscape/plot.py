"""The landscape plot: a 2-D loss grid as shaded contours with the run's path and a colour bar
labelled with loss values, or a 1-D curve.

Colours follow log10 of the loss over a range the caller may share between several
landscapes (``show_landscape(..., value_range=...)``), so that the same colour means the
same loss in each and a flat surface looks flat next to a valley."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots.log_ticks import nice_log_range
from dlstudio.gui.plots.tick_text import log_axis_texts
from dlstudio.gui.plots.scene_index import unindexed
from dlstudio.gui.plots.style import live_plot_item, pen, style_plot, theme_colors
from dlstudio.gui.widgets.restyle import RestyleMixin

#: low loss (deep blue) to high loss (pale yellow): the valley reads as the dark region
_SHADE = pg.ColorMap([0.0, 0.35, 0.7, 1.0],
                     [QColor("#26456e"), QColor("#3f8fb8"), QColor("#9fd2c0"), QColor("#f7f3c6")])
PATH_COLOR = "#e15759"
N_LEVELS = 14


def colour_scale(lo: float, hi: float) -> tuple[float, float, list[tuple[float, str]]]:
    """The colour bar for losses ``lo..hi``: the log10 of its two ends and its ticks
    ``(log10 loss, label)``, nice values of one ladder (0.05, 0.1, 0.2, 0.5 ...; 1, 1.5, 2,
    2.5) at their true positions, the bar reaching from one below ``lo`` to one above ``hi``
    (``log_ticks.nice_log_range``), so that every loss lies between two labels (walker3
    W3-34), written as every log axis writes its ticks (``tick_text.log_axis_texts``)."""
    start, end, values = nice_log_range(lo, hi)
    labels = log_axis_texts([10.0 ** v for v in values])
    return start, end, list(zip(values, labels))


class LandscapePlotWidget(RestyleMixin, pg.PlotWidget):
    """Shows a ``Landscape`` (``show_landscape``) and an optional ``Trajectory``."""

    def __init__(self, parent=None, classroom: bool = False):
        super().__init__(parent)
        unindexed(self)
        self.classroom = classroom
        self.setMenuEnabled(False)
        plot = self.getPlotItem()
        plot.hideButtons()
        for side in ("bottom", "left"):   # plain step sizes, never "(x0.001)"; set before any
            plot.getAxis(side).enableAutoSIPrefix(False)      # range, so the scale stays 1
        self.image = pg.ImageItem()
        self.image.setZValue(-20)
        plot.addItem(self.image)
        self.isocurves: list[pg.IsocurveItem] = []
        self.curve = pg.PlotDataItem()
        self.path = pg.PlotDataItem()
        self.path_start = pg.ScatterPlotItem(symbol="o")
        self.centre = pg.ScatterPlotItem(symbol="+")
        self.centre_outline = pg.ScatterPlotItem(symbol="+")   # dark rim: visible on pale
        for item, z in ((self.curve, 4), (self.path, 5), (self.path_start, 6),
                        (self.centre_outline, 6.5), (self.centre, 7)):
            item.setZValue(z)
            plot.addItem(item)
        self.landscape = None
        self.trajectory = None
        self.levels = np.zeros(0)
        self.value_range: tuple[float, float] | None = None   # loss range of the colours
        #: the colour bar's ticks, (log10 loss, label) (``colour_scale``)
        self.colour_ticks: list[tuple[float, str]] = []
        self.colour_bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=_SHADE, width=14,
                                          interactive=False, colorMapMenu=False)
        self.colour_bar.setImageItem(self.image, insert_in=plot)
        self.colour_bar.setVisible(False)
        # the bar's labels take the width they need (pyqtgraph fixes 45 px, too narrow for
        # "2.01" in classroom mode's font: every label was dropped)
        self.colour_bar.getAxis("right").setWidth(None)
        # room above the plot for the half of the colour bar's top label that sits above it
        left, _, right, bottom = plot.getContentsMargins()
        top = 0.6 * QFontMetricsF(QApplication.font()).height()
        plot.setContentsMargins(left, top, right, bottom)
        self.follow_theme()

    # -- appearance ------------------------------------------------------------------------
    def restyle(self) -> None:
        if live_plot_item(self) is None:        # closed: nothing to show
            return
        self.setBackground(theme_colors(self.palette())["background"])
        style_plot(self.getPlotItem(), self.palette(), self.classroom)
        big = self.classroom
        self.curve.setPen(pen("#3b82d6", big, base=2.0))
        self.path.setPen(pen(PATH_COLOR, big, base=2.2))
        self.path.setSymbol("o")
        self.path.setSymbolSize(7 if big else 4)
        self.path.setSymbolBrush(pg.mkBrush(PATH_COLOR))
        self.path.setSymbolPen(None)
        self.path_start.setSize(16 if big else 10)
        self.path_start.setPen(pg.mkPen("#222222", width=1.5))
        self.path_start.setBrush(pg.mkBrush("#ffffff"))
        self.centre.setSize(24 if big else 16)
        self.centre.setPen(pg.mkPen("#ffffff", width=4 if big else 2.5))
        self.centre.setBrush(pg.mkBrush("#ffffff"))
        self.centre_outline.setSize(28 if big else 19)
        self.centre_outline.setPen(pg.mkPen("#1b2a40", width=7 if big else 5))
        line = pg.mkPen(QColor(20, 30, 50, 150), width=2.0 if big else 1.0)
        for iso in self.isocurves:
            iso.setPen(line)
        fg = theme_colors(self.palette()).get("foreground")
        for side in ("right", "left"):
            axis = self.colour_bar.getAxis(side)
            if fg is not None:
                axis.setTextPen(pg.mkPen(fg))
                axis.setPen(pg.mkPen(fg))

    def set_classroom(self, on: bool) -> None:
        self.classroom = bool(on)
        self.restyle()

    def set_axis_labels(self, x: str, y: str) -> None:
        plot = self.getPlotItem()
        plot.setLabel("bottom", x)
        plot.setLabel("left", y)
        style_plot(plot, self.palette(), self.classroom)

    # -- data ------------------------------------------------------------------------------
    def clear_landscape(self) -> None:
        self.landscape = self.trajectory = None
        self.image.clear()
        self._drop_isocurves()
        for item in (self.curve, self.path, self.path_start, self.centre, self.centre_outline):
            item.setData([], [])
        self.value_range = None
        self.colour_bar.setVisible(False)

    def show_empty(self, span: float, two_d: bool) -> None:
        """No landscape yet: the axes span what Compute will cover, ``-span`` to ``span``
        along each random direction (walker22 W22-2: the empty axes read ±0.5 beside
        Span 1.00)."""
        self.clear_landscape()
        vb = self.getPlotItem().vb
        if two_d:
            vb.setRange(xRange=(-span, span), yRange=(-span, span), padding=0.0)
        else:
            vb.setRange(xRange=(-span, span), padding=0.0)

    def set_colour_bar_label(self, text: str) -> None:
        """The colour bar's caption (the panel passes its translated "loss")."""
        self.colour_bar.getAxis("left").setLabel(text)

    def _drop_isocurves(self) -> None:
        for item in self.isocurves:
            item.setParentItem(None)
            self.getPlotItem().removeItem(item)
        self.isocurves = []

    def show_landscape(self, landscape, trajectory=None,
                       value_range: tuple[float, float] | None = None) -> None:
        """Draw ``landscape`` (2-D: shaded log-loss contours; 1-D: a curve) and the path.

        ``value_range`` ``(lo, hi)``: the losses at the two ends of the colour map (shared
        between landscapes; default ``training.landscape.shared_loss_range`` of this one)."""
        from dlstudio.training.landscape import shared_loss_range

        self.clear_landscape()
        self.landscape, self.trajectory = landscape, trajectory
        plot = self.getPlotItem()
        x = np.asarray(landscape.x)
        if landscape.y is None:
            plot.setAspectLocked(False)
            self.curve.setData(x, landscape.loss)
            centre = len(x) // 2
            self.centre.setData([x[centre]], [landscape.loss[centre]])
            self.centre.setPen(pg.mkPen("#222222", width=2.5))
            plot.enableAutoRange()
            return
        # the map fills the plot: the view is the grid's extent on both axes (W16-9: with
        # square cells, W7-9, the tall plot column showed the grid as a band between white
        # ones, a third of the plot's height on the projector). Both axes carry their
        # numbers, so a stretched cell is read off the ticks.
        plot.setAspectLocked(False)
        y = np.asarray(landscape.y)
        z = np.asarray(landscape.loss, dtype=float)
        lo, hi = value_range or shared_loss_range([landscape])
        self.value_range = (float(lo), float(hi))
        log_lo, log_hi = np.log10(lo), np.log10(hi)
        # overflowed points (inf, NaN) show as the highest loss
        logz = np.log10(np.clip(np.where(np.isfinite(z), z, hi), lo, hi))
        self.levels = np.linspace(log_lo, log_hi, N_LEVELS + 2)[1:-1]
        # ImageItem's first axis is x: the grid is loss[j (y), i (x)]; the colour bar sets
        # the image's levels and colour map
        self.image.setImage(logz.T, autoLevels=False)
        bar_lo, bar_hi, self.colour_ticks = colour_scale(lo, hi)
        self.colour_bar.setLevels((bar_lo, bar_hi))
        self.colour_bar.getAxis("right").setTicks([self.colour_ticks])
        self.colour_bar.setVisible(True)
        dx = (x[-1] - x[0]) / max(len(x) - 1, 1)
        dy = (y[-1] - y[0]) / max(len(y) - 1, 1)
        extent = QRectF(x[0] - dx / 2, y[0] - dy / 2, x[-1] - x[0] + dx, y[-1] - y[0] + dy)
        self.image.setRect(extent)
        for level in self.levels:
            iso = pg.IsocurveItem(data=logz.T, level=float(level))
            iso.setParentItem(self.image)
            iso.setZValue(-10)
            self.isocurves.append(iso)
        self.restyle()
        self.centre.setData([0.0], [0.0])
        self.centre_outline.setData([0.0], [0.0])
        if trajectory is not None:
            pts = np.asarray(trajectory.coords)
            self.path.setData(pts[:, 0], pts[:, 1])
            self.path_start.setData([pts[0, 0]], [pts[0, 1]])
        plot.vb.setRange(rect=extent, padding=0.0)
