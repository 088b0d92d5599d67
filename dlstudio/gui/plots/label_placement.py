"""Where a label goes on a plot so that it covers the fewest points of the curves.

Pure geometry in data units (no Qt): the caller converts the label's size from pixels with
the view's scale and passes the drawn points. Used by the convergence panel for its loss
legend (a corner) and its stacked test-accuracy tags (a band at the right edge).
"""
from __future__ import annotations

import numpy as np


def points_inside(x: np.ndarray, y: np.ndarray, left: float, low: float, width: float,
                  height: float) -> int:
    """How many points ``(x, y)`` (shape ``(n,)`` each) lie in the box whose lower left
    corner is ``(left, low)``."""
    return int(np.count_nonzero((x >= left) & (x <= left + width)
                                & (y >= low) & (y <= low + height)))


def along_lines(curves, step: float, x_end: float | None = None) -> tuple[np.ndarray,
                                                                         np.ndarray]:
    """The points of the polylines ``curves`` (``(x, y, goes_on)`` each, x rising) with
    points added along each segment no more than ``step`` apart in x, so that a box a line
    crosses between two of its points holds some of them. A curve with ``goes_on`` is also
    carried on flat from its last point to ``x_end``: where a smoothed loss goes next while
    the run is still going (a falling loss ends low and stays there). Non-finite points are
    left out."""
    xs, ys = [np.zeros(0)], [np.zeros(0)]
    for x, y, goes_on in curves:
        x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
        ok = np.isfinite(x) & np.isfinite(y)
        x, y = x[ok], y[ok]
        if not len(x):
            continue
        xs.append(x)
        ys.append(y)
        if step > 0 and len(x) > 1 and x[-1] > x[0]:
            grid = np.arange(x[0], x[-1], step)
            xs.append(grid)
            ys.append(np.interp(grid, x, y))
        if goes_on and step > 0 and x_end is not None and x_end > x[-1]:
            grid = np.arange(x[-1], x_end + step, step)
            xs.append(grid)
            ys.append(np.full(len(grid), y[-1]))
    return np.concatenate(xs), np.concatenate(ys)


def boxes_overlap(a: tuple, b: tuple) -> bool:
    """Whether the boxes ``(left, low, width, height)`` ``a`` and ``b`` overlap."""
    return (a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
            and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])


def least_covered_box(x: np.ndarray, y: np.ndarray, boxes, obstacles=()) -> int:
    """The index of the box of ``boxes`` (``(left, low, width, height)`` each) that holds the
    fewest points ``(x, y)``, the first on a tie; a box overlapping one of ``obstacles``
    (other labels, same form) is taken only when every box does."""
    if not len(boxes):
        raise ValueError("least_covered_box needs at least one box")
    return int(np.argmin(box_counts(x, y, boxes, obstacles)))   # (the first of equal counts)


def box_counts(x: np.ndarray, y: np.ndarray, boxes, obstacles=()) -> list[int]:
    """How many points ``(x, y)`` each box of ``boxes`` holds; a box overlapping one of
    ``obstacles`` counts more than all the points (it is a last resort)."""
    blocked = len(x) + 1
    return [points_inside(x, y, *box) + blocked * any(boxes_overlap(box, o)
                                                      for o in obstacles)
            for box in boxes]


def corner_box(corner: tuple, x_range: tuple[float, float], y_range: tuple[float, float],
               width: float, height: float, drop: float = 0.0) -> tuple:
    """The ``width`` x ``height`` box ``(left, low, width, height)`` in the corner given by a
    legend offset ``(dx, dy)`` (``dx < 0`` right, ``dy > 0`` top); a top box is ``drop``
    lower (below a note at the top edge)."""
    (x_lo, x_hi), (y_lo, y_hi) = x_range, y_range
    left = x_hi - width if corner[0] < 0 else x_lo
    low = y_hi - height - drop if corner[1] > 0 else y_lo
    return left, low, width, height


def least_covered_corner(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float],
                         y_range: tuple[float, float], width: float, height: float,
                         corners: tuple, current: tuple, skip_top: bool = False) -> tuple:
    """The corner of ``corners`` (legend offsets ``(dx, dy)``: ``dx < 0`` right, ``dy > 0``
    top) whose ``width`` x ``height`` box holds the fewest points, the first on a tie;
    ``skip_top`` leaves out the top corners (a note sits at the top edge). ``current`` when
    no corner may be used."""
    usable = [c for c in corners if not (skip_top and c[1] > 0)]
    if not usable:
        return current
    boxes = [corner_box(c, x_range, y_range, width, height) for c in usable]
    return usable[least_covered_box(x, y, boxes)]


#: the heights a band tries between the corners: steps of this share of the plot's height
#: (at most half a band): steps of half a band missed the gap between lesson 05's flat
#: sigmoid line and the other curves (walker23 W23-3)
BAND_STEPS = 48


def least_covered_band(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float],
                       y_range: tuple[float, float], width: float, height: float,
                       low_first: bool) -> tuple[float, int]:
    """The top of a ``width`` x ``height`` band at the right edge that holds the fewest
    points, and how many it holds: among the two corners (the bottom one first when
    ``low_first``), then the heights between from the top down in steps of
    ``1 / BAND_STEPS`` of the plot (at most half a band), the first on a tie. A band of no
    height, or one as tall as the plot, goes to the first corner."""
    (_, x_hi), (low, high) = x_range, y_range
    bottom_top = low + height
    y = y[x >= x_hi - width]
    if height <= 0 or height >= high - low:
        top = bottom_top if low_first else high
        return top, int(np.count_nonzero((y <= top) & (y >= top - height)))
    corners = [bottom_top, high] if low_first else [high, bottom_top]
    step = min(height / 2, (high - low) / BAND_STEPS)
    steps = int((high - low - height) / step)
    tops = corners + [high - k * step for k in range(1, steps + 1)
                      if low + height < high - k * step < high]
    counts = [int(np.count_nonzero((y <= top) & (y >= top - height))) for top in tops]
    best = int(np.argmin(counts))               # (argmin takes the first of equal counts)
    return tops[best], counts[best]


def least_covered_band_top(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float],
                           y_range: tuple[float, float], width: float, height: float,
                           low_first: bool) -> float:
    """The top of ``least_covered_band``."""
    return least_covered_band(x, y, x_range, y_range, width, height, low_first)[0]
