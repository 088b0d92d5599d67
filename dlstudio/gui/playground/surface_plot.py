"""The playground's plot: a loss surface as shaded contours, with optimizer paths on top."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from dlstudio.engine.surfaces import Surface
from dlstudio.engine.trajectories import Trajectory
from dlstudio.gui.i18n import tr_registry
from dlstudio.gui.plots.contours import ContourLines
from dlstudio.gui.plots.scene_index import unindexed
from dlstudio.gui.plots.style import PALETTE, live_plot_item, pen, style_plot, theme_colors
from dlstudio.gui.widgets.restyle import RestyleMixin
from dlstudio.gui.widgets.retranslate import RetranslateMixin

#: background shading, low loss (a soft blue) to high loss (near white)
_SHADE = pg.ColorMap([0.0, 0.5, 1.0], [QColor("#a9c8ec"), QColor("#e2ecf7"), QColor("#fbfbfd")])
#: the same shading in the dark theme: the valley a muted blue, high ground near the dark
#: background (the light map was a white square on the dark window, walker19 W19-10)
_DARK_SHADE = pg.ColorMap([0.0, 0.5, 1.0],
                          [QColor("#3a6596"), QColor("#283649"), QColor("#202226")])


def shade_map(background: QColor) -> pg.ColorMap:
    """The surface's shading for a plot on ``background``: light or dark."""
    return _DARK_SHADE if background.lightness() < 128 else _SHADE


def path_color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def legend_name(trajectory: Trajectory) -> str:
    """A path's legend entry: the optimizer's name in the UI language, with the β of a path
    with momentum ("Momentum β = 0.9"): lesson 8 has the student type another β, and the
    legend said only "Momentum" (walker35 a07)."""
    name = tr_registry(trajectory.label)
    beta = trajectory.config.get("momentum")
    return name if beta is None else f"{name} β = {float(beta):.6g}"


def aspect_ratio(view_px: tuple[float, float], rect: tuple[float, float]) -> float:
    """The view's x scale over its y scale (pixels per unit) for showing a ``rect`` = (width,
    height) window in a ``view_px`` = (width, height) plot.

    True proportions (1) as long as the window keeps its shape; where the plot's shape would
    leave the window a strip in a much taller (or wider) plot, the window's short side is
    stretched towards filling the plot, never beyond drawing the window square. So a round
    bowl stays round, and the elongated valley in a tall classroom plot fills it instead of
    lying in a band between empty margins (walker23 W23-6): still twice as long as high, its
    contours still long ellipses and its zig-zag still across them.
    """
    (px_w, px_h), (w, h) = view_px, rect
    if min(px_w, px_h, w, h) <= 0:
        return 1.0
    fill = (px_w / w) / (px_h / h)
    return float(np.clip(fill, min(1.0, h / w), max(1.0, h / w)))


