"""The labels of a logarithmic axis (``log_ticks.choose_log_ticks``), written down as rules
over ranges and plot heights (walker27 W27-6, walker28 W28-9):

- every decade in range is labelled when labels a decade apart fit;
- a short axis has at least two labels, and labels near both ends (bracketing the data);
- the labels are one even ladder (1-2-5, 2-4-6-8, 1..9 ...), never one with a member skipped;
- one notation per axis.
"""
from __future__ import annotations

import math

import pytest

from dlstudio.gui.plots.log_ticks import (HALF_DECADES, LADDERS, choose_log_ticks,
                                          decade_values, ladder_values, nice_log_range)
from dlstudio.gui.plots.tick_text import log_axis_texts

LINE = 20.0     # a label's room along a vertical axis (one line of classroom type)

RANGES = [      # (lo, hi) values, as the walks met them
    (1e-9, 2e3),        # the pre-flight signal and update axes (12 decades)
    (1e-8, 300.0),
    (1e-5, 0.5),
    (0.045, 39.0),      # lesson 01's spread of z
    (9e-4, 0.012),      # a learning-rate axis (lesson 08 step 4)
    (0.6, 8.0),         # batch-norm running variance (lesson 07 step 3)
    (1.2e-3, 5.3e-3),   # dL/dz of a deep sigmoid net (lesson 04 step 4)
    (1.3e-3, 9.8e-3),   # dL/dz within one decade (lesson 06 step 3)
    (2.2, 2.45),        # a loss at ln 10
    (0.31, 0.42),
]
HEIGHTS = [110, 160, 250, 400, 700]


def labels(lo: float, hi: float, height: float) -> list[float]:
    ticks = choose_log_ticks(math.log10(lo), math.log10(hi), height, lambda _: LINE)
    return list(ticks.labelled)


def is_ladder(values: list[float], lo: float, hi: float) -> bool:
    """Whether ``values`` are every member of one ladder between the first and the last."""
    if len(values) < 3:
        return True
    a, b = values[0] - 1e-9, values[-1] + 1e-9
    ladders = [decade_values(a, b, step) for step in (1, 2, 5, 10, 20, 50, 100)]
    ladders += [ladder_values(a, b, multiples) for multiples in (HALF_DECADES,) + LADDERS]
    return any(len(ladder) == len(values) and
               all(abs(x - y) < 1e-9 for x, y in zip(ladder, values)) for ladder in ladders)


@pytest.mark.parametrize("height", HEIGHTS)
@pytest.mark.parametrize("lo, hi", RANGES)
def test_every_decade_is_labelled_when_the_labels_fit(lo, hi, height):
    a, b = math.log10(lo), math.log10(hi)
    per_decade = height / (b - a)
    if per_decade < LINE or b - a < 1:
        return
    inner = [d for d in decade_values(a, b) if LINE <= (d - a) * per_decade <= height - LINE]
    shown = labels(lo, hi, height)
    assert all(any(abs(d - v) < 1e-9 for v in shown) for d in inner), (inner, shown)


@pytest.mark.parametrize("height", HEIGHTS)
@pytest.mark.parametrize("lo, hi", RANGES)
def test_a_short_axis_has_labels_near_both_ends(lo, hi, height):
    a, b = math.log10(lo), math.log10(hi)
    if b - a >= 3:
        return
    shown = labels(lo, hi, height)
    assert len(shown) >= 2, shown
    # nine lines at 1.5 × 10⁻³ sat below the lowest label "2 × 10⁻³" (W27-6)
    assert shown[0] - a <= 0.3 * (b - a) and b - shown[-1] <= 0.3 * (b - a), shown


@pytest.mark.parametrize("height", HEIGHTS)
@pytest.mark.parametrize("lo, hi", RANGES)
def test_labels_are_one_even_ladder(lo, hi, height):
    # "2, 3, 4, 5, 6, 8 × 10⁻³" (7 skipped), "7, 5, 3, 2, 1, 0.7" (W28-9); a label added
    # near an end to bracket the data may come from a finer ladder
    shown = labels(lo, hi, height)
    assert (is_ladder(shown, lo, hi) or is_ladder(shown[1:], lo, hi)
            or is_ladder(shown[:-1], lo, hi)), [10 ** v for v in shown]


@pytest.mark.parametrize("height", HEIGHTS)
@pytest.mark.parametrize("lo, hi", RANGES)
def test_labels_leave_each_other_room(lo, hi, height):
    shown = labels(lo, hi, height)
    a, b = math.log10(lo), math.log10(hi)
    pixels = [min(max((v - a) / (b - a) * height, LINE / 2), height - LINE / 2)
              for v in shown]
    assert all(q - p >= LINE - 1e-6 for p, q in zip(pixels, pixels[1:])), shown


@pytest.mark.parametrize("height", HEIGHTS)
@pytest.mark.parametrize("lo, hi", RANGES)
def test_an_axis_writes_its_labels_in_one_notation(lo, hi, height):
    # "0.01" above "5 × 10⁻³"; "10³" above "10" (W27-6, W28-9)
    texts = log_axis_texts([10 ** v for v in labels(lo, hi, height)])
    powers = ["10" in t and ("⁰" in t or "¹" in t or "²" in t or "³" in t or "⁴" in t
                             or "⁵" in t or "⁶" in t or "⁷" in t or "⁸" in t or "⁹" in t)
              for t in texts]
    assert all(powers) or not any(powers), texts


@pytest.mark.parametrize("lo, hi, height, expected", [
    (1.2e-3, 5.3e-3, 270, ["1.5 × 10⁻³", "2 × 10⁻³", "3 × 10⁻³", "4 × 10⁻³", "5 × 10⁻³"]),
    (1.3e-3, 9.8e-3, 270, ["2 × 10⁻³", "4 × 10⁻³", "6 × 10⁻³", "8 × 10⁻³"]),
    (0.6, 8.0, 200, ["1", "2", "5"]),
    (9e-4, 0.012, 200, ["10⁻³", "2 × 10⁻³", "5 × 10⁻³", "10⁻²"]),
    (2e-9, 2e3, 300, ["10⁻⁸", "10⁻⁷", "10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰",
                      "10¹", "10²", "10³"]),
])
def test_the_axes_the_walks_met(lo, hi, height, expected):
    assert log_axis_texts([10 ** v for v in labels(lo, hi, height)]) == expected


@pytest.mark.parametrize("lo, hi", [(0.0973, 11.3), (1.26, 2.35), (1.91, 2.86), (2e-5, 2.0),
                                    (0.5, 0.9), (2.3361, 2.3369), (1e-3, 1e4), (0.08, 0.13)])
def test_a_colour_bar_spans_nice_values_around_its_range(lo, hi):
    # walker28: colour bars read 11.3 / 3.43 / 1.05 / 0.319 / 0.0973
    start, end, values = nice_log_range(lo, hi)
    a, b = math.log10(lo), math.log10(hi)
    assert start <= a + 1e-12 and end >= b - 1e-12
    assert end - start <= 1.5 * (b - a) + 1e-12
    assert values[0] == start and values[-1] == end and len(values) >= 3
    texts = log_axis_texts([10 ** v for v in values])
    assert len(set(texts)) == len(texts), texts
    # nice: each label a short number (one ladder: steps equal within a decade)
    assert all(len(t.replace(" × ", "").replace(".", "")) <= 6 for t in texts), texts
