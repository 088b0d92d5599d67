"""Where the convergence panel's loss legend goes: the corner its curves leave most free.

The legend (a ``corner_legend.CornerLegend``) goes to the corner of ``CORNERS`` whose box
holds the fewest points of the curves (the first on a tie: the top, where falling losses are
not). The curves count along their lines, the smoothed ones carried on flat to the axis' end
(where they go while the run goes on), so a corner the curves only pass through, or will
reach, is not "free". While notes sit at the top edge (``top_edge_notes``) the top corners
are below them, and the "weights restored" caption is kept clear: top right, the legend
covered the note (walker10 W10-3) and the caption (walker12 W12-7), or ended right against
it (walker16 W16-15: a character's width is kept free around it); always sent to the bottom
then, it hid the falling curves a step asks to look at (walker13 W13-3, 06/4 and 08/1).

In a short plot (the stacked Standard layout at 1366x768) no corner was free and the legend
hid A's flat loss in 17/1 (walker14 W14-4): the legend may then go into one row (or as few
rows as the plot's width allows: it never grows wider than the plot), and when no corner is
free even so, the loss axis gets room above the curves for it (``ROOM``), so it covers no
line; when that would take more than ``ROOM`` of the plot (a legend of two rows), or the
legend must keep clear of a "weights restored" caption, it goes under the x axis instead,
outside the data area (``CornerLegend.put_below``), and back into a corner once one is free.
Notes at the top edge get such room too, over the plot's whole width, and the legend
below them: in 06/4 the off-scale note and the legend sat on B's validation loss, highest at
its first epoch end, right under the top of the axis (W23-3). The geometry is
``label_placement``'s.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import shiboken6
from PySide6.QtGui import QFontMetricsF

from dlstudio.gui.plots import corner_legend, label_placement, ranges

#: the legend's corners (``CornerLegend`` offsets), in the order they are tried: top right,
#: top left, bottom right, bottom left
CORNERS = ((-6.0, 6.0), (6.0, 6.0), (-6.0, -6.0), (6.0, -6.0))
#: pixels around the legend that count as covered when its corner is chosen (a curve
#: touching its edge)
MARGIN = 4
#: the most of a plot's height the loss axis gives up above the curves for the legend: more
#: than half, so that a one-row legend in a taller font still gets room in the short
#: stacked plot at 1366x768 (Noto Sans CJK's row took 54% of a 72 px plot and the legend sat
#: on B's line instead, fix68)
ROOM = 0.6


def notes_height(notes: Sequence[Any]) -> float:
    """Pixels the ``notes`` stacked at a plot's top edge take (``TopEdgeNotes.place``: 1.1
    lines each, a wrapped note more), with a margin; 0 without notes."""
    if not notes:
        return 0.0
    return sum(1.1 * n.textItem.boundingRect().height() for n in notes) + MARGIN


class LossLegendPlacement:
    """Places a loss plot's legend (see the module docstring); one per built loss plot.

    ``columns``: the legend's columns when it fits as built (2 in a comparison, else 1); in
    a short plot it may go into one row."""

    def __init__(self, columns: int = 1):
        self.columns = columns
        #: True while ``make_room`` raises the axis: the range change it causes places
        #: nothing
        self.placing = False

    def place(self, plot: Any, lines: Callable[[], list], notes: Sequence[Any],
              captions: Sequence[Any]) -> None:
        """Put ``plot``'s legend in the corner its lines leave most free.

        ``lines()`` gives the plot's lines ``(x, y, goes_on)`` in view units (asked only when
        the legend is placed); ``notes`` are the text items shown at the top edge (the top
        corners go below them), ``captions`` the labels the legend keeps clear of."""
        legend = getattr(plot, "legend", None) if plot is not None else None
        if self.placing or not isinstance(legend, corner_legend.CornerLegend) \
                or not shiboken6.isValid(legend) or not shiboken6.isValid(plot):
            return
        view = plot.getViewBox()
        # the view's new transform now, and with it the captions' places: placed on the
        # view's range change, the legend read a caption still where the old range had put
        # it, before the view moved its items (walker23 W23-7)
        view.updateMatrix()
        rect, own = view.sceneBoundingRect(), legend.sceneBoundingRect()
        if rect.width() <= 0 or rect.height() <= 0 or own.width() <= 0 or not legend.items:
            return
        (x_lo, x_hi), (y_lo, y_hi) = view.viewRange()
        per_x, per_y = (x_hi - x_lo) / rect.width(), (y_hi - y_lo) / rect.height()
        # each layout's box from its entries' sizes, with the legend's offset and a margin
        n = len(legend.items)
        entries = [(sample.boundingRect().width() + legend.layout.horizontalSpacing()
                    + label.boundingRect().width(), label.boundingRect().height())
                   for sample, label in legend.items]
        row_height = max(h for _, h in entries)
        rows_shown = math.ceil(n / max(1, min(legend.columnCount, n)))
        frame = max(0.0, own.height() - rows_shown * row_height)     # margins, both sides

        def size(columns: int) -> tuple[float, float]:
            """The legend's box in pixels with ``columns`` columns, offset and margin."""
            widths = [max(w for w, _ in entries[j::columns]) for j in range(columns)]
            return (sum(widths) + frame + 6 + MARGIN,
                    row_height * math.ceil(n / columns) + frame + 6 + MARGIN)

        # as built, and the widest the plot holds (one row if it can): a row of four
        # variants and the validation mark was wider than lesson 05's plot at 1366x768 and
        # cut "A sigmoid", the curve the step is about, to "igmoid" (walker17 W17-a)
        built = min(self.columns, n)
        while built > 1 and size(built)[0] > rect.width():
            built -= 1
        widest = max((k for k in range(built, n + 1) if size(k)[0] <= rect.width()),
                     default=built)
        layouts = list(dict.fromkeys((built, widest)))
        narrowest = min(size(k)[0] for k in layouts)
        drawn = lines()
        x, y = label_placement.along_lines(drawn, narrowest * per_x / 8, x_hi)
        notes_px = notes_height(notes)
        if notes_px and self.clear_top(plot, drawn, notes_px, rect.height()):
            (x_lo, x_hi), (y_lo, y_hi) = view.viewRange()
            per_y = (y_hi - y_lo) / rect.height()
        below_notes = notes_px * per_y
        # a caption's box grown by a character on every side: the legend must not touch it
        # ("恢复的权重：第 8 轮" ended right against "训练" in zh classroom, walker16 W16-15)
        boxes = []
        for caption in captions:
            gap = QFontMetricsF(caption.textItem.font()).averageCharWidth()
            grown = caption.sceneBoundingRect().adjusted(-gap, -gap, gap, gap)
            boxes.append(view.mapSceneToView(grown).boundingRect())
        obstacles = [(r.left(), min(r.top(), r.bottom()), r.width(), abs(r.height()))
                     for r in boxes]
        offsets = [(dx, dy + below_notes / per_y if dy > 0 and per_y > 0 else dy)
                   for dx, dy in CORNERS]
        options = []                       # (columns, offset, box), in the order tried
        for columns in layouts:
            width, height = size(columns)
            for corner, offset in zip(CORNERS, offsets):
                options.append((columns, offset, label_placement.corner_box(
                    corner, (x_lo, x_hi), (y_lo, y_hi), width * per_x, height * per_y,
                    below_notes if corner[1] > 0 else 0.0)))
        counts = label_placement.box_counts(x, y, [o[2] for o in options], obstacles)
        best = int(np.argmin(counts))
        columns, offset, _ = options[best]
        below = False
        if counts[best]:
            columns = layouts[-1]            # one row: the least room taken from the curves
            corner = None if boxes else self.make_room(plot, x, y, size(columns),
                                                       rect.height(), notes_px)
            if corner is None:               # no room above the curves: under the x axis
                below = True
            else:                            # (in a top corner: below the notes)
                offset = offsets[CORNERS.index(corner)]
        if legend.columnCount != columns:
            legend.setColumnCount(columns)
        if below:
            legend.put_below(plot)
            return
        legend.put_in_corner(plot)
        if tuple(legend.corner_offset) != offset:
            legend.corner_offset = offset
            legend.place()

    def clear_top(self, plot: Any, drawn: list, pixels: float, height: float) -> bool:
        """Raise the top of ``plot``'s axis so that the top ``pixels`` of its ``height``
        (the notes at its top edge) hold no point of the ``drawn`` lines shown on the axis
        (a line between two points below stays below); whether the axis moved. Not by more
        than ``ROOM`` of the plot: W23-3's note over B's validation loss in 06/4."""
        share = pixels / height
        if share > ROOM:
            return False
        view = plot.getViewBox()
        _, (y_lo, y_hi) = view.viewRange()
        shown = [np.asarray(yy, np.float64) for _, yy, _ in drawn]
        shown = np.concatenate(shown) if shown else np.zeros(0)
        shown = shown[np.isfinite(shown) & (shown <= y_hi)]
        if not shown.size:
            return False
        new_hi = (float(shown.max()) - y_lo * share) / (1.0 - share)
        if new_hi <= y_hi:
            return False
        self.placing = True
        try:
            ranges.set_y_range(plot, y_lo, new_hi + 0.01 * (new_hi - y_lo))
        finally:
            self.placing = False
        view.updateMatrix()
        return True

    def make_room(self, plot: Any, x: np.ndarray, y: np.ndarray, box: tuple[float, float],
                  height: float, above: float = 0.0) -> tuple[float, float] | None:
        """Raise the top of ``plot``'s axis so that a legend of ``box`` pixels (width,
        height) fits in the top right corner (top left when the curves there are lower)
        above the points ``(x, y)``, below ``above`` pixels of notes at the top edge; the
        corner (of ``CORNERS``), or None when it would take more than ``ROOM`` of the
        plot's ``height`` pixels."""
        share = (box[1] + above) / height
        if share > ROOM:
            return None
        view = plot.getViewBox()
        (x_lo, x_hi), (y_lo, y_hi) = view.viewRange()
        width = box[0] * (x_hi - x_lo) / view.sceneBoundingRect().width()
        best = None
        for corner, left in ((CORNERS[0], x_hi - width), (CORNERS[1], x_lo)):
            inside = y[(x >= left) & (x <= left + width) & np.isfinite(y)]
            top = float(inside.max()) if inside.size else y_lo
            if best is None or top < best[1]:
                best = (corner, top)
        corner, top = best
        # the box's bottom (the new top less its share of the new span) clears the curves
        new_hi = (top - y_lo * share) / (1.0 - share)
        if new_hi > y_hi:
            self.placing = True
            try:
                ranges.set_y_range(plot, y_lo, new_hi + 0.01 * (new_hi - y_lo))
            finally:
                self.placing = False
        return corner
