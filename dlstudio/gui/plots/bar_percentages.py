"""The percentages over the stopped-units bars: as many as fit, and room above the bars for them.

The Activations page's stopped-units chart groups its bars by layer, one bar a variant, each
with its percentage on top (a ``pg.TextItem`` anchored at its bottom centre).
``fit_percentages`` shows over every bar when the labels have room beside each other; else,
when a layer's group has room for one label, all of them stacked over its tallest bar, the
first variant's lowest, as rows of a table (only the tallest's was shown, so an A/B pair of
bars showed one number: walker17 W17-q); else none (the axis says which layers).
``fit_headroom`` makes the axis reach high enough that every shown label fits above its bar
(walker21 W21-4: "100%" over a dead layer was cut at the chart's top edge at 1366x768).
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots.char_width import char_width

#: how far apart (in label heights) the stacked percentages over one layer's bars are
STACK_STEP = 1.0
#: the stopped-units axis reaches this factor above 100 %, room for the labels on the bars
BAR_HEADROOM = 1.18


def fit_percentages(plot: pg.PlotItem, bars: dict[str, pg.BarGraphItem],
                    texts: dict[tuple[str, int], pg.TextItem], groups: int) -> None:
    """Show, stack or hide the ``texts`` (by (variant, group position)) over the ``bars``
    (by variant) of ``plot``'s ``groups`` layers, as their width allows, then make room
    above them (``fit_headroom``)."""
    axis = plot.getAxis("bottom")
    per_group = axis.width() / max(1, groups)
    fm = QFontMetricsF(QApplication.font())
    need = fm.horizontalAdvance("100%") + char_width(fm)   # a Latin character's gap
    n = max(1, len(bars))
    every_bar = per_group / n >= need
    for pos in range(groups):
        group = [(float(item.opts["height"][pos]) if len(item.opts["height"]) > pos
                  else 0.0, variant) for variant, item in bars.items()]
        top = max((height for height, _ in group), default=0.0)
        for rank, (height, variant) in enumerate(group):
            text = texts[(variant, pos)]
            text.setVisible(every_bar or per_group >= need)
            stacked = 0 if every_bar else rank
            text.setPos(text.pos().x(), height if every_bar else top)
            text.setAnchor((0.5, 1.0 + STACK_STEP * stacked))
    fit_headroom(plot, texts)


def fit_headroom(plot: pg.PlotItem, texts: dict[tuple[str, int], pg.TextItem]) -> None:
    """``plot``'s axis reaches high enough that every shown percentage of ``texts`` fits
    above its bar: BAR_HEADROOM of 100% at least, more when the chart is so short that a
    label is taller than that. A label at height y and ``k`` label heights tall needs a top
    T with y + k * label * T / view <= T."""
    view = plot.getViewBox()
    pixels = view.height()
    top = 100.0 * BAR_HEADROOM
    for text in texts.values():
        if not text.isVisible() or pixels <= 0:
            continue
        need = text.boundingRect().height() * text.anchor.y() + 2     # (2 px apart)
        share = min(need / pixels, 0.75)         # (a chart too short for it: capped)
        top = max(top, float(text.pos().y()) / (1.0 - share))
    if abs(view.viewRange()[1][1] - top) > 1e-6:
        plot.setYRange(0, top, padding=0)
