"""Layers coloured by depth: a sequential map, input to output (walker11 W11-3)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from dlstudio.gui.plots import style


def _hue(name: str) -> int:
    return QColor(name).hslHue()


def test_a_single_runs_ten_layers_run_from_violet_to_red_without_repeating():
    """W11-3: with the qualitative palette dense_2 and dense_6 were both pink-red, dense and
    dense_5 orange/ochre: the ladder could not be read by colour. By depth, the hue falls
    steadily from the first layer (violet) to the last (red), no two layers alike."""
    colours = [style.layer_color(i, 10) for i in range(10)]
    assert len(set(colours)) == 10
    hues = [_hue(c) for c in colours]
    assert hues[0] > 240 and hues[-1] < 10          # violet ... red
    assert all(a > b for a, b in zip(hues, hues[1:]))   # in the layers' order
    assert style.layer_color(0, 10) == style.depth_map()[0]
    assert style.layer_color(9, 10) == style.depth_map()[-1]


@pytest.mark.parametrize("variants", [2, 3, 4])
def test_a_comparison_keeps_the_depth_order_in_hues_no_variant_has(variants):
    """Compared variants keep their colours (A blue, B orange ...): the layers take the depth
    map without the stretches a variant's hue could be taken for, still in depth order."""
    taken = style.VARIANT_COLORS[:variants]
    colours = [style.layer_color(i, 6, variants) for i in range(6)]
    assert len(set(colours)) == 6
    assert all(style.hue_apart(c, t) for c in colours for t in taken)
    order = style.depth_map()
    ranks = [order.index(c) for c in colours]            # positions along the whole map
    assert ranks == sorted(ranks)


def test_every_depth_colour_is_a_mid_tone_readable_on_both_plot_backgrounds():
    """Lines on white (light theme) and on #1e1f22 (dark theme): no pale yellow, no navy."""
    def luminance(c: QColor) -> float:
        def lin(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())

    white, dark = 1.0, luminance(QColor("#1e1f22"))
    for c in style.depth_map():
        lum = luminance(QColor(c))
        assert (white + 0.05) / (lum + 0.05) >= 2.8, c
        assert (lum + 0.05) / (dark + 0.05) >= 2.8, c


def test_classroom_curves_are_at_least_three_pixels_and_text_twice_the_normal_size():
    """W11-18: thin lines and 15-pt ticks read from the middle rows only."""
    assert all(style.line_width(True, base) >= 3.0 for base in (0.8, 1.0, 1.2, 1.4, 1.8))
    assert style.line_width(False, 1.4) == pytest.approx(1.4)
    assert style.legend_size(True) >= 2 * style.legend_size(False)
    assert style.font_size(True) > 1.5 * style.font_size(False)
