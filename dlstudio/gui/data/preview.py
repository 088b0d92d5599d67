"""Previews of a dataset: a scatter plot of 2-D points, or a grid of images with labels.

With ``spread=True`` a scatter also draws the data's covariance ellipse (one standard
deviation in every direction), dashed: a tilted, stretched ellipse for correlated features
of different scales, a circle of radius 1 once the data are whitened (lesson 11); its title
gives the two standard deviations and the correlation r."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QWidget

from dlstudio.gui.plots import style
from dlstudio.gui.plots.scene_index import unindexed
from dlstudio.gui.widgets.restyle import RestyleMixin
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.status_line import SentenceLabelWidget

#: class colours: the Outcome plots' (one palette for both)
CLASS_COLORS = style.CLASS_COLORS

#: pixels kept free between the captions of neighbouring tiles (at least)
CAPTION_GAP = 6
#: pixels kept free on each side of the spread's caption, which wraps to the plot's width
TITLE_MARGIN = 8
#: narrower than this (not laid out yet) the caption is not wrapped
TITLE_MIN_WIDTH = 80


def image_grid(images: np.ndarray, labels=None, columns: int = 8, scale: int = 2,
               class_names=None, label_color: str = "#202020") -> QPixmap:
    """Tile images ``(N, H, W, C)`` (values roughly in [0, 1]) into a pixmap with labels."""
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 3:
        images = images[..., None]
    n = len(images)
    if n == 0:
        return QPixmap()
    h, w = images.shape[1:3]
    rows = (n + columns - 1) // columns
    cell_w, cell_h = w * scale + 6, h * scale + 18
    pix = QPixmap(columns * cell_w, rows * cell_h)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    for i, img in enumerate(images):
        lo, hi = float(img.min()), float(img.max())
        norm = (img - lo) / (hi - lo) if hi > lo else np.zeros_like(img)
        if norm.shape[-1] == 1:
            data = np.ascontiguousarray((norm[..., 0] * 255).astype(np.uint8))
            qimg = QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
        else:
            data = np.ascontiguousarray((norm[..., :3] * 255).astype(np.uint8))
            qimg = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        r, c = divmod(i, columns)
        x, y = c * cell_w + 3, r * cell_h + 2
        p.drawImage(QRectF(x, y, w * scale, h * scale), qimg)
        if labels is not None:
            lab = int(labels[i])
            text = str(class_names[lab]) if class_names is not None and lab < len(class_names) \
                else str(lab)
            p.setPen(QColor(label_color))
            # within its own tile's width, "…" when longer: neighbours' captions never touch
            text = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                              w * scale - CAPTION_GAP)
            p.drawText(QRectF(x, y + h * scale, w * scale, 16),
                       Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return pix


class PixmapLabel(QLabel):
    """Shows a pixmap scaled to fit its own size, re-scaled whenever it is resized."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = QPixmap()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def set_source(self, pix: QPixmap) -> None:
        self.source = pix
        self._fit()

    def _fit(self) -> None:
        if self.source.isNull() or self.width() < 10 or self.height() < 10:
            return
        self.setPixmap(self.source.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()


def _covariance(xy: np.ndarray) -> np.ndarray:
    """The preprocessors' covariance (``data.pca.covariance``, over N): standardised points
    show σ 1.00 and whitened ones the unit circle by the definition that made them so
    (walker25 W25-8)."""
    from dlstudio.data.pca import covariance

    return covariance(xy, xy.mean(axis=0))


def covariance_ellipse(xy: np.ndarray, n: int = 121) -> np.ndarray:
    """``n`` points (closed) of the 1-standard-deviation ellipse of 2-D points ``xy``:
    centred on their mean, with the covariance's eigenvectors as axes and the square roots
    of its eigenvalues as half-axes (the unit circle for whitened data)."""
    xy = np.asarray(xy, dtype=np.float64)
    values, vectors = np.linalg.eigh(_covariance(xy))
    t = np.linspace(0.0, 2.0 * np.pi, n)
    circle = np.stack([np.cos(t), np.sin(t)])
    return (xy.mean(axis=0)[:, None] + vectors @ (np.sqrt(np.clip(values, 0, None))[:, None]
                                                   * circle)).T


def spread_numbers(xy: np.ndarray) -> tuple[float, float, float]:
    """(σx, σy, r) of 2-D points ``xy``: the standard deviations of the two coordinates
    (from the covariance the ellipse uses) and their correlation (NaN when a coordinate does
    not vary)."""
    cov = _covariance(np.asarray(xy, dtype=np.float64))
    sx, sy = float(np.sqrt(max(cov[0, 0], 0.0))), float(np.sqrt(max(cov[1, 1], 0.0)))
    r = float(cov[0, 1] / (sx * sy)) if sx > 0 and sy > 0 else float("nan")
    return sx, sy, r


class DataPreviewWidget(RestyleMixin, RetranslateMixin, QStackedWidget):
    """Shows a dataset: scatter (2-D points) or image grid; a message otherwise (which
    follows the UI language when it is given as a function). Its plot follows the theme."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("data_preview")
        self.message = SentenceLabelWidget(parent=self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "hint")
        self.plot = unindexed(pg.PlotWidget(self))
        self.plot.setMinimumHeight(180)
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        self.plot.setBackground(self.palette().base().color())
        self.scatter_items: list[pg.ScatterPlotItem] = []
        self.ellipse: pg.PlotDataItem | None = None     # the covariance ellipse, when drawn
        self.spread: tuple[float, float, float] | None = None   # its σx, σy, r
        self.grid = PixmapLabel(self)
        self.grid.setMinimumHeight(120)
        for w in (self.message, self.plot, self.grid):
            self.addWidget(w)
        self.n_points = 0
        self.classroom = False
        self.follow_theme()

    def restyle(self) -> None:
        """Background, axes, the spread's caption and dashed line in the theme's colours
        (the caption stayed black on the dark plot: walker19 W19-16)."""
        self.plot.setBackground(self.palette().base().color())
        style.style_plot(self.plot.getPlotItem(), self.palette(), self.classroom)
        if self.ellipse is not None:
            self.ellipse.setPen(self._ellipse_pen())
            self._title_spread()

    def _ellipse_pen(self):
        return pg.mkPen(self.palette().windowText().color(), width=2,
                        style=Qt.PenStyle.DashLine)

    def set_classroom(self, on: bool) -> None:
        """Classroom mode: the axes and the title in the classroom font (the ~14-px grey
        ticks and 9-pt caption could not be read on a projector: walker10 W10-16)."""
        self.classroom = bool(on)
        style.style_plot(self.plot.getPlotItem(), self.palette(), self.classroom)
        if self.ellipse is not None:
            self._title_spread()

    def retranslate(self) -> None:
        """The spread's caption in the new language (the message follows on its own)."""
        if self.ellipse is not None:
            self._title_spread()

    def show_message(self, text: str | Callable[[], str]) -> None:
        """Show ``text`` (a function of no arguments making it in the UI language, or a
        fixed text) instead of the data."""
        self.message.say(text)
        self.setCurrentWidget(self.message)

    def show_dataset(self, dataset, max_points: int = 1500, n_images: int = 32,
                     spread: bool = False) -> None:
        """Preview ``dataset``'s training split; ``spread``: also draw the covariance
        ellipse of 2-D points (of the whole training split)."""
        x, y = dataset.x_train, dataset.y_train
        names = getattr(dataset.info, "class_names", None)
        if x.ndim == 2 and x.shape[1] == 2:
            self.show_points(x[:max_points], y[:max_points])
            if spread and len(x) > 2:
                self._draw_spread(x)
        elif x.ndim == 4:
            self.show_images(x[:n_images], y[:n_images], names)
        elif x.ndim == 2 and x.shape[1] == 1:
            self.show_points(np.column_stack([x[:max_points, 0], np.ravel(y[:max_points])]),
                             None)
        else:
            n, shape = len(x), " × ".join(str(d) for d in x.shape[1:])
            self.show_message(lambda: self.tr("%1 examples of shape %2")
                              .replace("%1", f"{n:,}").replace("%2", shape))

    def _draw_spread(self, xy: np.ndarray) -> None:
        ring = covariance_ellipse(xy)
        self.ellipse = self.plot.plot(ring[:, 0], ring[:, 1], pen=self._ellipse_pen())
        self.spread = spread_numbers(xy)
        self._title_spread()

    def _title_spread(self) -> None:
        """Two lines: what the dashed line is, and its numbers ("σx 0.87 · σy 0.50 ·
        r = −0.45"), so "x varies twice as much as y" can be read off (walker10 W10-8)."""
        sx, sy, r = self.spread or (float("nan"),) * 3
        r_text = f"{r:.2f}" if f"{r:.2f}" != "-0.00" else "0.00"   # no "r = −0.00"
        numbers = self.tr("σx %1 · σy %2 · r = %3").replace("%1", f"{sx:.2f}").replace(
            "%2", f"{sy:.2f}").replace("%3", r_text.replace("-", "−"))
        what = self.tr("dashed: spread, 1 std. dev. (covariance)")
        item = self.plot.getPlotItem()
        # wrapped to the view box's width, centred: a line wider than the plot was cut off at
        # its right (classroom mode at 1366x768: "虚线：离散程度，1 个标准差（协方…", fix84)
        text = item.titleLabel.item
        left = item.getAxis("left")                 # (the title is over the view box only)
        room = self.width() - (left.width() if left.isVisible() else 0) - 2 * TITLE_MARGIN
        option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        text.document().setDefaultTextOption(option)
        text.setTextWidth(room if room >= TITLE_MIN_WIDTH else -1)
        item.setTitle(f"{what}<br>{numbers}", size=f"{style.font_size(self.classroom)}pt",
                      color=style.theme_colors(self.palette())["foreground"].name())
        height = int(item.titleLabel.itemRect().height()) + 4     # (setTitle fixes 30 px)
        item.titleLabel.setMaximumHeight(height)
        item.layout.setRowFixedHeight(0, height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The spread's caption wraps again to the new width."""
        super().resizeEvent(event)
        if self.ellipse is not None:
            self._title_spread()

    def show_points(self, xy: np.ndarray, labels) -> None:
        self.plot.clear()
        self.plot.setTitle(None)
        self.ellipse = self.spread = None
        self.scatter_items = []
        self.plot.setAspectLocked(labels is not None)
        if labels is None or np.asarray(labels).dtype.kind == "f":
            item = pg.ScatterPlotItem(xy[:, 0], xy[:, 1], size=4, pen=None,
                                      brush=pg.mkBrush(CLASS_COLORS[0]))
            self.plot.addItem(item)
            self.scatter_items.append(item)
        else:
            labels = np.asarray(labels).astype(int)
            for k in np.unique(labels):
                pts = xy[labels == k]
                item = pg.ScatterPlotItem(pts[:, 0], pts[:, 1], size=5, pen=None,
                                          brush=pg.mkBrush(CLASS_COLORS[k % len(CLASS_COLORS)]))
                self.plot.addItem(item)
                self.scatter_items.append(item)
        self.n_points = len(xy)
        self.setCurrentWidget(self.plot)

    def show_images(self, images, labels=None, class_names=None, columns: int = 8) -> None:
        color = self.palette().windowText().color().name()
        self.pixmap = image_grid(images, labels, columns=columns, class_names=class_names,
                                 label_color=color)
        self.grid.set_source(self.pixmap)
        self.setCurrentWidget(self.grid)
