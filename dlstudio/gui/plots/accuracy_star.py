"""The test accuracy at the end of a run on the accuracy plot: a star with its value.

The test split is measured once, after training, so it is one point: a star at the run's
last step, in the variant's colour, and a tag with its value ("★ test 93.8%"; in a
comparison with the variant's letter, "★ B test 88.3%", which a colour alone did not tell,
walker36 W36-13) on the page's background, so a curve under it does not run through it. ``add_star`` puts both on the plot
(the tag hidden), ``show_value`` gives them the run's test accuracy, ``shown_tags`` lists the
tags on show; where they stand is ``accuracy_tags``' work.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyqtgraph as pg
import shiboken6

from dlstudio.gui.plots import style
from dlstudio.gui.plots.curve_data import set_points


def add_star(plot: pg.PlotItem, color, pen: Callable, classroom: bool,
             fill) -> tuple[pg.PlotDataItem, pg.TextItem]:
    """``(star, tag)`` in ``color`` on ``plot``: the star without points, the tag hidden,
    on ``fill``; ``pen(color, width)`` makes a pen for the page."""
    star = plot.plot(pen=None, symbol="star", symbolSize=16 if classroom else 12,
                     symbolBrush=color, symbolPen=pen(color, 1.0))
    tag = pg.TextItem(color=color, anchor=(1, 0), fill=fill)
    tag.setFont(style.text_font(classroom))
    tag.hide()
    plot.addItem(tag, ignoreBounds=True)
    return star, tag


def show_value(star: pg.PlotDataItem, tag: pg.TextItem, x: np.ndarray, y: np.ndarray,
               text: Callable[[float], str]) -> None:
    """The star at the last of the points ``x``, ``y`` (shape (k,); none: no star, the tag
    hidden) and the tag shown with ``text(accuracy)`` (it is placed elsewhere)."""
    set_points(star, x[-1:], y[-1:])
    if not y.size:
        tag.hide()
        return
    # shown first: a hidden TextItem keeps its unscaled size, so the anchor offset came
    # out in data units and put the tag off the axis, where it was never drawn
    tag.show()
    words = text(float(y[-1]))
    if tag.toPlainText() != words:
        tag.setText(words)


def tag_text(letter: str, words: str) -> str:
    """A tag's text: the star, the variant's ``letter`` ("" for a single run) and
    ``words`` ("test 88.3%", or only "88.3%")."""
    return f"\u2605 {letter} {words}" if letter else f"\u2605 {words}"


def shown_tags(stars: Iterable[tuple[pg.PlotDataItem, pg.TextItem, str]],
               text: Callable[[float], str]
               ) -> list[tuple[pg.TextItem, np.ndarray, tuple[str, ...]]]:
    """``(tag, star's y (k,), its texts)`` of each ``(star, tag, letter)`` of ``stars``
    whose tag is on show (not deleted with its plot, not hidden) and whose star has a point:
    what ``accuracy_tags.stack_at_right_edge`` places. The texts go from the whole one,
    ``tag_text(letter, text(accuracy))``, to shorter ones without the word ("★ B 88.3%")
    and, with a letter, without the star too ("B 88.3%")."""
    out = []
    for star, tag, letter in stars:
        if not (shiboken6.isValid(tag) and tag.isVisible() and star.yData is not None
                and len(star.yData)):
            continue
        value = float(star.yData[-1])
        texts = (tag_text(letter, text(value)), tag_text(letter, f"{value:.1%}"))
        if letter:
            texts += (f"{letter} {value:.1%}",)
        out.append((tag, star.yData, texts))
    return out
