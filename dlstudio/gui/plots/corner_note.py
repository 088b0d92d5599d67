"""``CornerNoteItem``: a note in the corner of its plot that the curves cross least.

A note at a fixed place is crossed by whatever line runs there: the activations page's
"x on the bottom edge: spread 0" stood in the bottom left corner, on the line of the layers
whose spread had shrunk to the axis' bottom (walker26 W26-9, lesson 05 step 2). This note
goes to the first corner (of ``CORNERS``, in that order) whose box holds the fewest points of
the curves it is given, and stands on the page's background above the curves, so a line that
crosses every corner passes under it, not through its text. It is placed again whenever its
plot changes size (its size in data units changes with it). When lines cross every corner
(a short plot, a long note: walker28 z6_05c), ``crossed`` says so and ``room`` how tall a
band above the curves the note needs.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
import shiboken6

from dlstudio.gui.plots.label_placement import (along_lines, corner_box, least_covered_box,
                                                points_inside)

#: the corners tried, first choice first, as legend offsets (``dx < 0``: right, ``dy > 0``:
#: top): bottom left (next to the marks a note usually explains), bottom right, top left,
#: top right
CORNERS = ((1, -1), (-1, -1), (1, 1), (-1, 1))
#: above the curves and marks of the plot
NOTE_Z = 20
#: the note's distance from the plot's edges, in pixels
INSET = 3.0


class CornerNoteItem(pg.TextItem):
    """A note on ``fill`` (the page's background) in the least crossed corner of the plot
    it is added to; ``set_curves`` says what it should keep clear of."""

    def __init__(self, text: str, color: Any, fill: Any):
        super().__init__(text, color=color, fill=fill, anchor=(0, 1))
        self.setZValue(NOTE_Z)
        #: the curves' points, in the view's coordinates (log10 on a log axis)
        self._points: tuple[np.ndarray, np.ndarray] = (np.zeros(0), np.zeros(0))
        self._view: pg.ViewBox | None = None
        #: whether a line crosses even the least crossed corner (``place``): the plot may
        #: then give the note room above its curves (``room``)
        self.crossed = False

    def follow(self, plot: pg.PlotItem) -> None:
        """Sit in ``plot`` (not counted in its auto range) and move when it changes size."""
        plot.addItem(self, ignoreBounds=True)
        self._view = plot.getViewBox()
        self._view.sigResized.connect(self.place)

    def set_curves(self, curves) -> None:
        """Keep clear of the polylines ``curves`` (``(x, y)`` each, in the view's
        coordinates; NaN: no point) and place the note."""
        x = np.concatenate([np.asarray(c[0], np.float64) for c in curves] or [np.zeros(0)])
        span = (np.nanmax(x) - np.nanmin(x)) if np.isfinite(x).any() else 0.0
        self._points = along_lines([(cx, cy, False) for cx, cy in curves],
                                   span / 200 if span > 0 else 0.0)
        self.place()

    def place(self, *_) -> None:
        """Put the note in the corner whose box holds the fewest of the curves' points."""
        view = self._view
        if not (shiboken6.isValid(self) and view is not None and shiboken6.isValid(view)):
            return                                   # the page was rebuilt
        px, py = view.viewPixelSize()
        if not (px > 0 and py > 0 and math.isfinite(px) and math.isfinite(py)):
            return                                   # not laid out yet
        (x_lo, x_hi), (y_lo, y_hi) = view.viewRange()
        inner = ((x_lo + INSET * px, x_hi - INSET * px), (y_lo + INSET * py, y_hi - INSET * py))
        rect = self.boundingRect()
        width, height = rect.width() * px, rect.height() * py
        boxes = [corner_box(c, *inner, width, height) for c in CORNERS]
        best = least_covered_box(*self._points, boxes)
        left, low, _, _ = boxes[best]
        self.crossed = points_inside(*self._points, *boxes[best]) > 0
        self.setPos(left, low)
        self.updateTransform(force=True)

    def room(self) -> float:
        """Pixels of the plot's height the note takes with its insets: what its plot may
        add above the curves when every corner is crossed (``crossed``)."""
        return self.boundingRect().height() + 2 * INSET
