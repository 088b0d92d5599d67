"""The test-accuracy tags of the accuracy plot: stacked at its right edge, where the curves
leave room.

A tag beside its star covered the last 10-20% of the curves, and the variants' tags each
other (walker8 W8-9): the tags go one under the other at the right edge, in the band of
their height that the curves cross least (``label_placement``), placed again whenever
the axes move. Where no grid of them is free of the curves, a row that is, and the tags
after the first without the word "test" ("★ 83.5%") when that frees them (walker23 W23-3:
two rows of tags lay on lesson 05's flat sigmoid line, the curve the step is about). They stand in the order of their stars, the highest first, so each reads
beside its own curve's end; a stack taller than a short plot goes into columns side by side
instead of running off its top edge, and the tags lie above the curves (walker21 W21-3:
lesson 05's four tags at 1366x768, A's "test 10.0%" cut at the top and above B's 88.3%).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
import shiboken6

from dlstudio.gui.plots import accuracy_star, label_placement

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


def layouts(count: int, tag_height: float, view_height: float) -> list[tuple[int, int]]:
    """The (rows, columns) grids worth trying for ``count`` tags: ``grid_shape``'s, then
    each with fewer rows (more columns)."""
    rows, columns = grid_shape(count, tag_height, view_height)
    out = [(rows, columns)]
    for more in range(columns + 1, count + 1):
        if math.ceil(count / more) < out[-1][0]:
            out.append((math.ceil(count / more), more))
    return out


def tag_letter(variant: str, variants: int) -> str:
    """The letter a test tag names ``variant`` by among ``variants`` variants: a
    comparison's tags differed only by their colour (walker36 W36-13); a single run's tag
    needs none."""
    return variant if variants > 1 else ""


def place_tags(plot: pg.PlotItem | None, items: dict[str, dict], words: Callable[[float], str],
               lines: Callable[[], list[tuple[np.ndarray, np.ndarray]]]) -> None:
    """The test tags on show among ``items`` (variant -> its accuracy items, the star
    ``acc_test`` and its tag ``acc_test_note``: ``accuracy_star.add_star``), worded by
    ``words(accuracy)``, stacked at ``plot``'s right edge (``stack_at_right_edge``) clear
    of ``lines()``. Nothing while the plot is being rebuilt."""
    if plot is None or not shiboken6.isValid(plot):
        return
    shown = accuracy_star.shown_tags(
        [(its["acc_test"], its["acc_test_note"], tag_letter(variant, len(items)))
         for variant, its in items.items() if "acc_test_note" in its], words)
    if shown:
        stack_at_right_edge(plot, shown, lines)


def stack_at_right_edge(plot: pg.PlotItem,
                        shown: list[tuple[pg.TextItem, np.ndarray, tuple[str, ...]]],
                        lines: Callable[[], list[tuple[np.ndarray, np.ndarray]]]) -> None:
    """Stack the tags of ``shown`` (each with its star's y data, shape (k,), and its texts,
    the whole one first, then shorter ones)
    at the right edge of ``plot``, the highest star's first, in rows read left to right:
    the grid (``layouts``: one column while they fit, then fewer rows) and the height
    (``label_placement.least_covered_band``) where the polylines ``lines()`` (x and y,
    shape (n,) each, counted every 2 pixels along each line, so that a validation line
    drawn between two epoch ends counts where it crosses) cross them least; the tags after
    the first in their shorter texts, one after the other, while no grid is free and that
    crosses less (walker36 W36-13: with the variant's letter, "★ B 88.3%", four tags no
    longer fitted beside lesson 05's curves; "B 88.3%" does)."""
    view = plot.getViewBox()
    view.updateMatrix()            # (set lazily after a range change; the tags read it)
    (x_lo, x_hi), (low, high) = view.viewRange()
    shown = sorted(shown, key=lambda item: -float(item[1][-1]))
    rect = view.sceneBoundingRect()
    per_x = (x_hi - x_lo) / rect.width() if rect.width() > 0 else 0.0
    per_y = (high - low) / rect.height() if rect.height() > 0 else 0.0
    x, y = label_placement.along_lines([(lx, ly, False) for lx, ly in lines()], 2 * per_x)
    stars_high = float(np.mean([s[-1] for _, s, _ in shown])) >= (low + high) / 2
    best = None
    for compact in range(max(len(forms) for _, _, forms in shown)):
        texts = [forms[0] if i == 0 else forms[min(compact, len(forms) - 1)]
                 for i, (_, _, forms) in enumerate(shown)]
        for (note, _, _), text in zip(shown, texts):
            note.setText(text)
        sizes = [note.boundingRect() for note, _, _ in shown]
        tag_height = max(r.height() for r in sizes)
        for rows, columns in layouts(len(shown), tag_height, rect.height()):
            widths = [COLUMN_SPACING * max(r.width() for r in sizes[c::columns])
                      for c in range(columns)]
            if best is not None and sum(widths) > rect.width():
                continue                                 # (wider than the plot)
            top, count = label_placement.least_covered_band(
                x, y, (x_lo, x_hi), (low, high), sum(widths) * per_x,
                rows * ROW_SPACING * tag_height * per_y, low_first=stars_high)
            if best is None or count < best[0]:
                best = (count, texts, widths, top)
        if best[0] == 0:
            break
    _, texts, widths, top = best
    columns = len(widths)
    for i, ((note, _, _), text) in enumerate(zip(shown, texts)):
        row, column = divmod(i, columns)
        note.setText(text)
        note.setPos(x_hi - sum(widths[column + 1:]) * per_x, top)
        note.setAnchor((1, -ROW_SPACING * row))
        note.setZValue(TAG_Z)
        note.updateTransform(force=True)
