"""The test-accuracy tags of the accuracy plot: stacked at its right edge, where the curves
leave room.

A tag beside its star covered the last 10-20% of the curves, and the variants' tags each
other (walker8 W8-9): the tags go one under the other at the right edge, in the band of
their height that holds the fewest curve points (``label_placement``), placed again whenever
the axes move.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots import label_placement


def stack_at_right_edge(plot: pg.PlotItem, shown: list[tuple[pg.TextItem, np.ndarray]],
                        curve_points: Callable[[], tuple[np.ndarray, np.ndarray]]) -> None:
    """Stack the tags of ``shown`` (each with its star's y data, shape (k,)) at the right
    edge of ``plot``, in the order given, from the top that ``tags_top`` picks among the
    points ``curve_points()`` returns (x and y, shape (n,) each)."""
    view = plot.getViewBox()
    view.updateMatrix()            # (set lazily after a range change; the tags read it)
    (x_lo, x_hi), (low, high) = view.viewRange()
    top = tags_top(plot, shown, (x_lo, x_hi), (low, high), curve_points)
    for row, (note, _y) in enumerate(shown):
        note.setPos(x_hi, top)
        note.setAnchor((1, -1.1 * row))
        note.updateTransform(force=True)


def tags_top(plot: pg.PlotItem, shown: list, x_range: tuple, y_range: tuple,
             curve_points: Callable[[], tuple[np.ndarray, np.ndarray]]) -> float:
    """Where the top of the stacked tags goes, in data units: the band at the right end
    (the tags' width and height) that holds the fewest points of the accuracy curves,
    among the top, the bottom and the heights between; on a tie, a corner, the one away
    from the stars (a sigmoid variant flat at 0.1 ran through tags put at the bottom
    because the other variants' stars were high: walker8 W8-9)."""
    (x_lo, x_hi), (low, high) = x_range, y_range
    stars_high = float(np.mean([y[-1] for _, y in shown])) >= (low + high) / 2
    rect = plot.getViewBox().sceneBoundingRect()
    notes = [note.boundingRect() for note, _ in shown]
    if rect.width() <= 0 or rect.height() <= 0:
        height = width = 0.0
    else:
        height = sum(1.1 * r.height() for r in notes) / rect.height() * (high - low)
        width = max(r.width() for r in notes) / rect.width() * (x_hi - x_lo)
    x, y = curve_points()
    return label_placement.least_covered_band_top(x, y, x_range, y_range, width, height,
                                                  low_first=stars_high)
