"""Axis ranges that move in steps (fewer axis repaints) and respect the user's zoom."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

import pytest

from dlstudio.gui.plots.ranges import apply, data_span, stable_range, time_range


def test_stable_range_keeps_a_comfortable_range():
    new = stable_range(None, 0.0, 1.0)
    assert new[0] < 0.0 and new[1] > 1.0
    assert stable_range(new, 0.1, 0.9) is None                 # still fits and fills it
    assert stable_range(new, 0.0, 2.0) is not None             # left it
    assert stable_range(new, 0.40, 0.45) is not None           # shrank to a sliver
    assert stable_range(None, 2.0, 2.0) is not None            # flat data gets a span
    assert stable_range(None, np.nan, 1.0) is None


def test_time_range_spans_the_planned_run_or_grows_in_jumps():
    assert time_range(None, 0, 10, planned=1000) == pytest.approx((-10.0, 1025.0))
    assert time_range((-10.0, 1025.0), 0, 500, planned=1000) is None
    grown = time_range(None, 0, 100, planned=None)
    assert grown[1] >= 130
    assert time_range(grown, 0, 120, planned=None) is None
    assert time_range(grown, 0, 200, planned=None)[1] >= 260


def test_data_span_in_log_space_ignores_non_positive():
    lo, hi = data_span([np.array([1e-3, 0.0, -1.0, 10.0])], log=True)
    assert (lo, hi) == (-3.0, 1.0)


def test_apply_sets_ranges_and_leaves_a_users_zoom_alone(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    x = np.arange(100.0)
    apply(plot, [x], [x ** 0.5], planned_x=1000)
    (x0, x1), (y0, y1) = plot.viewRange()
    assert (x0, x1) == pytest.approx((-10.0, 1025.0)) and y0 < 0 and y1 > 9.9
    plot.setYRange(2, 3, padding=0)                            # the user zooms in
    apply(plot, [x], [x ** 0.5 * 2], planned_x=1000)
    assert plot.viewRange()[1] == [2.0, 3.0]
    plot.enableAutoRange(y=True)                               # and asks for auto range
    apply(plot, [x], [x ** 0.5 * 2], planned_x=1000)
    assert plot.viewRange()[1][1] > 19.0


def test_the_last_epochs_validation_point_is_drawn_whole():
    """Walker6 W6-11: a one-epoch run's only validation point sits at the last step; the
    time axis leaves room after it instead of ending exactly there (a half dot)."""
    lo, hi = time_range(None, 0, 844, planned=844)
    assert hi - 844 >= 0.02 * (hi - lo)


def test_a_long_runs_time_axis_zooms_to_the_steps_done():
    """Walker11 W11-12: a 115,000-step run's first 2,484 steps were drawn in the left 2%."""
    lo, hi = time_range(None, 0, 2484, planned=115000)
    assert 2484 >= 0.25 * (hi - lo) and hi < 115000
    assert time_range((lo, hi), 0, 2600, planned=115000) is None         # it stays put
    lo2, hi2 = time_range((lo, hi), 0, 8000, planned=115000)            # then jumps
    assert hi2 > 8000 and 8000 >= 0.25 * (hi2 - lo2)
    assert time_range(None, 0, 100000, planned=115000)[1] >= 115000      # the whole run at last
    assert time_range(None, 0, 5, planned=1150)[1] >= 1150             # short runs: never moves


def test_a_branch_does_not_set_the_starting_loss_level():
    """Walker11 W11-14: a branch from step 4 began inside its run's spike; its first losses
    set the scale and the loss axis went to 400 with both curves flat at the bottom."""
    from dlstudio.gui.plots.ranges import exploded_cap

    a = np.array([0.7, 390.0, 60.0, 9.0, 2.0] + [0.6] * 40)
    b = np.array([390.0, 300.0, 200.0, 150.0, 120.0] + [0.5] * 40)     # from step 4
    assert exploded_cap([a, b]) > 390                                  # b's 'start' rules
    cap = exploded_cap([a, b], first_x=[0.0, 4.0])
    assert 0.7 <= cap < 60


