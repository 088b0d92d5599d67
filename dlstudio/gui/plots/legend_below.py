"""A plot's legend in a row of its own under the x axis, where it covers no data.

A corner legend in the transfer panel's accuracy plot sat on the curve the lesson step is
about (walker16 W16-16: lesson 14 step 1's C, which runs low and to the right, where A and B
leave no corner free either). ``add(plot)`` puts the legend below the plot's bottom axis
instead, in as many columns as the data area's width holds (one per entry at most), so it
takes the fewest rows of the plot's height. Curves added later with a ``name`` appear in it,
as with ``PlotItem.addLegend``. ``add_row(layout, row, plots)`` does the same for one legend
shared by a row of plots (the gradients page's layers: a legend column beside the plot took
more of a 1366-pixel window's width than the plot's data, walker18 W18-2).
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QSizePolicy
from shiboken6 import isValid

from dlstudio.gui.i18n import full_width

#: the plot item's layout row under its bottom axis (pyqtgraph: 0 title, 1 top axis,
#: 2 view box, 3 bottom axis)
ROW = 4
#: pixels between a column's entries and the next column
GAP = 12


#: the narrowest (pixels) an entry's text wraps to
MIN_WRAP = 60


def natural_width(label: pg.LabelItem) -> float:
    """The width of ``label``'s text on one line (also while ``BelowLegend`` wraps it)."""
    document = label.item.document()
    kept = document.textWidth()
    if kept < 0:
        return document.size().width()
    document.setTextWidth(-1)
    width = document.size().width()
    document.setTextWidth(kept)
    return width


#: Chinese marks after which an entry may break onto its next line
PHRASE_ENDS = "，、；：。）"
#: no line break here (Unicode's word joiner, drawn as nothing)
WORD_JOINER = "\u2060"


def keep_phrases(text: str) -> str:
    """``text`` with line breaks only after a Chinese phrase's mark ("，"): a wrapped
    entry broke inside a word ("新的输|出头", walker29 W29-9). Between two characters of a
    phrase goes a word joiner, a space in it becomes a no-break space; text without
    Chinese stays as it is (English breaks at its spaces)."""
    if not any(full_width(ch) for ch in text):
        return text
    out = []
    for i, ch in enumerate(text):
        if i and text[i - 1] not in PHRASE_ENDS and ch != " " and text[i - 1] != " ":
            out.append(WORD_JOINER)
        out.append("\u00a0" if ch == " " and text[i - 1:i] not in PHRASE_ENDS else ch)
    return "".join(out)