class SurfacePlotWidget(RestyleMixin, RetranslateMixin, pg.PlotWidget):
    """Contours of a ``Surface`` and the (partly revealed) paths of several optimizers.

    ``sigPointClicked(x, y)`` is emitted when the user clicks on the surface (the panel uses
    it to move the start point).
    """

    sigPointClicked = Signal(float, float)

    #: the legend's columns where the plot is wide enough (``fit_legend``)
    LEGEND_COLUMNS = 3

    def __init__(self, parent=None, classroom: bool = False):
        super().__init__(parent)
        unindexed(self)
        self.classroom = classroom
        self.setMenuEnabled(False)
        plot = self.getPlotItem()
        # (near) true proportions: the gradient is then visibly perpendicular to the contours;
        # fit_view sets the ratio (aspect_ratio)
        plot.setAspectLocked(True)
        plot.hideButtons()
        self.image = pg.ImageItem()
        self.image.setZValue(-20)
        plot.addItem(self.image)
        # opaque: the lines are drawn as separate short segments, and a translucent pen would
        # darken every point two of them share; this is rgba(90, 110, 140, 150) over the
        # middle of the shading
        self.contours = ContourLines(self.image, pg.mkPen(QColor(146, 162, 184), width=1.0))
        self.contours.setZValue(-10)
        # the legend sits under the plot, in rows: inside the view it covered the paths
        self.legend = pg.LegendItem(labelTextSize="9pt", colCount=self.LEGEND_COLUMNS)
        plot.layout.addItem(self.legend, 4, 1)
        self.curves: list[pg.PlotDataItem] = []
        self.trajectories: list[Trajectory] = []    # the path each curve draws
        self.heads: list[pg.ScatterPlotItem] = []
        self.start_marker = pg.ScatterPlotItem(symbol="o", size=11, pen=pg.mkPen("#333333", width=1.5),
                                               brush=pg.mkBrush("#ffffff"))
        self.start_marker.setZValue(10)
        self.minima_marker = pg.ScatterPlotItem(symbol="star", size=16,
                                                pen=pg.mkPen("#333333", width=1),
                                                brush=pg.mkBrush("#ffd34d"))
        self.minima_marker.setZValue(10)
        plot.addItem(self.start_marker)
        plot.addItem(self.minima_marker)
        self.surface: Surface | None = None
        self.levels = np.zeros(0)
        self.samples = 220
        #: the view rectangle the shading was drawn for (x0, x1, y0, y1)
        self.drawn_rect: tuple[float, float, float, float] | None = None
        self._redraw = QTimer(self, singleShot=True, interval=40)
        self._redraw.timeout.connect(self.draw_view)
        plot.vb.sigRangeChanged.connect(lambda *_: self._redraw.start())
        # the ratio follows the view's own size, which the plot's layout sets after the
        # widget's resizeEvent
        plot.vb.sigResized.connect(lambda *_: self.fit_view())
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.retranslate()
        self.follow_theme()

    def retranslate(self) -> None:
        plot = live_plot_item(self)
        if plot is None:           # closed: nothing to show
            return
        plot.setLabel("bottom", self.tr("x (weight 1)"))
        plot.setLabel("left", self.tr("y (weight 2)"))
        for curve, trajectory in zip(self.curves, self.trajectories):
            curve.opts["name"] = legend_name(trajectory)
            shown = self.legend.getLabel(curve)
            if shown is not None:
                shown.setText(curve.opts["name"])
        self.restyle()

    def restyle(self) -> None:
        if live_plot_item(self) is None:        # closed: nothing to show
            return
        colors = theme_colors(self.palette())
        self.setBackground(colors["background"])
        shade = shade_map(colors["background"])
        if shade is not self.__dict__.get("shade"):
            self.shade = shade
            self.drawn_rect = None          # shade the surface again in the theme's colours
            self.draw_view()
        style_plot(self.getPlotItem(), self.palette(), self.classroom)
        if colors.get("foreground") is not None:
            self.legend.setLabelTextColor(colors["foreground"])
        self.legend.setLabelTextSize("13pt" if self.classroom else "9pt")
        # pyqtgraph only notes the colour and size for the next text: draw the labels there
        # are again, or they keep the old theme's colour (walker22 W22-10)
        for _, label in self.legend.items:
            label.setText(label.text)
        self.fit_legend()

    def fit_legend(self) -> None:
        """As many legend columns (up to ``LEGEND_COLUMNS``) as the plot holds whole: with
        the β of the momentum paths, three columns were wider than the plot at 1366x768 in
        classroom mode, and the last entry was cut at its edge."""
        legend = self.__dict__.get("legend")    # (resizeEvent runs inside __init__)
        if legend is None or not legend.items:
            return
        room = self.width() - legend.mapRectToScene(legend.boundingRect()).left() \
            if legend.scene() is not None else self.width()
        room = min(room, self.width())
        spacing = legend.layout.horizontalSpacing()
        entries = [sample.boundingRect().width() + label.minimumWidth() + spacing
                   for sample, label in legend.items]
        columns = min(self.LEGEND_COLUMNS, len(entries))
        while columns > 1:
            widest = [max(entries[i::columns]) for i in range(columns)]
            if sum(widest) <= room:
                break
            columns -= 1
        if columns != legend.columnCount:
            legend.setColumnCount(columns)
            # the view gets the height the legend gives up or takes now, not at the next
            # event: the view's proportions are fitted to it (``fit_view``)
            self.getPlotItem().layout.activate()

    # -- surface --------------------------------------------------------------------------
    def set_surface(self, surface: Surface, n: int = 220, n_levels: int = 16) -> None:
        """Draw ``surface``: shaded values plus ``n_levels`` contour lines (levels from its
        window), over all the view shows (``draw_view``)."""
        self.surface = surface
        self.samples = int(n)
        _, _, z = surface.grid(n)
        self.levels = surface.contour_levels(n_levels, z)
        self.drawn_rect = None
        lo, hi = float(z.min()), float(z.max())
        if surface.minima:
            self.minima_marker.setData(pos=np.array(surface.minima, dtype=float))
        else:
            self.minima_marker.clear()
        self.start_marker.setData(pos=np.array([surface.start], dtype=float))
        self.fit_view()
        self.draw_view()
        self._value_range = (lo, hi)

    def draw_view(self) -> None:
        """Shade and contour the surface over the rectangle the view shows (with true
        proportions a tall or wide plot shows more than the surface's window: drawn only
        over the window, the rest stayed white bands, W16-11), sampled with ``samples``
        points along its longer side on screen. The levels stay those of the window."""
        surface = self.__dict__.get("surface")
        plot = live_plot_item(self)
        if surface is None or plot is None:     # (closed: a redraw timer may still fire)
            return
        (x0, x1), (y0, y1) = plot.vb.viewRange()
        rect = (x0, x1, y0, y1)
        if rect == self.drawn_rect or not (x1 > x0 and y1 > y0):
            return
        self.drawn_rect = rect
        # as many samples per pixel across as along (the view may stretch one side)
        vb = plot.vb
        across, up = ((vb.width(), vb.height()) if vb.width() > 0 and vb.height() > 0
                      else (x1 - x0, y1 - y0))
        longer = max(across, up)
        nx = max(2, int(round(self.samples * across / longer)))
        ny = max(2, int(round(self.samples * up / longer)))
        xs, ys = np.linspace(x0, x1, nx), np.linspace(y0, y1, ny)
        with np.errstate(over="ignore", invalid="ignore"):
            z = np.asarray(surface.value(xs[:, None], ys[None, :]), dtype=np.float64)
        # shade by the position among the contour levels, so that every level band is visible
        shade = np.interp(z, self.levels, np.linspace(0.05, 0.95, len(self.levels)),
                          left=0.0, right=1.0)
        self.image.setImage(shade, levels=(0.0, 1.0), lut=self.shade.getLookupTable(nPts=256))
        dx, dy = (x1 - x0) / (nx - 1), (y1 - y0) / (ny - 1)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy))
        self.contours.set_contours(z, self.levels)

    def view_rect(self) -> QRectF:
        """What the view shows at least: the surface's window and the start point (a click
        may start outside the window), with a little room around the start point."""
        surface = self.__dict__.get("surface")   # (resizeEvent runs inside __init__)
        x0, x1, y0, y1 = surface.window
        rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        xs, ys = self.start_marker.getData()
        if len(xs):
            sx, sy = float(xs[0]), float(ys[0])
            pad = 0.04 * max(x1 - x0, y1 - y0)
            rect = rect.united(QRectF(sx - pad, sy - pad, 2 * pad, 2 * pad))
        return rect

    def fit_view(self) -> None:
        """Show the surface's whole window and the start point as large as the plot allows
        (true proportions, or the window's short side stretched up to square where the plot
        would leave it a strip: ``aspect_ratio``; the free direction gets more room, never
        less)."""
        item = live_plot_item(self)
        if self.__dict__.get("surface") is None or item is None:   # (or closed)
            return
        rect = self.view_rect()
        vb = item.vb
        # room to pan around, and never less than the aspect lock needs to show it all
        # (tight limits once squeezed the x range of a tall plot: W7-9)
        reach = 3 * max(rect.width(), rect.height())
        c = rect.center()
        vb.setLimits(xMin=c.x() - reach, xMax=c.x() + reach,
                     yMin=c.y() - reach, yMax=c.y() + reach)
        vb.setAspectLocked(True, ratio=aspect_ratio((vb.width(), vb.height()),
                                                    (rect.width(), rect.height())))
        vb.setRange(rect, padding=0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.fit_legend()
        self.fit_view()

    def set_start(self, point) -> None:
        """Mark the start point; the view widens when it lies outside."""
        self.start_marker.setData(pos=np.array([point], dtype=float))
        (x0, x1), (y0, y1) = self.getPlotItem().vb.viewRange()
        if not (x0 <= point[0] <= x1 and y0 <= point[1] <= y1):
            self.fit_view()

    # -- paths ----------------------------------------------------------------------------
    def set_paths(self, trajectories: list[Trajectory], colors: list[str]) -> None:
        """Create one curve (and one head marker) per trajectory, with a legend entry."""
        plot = self.getPlotItem()
        for item in self.curves + self.heads:
            plot.removeItem(item)
        self.legend.clear()
        self.curves, self.heads = [], []
        self.trajectories = list(trajectories)
        for traj, color in zip(trajectories, colors):
            curve = pg.PlotDataItem(pen=pen(color, self.classroom, base=2.0), name=legend_name(traj),
                                    symbol="o", symbolSize=3 if not self.classroom else 5,
                                    symbolPen=None, symbolBrush=pg.mkBrush(color))
            head = pg.ScatterPlotItem(symbol="o", size=10 if not self.classroom else 16,
                                      pen=pg.mkPen("#222222", width=1), brush=pg.mkBrush(color))
            curve.setZValue(5)
            head.setZValue(6)
            plot.addItem(curve)
            plot.addItem(head)
            self.legend.addItem(curve, curve.opts["name"])
            self.curves.append(curve)
            self.heads.append(head)
        self.fit_legend()

    def show_frame(self, trajectories: list[Trajectory], frame: int) -> None:
        """Reveal each path up to step ``frame`` (a diverged path stops where it left)."""
        for traj, curve, head in zip(trajectories, self.curves, self.heads):
            pts = traj.points[:frame + 1]
            curve.setData(pts[:, 0], pts[:, 1])
            head.setData(pos=pts[-1:])

    def set_classroom(self, on: bool) -> None:
        self.classroom = bool(on)
        self.restyle()

    # -- interaction -----------------------------------------------------------------------
    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p: QPointF = vb.mapSceneToView(event.scenePos())
        self.sigPointClicked.emit(float(p.x()), float(p.y()))