def test_data_flat_but_for_rounding_gets_a_readable_range():
    """Two losses differing in the 15th digit labelled the axis '10.07380966842176' (a
    diverged run's first step, seen by walkfix8 in zh at 1366x768)."""
    from dlstudio.gui.plots import ranges

    lo, hi = ranges.stable_range(None, 10.07380966842174, 10.07380966842176)
    assert hi - lo >= 0.5 and lo < 10.0738 < hi
    lo, hi = ranges.stable_range(None, 0.0, 0.0)
    assert hi - lo >= 1.0
    lo, hi = ranges.stable_range(None, 2.0, 2.5)                # real spans are kept
    assert lo < 2.0 and hi > 2.5 and hi - lo < 1.0


def test_a_time_axis_ends_at_the_planned_run_or_where_it_ended(store, filler, moons_run):
    from dlstudio.gui.plots.ranges import planned_steps

    assert planned_steps(store) is None                         # nothing run yet
    snaps = moons_run[1]
    filler(store, snaps[:3])                                    # going on: its plan
    assert planned_steps(store) == float(snaps[0].total_steps)
    filler(store, snaps[3:])                                    # ended: the steps it ran
    assert planned_steps(store) == float(snaps[-1].step)


def test_rates_far_apart_get_a_log_axis_and_close_ones_a_linear_one_from_zero():
    from dlstudio.gui.plots.ranges import LR_LOG_SPAN, rate_axis

    log, (low, high) = rate_axis(np.array([0.0005, 0.05, 3.0]))
    assert log and low == pytest.approx(-4.3) and high == pytest.approx(1.3)
    # walker20 W20-4: 17/1's SGD at 0.05 over Adam at 0.001 had the labels 0.01 and 0.001
    # only; the axis now reaches the decade above (0.1), and a rate on a decade keeps it
    assert rate_axis(np.array([0.05, 0.001]))[1] == (pytest.approx(-3.3), pytest.approx(-0.7))
    assert rate_axis(np.array([1e-5, 1e-3]))[1] == (pytest.approx(-5.3), pytest.approx(-2.7))
    assert rate_axis(np.array([0.01, 0.0099 * LR_LOG_SPAN])) == (
        False, (0.0, pytest.approx(0.01089 * LR_LOG_SPAN)))
    assert rate_axis(np.array([0.001, 0.05]))[0]    # 17/1: Adam's rate under SGD's (W17-k)
    # walker19 W19-2: 07/4 compares SGD at 0.01 with Adam at 0.001, exactly ten times apart:
    # on a linear axis Adam's line lay on the axis line, read as a rate of 0
    assert LR_LOG_SPAN == 10.0
    for low, high in ((0.001, 0.01), (0.01, 0.1), (0.0003, 0.003)):
        assert rate_axis(np.array([high, low]))[0], (low, high)
    assert rate_axis(np.array([0.0, 0.1]))[0] is False          # a zero rate: linear
    assert rate_axis(np.array([np.nan])) == (False, None)
    assert rate_axis(np.zeros(0)) == (False, None)


def test_a_loss_that_falls_fast_from_its_start_stays_on_the_axis():
    """Walker27 (one training example): the loss fell from 0.69 to 0 within four steps and
    the plot noted "loss rose to 0.69: off the scale". A fall is no explosion: the start
    stays under the cap; a rise after it still goes over."""
    from dlstudio.gui.plots.ranges import below, exploded_cap

    fell = np.array([0.69, 0.2, 0.03, 0.004, 0.001] + [1e-4] * 45)
    cap = exploded_cap([fell])
    assert cap >= 0.69 and below([fell], cap)[0].size == fell.size
    exploded = np.concatenate([fell, [50.0, 1e6]])
    assert exploded_cap([exploded]) < 50.0


def test_a_time_axis_without_data_yet_spans_the_planned_run(qtbot):
    """walker35 a12: as a run began, the Convergence page's learning-rate plot (no rate
    drawn yet, the loss and accuracy plots beside it at 0..130 steps) showed pyqtgraph's
    -60..60 steps. An empty time axis spans the planned run as a drawn one does."""
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    apply(plot, [np.zeros(0)], [], planned_x=130, fit_y=False)
    assert plot.getViewBox().viewRange()[0] == pytest.approx(time_range(None, 0, 0, 130))
    apply(plot, [np.arange(5.0)], [], planned_x=130, fit_y=False)     # the first rates
    assert plot.getViewBox().viewRange()[0] == pytest.approx(time_range(None, 0, 4, 130))
