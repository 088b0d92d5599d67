"""The search scatter's log axis labels every decade that holds points, in classroom mode
too (walker18 W18-4: zh classroom lesson 15 showed no "0.0001" under the two points near
1e-4; pyqtgraph drops a label that reaches past the axis's end)."""
from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from dlstudio.gui.search.scatter_grid import ScatterGridWidget, log_ticks
from dlstudio.training.search_space import Dimension
from tests.plot_texts import drawn_tick_labels


def drawn_labels(axis) -> list[str]:
    return [text for _, text in drawn_tick_labels(axis)]


def test_classroom_scatter_labels_the_decade_of_its_smallest_learning_rates(qtbot):
    font = QFont(QApplication.font())
    font.setPointSizeF(16)                       # classroom ticks
    widget = ScatterGridWidget(classroom=True)
    qtbot.addWidget(widget)
    widget.setFont(font)
    widget.resize(1100, 330)
    widget.set_dimensions([Dimension("learning_rate", 1e-4, 1.0, "log")])
    rates = [1.16e-4, 1.5e-4, 8e-4, 0.015, 0.02, 0.03, 0.09, 0.18, 0.45, 0.55]
    widget.set_results([{"trial": k, "round": 0, "score": 0.5 + 0.04 * k,
                         "params": {"learning_rate": r}} for k, r in enumerate(rates)])
    widget.show()
    qtbot.waitExposed(widget)
    for _ in range(3):
        QApplication.processEvents()
    plot = widget.plots["learning_rate"]
    lo, hi = plot.getViewBox().viewRange()[0]
    assert lo < -4 < hi                           # the 1e-4 tick is on the axis
    labels = drawn_labels(plot.getAxis("bottom"))
    # one notation on the axis (walker31 W31-2: 10⁻⁴, 10⁻³ beside 0.01, 0.1, 1)
    assert {"10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"} <= set(labels), labels


def test_an_empty_scatter_labels_both_ends_of_its_percent_axis(qtbot):
    """walker31 W31-4: the empty scatter's accuracy axis read 20, 40, 60, 80: 0 and 100
    unlabelled (pyqtgraph drops a label half outside the axis)."""
    widget = ScatterGridWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 170)
    widget.set_dimensions([Dimension("learning_rate", 1e-4, 1.0, "log")])
    widget.show()
    qtbot.waitExposed(widget)
    for _ in range(3):
        QApplication.processEvents()
    labels = drawn_labels(widget.plots["learning_rate"].getAxis("left"))
    assert labels[0] in ("0", "100") and labels[-1] in ("0", "100"), labels


def test_a_batch_size_axis_writes_its_numbers_plainly():
    """Batch sizes and hidden units (16 to 256) read 20, 50, 100, 200, not "2 × 10¹, 5 × 10¹,
    10², 2 × 10²": the axis's notation follows the values it shows, not the decade ticks
    beyond them (10³ lies outside the axis)."""
    shown = [text for position, text in log_ticks(16, 256) if 1.2 <= position <= 2.41]
    assert shown == ["20", "50", "100", "200"]
    # a learning rate's axis from 10⁻⁴ to 1 keeps its powers of ten (walker31 W31-2)
    assert [text for _, text in log_ticks(1e-4, 1.0)] == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹",
                                                          "10⁰"]


def test_a_long_legend_wraps_within_the_page(qtbot):
    """fix60: in a second round the legend line (two rounds, best run, "first step too
    large (pre-flight): not offered as best", zoomed range) was wider than the page at
    1366x768, and the page grew past its right edge."""
    widget = ScatterGridWidget()
    qtbot.addWidget(widget)
    widget.resize(480, 330)
    space = [Dimension("learning_rate", 1e-4, 1.0, "log")]
    widget.set_dimensions(space)
    widget.show_zoom([Dimension("learning_rate", 1e-3, 0.1, "log")])
    widget.set_results([{"trial": k, "round": k % 2, "score": 0.5 + 0.04 * k, "status": "ok",
                         "first_update": 5.0 if k == 3 else 1e-3,
                         "params": {"learning_rate": 10.0 ** (-3 + k / 3)}}
                        for k in range(6)])
    widget.show()
    qtbot.waitExposed(widget)
    for _ in range(3):
        QApplication.processEvents()
    assert "not offered as best" in widget.legend_label.text
    assert widget.legend_label.minimumWidth() <= widget.width()
    assert widget.ci.minimumWidth() <= widget.width()


def test_log_ticks_label_values_and_betas():
    ticks = log_ticks(1e-4, 1.0)
    assert [t[1] for t in ticks] == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"]   # one notation
    assert ticks[0][0] == pytest.approx(-4)
    betas = [t[1] for t in log_ticks(1e-3, 1e-1, one_minus=True) if t[1] in
             ("0.9", "0.99", "0.999")]
    assert betas == ["0.999", "0.99", "0.9"]
    assert all(math.isfinite(p) for p, _ in log_ticks(0.02, 0.5))
