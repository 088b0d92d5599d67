"""The percentages over grouped bars (``plots.bar_percentages``): shown, stacked or hidden as
the width allows, with room above the bars for them."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots.bar_percentages import (BAR_HEADROOM, STACK_STEP, fit_headroom,
                                                fit_percentages)


def bar_chart(qtbot, heights: dict[str, list[float]], size: tuple[int, int]):
    """A chart of one group of bars a layer, one bar a variant, each with its label:
    (widget, plot, bars, texts), shown at ``size``."""
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    bars, texts = {}, {}
    groups = len(next(iter(heights.values())))
    width = 0.8 / len(heights)
    for j, (variant, values) in enumerate(heights.items()):
        x = np.arange(groups) - 0.4 + width * (j + 0.5)
        bars[variant] = pg.BarGraphItem(x=x, height=np.array(values), width=width * 0.9)
        plot.addItem(bars[variant])
        for pos, xpos in enumerate(x):
            text = pg.TextItem(f"{values[pos]:.0f}%", anchor=(0.5, 1.0))
            text.setPos(xpos, values[pos])
            plot.addItem(text)
            texts[(variant, pos)] = text
    plot.setXRange(-0.55, groups - 0.45, padding=0)
    plot.setYRange(0, 100 * BAR_HEADROOM, padding=0)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    return widget, plot, bars, texts


def test_a_wide_chart_labels_every_bar_at_its_own_height(qtbot):
    widget, plot, bars, texts = bar_chart(qtbot, {"A": [10.0, 40.0], "B": [30.0, 5.0]},
                                          (900, 300))
    fit_percentages(plot, bars, texts, 2)
    for (variant, pos), text in texts.items():
        assert text.isVisible()
        assert text.pos().y() == pytest.approx(bars[variant].opts["height"][pos])
        assert text.anchor.y() == pytest.approx(1.0)


def test_a_narrow_chart_stacks_a_groups_labels_over_its_tallest_bar(qtbot):
    widget, plot, bars, texts = bar_chart(qtbot, {v: [10.0 * (k + 1)] * 12 for k, v in
                                          enumerate("ABC")}, (900, 300))
    fit_percentages(plot, bars, texts, 12)
    group = [texts[(v, 0)] for v in "ABC"]
    assert all(t.isVisible() for t in group)              # room for one label a group
    assert all(t.pos().y() == pytest.approx(30.0) for t in group)       # the tallest's
    assert [t.anchor.y() for t in group] == pytest.approx(
        [1.0, 1.0 + STACK_STEP, 1.0 + 2 * STACK_STEP])                  # A lowest


def test_labels_hide_when_a_group_has_no_room_for_one(qtbot):
    widget, plot, bars, texts = bar_chart(qtbot, {"A": [50.0] * 60}, (300, 300))
    fit_percentages(plot, bars, texts, 60)
    assert not any(text.isVisible() for text in texts.values())


def test_a_short_chart_reaches_high_enough_for_a_label_over_100_percent(qtbot):
    widget, plot, bars, texts = bar_chart(qtbot, {"A": [100.0, 20.0]}, (500, 130))
    fit_headroom(plot, texts)
    top = plot.getViewBox().viewRange()[1][1]
    label = texts[("A", 0)].boundingRect().height()
    pixels = plot.getViewBox().height()
    assert top > 100 * BAR_HEADROOM
    assert 100.0 + label * top / pixels <= top + 1e-6                 # the label fits


def test_a_tall_chart_keeps_the_least_headroom(qtbot):
    widget, plot, bars, texts = bar_chart(qtbot, {"A": [100.0, 20.0]}, (500, 600))
    fit_headroom(plot, texts)
    assert plot.getViewBox().viewRange()[1][1] == pytest.approx(100 * BAR_HEADROOM)
