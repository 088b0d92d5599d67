"""The Gradients page's bands and rule of thumb, named in the right margins
(``plots/gradient_bands.py``), never over the curves."""
from __future__ import annotations

import math

import pytest
import pyqtgraph as pg

from dlstudio.gui.plots import style
from dlstudio.gui.plots.gradient_bands import EXPLODING, VANISHING
from dlstudio.gui.plots.gradients import GradientsPanel


def panel_for(qtbot, store):
    panel = GradientsPanel(store)
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def _band_ticks(panel):
    return [(value, text) for level in panel.band_label_axis._tickLevels for value, text in level]


@pytest.mark.parametrize("filled", ["moons_store", "compare_store"])
def test_the_bands_are_named_in_the_margin_not_over_the_curves(qtbot, request, filled):
    """W11-3: "vanishing (< 10⁻⁵)" was drawn under the dense_5 line; then, above the curves
    on a box, it hid the start of a curve near 1e-5. The bands are named in the right margin
    of the last signal plot, level with their thresholds (at the middle of the band's
    visible part its tick read as the threshold: walker30 W30-18)."""
    panel = panel_for(qtbot, request.getfixturevalue(filled))
    panel.resize(1200, 900)
    panel.show()
    qtbot.waitExposed(panel)
    plot = panel.norm_plots[-1]
    plot.setYRange(-8, 0, padding=0)           # 1e-8 .. 1: the vanishing band's top 3 decades
    qtbot.wait(10)
    ticks = _band_ticks(panel)
    assert ticks == [(pytest.approx(-5.0), "vanishing (< 10⁻⁵)")]
    axis = panel.band_label_axis
    assert axis.isVisible() and axis is plot.getAxis("right")
    margin = axis.mapRectToScene(axis.boundingRect())
    for each in panel.norm_plots + panel.ratio_plots:
        area = each.getViewBox().sceneBoundingRect()
        assert margin.left() >= area.right() - 1 or not margin.intersects(area)
    # no name box inside any plot
    for each in panel.norm_plots + panel.ratio_plots:
        assert not [i for i in each.items if isinstance(i, pg.InfiniteLine) and
                    getattr(i, "label", None) is not None]
    plot.setYRange(-1, 3, padding=0)             # 0.1 .. 1000: only the exploding band
    qtbot.wait(10)
    assert _band_ticks(panel) == [(pytest.approx(2.0), "exploding (> 10²)")]
    plot.setYRange(-12, -7, padding=0)           # inside the band, its threshold out of view
    qtbot.wait(10)
    assert _band_ticks(panel) == [(pytest.approx(-9.5), "vanishing (< 10⁻⁵)")]


def test_no_numbers_in_the_band_margin_while_no_band_is_in_view(qtbot, store, filler,
                                                               moons_run, shown):
    """walker16 W16-3 (lesson 03 step 4, ReLU + He): every signal sat near 1e-3, no band
    was ever in view, and the band margin showed a second column of numbers (0.005 ...
    0.002) as if it were another scale. The margin names bands only; with none in view it
    stays empty."""
    import dataclasses

    from PySide6.QtGui import QImage, QPainter

    def moderate(layer):
        if layer.signal_rms is None:
            return layer
        return dataclasses.replace(layer, signal_rms=0.002 + 0.001 * (layer.index % 3))

    filler(store, [dataclasses.replace(s, layers=tuple(moderate(l) for l in s.layers))
                   for s in moons_run[1]])
    panel = shown(qtbot, GradientsPanel(store), (1200, 900))
    low, high = panel.norm_plots[-1].getViewBox().viewRange()[1]
    assert math.log10(VANISHING) < low and high < math.log10(EXPLODING)   # no band in view
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        texts = [text for *_, text in panel.band_label_axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()
    assert texts == []
    panel.norm_plots[-1].setYRange(-8, 0, padding=0)     # the band comes into view: named
    qtbot.wait(10)
    assert _band_ticks(panel) == [(pytest.approx(-5.0), "vanishing (< 10⁻⁵)")]


def _rule_ticks(panel):
    return [(value, text) for level in panel.rule_label_axis._tickLevels for value, text in level]


@pytest.mark.parametrize("filled", ["moons_store", "compare_store"])
def test_the_rule_of_thumb_is_named_in_the_margin_not_over_the_curves(qtbot, request, filled):
    """W13-14 (lesson 06 step 5): the "rule of thumb ~10⁻³" box sat inside the plot on the
    1e-3 line and hid the first 50-60 steps of every curve near it. It is now a tick label
    of the right axis, level with the dashed line, outside every plot's data area; the
    plots above keep as wide a margin, so the columns stay lined up."""
    panel = panel_for(qtbot, request.getfixturevalue(filled))
    panel.resize(1200, 900)
    panel.show()
    qtbot.waitExposed(panel)
    assert _rule_ticks(panel) == [(pytest.approx(math.log10(1e-3)), "rule of thumb ~10⁻³")]
    axis = panel.rule_label_axis
    assert axis.isVisible() and axis is panel.ratio_plots[-1].getAxis("right")
    margin = axis.mapRectToScene(axis.boundingRect())
    for plot in panel.norm_plots + panel.ratio_plots:
        area = plot.getViewBox().sceneBoundingRect()
        assert margin.left() >= area.right() - 1 or not margin.intersects(area)
    above, below = panel.norm_plots[-1].getViewBox(), panel.ratio_plots[-1].getViewBox()
    assert above.sceneBoundingRect().right() == pytest.approx(
        below.sceneBoundingRect().right(), abs=2)


def test_the_rule_of_thumb_label_is_in_the_text_colour_in_classroom_mode(qtbot, moons_store):
    """W11-18: the grey "rule of thumb ~10⁻³" (3.4:1 on white) was among the first texts
    lost on a projector; its dashed line stays grey."""
    panel = panel_for(qtbot, moons_store)
    panel.set_classroom(True)
    panel.refresh(force=True)
    foreground = style.theme_colors(panel.palette())["foreground"].name()
    assert _rule_ticks(panel)
    assert panel.rule_label_axis.textPen().color().name() == foreground
