"""Axis ranges that move in steps, not on every new point.

Autoranging to the exact data changes both axes at every redraw, so every axis (ticks, labels,
grid) is laid out and painted again, which costs more than the curves. These helpers keep a
range while the data fits it comfortably and jump to a new padded range only when the data
leaves it or has shrunk to a small part of it. The time axis spans the whole planned run when
it is known, so it does not move at all; a long run's axis (``shown_end``) moves in a few
jumps of 4x so that its curve is never a sliver at the left.
"""
from __future__ import annotations

import math

import numpy as np

from dlstudio.training.telemetry import END_EVENTS

PAD = 0.08          # share of the span added on both sides of a new range
MIN_FILL = 0.45     # keep a range while the data fills at least this share of it
GROWTH = 1.3        # a growing time axis jumps this much beyond the newest point
FEW_STEPS = 10      # a planned run shorter than this gets half a step of room at each end
END_ROOM = 0.025    # share of a planned run added after its end: the last epoch's validation
                    # point sits at the very last step and is drawn whole, not half cut off
ZOOM = 4.0          # a long run's time axis ends at planned / ZOOM**k, the least end the
LONG_RUN = 1000.0   # curve has not passed, down to this many steps: a 115,000-step run's
                    # first 2,484 steps were a 3-pixel smudge at the left (walker11 W11-12)
FLOOR_ROOM = 0.02   # share of the span left below a ``y_floor`` (its line stays in view)


#: learning rates spanning this factor or more are drawn on a logarithmic axis: at 100,
#: lesson 17/1's Adam at 0.001 lay on the x axis under SGD's 0.05 (walker17 W17-k), a line
#: 2% of the plot's height up; at exactly 10 (lesson 07/4: SGD 0.01, Adam 0.001) Adam's
#: line lay on the axis line and read as a rate of 0 (walker19 W19-2)
LR_LOG_SPAN = 10.0
#: data spanning less than this share of its size counts as flat (float32 keeps ~7 digits)
FLAT = 1e-6


