"""The Pre-flight page's reading guides (``gui.plots.preflight_guides``): the update chart's
zone labels sit in their zone and cover no bar, in normal and classroom sizes."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.training.diagnosis import UPDATE_LIMIT
from dlstudio.training.preflight_verdicts import TYPICAL_UPDATE
from tests.gui.plots.preflight_pages import he_report, make


def test_zone_labels_sit_in_their_zone_above_the_bars(qtbot, vanishing):
    """The exploding label is above its line, inside the exploding band where only an
    exploding bar could reach, not beside the highest healthy bars; the typical size is
    written in powers of ten."""
    from PySide6.QtWidgets import QApplication

    panel = make(qtbot, vanishing)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    for _ in range(3):                  # the labels follow the laid-out view
        QApplication.processEvents()
    plot = panel.plot_items["update"]
    assert panel.exploding_label.toPlainText() == "exploding"
    assert panel.exploding_label.isVisible()
    limit = np.log10(UPDATE_LIMIT)

    def view_rect(item):
        return plot.vb.mapSceneToView(item.sceneBoundingRect()).boundingRect()

    box = view_rect(panel.exploding_label)           # (view y grows upwards: top() is low)
    pixel = plot.vb.viewPixelSize()[1]
    assert box.top() == pytest.approx(limit, abs=2 * pixel)      # resting on its line
    assert box.bottom() <= plot.vb.viewRange()[1][1] + 1e-6      # inside the plot's top
    tops = np.asarray(panel.bar_items["update"].opts["y1"])
    assert (tops < limit).all()          # no bar explodes here, so the zone above is empty
    # the typical label rests on its line (every bar is far below it)
    assert panel.typical_label.toPlainText() == "≈10⁻³ typical"
    assert view_rect(panel.typical_label).top() == pytest.approx(-3.0, abs=0.1)


def _covered_bars(panel, label) -> list:
    """The update chart's bars that ``label`` (shown) covers."""
    plot = panel.plot_items["update"]
    box = plot.vb.mapSceneToView(label.sceneBoundingRect()).boundingRect()
    opts = panel.bar_items["update"].opts
    return [x for x, top in zip(opts["x"], np.asarray(opts["y1"], float))
            if x + opts["width"] / 2 > box.left() and x - opts["width"] / 2 < box.right()
            and top > box.top() + 1e-9]


def test_zone_labels_of_an_exploding_network_cover_no_bar(qtbot):
    """Lesson 04 step 1: every update bar rises into the exploding zone, and both labels
    were drawn over the bars (walker12 W12-9): a label goes where it covers no bar, or is
    left out (the legend and the band's colour still name the zone)."""
    from PySide6.QtWidgets import QApplication

    panel = make(qtbot, he_report(8, stddev=1.0), (700, 560))
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    for _ in range(3):
        QApplication.processEvents()
    tops = np.asarray(panel.bar_items["update"].opts["y1"], float)
    assert (tops[1:] > np.log10(UPDATE_LIMIT)).all()        # exploding updates
    for label in (panel.typical_label, panel.exploding_label):
        assert not label.isVisible() or not _covered_bars(panel, label), label.toPlainText()


@pytest.mark.parametrize("learning_rate", [0.01, 0.1])
@pytest.mark.parametrize("classroom, size", [(False, (700, 560)), (True, (1300, 900))])
def test_the_typical_label_stays_by_its_line_and_hides_no_bars_top(qtbot, classroom, size,
                                                                   learning_rate):
    """A healthy network's updates run through the typical line everywhere: the label went
    above the lowest bars, read as theirs, two decades from its line (walker26 W26-9,
    lesson 06 step 1); it stays by its line over the bars' lower parts, every bar's top in
    sight (fails before)."""
    from PySide6.QtWidgets import QApplication

    panel = make(qtbot, he_report(learning_rate=learning_rate), size)
    panel.set_classroom(classroom)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    for _ in range(3):
        QApplication.processEvents()
    plot = panel.plot_items["update"]
    label = plot.vb.mapSceneToView(panel.typical_label.sceneBoundingRect()).boundingRect()
    opts = panel.bar_items["update"].opts
    tops = np.asarray(opts["y1"], float)
    if learning_rate > 0.01:
        assert (tops > np.log10(TYPICAL_UPDATE) + 0.3).all()     # every bar past the line
    if panel.zone_labels.in_margin:              # no place by its line: in the margin
        assert not panel.typical_label.isVisible() and plot.getAxis("right").isVisible()
        return
    x_lo, x_hi = plot.vb.viewRange()[0]
    y_lo, y_hi = plot.vb.viewRange()[1]
    assert x_lo <= label.left() and label.right() <= x_hi       # inside the chart
    assert y_lo <= label.top() and label.bottom() <= y_hi
    # (view y grows upwards: top() is the label's lower edge, bottom() its upper one)
    pixel = plot.vb.viewPixelSize()[1]
    typical = np.log10(TYPICAL_UPDATE)
    assert (label.top() == pytest.approx(typical, abs=3 * pixel)
            or label.bottom() == pytest.approx(typical, abs=3 * pixel)), (label, typical)
    for x, top in zip(opts["x"], tops):
        bar_left, bar_right = x - opts["width"] / 2, x + opts["width"] / 2
        overlaps_x = bar_right > label.left() and bar_left < label.right()
        assert not (overlaps_x and label.top() - 1e-9 < top < label.bottom() + 1e-9), (
            x, top, label)
    # and it stays below the exploding zone
    assert label.bottom() <= np.log10(UPDATE_LIMIT) + 1e-9


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("classroom, size", [(False, (700, 560)), (False, (520, 560)),
                                             (True, (1300, 900))])
def test_the_typical_label_covers_no_bar_when_every_bar_runs_through_its_line(
        qtbot, classroom, size, lang):
    """walker31 (53cmp.png): with every update bar past the 10⁻³ line, the "≈10⁻³ typical"
    box lay over the bars' lower parts. It goes into the chart's right margin, level with
    its line; the chart above (pass-through) gets as wide a margin, and both keep the bars'
    own x range (walker33 W33-10)."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.i18n import set_language

    set_language(lang)
    try:
        panel = make(qtbot, he_report(learning_rate=0.1), size)
        panel.set_classroom(classroom)
        panel.show()
        qtbot.waitExposed(panel)
        panel.refresh(force=True)
        for _ in range(3):
            QApplication.processEvents()
        labels = panel.zone_labels
        assert labels.in_margin and not panel.typical_label.isVisible()
        plot, above = panel.plot_items["update"], panel.plot_items["pass"]
        axis = plot.getAxis("right")
        (tick, text), = axis._tickLevels[0]
        assert tick == pytest.approx(np.log10(TYPICAL_UPDATE)) and "10⁻³" in text
        # the bars keep their own x range in both charts, lined up (walker33 W33-10: the
        # room made for the label squeezed 31 bars into three quarters of the charts)
        span = panel._x_span()
        assert plot.vb.viewRange()[0] == pytest.approx(span, abs=1e-6)
        assert above.vb.viewRange()[0] == pytest.approx(span, abs=1e-6)
        assert above.getAxis("right").isVisible() and axis.isVisible()
        assert above.getAxis("right").width() == axis.width()
    finally:
        set_language("en")
