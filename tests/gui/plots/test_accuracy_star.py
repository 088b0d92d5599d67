"""The test accuracy's star and tag (``plots.accuracy_star``)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots import accuracy_star, style


def star_and_tag(qapp):
    plot = pg.PlotItem()
    star, tag = accuracy_star.add_star(plot, "#f28e2b",
                                       lambda c, w, **kw: style.pen(c, False, w, **kw),
                                       False, pg.mkBrush("#ffffff"))
    return plot, star, tag


def text(accuracy: float) -> str:
    return f"test {accuracy:.1%}"


def test_the_star_starts_without_a_point_and_its_tag_hidden(qapp):
    plot, star, tag = star_and_tag(qapp)
    assert star in plot.listDataItems() and tag in plot.items
    assert star.opts["symbol"] == "star" and star.opts["pen"] is None
    assert star.xData is None and not tag.isVisible()


def test_the_star_stands_at_the_last_point_with_its_value(qapp):
    _, star, tag = star_and_tag(qapp)
    accuracy_star.show_value(star, tag, np.array([5.0, 9.0]), np.array([0.5, 0.875]), text)
    assert list(star.xData) == [9.0] and list(star.yData) == [0.875]
    assert tag.isVisible() and tag.toPlainText() == "test 87.5%"
    accuracy_star.show_value(star, tag, np.zeros(0), np.zeros(0), text)
    assert not tag.isVisible() and (star.xData is None or star.xData.size == 0)


def test_only_tags_on_show_with_a_star_are_placed(qapp):
    shown_plot, shown_star, shown_tag = star_and_tag(qapp)
    accuracy_star.show_value(shown_star, shown_tag, np.array([3.0]), np.array([0.9]), text)
    empty_plot, empty_star, empty_tag = star_and_tag(qapp)          # (both plots kept)
    placed = accuracy_star.shown_tags([(shown_star, shown_tag, "B"),
                                       (empty_star, empty_tag, "C")], text)
    assert len(placed) == 1
    tag, ys, texts = placed[0]
    assert tag is shown_tag and list(ys) == [0.9]
    assert texts == ("\u2605 B test 90.0%", "\u2605 B 90.0%", "B 90.0%")


def test_a_tag_names_its_variant_by_its_letter(qapp):
    """Walker36 W36-13: a comparison's tags differed only by colour; a single run's has no
    letter."""
    assert accuracy_star.tag_text("C", "test 78.3%") == "\u2605 C test 78.3%"
    assert accuracy_star.tag_text("", "test 78.3%") == "\u2605 test 78.3%"