def stable_range(current: tuple[float, float] | None, lo: float, hi: float
                 ) -> tuple[float, float] | None:
    """A new (lo, hi) for data spanning [lo, hi], or None to keep ``current``."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    span = hi - lo
    if span <= FLAT * max(abs(lo), abs(hi)):
        # flat data, or flat but for rounding (a diverged run's two losses differing in the
        # 15th digit labelled the axis "10.07380966842176 / 10.07380966842174")
        mid = (lo + hi) / 2
        span = abs(mid) * 0.1 or 1.0
        lo, hi = mid - span / 2, mid + span / 2
    if current is not None:
        c_lo, c_hi = current
        fits = c_lo <= lo and hi <= c_hi
        if fits and (hi - lo) >= MIN_FILL * (c_hi - c_lo):
            return None
    return lo - PAD * span, hi + PAD * span


def time_range(current: tuple[float, float] | None, x_min: float, x_max: float,
               planned: float | None) -> tuple[float, float] | None:
    """Range of a time axis: the planned run, or one that grows in jumps of ``GROWTH``."""
    if planned and planned >= x_max:
        # a sliver left of zero, so the "0" tick label is drawn; a run of a few steps (one
        # that diverged at its first) gets half a step on both sides, so each step's label
        # is drawn whole, the last one too
        start = min(0.0, x_min)
        if planned < FEW_STEPS:
            target = (start - 0.5, float(planned) + 0.5)
        else:
            end = shown_end(float(planned), x_max)
            target = (start - 0.01 * end, end * (1.0 + END_ROOM))
        return None if current == target else target
    if current is not None and current[0] <= x_min and x_max <= current[1]:
        return None
    if not math.isfinite(x_max):
        return None
    hi = max(x_max * GROWTH, x_max + 1.0)
    return min(0.0, x_min) - 0.01 * hi, hi


def shown_end(planned: float, x_max: float) -> float:
    """Where a time axis ends while a run planned for ``planned`` steps has reached
    ``x_max``: the planned end for runs up to ``LONG_RUN`` steps (the axis never moves); a
    longer run's axis ends at the least of planned, planned / 4, planned / 16 ... (not below
    ``LONG_RUN``) that the curve has not passed, so the curve fills at least a quarter of it
    and the axis moves a few times in the whole run."""
    floor = max(x_max, min(planned, LONG_RUN))
    end = planned
    while end / ZOOM >= floor:
        end /= ZOOM
    return end


def data_span(arrays: list[np.ndarray], log: bool = False) -> tuple[float, float]:
    """(min, max) over several arrays (log10 of the positive values when ``log``)."""
    lo, hi = math.inf, -math.inf
    for a in arrays:
        if a is None or len(a) == 0:
            continue
        a = np.asarray(a, np.float64)
        if log:
            a = a[a > 0]
            if a.size == 0:
                continue
            a = np.log10(a)
        a = a[np.isfinite(a)]
        if a.size:
            lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
    return lo, hi


def apply(plot, x_arrays: list[np.ndarray], y_arrays: list[np.ndarray], log_y: bool = False,
          planned_x: float | None = None, fit_x: bool = True, fit_y: bool = True,
          x_is_time: bool = True, y_floor: float | None = None) -> None:
    """Set ``plot``'s ranges from its data without moving them on every redraw.

    Call it on one plot (or its ViewBox) of a group of linked plots (the others follow the
    link). A range the user zoomed or panned is left alone until they press the plot's
    auto-range button. ``x_is_time=False`` treats x like y (a histogram's value axis).
    ``y_floor``: a value the y axis always shows, drawn near its bottom edge (a loss axis
    keeps 0: a loss level is read against zero).
    """
    view = plot if hasattr(plot, "autoRangeEnabled") else plot.getViewBox()
    shown = view.viewRange()
    auto = view.autoRangeEnabled()
    state = getattr(plot, "_dlstudio_ranges", {})
    for axis in (0, 1):                 # a user who zoomed or panned keeps the view
        key = "xy"[axis]
        if key in state and not auto[axis] and not np.allclose(shown[axis], state[key],
                                                                rtol=1e-6, atol=1e-12):
            state[key + "_user"] = True
        elif auto[axis]:
            state.pop(key + "_user", None)
            state.pop(key, None)
    if fit_x and not state.get("x_user"):
        x_lo, x_hi = data_span(x_arrays)
        if not math.isfinite(x_hi) and x_is_time and planned_x:
            # nothing drawn yet: the planned run, as the plots beside it with a first point
            # (pyqtgraph's -60..60 steps under a run's first loss: walker35 a12)
            new_x = time_range(state.get("x"), 0.0, 0.0, planned_x)
        elif not math.isfinite(x_hi):
            new_x = None
        elif x_is_time:
            new_x = time_range(state.get("x"), x_lo, x_hi, planned_x)
        else:
            new_x = stable_range(state.get("x"), x_lo, x_hi)
        if new_x is not None:
            view.setXRange(*new_x, padding=0)
            state["x"] = tuple(view.viewRange()[0])
    if fit_y and not state.get("y_user"):
        y_lo, y_hi = data_span(y_arrays, log=log_y)
        if y_floor is not None and math.isfinite(y_hi):
            y_lo, y_hi = min(y_lo, y_floor), max(y_hi, y_floor)
        new_y = stable_range(state.get("y"), y_lo, y_hi) if math.isfinite(y_hi) else None
        if new_y is not None and y_floor is not None and y_floor <= y_lo:
            # just below the floor, not PAD of the span (a loss axis down to -0.06)
            new_y = (y_floor - FLOOR_ROOM * (new_y[1] - y_floor), new_y[1])
        if new_y is not None:
            view.setYRange(*new_y, padding=0)
            state["y"] = tuple(view.viewRange()[1])
    plot._dlstudio_ranges = state


def set_y_range(plot, lo: float, hi: float) -> None:
    """Set ``plot``'s y range to ``lo``..``hi`` as the program's choice (room above the
    curves for a label), not a user's zoom: ``apply`` goes on fitting it, keeping it while
    the data fits."""
    view = plot if hasattr(plot, "autoRangeEnabled") else plot.getViewBox()
    view.setYRange(lo, hi, padding=0)
    state = getattr(plot, "_dlstudio_ranges", {})
    if not state.get("y_user"):
        state["y"] = tuple(view.viewRange()[1])
    plot._dlstudio_ranges = state


#: a loss this many times its starting level counts as exploded (a diverged run)
EXPLODED_FACTOR = 20.0
#: first finite values of a curve that give its starting level
START_POINTS = 5
#: a curve with more than this share of its points (and at least ``HIGH_RUN_POINTS`` of
#: them) above the cap lives there: its level sets the cap (walker8 W8-7)
HIGH_RUN_SHARE = 0.5
HIGH_RUN_POINTS = 10


def exploded_cap(arrays: list[np.ndarray], factor: float = EXPLODED_FACTOR,
                 first_x: list[float] | None = None) -> float | None:
    """The value above which a loss has exploded: ``factor`` times the largest starting
    level (the smallest of the first ``START_POINTS`` finite values: a run may explode
    within them) of any of ``arrays``.

    A diverged variant's loss reaches 1e13 while the others stay near 1; a range fitted to
    everything flattens the healthy curves into a line at zero. Starting losses are sane in
    every run (about ln(classes)), so they set the scale. A curve that stays up there for
    most of its run is no explosion to leave off: a run at a huge learning rate that trains
    on at a loss of 300 drew nothing but one stroke at its first step (walker8 W8-7). Its
    typical level (the median) then sets the scale instead. None when there is no data.

    ``first_x``: each array's first x (step); then only the curves that start first give
    starting levels. A branch starts at the moment it branched from, maybe in the middle of
    its run's spike: its 'start' at 390 had set the scale, flattening both curves at the
    bottom of a 0-400 axis (walker11 W11-14).
    """
    pairs = [(np.asarray(a, np.float64), None if first_x is None else first_x[i])
             for i, a in enumerate(arrays) if a is not None and len(a)]
    finite = [a[np.isfinite(a)] for a, _ in pairs]
    earliest = min((x for _, x in pairs if x is not None), default=None)
    starts = [abs(float(a[:START_POINTS].min())) for a, (_, x) in zip(finite, pairs)
              if a.size and (earliest is None or x is None or x <= earliest)]
    if not starts:
        return None
    cap = factor * max(max(starts), 1e-12)
    for a in finite:
        over = int(np.count_nonzero(a > cap))
        if over >= HIGH_RUN_POINTS and over > HIGH_RUN_SHARE * a.size:
            cap = max(cap, factor * abs(float(np.median(a))))
    for a, (_, x) in zip(finite, pairs):
        # a loss that starts above the cap and falls below it for good fell, it did not
        # explode: its start stays on the axis (walker27: one training example, 0.69 -> 0
        # within four steps, noted "loss rose to 0.69: off the scale"); only a curve that
        # gives a starting level (a branch may start inside its run's spike)
        if not (earliest is None or x is None or x <= earliest):
            continue
        low = np.flatnonzero(a <= cap)
        if low.size and low[0] > 0 and not np.any(a[low[0]:] > cap):
            cap = max(cap, float(a[:low[0]].max()))
    return cap


def below(arrays: list[np.ndarray], cap: float | None) -> list[np.ndarray]:
    """The finite values of each array that are at most ``cap`` (all finite ones if None)."""
    out = []
    for a in arrays:
        a = np.asarray(a if a is not None else [], np.float64)
        keep = np.isfinite(a) if cap is None else np.isfinite(a) & (a <= cap)
        out.append(a[keep])
    return out


#: accuracies all above this (after the first epoch) get an axis zoomed to them
ACCURACY_ZOOM_ABOVE = 0.9


def accuracy_floor(arrays: list[np.ndarray], step: float = 0.05) -> float:
    """The bottom of an accuracy axis that shows ``arrays`` (the whole run's curves and
    validation points): 0 in general, but when every value is high (a run high from its
    start), the multiple of ``step`` just below the lowest, so 98% and 99% are two heights
    instead of one line along the top edge (walker5 W5-14)."""
    values = [np.asarray(a, np.float64).ravel() for a in arrays if a is not None and len(a)]
    values = np.concatenate(values) if values else np.zeros(0)
    values = values[np.isfinite(values)]
    if not values.size or values.min() < ACCURACY_ZOOM_ABOVE:
        return 0.0
    return max(0.0, math.floor((float(values.min()) - step / 2) / step) * step)


def hold_accuracy_axis(plot, top: float = 1.0) -> None:
    """Keep ``plot``'s accuracy axis (0 to ``top``: 1 for fractions, 100 for percent)
    within 0-100% however it is zoomed or dragged, with the 2% of room the plots leave at
    each end: a wheel passing over the Transfer page's plot zoomed its axis out to -2500 to
    500% (walker33 W33-7). ``plot`` is a ``PlotItem``, ``PlotWidget`` or ``ViewBox``."""
    room = FLOOR_ROOM * top
    plot.setLimits(yMin=-room, yMax=top + room)


def planned_steps(store) -> float | None:
    """Where a time axis should end for the runs of ``store`` (a ``RunStore``): the steps
    the run plans to take (largest over the variants), when known; a variant whose run has
    ended (finished, stopped, diverged) counts the steps it actually ran, so a run that
    collapsed at step 4 of 136 fills the plot instead of its left 3%."""
    plans = []
    for variant in store.variants():
        # the end is read from the run's events, not from the newest snapshot, which is
        # an earlier one while the timeline is scrubbed
        ends = [step for step, event, _ in store.events(variant) if event in END_EVENTS]
        snap = store.latest(variant)
        if ends:
            plans.append(ends[-1])
        elif snap is not None and snap.total_steps:
            plans.append(snap.total_steps)
    return float(max(plans)) if plans and max(plans) > 0 else None


def rate_axis(rates: np.ndarray) -> tuple[bool, tuple[float, float] | None]:
    """``(log, (low, high))`` for an axis of learning rates ``rates`` (shape (n,)): rates far
    apart (lesson 08: 0.0005, 0.05 and 3; ``LR_LOG_SPAN`` times or more) each get their own
    height on a log axis (its range in whole decades around them) - on a linear one the small ones lie flat on
    zero, indistinguishable; otherwise a linear axis from zero, where a constant rate is a
    flat line, not noise around it. No range (None) when no rate is positive and finite."""
    rates = np.asarray(rates, np.float64)
    rates = rates[np.isfinite(rates)]
    top = float(rates.max()) if rates.size else 0.0
    low = float(rates.min()) if rates.size else 0.0
    if low > 0 and top / low >= LR_LOG_SPAN * (1 - 1e-9):     # 10x in floats too
        # from the decade at or below the lowest rate to the one at or above the highest,
        # so a labelled decade lies on each side of every line: a rate between two decades
        # at an end (17/1's SGD at 0.05 over 0.01 and 0.001) had no number above it
        # (walker20 W20-4); the tolerance keeps a rate of 1e-5 in its own decade
        floor = math.floor(math.log10(low) + 1e-9)
        ceil = math.ceil(math.log10(top) - 1e-9)
        return True, (floor - 0.3, ceil + 0.3)
    return False, ((0.0, top * 1.1) if top > 0 else None)
