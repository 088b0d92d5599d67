"""Image views of the outcome panel: confusion matrix, mistakes, conv filters, feature maps.

Each ``build_*`` creates plot items in a layout of the panel and returns a small dict of them;
each ``update_*`` fills them from arrays. No model calls happen here.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtWidgets import QDialog, QVBoxLayout

from dlstudio.gui.plots import style
from dlstudio.gui.plots.outcome_math import caption_gap, mosaic, normalize_tiles, tile_origin
from dlstudio.gui.plots.scene_index import unindexed

MAX_MISTAKES = 24
MISTAKE_COLS = 8
#: ... when the mistakes stand beside the confusion matrix (half the width, all the height)
MISTAKE_COLS_BESIDE = 4
MAX_CHANNELS = 16
#: most feature-map plots side by side before they wrap onto a new row
MAP_COLS = 3
GRAY = pg.ColorMap([0.0, 1.0], [(0, 0, 0), (255, 255, 255)])


def _image_plot(panel, layout, row, col, title, colspan=1):
    plot = panel.add_plot(row, col, title, layout=layout, colspan=colspan, grid=False)
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.invertY(True)
    plot.setAspectLocked(True)
    plot.setMouseEnabled(x=False, y=False)
    image = pg.ImageItem()
    plot.addItem(image)
    return plot, image


def to_gray(images: np.ndarray) -> np.ndarray:
    """(N, H, W[, C]) images as (N, H, W) gray values (channel mean)."""
    images = np.asarray(images, np.float64)
    if images.ndim == 4:
        images = images.mean(axis=3)
    return images


# -- confusion matrix ---------------------------------------------------------------------
def build_confusion(panel, layout, col: int, title: str, class_names: list[str]) -> dict:
    # the Outcome page's own context: lupdate would file ``panel.tr`` under "panel", where
    # the running window never looks, and the axes stayed English in Chinese (walker6 W6-9)
    plot = panel.add_plot(0, col, title, QCoreApplication.translate("OutcomePanel",
                                                                    "predicted class"),
                          QCoreApplication.translate("OutcomePanel", "true class"),
                          layout=layout, grid=False)
    plot.invertY(True)
    plot.setMouseEnabled(x=False, y=False)
    image = pg.ImageItem()
    bg = style.theme_colors(panel.palette())["background"]
    image.setColorMap(pg.ColorMap([0.0, 1.0], [bg.getRgb()[:3], (31, 95, 174)]))
    plot.addItem(image)
    ticks = [(i + 0.5, name) for i, name in enumerate(class_names)]
    plot.getAxis("bottom").setTicks([ticks])
    plot.getAxis("left").setTicks([ticks])
    c = len(class_names)
    # the view is the matrix: its cells fill the plot (not square: a square matrix in a wide
    # plot was a small block in the middle, its row labels far left of it: walker22 W22-4)
    plot.getViewBox().disableAutoRange()
    plot.setRange(xRange=(0, c), yRange=(0, c), padding=0)
    texts = []
    for i in range(c):
        row = []
        for j in range(c):
            t = pg.TextItem("", anchor=(0.5, 0.5))
            t.setPos(j + 0.5, i + 0.5)
            plot.addItem(t)
            row.append(t)
        texts.append(row)
    fg = style.theme_colors(panel.palette())["foreground"].name()
    return {"plot": plot, "image": image, "texts": texts, "fg": fg}


def update_confusion(items: dict, matrix: np.ndarray, classroom: bool) -> None:
    """``matrix`` (C, C) counts, rows true, columns predicted; shade = share of the row."""
    totals = matrix.sum(axis=1, keepdims=True)
    share = np.divide(matrix, totals, out=np.zeros(matrix.shape), where=totals > 0)
    items["image"].setImage(share.T, levels=(0.0, 1.0), autoLevels=False)
    items["image"].setRect(QRectF(0, 0, matrix.shape[1], matrix.shape[0]))
    size = 11 if classroom else 8
    for i, row in enumerate(items["texts"]):
        for j, text in enumerate(row):
            dark_cell = share[i, j] > 0.5
            text.setHtml(f'<span style="font-size:{size}pt; color:'
                         f'{"#ffffff" if dark_cell else items["fg"]}">'
                         f'{int(matrix[i, j]) if matrix[i, j] else ""}</span>')


# -- misclassified samples ----------------------------------------------------------------
def build_mistakes(panel, layout, row: int, colspan: int, title: str, col: int = 0,
                   cols: int = MISTAKE_COLS) -> dict:
    """The grid of mistakes at ``row``, ``col``, ``cols`` images a row."""
    plot, image = _image_plot(panel, layout, row, col, title, colspan=colspan)
    image.setColorMap(GRAY)
    items = {"plot": plot, "image": image, "texts": [], "cols": cols, "tiles": None}
    # the captions' room under the tiles follows the view's size (see ``layout_mistakes``)
    plot.getViewBox().sigResized.connect(lambda _view: layout_mistakes(items))
    return items


def update_mistakes(items: dict, images: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray,
                    class_names: list[str], palette, classroom: bool,
                    none_text: str = "no mistakes in this sample") -> int:
    """Show up to ``MAX_MISTAKES`` misclassified images labelled "true -> predicted"."""
    plot = items["plot"]
    for t in items["texts"]:
        plot.removeItem(t)
    items["texts"], items["tiles"] = [], None
    wrong = np.flatnonzero(np.asarray(y_true) != np.asarray(y_pred))[:MAX_MISTAKES]
    if wrong.size == 0:
        items["image"].clear()
        t = pg.TextItem(none_text, anchor=(0.5, 0.5),
                        color=style.theme_colors(palette)["foreground"])
        t.setPos(0, 0)
        plot.addItem(t)
        items["texts"].append(t)
        return 0
    size = 12 if classroom else 9
    fg = style.theme_colors(palette)["foreground"].name()
    for idx in wrong:
        t = pg.TextItem(anchor=(0.5, 0))
        t.setHtml(f'<span style="font-size:{size}pt; color:{fg}">'
                  f'{class_names[int(y_true[idx])]}&rarr;'
                  f'<b style="color:#e15759">{class_names[int(y_pred[idx])]}</b></span>')
        plot.addItem(t)
        items["texts"].append(t)
    items["tiles"], items["pad"] = to_gray(images[wrong]), None
    layout_mistakes(items)
    return int(wrong.size)


def layout_mistakes(items: dict) -> None:
    """Place the mistakes' tiles and captions with room under each tile for its caption at
    the view's present size (measured from the captions' font: Chinese text is taller)."""
    tiles = items.get("tiles")
    if tiles is None:
        return
    n, h, w = tiles.shape
    cols = items.get("cols", MISTAKE_COLS)
    view = items["plot"].getViewBox()
    caption = max(t.textItem.boundingRect().height() for t in items["texts"])
    pad = caption_gap(n, cols, h, w, caption, view.width(), view.height())
    if pad == items.get("pad"):
        return
    items["pad"] = pad
    img = mosaic(tiles, cols, pad=pad, fill=np.nan)
    img = np.vstack([img, np.full((pad, img.shape[1]), np.nan)])
    lo, hi = np.nanmin(tiles), np.nanmax(tiles)
    # gaps stay NaN: pyqtgraph draws them transparent, so labels sit on the plot background
    items["image"].setImage(img.T, levels=(lo, hi if hi > lo else lo + 1), autoLevels=False)
    for k, t in enumerate(items["texts"]):
        r0, c0 = tile_origin(k, cols, h, w, pad=pad)
        t.setPos(c0 + w / 2, r0 + h)


# -- conv filters and feature maps --------------------------------------------------------
def filter_tiles(kernel: np.ndarray) -> np.ndarray:
    """Conv kernel (kh, kw, c_in, c_out) as c_out tiles (kh, kw): mean over input channels."""
    k = np.asarray(kernel, np.float64)
    if k.ndim != 4:
        raise ValueError(f"expected a Conv2D kernel of shape (kh, kw, c_in, c_out), "
                         f"got {k.shape}")
    return normalize_tiles(np.moveaxis(k.mean(axis=2), -1, 0))


def build_single_image(panel, layout, row: int, col: int, title: str, diverging: bool) -> dict:
    plot, image = _image_plot(panel, layout, row, col, title)
    image.setColorMap(pg.colormap.get("CET-D1") if diverging else GRAY)
    return {"plot": plot, "image": image}


def filter_columns(n_tiles: int, width: float = 0.0, height: float = 0.0) -> int:
    """Columns of the filter mosaic for ``n_tiles`` filters in a ``width`` x ``height`` plot:
    the count that makes the tiles largest (a wide, short plot takes one or two rows: a
    fixed mosaic twice as wide as tall left the tiles ~24 px on a classroom screen,
    walker32); without a size yet, twice as wide as tall."""
    if width <= 0 or height <= 0:
        return int(np.ceil(np.sqrt(max(1, n_tiles) * 2)))
    return map_columns(n_tiles, width, height, title_height=0.0)


def update_filters(items: dict, kernel: np.ndarray) -> None:
    """The filters of ``kernel`` as a mosaic whose shape fits their plot."""
    tiles = filter_tiles(kernel)
    vb = items["plot"].vb
    cols = filter_columns(tiles.shape[0], vb.width(), vb.height())
    items["count"], items["cols"] = tiles.shape[0], cols
    # the gaps between tiles are transparent: the plot's background, light or dark (a fixed
    # fill drew bright lines across the dark theme's plot: walker19 W19-10)
    img = mosaic(tiles, cols, pad=1, fill=np.nan)
    items["image"].setImage(img.T, levels=(-1.0, 1.0), autoLevels=False)


def feature_map_tiles(output: np.ndarray) -> np.ndarray:
    """A layer's output for one image (1, H, W, C) as up to MAX_CHANNELS tiles (k, H, W)."""
    out = np.asarray(output, np.float64)[0]
    tiles = np.moveaxis(out, -1, 0)[:MAX_CHANNELS]
    lo = tiles.min(axis=(1, 2), keepdims=True)
    hi = tiles.max(axis=(1, 2), keepdims=True)
    return (tiles - lo) / np.where(hi > lo, hi - lo, 1.0)