class BelowLegend(pg.LegendItem):
    """A ``LegendItem`` in a cell of its plot's layout (below the bottom axis); it fits its
    columns to the width of the plot's data area and is not dragged into the plot.

    With ``layout`` (a ``pg.GraphicsLayout``) and ``row`` it takes that row of the page's
    layout instead, across ``colspan`` columns, and fits the data areas of all ``plots``
    side by side (one legend for a row of plots, walker18 W18-2)."""

    #: the legend took another number of columns (so another height), and the page its
    #: view's size again: a page that sets its own least height sets it anew
    sigFitted = Signal()

    def __init__(self, plot: pg.PlotItem, layout: pg.GraphicsLayout | None = None,
                 row: int = 0, colspan: int = 1, plots: list[pg.PlotItem] | None = None,
                 **kwargs):
        super().__init__(offset=None, horSpacing=GAP, **kwargs)
        self.plot = plot
        self.plots = plots or [plot]
        # its entries' width, centred under the data (stretched to the cell's width, two
        # entries sat at its far ends); it never widens the plot: a narrower plot squeezes
        # it, and the resize of the data area gives it fewer columns
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(0)
        if layout is None:
            plot.layout.addItem(self, ROW, 1)
            plot.layout.setAlignment(self, Qt.AlignmentFlag.AlignHCenter)
            plot.layout.setRowStretchFactor(ROW, 0)
        else:
            layout.addItem(self, row=row, col=0, colspan=colspan)
            layout.layout.setAlignment(self, Qt.AlignmentFlag.AlignHCenter)
            layout.layout.setRowStretchFactor(row, 0)
        for each in self.plots:
            each.vb.sigResized.connect(self.fit)

    def addItem(self, item, name: str) -> None:  # noqa: N802 (pyqtgraph's name)
        """pyqtgraph's, with a Chinese entry broken only between its phrases
        (``keep_phrases``)."""
        super().addItem(item, keep_phrases(name))

    def columns_that_fit(self, width: float) -> int:
        """The most columns (at least one, at most one per entry) whose widest entries side
        by side fit in ``width`` pixels."""
        # a label's text width (its own box takes its column's width once laid out: in one
        # column every entry would count as wide as the widest, and stay in one column)
        entries = [sample.boundingRect().width() + self.layout.horizontalSpacing()
                   + natural_width(label) for sample, label in self.items]
        for columns in range(len(entries), 1, -1):
            widths = [max(entries[j::columns]) for j in range(columns)]
            if sum(widths) + GAP * (columns - 1) <= width:
                return columns
        return 1

    def fit(self, *_) -> None:
        """Columns for the data area's current width (on a resize, entries changed)."""
        if not isValid(self) or not all(isValid(p) for p in self.plots) or not self.items:
            return
        width = sum(p.vb.sceneBoundingRect().width() for p in self.plots)
        columns = self.columns_that_fit(width)
        wrapped = self._wrap(width if columns == 1 else None)
        recount = columns != self.columnCount
        if recount:
            self.setColumnCount(columns)
        if recount or wrapped:
            QTimer.singleShot(0, self, self._fit_page)        # (not inside the layout's pass)

    def _wrap(self, width: float | None) -> bool:
        """In one column, an entry wider than ``width`` wraps onto more lines (walker19
        W19-11: lesson 14 step 2's "C: 复用 5 层，冻结 2 层，缓存特征，新的输出头" was cut at
        the plot's edge); ``None``: every entry on one line. Whether an entry changed."""
        changed = False
        for sample, label in self.items:
            room = None if width is None else float(max(
                MIN_WRAP, int(width - sample.boundingRect().width()
                              - self.layout.horizontalSpacing())))
            wanted = room if room is not None and natural_width(label) > room else -1
            if label.item.textWidth() != wanted:
                label.item.setTextWidth(wanted)
                label.updateMin()
                changed = True
        if changed:
            self.updateGeometry()
        return changed

    def _fit_page(self) -> None:
        """Give the page's top item its view's size again. Laid out in one column first,
        the legend made the page's minimum taller than the view; a top-level graphics item
        grows to its minimum but never shrinks back, so with the legend in columns the page
        stayed taller than its view and its last plots ran off the foot (walker19 W19-R1:
        the gradient histograms in classroom mode)."""
        if not isValid(self):
            return
        scene = self.scene()
        for view in scene.views() if scene is not None else []:
            if isinstance(view, pg.GraphicsView) and view.autoPixelRange:
                pg.GraphicsView.setRange(view, view.range, padding=0, disableAutoPixel=False)
        self.sigFitted.emit()

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """Entries added, removed or renamed: the plot's layout gives the legend its new
        size (pyqtgraph's own sizing would move it to the plot's top left corner)."""
        if not isValid(self):
            return
        self.fit()
        self.updateGeometry()

    def mouseDragEvent(self, ev) -> None:  # noqa: N802 (pyqtgraph's name)
        ev.ignore()                     # it stays in its row, off the data


def add(plot: pg.PlotItem, **kwargs) -> BelowLegend:
    """A legend below ``plot``'s x axis (see the module docstring); ``plot.legend``."""
    legend = BelowLegend(plot, **kwargs)
    plot.legend = legend
    return legend


def add_row(layout: pg.GraphicsLayout, row: int, plots: list[pg.PlotItem],
            **kwargs) -> BelowLegend:
    """A legend in ``row`` of ``layout``, under the row of ``plots`` (one per column from
    column 0): the plots keep the page's width, and the legend fits its columns to their
    data areas. ``plot.legend`` stays None (the legend belongs to no single plot)."""
    return BelowLegend(plots[0], layout=layout, row=row, colspan=len(plots), plots=plots,
                       **kwargs)
