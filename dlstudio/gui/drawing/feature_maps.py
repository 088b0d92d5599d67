"""The feature maps of Draw a digit, as large as the room they have allows.

Each Conv2D layer is a block: its name and shape over its first ``MAPS_SHOWN`` maps.
``fit_maps`` chooses how many blocks stand side by side, how many maps a block puts in a row
and the side of a map, so that the blocks fill the area they are given without a scroll bar.
Fixed 52-pixel tiles in a scroll box left the bottom of a 1920x1080 classroom page empty and
showed one layer at a time at 1366x768 (walker22 W22-6). Only when even ``SMALLEST``-pixel maps
do not fit does the area scroll, down and never sideways.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from dlstudio.gui.drawing.canvas import to_pixmap
from dlstudio.gui.shape_text import format_example_shape

#: feature maps shown per Conv2D layer
MAPS_SHOWN = 8
#: the smallest and the largest side of a map, in pixels
SMALLEST = 32
LARGEST = 160
#: pixels between two maps of a layer, and between two layers' blocks
SPACING = 4
BLOCK_GAP = 16


@dataclass(frozen=True)
class MapGrid:
    """Blocks (layers) side by side, maps in a row of a block, side of a map in pixels."""

    blocks_per_row: int
    columns: int
    tile: int


def fit_maps(n_layers: int, n_maps: int, width: int, height: int,
             title_height: int) -> MapGrid:
    """The grid that gives ``n_layers`` blocks of ``n_maps`` square maps, each block under a
    title ``title_height`` pixels high, the largest maps in ``width`` x ``height`` pixels (at
    most ``LARGEST``; equal sides keep fewer maps across). When even ``SMALLEST``-pixel maps do
    not fit, maps of ``SMALLEST`` pixels in the grid that fits the width with the fewest rows
    (the area then scrolls down)."""
    n_layers, n_maps = max(1, n_layers), max(1, n_maps)
    fits, narrow = [], []
    for per_row in range(1, n_layers + 1):
        block_rows = math.ceil(n_layers / per_row)
        for columns in range(1, n_maps + 1):
            across = per_row * columns
            down = block_rows * math.ceil(n_maps / columns)
            free_width = width - (across - per_row) * SPACING - (per_row - 1) * BLOCK_GAP
            free_height = (height - block_rows * title_height - (down - block_rows) * SPACING
                           - (block_rows - 1) * BLOCK_GAP)
            side = min(free_width / across, free_height / down, LARGEST)
            grid = MapGrid(per_row, columns, int(side))
            fits.append(((grid.tile, -across), grid))
            if free_width / across >= SMALLEST:
                narrow.append(((-down, -across), MapGrid(per_row, columns, SMALLEST)))
    best = max(fits, key=lambda item: item[0])[1]
    if best.tile >= SMALLEST:
        return best
    return max(narrow, key=lambda item: item[0])[1] if narrow else MapGrid(1, 1, SMALLEST)


class FeatureMapsWidget(QScrollArea):
    """The feature maps of the Conv2D layers of one prediction, refitted to every size.

    ``show_maps([(layer name, maps (H, W, C)), ...])``; ``show_text(text)`` instead (a network
    without convolution layers). ``grid`` is the ``MapGrid`` shown.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.maps: list[tuple[str, np.ndarray]] = []
        self.grid: MapGrid | None = None
        self.tiles: list[list[QLabel]] = []          # per layer, its map labels
        self._shapes: list[tuple[str, tuple]] = []   # what the blocks were built for
        self._box = QWidget()
        self._layout = QGridLayout(self._box)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(BLOCK_GAP)
        self._layout.setVerticalSpacing(BLOCK_GAP)
        self.setWidget(self._box)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # the maps take the room the page leaves them, never ask for more (their size
        # follows the room: asking for it would feed back)
        return QSize(4 * SMALLEST, 2 * SMALLEST)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(SMALLEST, SMALLEST)

    def show_maps(self, maps: list[tuple[str, np.ndarray]]) -> None:
        self.maps = list(maps)
        self._refit(force=[(n, m.shape) for n, m in self.maps] != self._shapes)

    def show_text(self, text: str) -> None:
        self.maps, self.grid, self._shapes = [], None, []
        self._clear()
        label = QLabel(text)
        label.setWordWrap(True)
        self._layout.addWidget(label, 0, 0, Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.maps:
            self._refit(force=False)

    # -- building --------------------------------------------------------------------------
    def _title_height(self) -> int:
        return self.fontMetrics().height() + SPACING

    def _fit(self) -> MapGrid:
        n_maps = max(min(MAPS_SHOWN, m.shape[2]) for _, m in self.maps)
        width, height = self.width(), self.height()
        grid = fit_maps(len(self.maps), n_maps, width, height, self._title_height())
        if grid.tile == SMALLEST:                        # it scrolls: leave the bar room
            bar = self.verticalScrollBar().sizeHint().width()
            grid = fit_maps(len(self.maps), n_maps, width - bar, height,
                            self._title_height())
        return grid

    def _refit(self, force: bool) -> None:
        grid = self._fit()
        if force or grid != self.grid:
            self.grid = grid
            self._build()
        for labels, (_, fmap) in zip(self.tiles, self.maps):
            for c, label in enumerate(labels):
                label.setPixmap(to_pixmap(fmap[:, :, c], grid.tile))

    def _clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for r in range(self._layout.rowCount()):
            self._layout.setRowStretch(r, 0)
        for c in range(self._layout.columnCount()):
            self._layout.setColumnStretch(c, 0)
        self.tiles = []

    def _build(self) -> None:
        self._clear()
        self._shapes = [(n, m.shape) for n, m in self.maps]
        grid = self.grid
        for k, (name, fmap) in enumerate(self.maps):
            block = QWidget()
            column = QVBoxLayout(block)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(SPACING)
            title = QLabel(f"{name} ({format_example_shape(fmap.shape)})")
            title.setWordWrap(True)
            column.addWidget(title)
            tiles = QGridLayout()
            tiles.setSpacing(SPACING)
            labels = []
            for c in range(min(MAPS_SHOWN, fmap.shape[2])):
                label = QLabel()
                label.setFixedSize(grid.tile, grid.tile)
                tiles.addWidget(label, c // grid.columns, c % grid.columns)
                labels.append(label)
            tiles.setColumnStretch(grid.columns, 1)
            column.addLayout(tiles)
            column.addStretch(1)
            self.tiles.append(labels)
            row, col = divmod(k, grid.blocks_per_row)
            self._layout.addWidget(block, row, col, Qt.AlignmentFlag.AlignTop
                                   | Qt.AlignmentFlag.AlignLeft)
        rows = math.ceil(len(self.maps) / grid.blocks_per_row)
        self._layout.setRowStretch(rows, 1)              # pack the blocks at the top left
        self._layout.setColumnStretch(grid.blocks_per_row, 1)