def map_columns(n_plots: int, width: float = 0.0, height: float = 0.0,
                title_height: float = 30.0) -> int:
    """Columns for ``n_plots`` square feature-map plots (input included) in a ``width`` x
    ``height`` area: the count that gives each map the largest side (a wide classroom
    screen puts them all in one row, a tall narrow dock wraps them). Without a size yet,
    at most ``MAP_COLS``."""
    n = max(1, int(n_plots))
    if width <= 0 or height <= 0:
        return min(MAP_COLS, n)

    def side(cols: int) -> float:
        rows = math.ceil(n / cols)
        return min(width / cols, height / rows - title_height)

    # the fewest columns among the best: equal sizes keep the more compact grid
    return max(range(1, n + 1), key=lambda cols: (round(side(cols)), -cols))


def update_feature_map(items: dict, output: np.ndarray) -> None:
    """A layer's channels as a near-square mosaic (it fills a square-ish plot)."""
    tiles = feature_map_tiles(output)
    img = mosaic(tiles, math.ceil(math.sqrt(tiles.shape[0])), pad=1, fill=np.nan)  # (see above)
    items["image"].setImage(img.T, levels=(0.0, 1.0), autoLevels=False)


def update_input_image(items: dict, image: np.ndarray) -> None:
    gray = to_gray(image[None])[0]
    items["image"].setImage(gray.T, autoLevels=True)


class EnlargedImageDialog(QDialog):
    """One image of the outcome panel (a feature-map mosaic, the input) shown large."""

    def __init__(self, source: pg.ImageItem, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 640)
        view = unindexed(pg.GraphicsLayoutWidget(self))
        plot = view.addPlot(title=title)
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.invertY(True)
        plot.setAspectLocked(True)
        self.image = pg.ImageItem(source.image, levels=source.levels)
        if source.getColorMap() is not None:
            self.image.setColorMap(source.getColorMap())
        plot.addItem(self.image)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(view)
