"""Plot titles and headings that fit the space they get.

pyqtgraph's ``LabelItem`` asks for the full width of its text as its *minimum* width, so a
long title ("Gradient norm per layer - B") or a classroom font widens its plot until the
plots of a panel no longer fit and the last ones are pushed out of view. ``FittingLabelItem``
asks for little: a title that is too wide for its plot takes a second line (its explanation
in brackets goes there: "Loss" / "(faint: each batch, bold: smoothed)", or its last words),
and what still does not fit is shortened with "…" (or, for a label allowed more lines,
``max_lines``, goes on to further lines first), its full text kept in ``text`` and shown as
a tooltip; a heading (HTML, in a row that can grow) wraps onto more lines.
``fit_title(plot)`` swaps a plot's title for one.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSizeF, Qt, QTimer

#: the narrowest a label asks to be, in pixels
MIN_WIDTH = 36
ELLIPSIS = "…"
#: the height of a plot's title row (pyqtgraph's ``PlotItem.setTitle``)
TITLE_HEIGHT = 30
#: where a title's second line may start: its explanation in brackets (en, zh)
BRACKETS = (" (", "（")


class FittingLabelItem(pg.LabelItem):
    """A ``LabelItem`` that shortens (``mode="elide"``) or wraps (``mode="wrap"``) its text
    to its width instead of widening the layout."""

    def __init__(self, text: str = " ", parent=None, mode: str = "elide", **args):
        self.mode = mode
        #: the most lines an "elide" title takes before the last is shortened with "…"
        #: (``set_max_lines``)
        self.max_lines = 2
        self._full = text
        self._full_width = 0.0
        self._fitting = False
        self._rows: int | None = None      # title lines waiting to be applied
        super().__init__(text, parent=parent, **args)

    def setText(self, text: str, **args) -> None:  # noqa: N802
        self._full = text
        self._fitting = True
        try:
            self.item.setTextWidth(-1)
            super().setText(text, **args)
            self._full_width = self.itemRect().width()
        finally:
            self._fitting = False
        self._fit()
        self.text = text
        self.setToolTip(text if self.mode == "elide" else "")

    def _fit(self) -> None:
        width = self.rect().width()
        if self._fitting or width <= 0:
            return
        self._fitting = True
        try:
            if self.mode == "wrap":
                if self.item.textWidth() != width:
                    self.item.setTextWidth(width)
                    pg.LabelItem.resizeEvent(self, None)
                return
            lines = self._lines(width)
            pg.LabelItem.setText(self, "<br>".join(lines))     # measuring changed it
            self._set_title_rows(len(lines))
        finally:
            self._fitting = False
        self.text = self._full

    def set_max_lines(self, lines: int) -> None:
        """Let the title take up to ``lines`` lines (at least 2) before it is shortened."""
        self.max_lines = max(2, int(lines))
        self._fit()

    def _lines(self, width: float) -> list[str]:
        """The title as one line when it fits, else two: the head (up to its bracketed
        explanation, or as many words as fit) and the rest, shortened with "…" if need be;
        up to ``max_lines``, the rest goes on in lines of as many words as fit."""
        full = self._full
        if self._width_of(full) <= width:
            return [full]
        fits = lambda text: self._width_of(text) <= width   # noqa: E731
        head, tail = _split_title(full, fits)
        if not head:
            return [self._shortened(full, width)]
        lines = [head]
        while len(lines) < self.max_lines - 1 and not fits(tail):
            more, rest = _split_title(tail, fits, brackets=False)
            if not more:
                break
            lines.append(more)
            tail = rest
        return lines + [self._shortened(tail, width)]

    def _set_title_rows(self, rows: int) -> None:
        """Make the title row of the plot this label heads tall enough for ``rows`` lines,
        once the event loop is back: this runs inside resize events, which also come while
        the plot is being destroyed, when changing its layout crashes the process."""
        if self._rows is None:
            QTimer.singleShot(0, self, self._apply_title_rows)
        self._rows = rows

    def _apply_title_rows(self) -> None:
        rows, self._rows = self._rows, None
        plot = self.parentItem()
        if not isinstance(plot, pg.PlotItem) or plot.titleLabel is not self \
                or not self.isVisible():
            return
        height = TITLE_HEIGHT if rows == 1 else max(TITLE_HEIGHT,
                                                   int(self.itemRect().height()) + 4)
        if self.maximumHeight() != height:
            self.setMaximumHeight(height)
            plot.layout.setRowFixedHeight(0, height)

    def _width_of(self, text: str) -> float:
        pg.LabelItem.setText(self, text)
        return self.itemRect().width()

    def _shortened(self, full: str, width: float) -> str:
        if self._width_of(full) <= width:
            return full
        low, high = 0, len(full)              # longest prefix that fits, by halving
        while low < high:
            mid = (low + high + 1) // 2
            if self._width_of(full[:mid].rstrip() + ELLIPSIS) <= width:
                low = mid
            else:
                high = mid - 1
        return full[:low].rstrip() + ELLIPSIS

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self._fit()

    def sizeHint(self, hint, constraint):  # noqa: N802
        size = super().sizeHint(hint, constraint)
        if hint == Qt.SizeHint.MinimumSize:
            return QSizeF(min(size.width(), MIN_WIDTH), size.height())
        if hint == Qt.SizeHint.PreferredSize and self.mode == "elide":
            return QSizeF(max(size.width(), self._full_width), size.height())
        return size

    def updateMin(self) -> None:  # noqa: N802
        super().updateMin()
        self.setMinimumWidth(min(self.minimumWidth(), MIN_WIDTH))


def _split_title(text: str, fits, brackets: bool = True) -> tuple[str, str]:
    """``text`` as (first line, second line): before its bracketed explanation when that
    head ``fits`` (and ``brackets``), else after the most words that fit ("" as the head:
    not even one)."""
    for bracket in BRACKETS if brackets else ():
        at = text.find(bracket)
        if at > 0 and fits(text[:at]):
            return text[:at], text[at:].strip()
    words = text.split(" ")
    head = ""
    for n in range(1, len(words)):
        candidate = " ".join(words[:n])
        if not fits(candidate):
            break
        head = candidate
    return head, text[len(head):].strip()


def fit_title(plot: pg.PlotItem) -> FittingLabelItem:
    """Give ``plot`` a title that shortens to the plot's width (same place, same text)."""
    old = plot.titleLabel
    if isinstance(old, FittingLabelItem):
        return old
    new = FittingLabelItem(old.text, parent=plot, mode="elide", **old.opts)
    plot.layout.removeItem(old)
    old.setParentItem(None)
    if old.scene() is not None:
        old.scene().removeItem(old)
    plot.layout.addItem(new, 0, 1)
    plot.titleLabel = new
    return new


def span_title(plot: pg.PlotItem) -> FittingLabelItem:
    """Give ``plot`` a fitting title (``fit_title``) as wide as the whole plot, over its
    left and right axes too, not only over its data area: a small multiple's axis takes a
    third of a narrow plot (the activation heatmaps' titles "3 dense_1" wrapped and
    shortened to "3" / "de…" in the Chinese dark README screenshot)."""
    label = fit_title(plot)
    plot.layout.removeItem(label)
    plot.layout.addItem(label, 0, 0, 1, 3)
    return label

