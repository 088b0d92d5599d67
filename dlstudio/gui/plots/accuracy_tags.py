"""The test-accuracy tags of the accuracy plot: stacked at its right edge, where the curves
leave room.

A tag beside its star covered the last 10-20% of the curves, and the variants' tags each
other (walker8 W8-9): the tags go one under the other at the right edge, in the band of
their height that holds the fewest curve points (``label_placement``), placed again whenever
the axes move. They stand in the order of their stars, the highest first, so each reads
beside its own curve's end; a stack taller than a short plot goes into columns side by side
instead of running off its top edge, and the tags lie above the curves (walker21 W21-3:
lesson 05's four tags at 1366x768, A's "test 10.0%" cut at the top and above B's 88.3%).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots import label_placement

#: a tag's line height and column width, relative to the tag's own size
ROW_SPACING = 1.1
COLUMN_SPACING = 1.08
#: above the curves (a curve added after a tag was drawn across it)
TAG_Z = 20


def grid_shape(count: int, tag_height: float, view_height: float) -> tuple[int, int]:
    """(rows, columns) for ``count`` tags of ``tag_height`` pixels in a view ``view_height``
    pixels tall: one column while they fit, else as few columns as keep them inside, the
    rows evened out (4 tags, room for 3 rows: 2 rows of 2)."""
    if count <= 0:
        return 0, 0
    room = int(view_height // (ROW_SPACING * tag_height)) if tag_height > 0 else count
    columns = math.ceil(count / max(1, min(count, room)))
    return math.ceil(count / columns), columns


def stack_at_right_edge(plot: pg.PlotItem, shown: list[tuple[pg.TextItem, np.ndarray]],
                        curve_points: Callable[[], tuple[np.ndarray, np.ndarray]]) -> None:
    """Stack the tags of ``shown`` (each with its star's y data, shape (k,)) at the right
    edge of ``plot``, the highest star's first (``grid_shape``: in rows of several, read
    left to right, when the plot is too short for one column), from the top that ``tags_top`` picks among the
    points ``curve_points()`` returns (x and y, shape (n,) each)."""
    view = plot.getViewBox()
    view.updateMatrix()            # (set lazily after a range change; the tags read it)
    (x_lo, x_hi), (low, high) = view.viewRange()
    shown = sorted(shown, key=lambda item: -float(item[1][-1]))
    rect = view.sceneBoundingRect()
    sizes = [note.boundingRect() for note, _ in shown]
    tag_height = max(r.height() for r in sizes)
    rows, columns = grid_shape(len(shown), tag_height, rect.height())
    column_width = COLUMN_SPACING * max(r.width() for r in sizes)
    per_pixel = (x_hi - x_lo) / rect.width() if rect.width() > 0 else 0.0
    top = tags_top(plot, shown, (x_lo, x_hi), (low, high), curve_points,
                   (rows * ROW_SPACING * tag_height, columns * column_width))
    for i, (note, _y) in enumerate(shown):
        row, column = divmod(i, columns)
        note.setPos(x_hi - (columns - 1 - column) * column_width * per_pixel, top)
        note.setAnchor((1, -ROW_SPACING * row))
        note.setZValue(TAG_Z)
        note.updateTransform(force=True)


def tags_top(plot: pg.PlotItem, shown: list, x_range: tuple, y_range: tuple,
             curve_points: Callable[[], tuple[np.ndarray, np.ndarray]],
             size: tuple[float, float] | None = None) -> float:
    """Where the top of the stacked tags goes, in data units: the band at the right end
    (``size``: the tags' height and width in pixels, by default one column of them) that
    holds the fewest points of the accuracy curves, among the top, the bottom and the
    heights between; on a tie, a corner, the one away from the stars (a sigmoid variant
    flat at 0.1 ran through tags put at the bottom because the other variants' stars were
    high: walker8 W8-9)."""
    (x_lo, x_hi), (low, high) = x_range, y_range
    stars_high = float(np.mean([y[-1] for _, y in shown])) >= (low + high) / 2
    rect = plot.getViewBox().sceneBoundingRect()
    if size is None:
        notes = [note.boundingRect() for note, _ in shown]
        size = (sum(ROW_SPACING * r.height() for r in notes), max(r.width() for r in notes))
    if rect.width() <= 0 or rect.height() <= 0:
        height = width = 0.0
    else:
        height = size[0] / rect.height() * (high - low)
        width = size[1] / rect.width() * (x_hi - x_lo)
    x, y = curve_points()
    return label_placement.least_covered_band_top(x, y, x_range, y_range, width, height,
                                                  low_first=stars_high)
