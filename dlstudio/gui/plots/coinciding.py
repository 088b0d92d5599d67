"""Curves of a comparison that coincide, drawn so that every variant stays visible.

Two variants whose training is the same draw the same curves: in lesson 07 step 3 only the
momentum of batch norm's inference statistics differs, so B's training curves, drawn last,
hid A's completely while the legend listed both and the text said that both learn equally
well (walker27 W27-10). A curve that a later one covers is drawn wider, by ``WIDER`` pixels
for every later curve it coincides with, so each colour shows as a band around the next.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

#: two curves closer than this share of the plot's height everywhere they overlap coincide
TOLERANCE = 0.006
#: pixels (before classroom scaling) a covered curve is drawn wider per curve covering it
WIDER = 2.4
#: share of either curve's steps the two must share to be compared
OVERLAP = 0.8


def shown_values(y: np.ndarray, log: bool) -> np.ndarray:
    """``y`` as the axis places it: log10 on a log axis (non-positive values dropped as NaN)."""
    y = np.asarray(y, np.float64)
    if not log:
        return y
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)


def coincide(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
             height: float, log: bool = False) -> bool:
    """Whether curve ``b`` (x, y) lies on curve ``a`` within ``TOLERANCE`` of the plot's
    ``height`` (its y span, in the axis's units) over nearly all of both."""
    (xa, ya), (xb, yb) = a, b
    if xa is None or xb is None or len(xa) < 2 or len(xb) < 2 or height <= 0:
        return False
    xa, xb = np.asarray(xa, np.float64), np.asarray(xb, np.float64)
    lo, hi = max(xa[0], xb[0]), min(xa[-1], xb[-1])
    if hi <= lo:
        return False
    inside = (xa >= lo) & (xa <= hi)
    if inside.sum() < OVERLAP * len(xa) or ((xb >= lo) & (xb <= hi)).sum() < OVERLAP * len(xb):
        return False
    va, vb = shown_values(ya, log)[inside], shown_values(yb, log)
    keep = np.isfinite(vb)
    if keep.sum() < 2:
        return False
    other = np.interp(xa[inside], xb[keep], vb[keep])
    both = np.isfinite(va) & np.isfinite(other)
    return bool(both.any()) and float(np.max(np.abs(va[both] - other[both]))) <= \
        TOLERANCE * height


def covering(curves: list[tuple[np.ndarray, np.ndarray]], height: float,
             log: bool = False) -> list[int]:
    """For each curve (drawn in this order, later ones on top), how many later curves
    coincide with it."""
    return [sum(coincide(curve, later, height, log) for later in curves[k + 1:])
            for k, curve in enumerate(curves)]


def extra_widths(curves: list[tuple[np.ndarray, np.ndarray]], height: float,
                 log: bool = False) -> list[float]:
    """The pixels (before classroom scaling) each curve is drawn wider than its base."""
    return [WIDER * count for count in covering(curves, height, log)]


def widen_covered(items: list[pg.PlotDataItem], pen_for: Callable[[int, float], object]
                  ) -> None:
    """Draw each of ``items`` (one curve per variant, on one plot, in drawing order) that
    later ones cover wider: ``pen_for(i, extra)`` is item i's pen ``extra`` pixels wider
    than its base; an item whose curve parts from the others gets its base pen back."""
    if len(items) < 2:
        return
    view = items[0].getViewBox()
    if view is None:
        return
    lo, hi = view.viewRange()[1]
    log = bool(items[0].opts.get("logMode", [False, False])[1])
    extra = extra_widths([(it.xData, it.yData) for it in items], hi - lo, log)
    for i, (item, more) in enumerate(zip(items, extra)):
        pen = pen_for(i, more)
        if abs(item.opts["pen"].widthF() - pen.widthF()) > 1e-6:
            item.setPen(pen)
