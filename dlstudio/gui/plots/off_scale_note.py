"""``OffScaleNoteItem``: a note at a plot's top edge naming a curve that went off the axis.

A loss that exploded is left off the top of the linear loss axis so the other curves stay
readable; the note says so where it happened, starting at the first point off the scale.
"""
from __future__ import annotations

from typing import Any

import re

import pyqtgraph as pg
from PySide6.QtGui import QFont

#: U+2060 WORD JOINER: no line break on either side, nothing drawn
WORD_JOINER = "\u2060"
#: a part in brackets, kept on one line when a note wraps
BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def _cuts(text: str) -> list[int]:
    """Where ``text`` may be cut in two lines, the latest first: before a bracketed part,
    after a colon."""
    cuts = [m.start() for m in BRACKETED.finditer(text)]
    cuts += [m.end() for m in re.finditer(r"[:：]\s*", text)]
    return sorted({c for c in cuts if 0 < c < len(text)}, reverse=True)


class OffScaleNoteItem(pg.TextItem):
    """A text in ``color`` and ``font`` (on the brush ``fill``, if given), hidden until
    ``show_at`` (or ``show_text``, then ``place``) shows it."""

    def __init__(self, color: str, font: QFont, fill: Any = None):
        super().__init__(color=color, anchor=(0, 0), fill=fill)
        self.setFont(font)
        self.hide()

    def show_at(self, plot: Any, text: str, x_first: float, row: int) -> None:
        """Show ``text`` at the top edge of ``plot`` (a ``PlotItem`` holding the note) from
        ``x_first`` (data units), as note number ``row`` (0 first) of those shown there:
        ``show_text`` then ``place``."""
        self.show_text(text)
        self.place(plot, x_first, row)

    def show_text(self, text: str) -> None:
        """Show ``text`` (where the note stood until ``place`` puts it): the note is then
        visible and knows its size, which is what a legend placed around it asks (wrapped
        to its plot's width already, when it is in one)."""
        self.setText(text)
        self.show()                    # (a hidden TextItem does not know its size)
        view = self.getViewBox()
        if view is not None:
            self.wrap_to(view.width())

    def setPlainText(self, text: str) -> None:  # noqa: N802 (pyqtgraph's name)
        self._plain = text
        self._lay_out(text)

    def _lay_out(self, shown: str) -> None:
        """Draw ``shown`` (the text as given, or with a line break or joiners added)."""
        if shown != self.textItem.toPlainText():
            self.textItem.setPlainText(shown)
            self.updateTextPos()

    def toPlainText(self) -> str:  # noqa: N802
        """The note's text as given (without the line break or joiners ``wrap_to`` may
        add)."""
        return getattr(self, "_plain", None) or self.textItem.toPlainText()

    def wrap_to(self, pixels: float) -> None:
        """Break the text into lines no wider than ``pixels`` when one line is wider (the
        zh classroom note "超出坐标范围（已发散）" was cut at the plot's right edge:
        walker16 W16-6); one line otherwise. A bracketed part stays on one line: Chinese
        text may break between any two characters, and "（已发散）" was cut after 已发
        (walker18 W18-10)."""
        plain = self.toPlainText()
        self.setTextWidth(-1)
        self._lay_out(plain)
        if not self.textItem.boundingRect().width() > pixels > 0:
            return
        # two lines cut where a reader would: before the bracketed part, or after the colon
        for cut in _cuts(plain):
            self._lay_out(plain[:cut].rstrip() + "\n" + plain[cut:].lstrip())
            if self.textItem.boundingRect().width() <= pixels:
                return
        self._lay_out(BRACKETED.sub(lambda m: WORD_JOINER.join(m.group(0)), plain))
        self.setTextWidth(pixels)

    def place(self, plot: Any, x_first: float, row: int) -> None:
        """Put the shown note at the top edge of ``plot`` (a ``PlotItem`` holding it) from
        ``x_first`` (data units), as note number ``row`` (0 first) of those shown there.

        The note starts at its point, moved left as far as it must to end inside the plot,
        but never past the left edge: a run that exploded at its last step is at the right
        edge (the text ran off the plot), and a note ended at a point in the right half of a
        narrow plot ran off the left edge (W11-6: zh classroom). Several notes stack
        downwards instead of covering each other, and go below the plot's legend when it
        would cover them."""
        self.place_below(plot, x_first, 1.1 * row * self.textItem.boundingRect().height())

    def place_below(self, plot: Any, x_first: float, above: float) -> None:
        """``place``, below ``above`` pixels of notes at the top edge (notes of two lines
        take more than a row). A note wider than the plot is wrapped (``wrap_to``)."""
        view = plot.getViewBox()
        (x_lo, x_hi), (_, top) = view.viewRange()
        pixels = max(1.0, view.width())
        self.wrap_to(pixels)
        height = max(1.0, self.textItem.boundingRect().height())
        width = self.textItem.boundingRect().width() * (x_hi - x_lo) / pixels
        x = max(x_lo, min(x_first, x_hi - width))
        self.setPos(x, top)
        self.setAnchor((0, -above / height))
        self.below_legend(plot, x)

    def below_legend(self, plot: Any, x: float) -> None:
        """Move down below ``plot``'s legend when the legend covers the note (the legend's
        background hid most of a note ended at the right edge)."""
        legend = getattr(plot, "legend", None)
        if legend is None or not legend.isVisible() or not legend.items:
            return
        self.updateTransform(force=True)
        box = legend.sceneBoundingRect()
        if not self.sceneBoundingRect().intersects(box):
            return
        view = plot.getViewBox()
        bottom = view.mapSceneToView(box.bottomLeft()).y()
        pos = self.pos()
        self.setPos(x, min(pos.y(), bottom))
        self.updateTransform(force=True)
