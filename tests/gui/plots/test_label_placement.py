"""Label placement: the corner or right-edge band that covers the fewest curve points."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.plots.label_placement import (least_covered_band_top,
                                                least_covered_corner, points_inside)

#: top right, top left, bottom right, bottom left (legend offsets)
CORNERS = ((-6.0, 6.0), (6.0, 6.0), (-6.0, -6.0), (6.0, -6.0))


def test_points_inside_counts_the_box_edges_in():
    x, y = np.array([0.0, 1.0, 2.0, 3.0]), np.array([0.0, 1.0, 2.0, 3.0])
    assert points_inside(x, y, 1.0, 1.0, 1.0, 1.0) == 2
    assert points_inside(x[:0], y[:0], 0.0, 0.0, 10.0, 10.0) == 0


def test_a_falling_curve_leaves_the_top_right_corner_free():
    x = np.linspace(0.0, 10.0, 101)
    y = 10.0 * np.exp(-x)                           # a loss curve: high at the left only
    assert least_covered_corner(x, y, (0, 10), (0, 10), 3.0, 3.0, CORNERS,
                                (-6.0, 6.0)) == (-6.0, 6.0)
    # a note at the top edge: a bottom corner; the curve crosses the bottom left box only
    # on its way down, but lies along the whole bottom right one
    assert least_covered_corner(x, y, (0, 10), (0, 10), 3.0, 3.0, CORNERS, (-6.0, 6.0),
                                skip_top=True) == (6.0, -6.0)


def test_a_rising_curve_sends_the_legend_to_the_bottom_right():
    x = np.linspace(0.0, 10.0, 101)
    y = 10.0 * (1.0 - np.exp(-x))                   # an accuracy-like curve: low at the left
    assert least_covered_corner(x, y, (0, 10), (0, 10), 3.0, 3.0, CORNERS,
                                (-6.0, 6.0)) == (-6.0, -6.0)


def test_the_band_goes_where_the_curves_are_not():
    x = np.linspace(0.0, 10.0, 101)
    high = np.full_like(x, 0.95)
    # the curves are high: the band goes to the bottom, whichever corner comes first
    assert least_covered_band_top(x, high, (0, 10), (0, 1), 2.0, 0.2, low_first=False) \
        == np.float64(0.2)
    low = np.full_like(x, 0.1)
    assert least_covered_band_top(x, low, (0, 10), (0, 1), 2.0, 0.2, low_first=True) == 1.0
    # both corners covered: a height between
    both = np.concatenate([high, low])
    top = least_covered_band_top(np.concatenate([x, x]), both, (0, 10), (0, 1), 2.0, 0.2,
                                 low_first=True)
    assert 0.2 < top < 1.0


def test_a_band_of_no_height_or_the_whole_height_takes_the_first_corner():
    x, y = np.zeros(0), np.zeros(0)
    assert least_covered_band_top(x, y, (0, 10), (0, 1), 2.0, 0.0, low_first=True) == 0.0
    assert least_covered_band_top(x, y, (0, 10), (0, 1), 2.0, 0.0, low_first=False) == 1.0
    assert least_covered_band_top(x, y, (0, 10), (0, 1), 2.0, 1.5, low_first=False) == 1.0


def test_a_line_that_only_crosses_a_box_or_will_reach_it_covers_it():
    from dlstudio.gui.plots.label_placement import along_lines, least_covered_box

    # two points far apart: the segment between them crosses the box in the middle
    x, y = along_lines([(np.array([0.0, 10.0]), np.array([0.0, 10.0]), False)], 0.5)
    assert points_inside(x, y, 4.0, 4.0, 2.0, 2.0) > 0
    # a smoothed loss that ended low at x=5 goes on flat to the axis' end (x=10)
    x, y = along_lines([(np.array([0.0, 5.0]), np.array([9.0, 1.0]), True)], 0.5, 10.0)
    bottom_right, top_right = (7.0, 0.0, 3.0, 3.0), (7.0, 7.0, 3.0, 3.0)
    assert least_covered_box(x, y, [bottom_right, top_right]) == 1
    # a box over another label is taken only when every box is
    assert least_covered_box(x, y, [top_right, bottom_right], [(8.0, 8.0, 1.0, 1.0)]) == 1
