"""Axes labelled with names at positions 0, 1, 2 ... (layers, classes), thinned to fit.

When the names do not fit side by side, every second (third ...) one is shown; short names
(the layers' numbers) replace long ones when those would have to be thinned but the short
ones fit more of the positions, and the names go to the axis's tooltip.
"""
from __future__ import annotations

import math

import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots.axes import GAP_CHARS
from dlstudio.gui.plots.char_width import char_width


def thinned_labels(axis: pg.AxisItem, labels: list[str]) -> list[tuple[float, str]]:
    """Ticks at 0, 1, 2... with ``labels``; when they do not fit side by side on the axis's
    present width, every second (third...) one, so that labels never run together. Gives a
    bottom axis the height its multi-line labels need."""
    fm = QFontMetricsF(axis.style.get("tickFont") or QApplication.font())
    every = 1
    if labels:
        widest = max(fm.horizontalAdvance(line) for text in labels for line in text.split("\n"))
        per_label = axis.width() / max(1, len(labels))
        if per_label > 0:
            every = max(1, math.ceil((widest + char_width(fm) * GAP_CHARS) / per_label))
    lines = max((text.count("\n") + 1 for text in labels), default=1)
    height = int(lines * fm.lineSpacing() + 12)
    if axis.orientation in ("bottom", "top") and int(axis.height()) != height:
        axis.setHeight(height)
    return [(pos, text) for pos, text in enumerate(labels) if pos % every == 0]


def set_category_labels(axis: pg.AxisItem, labels: list[str],
                        short: list[str] | None = None) -> None:
    """Label the positions 0, 1, 2... of ``axis`` (layers, classes) with ``labels``, thinned
    to fit now and again whenever the axis changes size (a dock opened beside the plot).

    ``short`` (e.g. the layers' numbers) replaces ``labels`` when these would have to be
    thinned but the short ones fit more of the positions: 24 BN/activation layers named only
    two of their points (W11-20); the names then go to the axis's tooltip."""
    axis.category_labels = list(labels)
    axis.category_short = list(short) if short is not None and len(short) == len(labels) \
        else None
    if not getattr(axis, "category_thinning", False):
        axis.category_thinning = True
        axis.geometryChanged.connect(lambda axis=axis: _apply(axis))
    _apply(axis)


def _apply(axis: pg.AxisItem) -> None:
    if not shiboken6.isValid(axis):      # a rebuilt page deleted it while a resize was due
        return
    ticks = thinned_labels(axis, axis.category_labels)
    short = getattr(axis, "category_short", None)
    named = len(ticks) == len(axis.category_labels)
    if short is not None and not named:
        numbered = thinned_labels(axis, short)
        if len(numbered) > len(ticks):
            ticks = numbered
            named = False
        else:
            named = True
    axis.setToolTip("" if named or short is None else "\n".join(
        f"{s}: {name}" for s, name in zip(short, axis.category_labels)))
    if getattr(axis, "category_ticks", None) != ticks:      # no relayout loop
        axis.category_ticks = ticks
        axis.setTicks([ticks])
