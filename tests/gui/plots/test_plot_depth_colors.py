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


@pytest.mark.parametrize("variants", [2, 3, 4])
def test_a_comparison_keeps_the_depth_order_in_hues_no_variant_has(variants):
    """Compared variants keep their colours (A blue, B orange ...): the layers take hues no
    variant has, still in depth order."""
    taken = style.VARIANT_COLORS[:variants]
    colours = [style.layer_color(i, 6, variants) for i in range(6)]
    assert len(set(colours)) == 6
    assert all(style.hue_apart(c, t) for c in colours for t in taken)
    hues = [_hue(c) for c in colours]
    assert all(a > b for a, b in zip(hues, hues[1:]))


@pytest.mark.parametrize("count", range(1, 13))
def test_a_layer_keeps_its_colour_in_a_single_run_and_in_a_comparison(count):
    """W13-6 (lesson 10): dense was teal in the A/B step and cyan in the next, single-run
    step; dense_1 green, then olive. One network, one colour per layer."""
    for variants in (2, 3, 4):
        assert [style.layer_color(i, count, variants) for i in range(count)] == \
            [style.layer_color(i, count) for i in range(count)]


@pytest.mark.parametrize("count", range(2, 13))
def test_neighbouring_layers_are_far_apart_in_colour(count):
    """W13-1 (lesson 06, ten layers): dense and dense_1 were the same purple, dense_2 and
    dense_3 the same teal, dense_4 to dense_7 four steps of green (CIE76 delta-E about 5
    to 8 between neighbours). Neighbours now differ in lightness as well as hue: delta-E
    15 or more reads as two colours on a projector."""
    colours = [style.layer_color(i, count) for i in range(count)]
    gaps = [style.delta_e(a, b) for a, b in zip(colours, colours[1:])]
    assert min(gaps) >= 15, (colours, gaps)
    lightness = [style.to_lab(c)[0] for c in colours]
    assert all(abs(a - b) >= 12 for a, b in zip(lightness, lightness[1:]))
    # a two-column legend puts layer i above layer i + 2 (same lightness): hue tells them
    # apart ("2 dense" and "dense_2" read as one violet in lesson 06's norm legend)
    assert all(style.delta_e(a, b) >= 10 for a, b in zip(colours, colours[2:]))


def test_lab_round_trip_and_delta_e():
    """to_lab / from_lab invert each other within a rounding step; white is L* 100."""
    assert style.to_lab("#ffffff")[0] == pytest.approx(100, abs=0.1)
    for c in ("#3b82d6", "#be2e2c", "#28a795"):
        assert style.delta_e(style.from_lab(*style.to_lab(c)), c) < 1.0
    assert style.delta_e("#000000", "#ffffff") == pytest.approx(100, abs=0.1)


def test_every_depth_colour_is_a_mid_tone_readable_on_both_plot_backgrounds():
    """Lines on white (light theme) and on #1e1f22 (dark theme): no pale yellow, no navy."""
    def luminance(c: QColor) -> float:
        def lin(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())

    white, dark = 1.0, luminance(QColor("#1e1f22"))
    colours = {style.layer_color(i, n, v) for n in range(1, 13) for i in range(n)
               for v in range(1, 7)}
    for c in colours:
        lum = luminance(QColor(c))
        assert (white + 0.05) / (lum + 0.05) >= 2.8, c
        assert (lum + 0.05) / (dark + 0.05) >= 2.8, c


def test_classroom_curves_are_at_least_three_pixels_and_text_twice_the_normal_size():
    """W11-18: thin lines and 15-pt ticks read from the middle rows only."""
    assert all(style.line_width(True, base) >= 3.0 for base in (0.8, 1.0, 1.2, 1.4, 1.8))
    assert style.line_width(False, 1.4) == pytest.approx(1.4)
    assert style.legend_size(True) >= 2 * style.legend_size(False)
    assert style.font_size(True) > 1.5 * style.font_size(False)


def test_ciede2000_matches_the_published_test_pairs():
    """Sharma, Wu and Dalal (2005), table 1: pairs 1, 7, 17 and 25."""
    from dlstudio.gui.plots.color_difference import ciede2000
    pairs = [((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
             ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
             ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
             ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644)]
    for lab1, lab2, expected in pairs:
        assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("count", range(2, 13))
def test_every_two_layers_of_up_to_twelve_look_different(count):
    """W18-2 (lesson 03 step 2, ten layers): dense_6 and dense_8 were two olives 9 apart in
    CIEDE2000 (the difference the eye sees; CIE76 counted 16), dense_5 and dense_7 two dark
    greens: the ladder was read by position only. Every pair of layers now differs by 13 or
    more."""
    colours = [style.layer_color(i, count) for i in range(count)]
    closest = min(style.delta_e_2000(a, b) for i, a in enumerate(colours)
                  for b in colours[i + 1:])
    assert closest >= 13, colours


def test_the_depth_colours_are_worked_out_once_start_up_is_idle(small_studio, qtbot,
                                                                 monkeypatch):
    """Issue 13: worked out inside the first layer page's build, the colours took 50-100 ms
    of the GUI thread while the first run trained; the window works them out once its
    panels are built, at the next idle moment."""
    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.plots import style

    made = []
    monkeypatch.setattr(style, "make_depth_colors", lambda: made.append(1))
    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    w.show()
    w.build_panels()
    assert not made                          # not inside the build: at the next idle moment
    qtbot.waitUntil(lambda: made == [1], timeout=5000)


def test_making_the_depth_colours_ahead_gives_the_same_colours():
    from dlstudio.gui.plots import style

    before = [style.layer_color(i, 7, v) for v in (1, 3) for i in range(7)]
    style.make_depth_colors()
    assert [style.layer_color(i, 7, v) for v in (1, 3) for i in range(7)] == before
