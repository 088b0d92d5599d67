"""Tick labels keep apart on small plots and with classroom fonts ("500" and "1000" never
print as "5001000")."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots import axes, category_labels
from dlstudio.gui.plots.axes import SpacedAxisItem, next_nice


def test_next_nice_follows_1_2_5():
    assert [next_nice(x) for x in (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 250.0)] == pytest.approx(
        [0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 500.0])


@pytest.mark.parametrize("points, size", [(9, 100), (9, 300), (18, 100), (18, 160), (18, 900)])
def test_major_labels_fit_between_their_ticks(qapp, points, size):
    axis = SpacedAxisItem("bottom")
    font = QFont()
    font.setPointSize(points)
    axis.setTickFont(font)
    low, high = 0.0, 1350.0
    spacing = axis.tickSpacing(low, high, size)[0][0]
    values = [v * spacing for v in range(int(high // spacing) + 1)]
    strings = axis.tickStrings(values, 1.0, spacing)
    fm = QFontMetricsF(font)
    widest = max(fm.horizontalAdvance(s) for s in strings)
    assert spacing / (high - low) * size >= widest        # no two labels overlap
    if size >= 900:
        assert len(values) >= 4                           # a big plot still gets many ticks


def test_vertical_axis_spaces_by_text_height(qapp):
    axis = SpacedAxisItem("left")
    font = QFont()
    font.setPointSize(18)
    axis.setTickFont(font)
    spacing = axis.tickSpacing(0.0, 100.0, 120)[0][0]
    assert spacing / 100.0 * 120 >= QFontMetricsF(font).height()


def test_a_tiny_axis_keeps_one_label(qapp):
    axis = SpacedAxisItem("bottom")
    font = QFont()
    font.setPointSize(18)
    axis.setTickFont(font)
    spacing = axis.tickSpacing(40.0, 1350.0, 40)[0][0]
    assert int(1350.0 // spacing) >= 1 and spacing <= 1350.0


def test_a_short_axis_still_shows_a_number_inside_it(qapp):
    axis = SpacedAxisItem("bottom")
    font = QFont()
    font.setPointSize(16)
    axis.setTickFont(font)
    levels = axis.tickValues(0.0, 1400.0, 70)
    values = levels[0][1]
    assert values and any(axis.label_inside(v, levels[0][0], 0.0, 1400.0, 70) for v in values)


@pytest.mark.parametrize("low, high, size", [(-0.7, 0.0, 90), (-2.8, -1.6, 60),
                                             (-0.7, 0.0, 600)])
def test_short_log_axis_labels_keep_apart(qapp, low, high, size):
    """A log axis spanning less than a decade (gradient norms 0.2..1 after the He cure in
    lesson 03) labelled 0.5, 0.6, ... 0.9, 1 on top of each other."""
    axis = SpacedAxisItem("left")
    axis.setLogMode(False, True)
    labelled = axis.tickValues(low, high, size)[0][1]   # the rest: grid lines, unlabelled
    pixels = sorted((v - low) / (high - low) * size for v in labelled)
    height = QFontMetricsF(QApplication.font()).height()
    assert labelled                                       # still at least one number
    assert all(b - a >= height for a, b in zip(pixels, pixels[1:]))
    if size >= 600:
        assert len(labelled) >= 5                         # a tall plot keeps many


def test_category_axis_falls_back_to_numbers_when_names_must_be_thinned(qtbot):
    """W11-20: 24 BN/activation layers on the spread plot named two of their points; the
    layers' numbers fit every point and the names go to the axis's tooltip."""
    import pyqtgraph as pg



    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitExposed(widget)
    axis = widget.getPlotItem().getAxis("bottom")
    names = [f"batch_normalization_{i}" for i in range(24)]
    numbers = [str(i + 2) for i in range(24)]
    category_labels.set_category_labels(axis, names, numbers)
    shown = [text for _, text in axis.category_ticks]
    assert len(shown) > 2 and set(shown) <= set(numbers)
    assert "2: batch_normalization_0" in axis.toolTip()
    category_labels.set_category_labels(axis, ["a", "b"], ["1", "2"])        # names fit: names
    assert [text for _, text in axis.category_ticks] == ["a", "b"] and not axis.toolTip()


def test_a_short_log_axis_labels_every_decade_that_fits(qapp):
    """Walker16 W16-15: lesson 08/1's learning-rate strip (zh classroom, 16 pt ticks, about
    110 px for lines at 3, 0.05 and 0.0005) labelled only 1 and 0.01. Decades one line apart
    keep a gap (pyqtgraph draws a label 0.8 line tall), so all four are labelled."""
    axis = SpacedAxisItem("left")
    axis.setLogMode(False, True)
    font = QFont()
    font.setPointSize(16)
    axis.setTickFont(font)
    low, high = -3.45, 0.62
    # a strip with 10% more than a line per decade (110 px in DejaVu Sans), less than the
    # 1.15 lines that labelled every second decade
    size = round(1.1 * (high - low) * QFontMetricsF(font).height())
    # the first level is always labelled; pyqtgraph labels a further level only when the
    # text fills little of the axis (not on a strip this short)
    labelled = sorted(axis.tickValues(low, high, size)[0][1])
    assert labelled == pytest.approx([-3.0, -2.0, -1.0, 0.0])
    pixels = [(v - low) / (high - low) * size for v in labelled]
    drawn = 0.8 * QFontMetricsF(font).height()            # pyqtgraph's label height
    assert all(b - a > drawn for a, b in zip(pixels, pixels[1:]))


def test_a_log_rate_axis_labels_a_decade_above_and_below_each_rate(qapp):
    """walker20 W20-4: lesson 17/1 in zh classroom (16 pt ticks, a strip about 110 px tall)
    with SGD at 0.05 and Adam at 0.001 labelled 0.01 and 0.001 only: SGD's line had no
    number above it."""
    from dlstudio.gui.plots.ranges import rate_axis

    axis = SpacedAxisItem("left")
    axis.setLogMode(False, True)
    font = QFont()
    font.setPointSize(16)
    axis.setTickFont(font)
    _log, (low, high) = rate_axis(np.array([0.05, 0.001]))
    labelled = axis.tickValues(low, high, 110)[0][1]       # the first level: labelled
    assert max(labelled) >= np.log10(0.05) and min(labelled) <= np.log10(0.001)


@pytest.mark.parametrize("points, lines, most", [(18, 6.9, 2.0), (9, 13.9, 1.0),
                                                 (18, 3.6, 5.0)])
def test_a_long_log_axis_labels_the_closest_decades_that_fit(qapp, points, lines, most):
    """W26-10: the pre-flight page's 12 decades, 194 px tall at classroom size, were labelled
    at 10⁻⁵ and 1 alone (pyqtgraph's spacing, which fitting could only widen) while the
    lesson asks the student to read "about 10⁻⁸"; labels every 2 decades fit there. The
    axis is ``lines`` lines of its tick font tall (194 px at 18 pt in DejaVu Sans)."""
    axis = SpacedAxisItem("left")
    axis.logMode = True
    font = QFont()
    font.setPointSize(points)
    axis.setStyle(tickFont=font)
    size = round(lines * QFontMetricsF(font).height())
    (spacing, values), *rest = axis.tickValues(-9.0, 3.0, size)
    assert spacing == most
    assert spacing / 12.0 * size >= QFontMetricsF(font).height()    # and they do not touch
    if spacing > 1:                                     # a grid line at every decade
        grid, lines = rest[0]
        assert grid == axes.GRID_ONLY
        assert sorted(values + lines) == pytest.approx(list(range(-9, 4)))
