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


def least_covered_corner(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float],
                         y_range: tuple[float, float], width: float, height: float,
                         corners: tuple, current: tuple, skip_top: bool = False) -> tuple:
    """The corner of ``corners`` (legend offsets ``(dx, dy)``: ``dx < 0`` right, ``dy > 0``
    top) whose ``width`` x ``height`` box holds the fewest points, the first on a tie;
    ``skip_top`` leaves out the top corners (a note sits at the top edge). ``current`` when
    no corner may be used."""
    (x_lo, x_hi), (y_lo, y_hi) = x_range, y_range
    best, fewest = current, None
    for dx, dy in corners:
        if skip_top and dy > 0:
            continue
        left = x_hi - width if dx < 0 else x_lo
        low = y_hi - height if dy > 0 else y_lo
        inside = points_inside(x, y, left, low, width, height)
        if fewest is None or inside < fewest:
            best, fewest = (dx, dy), inside
    return best


def least_covered_band_top(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float],
                           y_range: tuple[float, float], width: float, height: float,
                           low_first: bool) -> float:
    """The top of a ``width`` x ``height`` band at the right edge that holds the fewest
    points: among the two corners (the bottom one first when ``low_first``), then the
    heights between in steps of half a band, the first on a tie. A band of no height, or
    one as tall as the plot, goes to the first corner."""
    (_, x_hi), (low, high) = x_range, y_range
    bottom_top = low + height
    if height <= 0 or height >= high - low:
        return bottom_top if low_first else high
    y = y[x >= x_hi - width]
    corners = [bottom_top, high] if low_first else [high, bottom_top]
    steps = int((high - low - height) / (height / 2))
    tops = corners + [high - k * height / 2 for k in range(1, steps + 1)
                      if low + height < high - k * height / 2 < high]
    counts = [int(np.count_nonzero((y <= top) & (y >= top - height))) for top in tops]
    return tops[int(np.argmin(counts))]      # (argmin takes the first of equal counts)
