"""Which values a logarithmic axis labels, and where it draws its grid lines.

Positions are log10 of the values (pyqtgraph's log mode). The rules (walker27 W27-6, walker28
W28-9: a decade left unlabelled, "2, 3, 4, 5 × 10⁻³" above nine lines at 1.5 × 10⁻³ with no
label below them, "2, 3, 4, 5, 6, 8" with 7 skipped, "7, 5, 3, 2, 1, 0.7"):

- every decade in range is labelled when labels one decade apart fit, else every 2, 5, 10 ...
  decades, with a grid line at every decade;
- an axis spanning fewer than ``OWN_DECADES`` decades, or with fewer than ``ENOUGH`` decades
  in it, labels one evenly spaced ladder instead, the first of ``LADDERS`` (sparse to dense:
  1-2-5, 2-4-6-8, every whole multiple, halves, fifths, tenths ... of the decade) whose
  labels fit with at least ``ENOUGH`` of them in range (on a tall axis, one every
  ``TALL_LINES`` labels' room), else the densest that fits (1-3 when 1-2-5 does not fit):
  never a ladder with a member left out;
- an end of the axis far from its nearest label (more than ``END_GAP`` of the axis) gets the closest value of a finer ladder that
  fits there, so that labels bracket the data drawn near the ends.

"Fits": the labels of two neighbours do not overlap along the axis (``room(position)`` is the
length one label needs, with its gap).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Callable

#: an axis spanning this many decades or more labels whole decades only (every 1, 2, 5 ...)
OWN_DECADES = 3.0
#: decade steps tried for the labels of a long axis, closest first
DECADE_STEPS = (1, 2, 5, 10, 20, 50, 100)
#: labels a short axis should show when they fit; and a tall one at least one every
#: ``TALL_LINES`` labels' room
ENOUGH = 3
TALL_LINES = 5.0
#: a gap at an end of the axis larger than this share of it gets a label from a finer ladder
END_GAP = 0.25
#: the multiples of each power of ten a short axis labels, sparse to dense (a multiple
#: below 10 of 10ⁿ)
LADDERS: tuple[tuple[float, ...], ...] = (
    (1.0, 2.0, 5.0),
    (1.0, 2.0, 4.0, 6.0, 8.0),
    tuple(float(m) for m in range(1, 10)),
    tuple(1.0 + 0.5 * k for k in range(18)),
    tuple(1.0 + 0.2 * k for k in range(45)),
    tuple(1.0 + 0.1 * k for k in range(90)),
    tuple(1.0 + 0.05 * k for k in range(180)),
    tuple(1.0 + 0.02 * k for k in range(450)),
    tuple(1.0 + 0.01 * k for k in range(900)),
)
#: the fallback when 1-2-5 does not fit on a short axis: 1, 3, 10, 30 ...
HALF_DECADES = (1.0, 3.0)


@dataclasses.dataclass(frozen=True)
class LogTicks:
    """Positions (log10 of the values) an axis labels, and the further ones it draws only
    as grid lines; both ascending. ``decades``: the labels' step in decades (1, 2, 5 ...),
    0 when they are multiples within a decade."""

    labelled: tuple[float, ...]
    grid: tuple[float, ...]
    decades: int = 0


def decade_values(lo: float, hi: float, step: int = 1) -> list[float]:
    """Positions of the powers of ten 10ⁿ with n a multiple of ``step`` in [lo, hi]."""
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [float(n * step) for n in range(first, last + 1)]


def ladder_values(lo: float, hi: float, multiples: tuple[float, ...]) -> list[float]:
    """Positions of ``m × 10ⁿ`` for every m of ``multiples`` in [lo, hi]."""
    span = hi - lo
    values = []
    for n in range(math.floor(lo) - 1, math.ceil(hi) + 1):
        for m in multiples:
            position = n + math.log10(m)
            if lo - 1e-9 * max(1.0, span) <= position <= hi + 1e-9 * max(1.0, span):
                values.append(position)
    return sorted(values)


def fits(values: list[float], lo: float, hi: float, size: float,
         room: Callable[[float], float], overhang: tuple[float, float] = (0.0, 0.0)) -> bool:
    """Whether labels at ``values`` (sorted) leave each other room on an axis of ``size``
    pixels spanning [lo, hi], a label near an end moved inside the axis (as
    ``SpacedAxisItem.generateDrawSpecs`` moves it) but for ``overhang``: the pixels a label
    may reach past the low and the high end."""
    scale = size / (hi - lo)
    below, above = overhang
    pixels = [min(max((v - lo) * scale, room(v) / 2 - below), size - room(v) / 2 + above)
              for v in values]
    return all(q - p >= (room(a) + room(b)) / 2 - 1e-6
               for (p, a), (q, b) in zip(zip(pixels, values), zip(pixels[1:], values[1:])))


def placed(values: list[float], lo: float, hi: float, size: float,
           room: Callable[[float], float], overhang: tuple[float, float] = (0.0, 0.0)
           ) -> list[float] | None:
    """``values`` whose labels fit (``fits``), without a label at an end that, moved inside
    the axis, runs into its neighbour (the decade just above the top of 1e-8..300); None
    when labels inside the axis run together."""
    values = sorted(values)
    if fits(values, lo, hi, size, room, overhang):
        return values
    for drop in ((0,), (-1,), (0, -1)):
        kept = [v for k, v in enumerate(values) if k not in {d % len(values) for d in drop}]
        if len(values) > 2 and fits(kept, lo, hi, size, room, overhang):
            return kept
    return None


def choose_log_ticks(lo: float, hi: float, size: float, room: Callable[[float], float],
                     overhang: tuple[float, float] = (0.0, 0.0)) -> LogTicks:
    """The labels and grid lines of a log axis spanning positions [lo, hi] on ``size``
    pixels (the rules at the top of this module); ``overhang``: the pixels a label may
    reach past the low and the high end of the axis (a left axis's bottom label, into the
    empty corner under it)."""
    lo, hi = min(lo, hi), max(lo, hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo <= 0 or size <= 0:
        return LogTicks((), ())
    labelled: list[float] = []
    step = 0
    for step in DECADE_STEPS:
        values = placed(decade_values(lo, hi, step), lo, hi, size, room, overhang)
        if values is not None:
            labelled = values
            break
    decades = decade_values(lo, hi)
    if (hi - lo >= OWN_DECADES and len(labelled) >= ENOUGH) or (len(decades) > 1 and step > 1):
        # (when whole decades do not fit, nothing finer will)
        return LogTicks(tuple(labelled), tuple(v for v in decades if not near(v, labelled)),
                        step)
    chosen, finer = labelled, 0
    enough = max(ENOUGH, size / (TALL_LINES * room((lo + hi) / 2)))
    for index, multiples in enumerate(LADDERS):
        values = placed(ladder_values(lo, hi, multiples), lo, hi, size, room, overhang)
        if values is None:
            if index == 0:
                half = placed(ladder_values(lo, hi, HALF_DECADES), lo, hi, size, room,
                              overhang)
                if half is not None and len(half) > len(chosen):
                    chosen = half
                continue
            break                        # a denser ladder will not fit either
        if len(values) > len(chosen) or not chosen:
            chosen, finer = values, index + 1
        if len(chosen) >= enough:
            break
    chosen = bracketed(chosen, lo, hi, size, room, LADDERS[finer:], overhang)
    grid_ladder = LADDERS[2] if finer <= 2 else ()
    grid = ladder_values(lo, hi, grid_ladder) if grid_ladder else []
    return LogTicks(tuple(chosen), tuple(v for v in grid if not near(v, chosen)))


def near(value: float, values: list[float]) -> bool:
    """Whether ``value`` is (up to rounding) one of ``values``."""
    return any(abs(value - other) < 1e-9 for other in values)


def bracketed(values: list[float], lo: float, hi: float, size: float,
              room: Callable[[float], float],
              finer: tuple[tuple[float, ...], ...],
              overhang: tuple[float, float] = (0.0, 0.0)) -> list[float]:
    """``values`` with a label added near an end of the axis left far from its nearest
    label: the closest value there of the first of the ``finer`` ladders that fits."""
    if not values:
        return values
    values = sorted(values)
    limit = END_GAP * (hi - lo)
    for end in (lo, hi):
        nearest = values[0] if end == lo else values[-1]
        if abs(nearest - end) <= limit:
            continue
        for multiples in finer:
            between = [v for v in ladder_values(min(end, nearest), max(end, nearest),
                                                multiples) if not near(v, values)]
            between.sort(key=lambda v: abs(v - end))
            added = next((v for v in between
                          if fits(sorted(values + [v]), lo, hi, size, room, overhang)), None)
            if added is not None:
                values = sorted(values + [added])
                break
    return values


#: a colour bar's range may grow to nice values by at most this factor (in decades)
BAR_GROWTH = 1.5
#: the fewest labels a colour bar shows
BAR_LABELS = 3


def stepped_values(lo: float, hi: float, step: float) -> list[float]:
    """Positions of the values ``k × step × 10ⁿ`` (whole k, 1 ≤ k·step < 10) in decade n,
    for every decade meeting [lo, hi]: the even ladder with mantissas ``step`` apart."""
    values = []
    for n in range(math.floor(lo) - 1, math.ceil(hi) + 1):
        unit = step * 10.0 ** n
        first = max(math.ceil(10.0 ** n / unit - 1e-9), math.ceil(10.0 ** lo / unit - 1e-9))
        last = min(math.ceil(10.0 ** (n + 1) / unit - 1e-9) - 1,
                   math.floor(10.0 ** hi / unit + 1e-9))
        values.extend(math.log10(k * unit) for k in range(first, last + 1))
    return sorted(values)


def nice_log_range(lo: float, hi: float) -> tuple[float, float, list[float]]:
    """A colour bar for values ``lo..hi`` (> 0): its ends and its labels (log10 of the
    values), all of one even ladder (decades, 1-2-5, 1-3, then steps of 1, 0.5, 0.2 ...
    within each decade), the bar grown from ``lo..hi`` to the ladder's values around it by
    at most ``BAR_GROWTH`` (walker28: 11.3 / 3.43 / 1.05 / 0.319 / 0.0973 and
    2.35 / 2.01 / 1.72 / 1.47 / 1.26 were spaced evenly between the ends, not nice values;
    with the ends labelled, a flat landscape at the top of the range still lies between two
    labels: walker3 W3-34)."""
    a, b = math.log10(min(lo, hi)), math.log10(max(lo, hi))
    span = max(b - a, 1e-12)
    ladders: list[Callable[[float, float], list[float]]] = [
        lambda x, y, k=k: decade_values(x, y, k) for k in (100, 50, 20, 10, 5, 2, 1)]
    ladders += [lambda x, y, m=m: ladder_values(x, y, m) for m in (LADDERS[0], HALF_DECADES)]
    step = 1.0
    while step > 1e-7:
        ladders.append(lambda x, y, s=step: stepped_values(x, y, s))
        step = previous_step(step)
    for values_in in ladders:
        around = values_in(a - span - 1.0, b + span + 1.0)
        below = [v for v in around if v <= a + 1e-9]
        above = [v for v in around if v >= b - 1e-9]
        if not below or not above:
            continue
        start, end = below[-1], above[0]
        labels = [v for v in around if start - 1e-9 <= v <= end + 1e-9]
        if len(labels) >= BAR_LABELS and end - start <= BAR_GROWTH * span:
            return start, end, labels
    return a, b, [a, b]


def previous_step(step: float) -> float:
    """The next smaller step of the 1-2-5 series (1 -> 0.5 -> 0.2 -> 0.1 ...)."""
    exponent = math.floor(math.log10(step) + 1e-9)
    mantissa = round(step / 10.0 ** exponent)
    return {1: 0.5, 5: 2.0, 2: 1.0}.get(mantissa, 0.5) * 10.0 ** exponent
