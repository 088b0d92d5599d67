"""The landscape plot: a 2-D loss grid as shaded contours with the run's path, or a 1-D curve."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from dlstudio.gui.plots.style import pen, style_plot, theme_colors

#: low loss (deep blue) to high loss (pale yellow): the valley reads as the dark region
_SHADE = pg.ColorMap([0.0, 0.35, 0.7, 1.0],
                     [QColor("#26456e"), QColor("#3f8fb8"), QColor("#9fd2c0"), QColor("#f7f3c6")])
PATH_COLOR = "#e15759"
N_LEVELS = 14


class LandscapePlotWidget(pg.PlotWidget):
    """Shows a ``Landscape`` (``show_landscape``) and an optional ``Trajectory``."""

    def __init__(self, parent=None, classroom: bool = False):
        super().__init__(parent)
        self.classroom = classroom
        self.setMenuEnabled(False)
        plot = self.getPlotItem()
        plot.hideButtons()
        self.image = pg.ImageItem()
        self.image.setZValue(-20)
        plot.addItem(self.image)
        self.isocurves: list[pg.IsocurveItem] = []
        self.curve = pg.PlotDataItem()
        self.path = pg.PlotDataItem()
        self.path_start = pg.ScatterPlotItem(symbol="o")
        self.centre = pg.ScatterPlotItem(symbol="+")
        for item, z in ((self.curve, 4), (self.path, 5), (self.path_start, 6), (self.centre, 7)):
            item.setZValue(z)
            plot.addItem(item)
        self.landscape = None
        self.trajectory = None
        self.levels = np.zeros(0)
        self._restyle()

    # -- appearance ------------------------------------------------------------------------
    def _restyle(self) -> None:
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
        line = pg.mkPen(QColor(20, 30, 50, 150), width=2.0 if big else 1.0)
        for iso in self.isocurves:
            iso.setPen(line)

    def set_classroom(self, on: bool) -> None:
        self.classroom = bool(on)
        self._restyle()

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
        for item in (self.curve, self.path, self.path_start, self.centre):
            item.setData([], [])

    def _drop_isocurves(self) -> None:
        for item in self.isocurves:
            item.setParentItem(None)
            self.getPlotItem().removeItem(item)
        self.isocurves = []

    def show_landscape(self, landscape, trajectory=None) -> None:
        """Draw ``landscape`` (2-D: shaded log-loss contours; 1-D: a curve) and the path."""
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
        # axes fill the plot (a square grid in a wide panel would leave most of it empty)
        plot.setAspectLocked(False)
        y = np.asarray(landscape.y)
        z = np.asarray(landscape.loss, dtype=float)
        finite = z[np.isfinite(z)]
        top = finite.max() if finite.size else 1.0
        logz = np.log(np.where(np.isfinite(z), z, top) + 1e-12)
        lo, hi = float(logz.min()), float(logz.max())
        self.levels = np.linspace(lo, hi, N_LEVELS + 2)[1:-1] if hi > lo else np.zeros(0)
        shade = (logz - lo) / (hi - lo) if hi > lo else np.zeros_like(logz)
        # ImageItem's first axis is x: the grid is loss[j (y), i (x)]
        self.image.setImage(shade.T, levels=(0.0, 1.0), lut=_SHADE.getLookupTable(nPts=256))
        dx = (x[-1] - x[0]) / max(len(x) - 1, 1)
        dy = (y[-1] - y[0]) / max(len(y) - 1, 1)
        self.image.setRect(QRectF(x[0] - dx / 2, y[0] - dy / 2, x[-1] - x[0] + dx,
                                  y[-1] - y[0] + dy))
        for level in self.levels:
            iso = pg.IsocurveItem(data=logz.T, level=float(level))
            iso.setParentItem(self.image)
            iso.setZValue(-10)
            self.isocurves.append(iso)
        self._restyle()
        self.centre.setData([0.0], [0.0])
        if trajectory is not None:
            pts = np.asarray(trajectory.coords)
            self.path.setData(pts[:, 0], pts[:, 1])
            self.path_start.setData([pts[0, 0]], [pts[0, 1]])
        plot.vb.setRange(xRange=(x[0], x[-1]), yRange=(y[0], y[-1]), padding=0.02)
