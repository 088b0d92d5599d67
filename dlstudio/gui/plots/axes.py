"""Axes whose tick labels never run together.

pyqtgraph picks the major tick spacing from the axis length alone and always draws the
major labels, so on a small plot or with a large (classroom) font "500" and "1000" print
over each other ("5001000"). ``SpacedAxisItem`` widens the major spacing (1-2-5 steps)
until the widest label, in the axis's own tick font, fits between two ticks with a gap.
``spaced_axes()`` gives the ``axisItems`` for ``addPlot``/``PlotWidget``.

Two rules an axis can add (``set_tick_rules``):

- ``integer``: ticks at whole numbers only, for an axis of training steps (a run that stopped
  after one step spans 0..2: ticks 0, 1, 2, never 0.2, 0.4 ...);
- ``min_labels``: at least this many labelled ticks on the axis, in a compact notation
  ("-0.05", "0", "0.05"; "-2×10⁻⁹", "0", "2×10⁻⁹" for tiny values, never a separate
  "(x0.001)" scale): a histogram's value axis, where the width of a spike next to its tails must be
  readable. The spacing shrinks below the comfortable one when it has to; a label at an end
  that would stick out of the axis is moved inside it (pyqtgraph would hide it), and labels
  that would then touch are thinned, "0" and the outermost ones kept first.

Every axis writes a tiny or huge tick with a power of ten (:func:`power_text`, "−2 × 10⁷",
"10⁻⁶"), as the log axes and the messages do: pyqtgraph's "4e+07" and the compact "-2e7"
beside a log axis's "10⁷" read as two kinds of number (walker25 W25-5: the weights page after
a diverged run).
"""
from __future__ import annotations

import math

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from dlstudio.messages.numbers import math_number

#: free space between two labels, in widths of an average character
GAP_CHARS = 1.5
#: most spacings tried before giving up (each step is x2 or x2.5)
MAX_WIDENINGS = 12
#: pixels a label at an end of a ``min_labels`` axis may reach past it before it is moved in
END_ROOM = 80
#: how far (in average characters) the label of a step axis's end tick may reach past the
#: axis before it is moved in; pyqtgraph drops such a label (with the grid on, it also
#: ignores ``hideOverlappingLabels``): zh classroom lost "200" of a 204-step run, W16-7
STEP_END_REACH_CHARS = 2.5
#: how far (in line heights) the label of a vertical axis's end tick may reach past the axis
#: before it is moved in: a tick at (or a few pixels from) an end has half its label outside,
#: and pyqtgraph dropped it - the accuracy axis lost "1.0" under a curve at 0.98 (W17-17), a
#: small learning-rate plot kept one label of three (W16-15)
VERTICAL_END_REACH_LINES = 0.6
#: line heights between two labels of a vertical axis; a log axis's decades ("1", "0.1",
#: "0.01") may sit one line apart: pyqtgraph draws a label 0.8 line tall, so they still keep
#: a gap, and at 1.15 the short learning-rate plot of lesson 08 in zh classroom labelled only
#: every second decade of lines at 3, 0.05 and 0.0005 (walker16 W16-15)
VERTICAL_LABEL_LINES = 1.15
LOG_VERTICAL_LABEL_LINES = 1.0
#: a log axis spanning this many decades or more labels every 1, 2, 5, ... decades
#: (``SpacedAxisItem._decade_levels``); a shorter one keeps pyqtgraph's levels and multiples
LOG_OWN_LEVELS = 3.0
LOG_DECADE_STEPS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
#: which multiples of a power of ten a short log axis labels first
LOG_LABEL_ORDER = (1, 2, 5, 3, 4, 6, 7, 8, 9)
#: every log axis labels values from this small to below this large as plain numbers
#: ("0.01", "0.3", "30", "500"), the others as powers of ten ("10⁻³", "2 × 10⁻⁵", "10³"):
#: the range the layer badges write plainly (``diagnosis.readable_ratio``). One rule for
#: every axis: "0.0001" on one axis beside "10⁻⁶" on another (or on the same one) read as
#: two kinds of number (fix44)
LOG_PLAIN = (0.01, 1000.0)


def previous_nice(spacing: float) -> float:
    """The next smaller spacing of the 1-2-5 series (1 -> 0.5 -> 0.2 -> 0.1 ...)."""
    exponent = math.floor(math.log10(spacing))
    base = 10.0 ** exponent
    mantissa = spacing / base
    for step in (5.0, 2.0, 1.0):
        if mantissa > step * 1.001:
            return step * base
    return 0.5 * base


def log_tick_text(value: float, digits: int = 1) -> str:
    """How every log axis writes a tick at ``value`` (> 0), rounded to ``digits``
    significant digits: plainly inside ``LOG_PLAIN`` ("0.05", "1", "200"), else with a power
    of ten as ``messages.numbers`` writes it ("10⁻⁶", "2 × 10⁻⁵", "1.5 × 10⁴")."""
    if not (value > 0 and math.isfinite(value)):
        return f"{value:g}"
    digits = max(1, int(digits))
    rounded = float(f"{value:.{digits - 1}e}")
    if LOG_PLAIN[0] <= rounded < LOG_PLAIN[1]:
        decimals = max(0, digits - 1 - math.floor(math.log10(rounded)))
        return f"{rounded:.{decimals}f}".rstrip("0").rstrip(".") if decimals else \
            f"{rounded:.0f}"
    return power_text(rounded, digits)


def power_text(value: float, digits: int = 3) -> str:
    """``value`` with a power of ten as ``messages.numbers`` writes it, its mantissa rounded
    to ``digits`` significant digits: "10⁷", "−2 × 10⁷", "2.5 × 10⁻⁶" (the rule of every
    axis's tiny and huge ticks, linear or log)."""
    mantissa, exponent = f"{value:.{max(1, int(digits)) - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return math_number(f"{mantissa}e{int(exponent)}")


def compact_number(value: float, spacing: float) -> str:
    """``value``, a tick ``spacing`` apart from its neighbours, in few characters: decimals
    enough for the spacing ("0.05", "-0.10", "3"), or for tiny or huge spacings with a power
    of ten (:func:`power_text`, without the spaces around its "×" and with the narrow
    minus of the other ticks ("-0.05"), which a narrow histogram in classroom type has no
    room for: "-2×10⁻⁹", "10⁷")."""
    if spacing <= 0 or not math.isfinite(spacing) or not math.isfinite(value):
        return f"{value:g}"
    if abs(value) < 1e-6 * spacing:
        return "0"
    if 1e-3 <= spacing < 1e4 and abs(value) < 1e5:
        decimals = max(0, math.ceil(-math.log10(spacing) - 1e-9))
        return f"{value:.{decimals}f}"
    return power_text(value, 3).replace(" × ", "×").replace("\u2212", "-")


def ticks_between(spacing: float, low: float, high: float) -> int:
    """How many multiples of ``spacing`` lie between ``low`` and ``high``."""
    low, high = min(low, high), max(low, high)
    if spacing <= 0 or not (math.isfinite(low) and math.isfinite(high)):
        return 0
    return max(0, math.floor(high / spacing + 1e-9) - math.ceil(low / spacing - 1e-9) + 1)


def next_nice(spacing: float) -> float:
    """The next larger spacing of the 1-2-5 series (0.1 -> 0.2 -> 0.5 -> 1 -> 2 ...)."""
    exponent = math.floor(math.log10(spacing))
    base = 10.0 ** exponent
    mantissa = spacing / base
    for step in (2.0, 5.0, 10.0):
        if mantissa < step * 0.999:
            return step * base
    return 20.0 * base


class SpacedAxisItem(pg.AxisItem):
    """An ``AxisItem`` whose major ticks are spaced for their labels to fit."""

    #: ticks at whole numbers only (``set_tick_rules``)
    integer = False
    #: at least this many labelled ticks inside the axis, compact labels (0: no rule)
    min_labels = 0
    #: a horizontal axis keeps the label of a tick near an end, moved inside the axis
    #: (as a step axis does; ``set_tick_rules``)
    end_labels = False

    def set_tick_rules(self, integer: bool = False, min_labels: int = 0,
                       end_labels: bool = False) -> None:
        """Ticks at whole numbers only (an axis of steps), and/or at least ``min_labels``
        labelled ticks in a compact notation (a histogram's value axis); ``end_labels``:
        a horizontal axis keeps the label of a tick near an end (the search scatter's
        "0.0001" a few pixels from the axis's start, in classroom mode twice as wide as
        that: walker18 W18-4), as an axis of steps does."""
        self.integer = bool(integer)
        self.min_labels = int(min_labels)
        self.end_labels = bool(end_labels)
        if min_labels:
            self.enableAutoSIPrefix(False)       # the labels carry their own scale
            # labels at the ends may reach past the axis: generateDrawSpecs moves them in
            self.setStyle(hideOverlappingLabels=END_ROOM)
        self.picture = None
        self.update()

    #: while pyqtgraph lays out the labels: how far past the axis ends a label may reach
    #: (pixels) before it is dropped (``boundingRect``)
    label_reach = 0.0
    #: ``room_below`` as of the last layout of the labels (``generateDrawSpecs``): the
    #: bounding rect reaches that far below a vertical axis, so that the label is not clipped
    #: (measured there, not in ``boundingRect``, which Qt also calls while tearing down)
    below = 0.0

    def boundingRect(self):  # noqa: N802 (Qt's name)
        rect = super().boundingRect()
        if self.label_reach and self.orientation in ("top", "bottom"):
            rect = rect.adjusted(-self.label_reach, 0, self.label_reach, 0)
        elif self.label_reach:
            rect = rect.adjusted(0, -self.label_reach, 0, self.label_reach)
        if self.below:   # where the label at the foot may be drawn (not clipped)
            rect = rect.adjusted(0, 0, 0, max(0.0, self.below - self.label_reach))
        return rect

    def room_below(self) -> float:
        """How far (pixels) the label of a vertical axis's bottom tick may reach below the
        axis: half a line when its plot shows an x axis, whose labels start right of the
        corner under this axis (empty). Moved up inside the axis instead, the "0" of a
        linear learning-rate axis sat half a line above its tick and pushed out the label
        above it ("0.0004 _ 0": walker19 W19-2)."""
        if self.orientation not in ("left", "right"):
            return 0.0
        plot = self.parentItem()
        if not isinstance(plot, pg.PlotItem) or not shiboken6.isValid(plot):
            return 0.0
        bottom = plot.axes.get("bottom", {}).get("item")
        if bottom is None or not shiboken6.isValid(bottom) or not bottom.isVisible():
            return 0.0
        return 0.5 * self._metrics().height() + 1.0

    def generateDrawSpecs(self, p):  # noqa: N802 (pyqtgraph's name)
        """As pyqtgraph's; with ``min_labels``, or on a horizontal axis of whole steps, a
        label sticking out at (or reaching within half a character of) an end of a
        horizontal axis is moved inside it; on a vertical axis, a label sticking out at an
        end by up to about half a line (its tick at or near the end) is moved inside it.
        Labels that then touch are thinned ("0" first, then the outermost, then the rest
        in order)."""
        horizontal = self.orientation in ("top", "bottom")
        self.below = self.room_below()
        steps = horizontal and (self.integer or self.end_labels) and not self.min_labels
        if steps:    # keep an end label that sticks out a little: moved in below
            self.label_reach = STEP_END_REACH_CHARS * self._metrics().averageCharWidth()
        elif not horizontal:
            self.label_reach = VERTICAL_END_REACH_LINES * self._metrics().height()
        try:
            specs = super().generateDrawSpecs(p)
        finally:
            self.label_reach = 0.0
        if specs is None or (horizontal and not (self.min_labels or steps)):
            return specs
        axis_spec, tick_specs, text_specs = specs
        if horizontal:
            gap = 0.5 * self._metrics().averageCharWidth()
            # a little in from the ends: the next small plot's first label starts right there
            bounds = self.mapRectFromParent(self.geometry()).adjusted(gap, 0, -gap, 0)
            spread = (-gap, 0, gap, 0)
        else:
            gap = 0.1 * self._metrics().height()
            bounds = self.mapRectFromParent(self.geometry()).adjusted(0, 0, 0, self.below)
            spread = (0, -gap, 0, gap)
        moved = []
        for rect, flags, text in text_specs:
            rect = QRectF(rect)
            if horizontal:
                if rect.left() < bounds.left():
                    rect.moveLeft(bounds.left())
                if rect.right() > bounds.right():
                    rect.moveRight(bounds.right())
            else:
                if rect.top() < bounds.top():
                    rect.moveTop(bounds.top())
                if rect.bottom() > bounds.bottom():
                    rect.moveBottom(bounds.bottom())
            moved.append((rect, flags, text))
        order = sorted(range(len(moved)), key=lambda k: (
            0 if moved[k][2] == "0" else 1 if k in (0, len(moved) - 1) else 2, k))
        kept: list[int] = []
        for k in order:
            rect = moved[k][0].adjusted(*spread)
            if not any(rect.intersects(moved[j][0]) for j in kept):
                kept.append(k)
        return axis_spec, tick_specs, [moved[k] for k in sorted(kept)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        if self.min_labels and not self.logMode:
            return [compact_number(v * scale, spacing) for v in values]
        # a tick at 0 computed as start + k * spacing can come out as 5e-17
        values = [0.0 if spacing and abs(v * scale) < 1e-9 * spacing else v for v in values]
        strings = super().tickStrings(values, scale, spacing)
        if not self.logMode and any("e" in text for text in strings):  # "4e+07", "1e-05"
            return ["0" if v == 0 else power_text(v * scale, 3) for v in values]
        return strings

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        """Every tick as ``log_tick_text`` writes it: values of everyday size as plain
        numbers (pyqtgraph's "%0.1g" turned 10 into "10¹" next to "3" and "0.3": walker17
        W17-15, lesson 01's spread plot), the others as powers of ten ("10⁻⁶", never
        "0.0001" on one axis and "10⁻⁶" on the next)."""
        return [log_tick_text(10.0 ** float(value) * scale) for value in values]

    def _metrics(self) -> QFontMetricsF:
        font = self.style.get("tickFont") or QApplication.font()
        return QFontMetricsF(font)

    def label_room(self, spacing: float, low: float, high: float, size: float) -> bool:
        """Whether labels ``spacing`` apart fit on an axis of ``size`` pixels."""
        span = abs(high - low)
        if span <= 0 or size <= 0:
            return True
        pixels = spacing / span * size
        fm = self._metrics()
        if self.orientation in ("left", "right"):
            lines = LOG_VERTICAL_LABEL_LINES if self.logMode else VERTICAL_LABEL_LINES
            return pixels >= fm.height() * lines
        first = math.ceil(min(low, high) / spacing) * spacing
        values = [first + k * spacing for k in range(int(span / spacing) + 1)] or [low]
        try:
            strings = self.tickStrings(values, self.autoSIPrefixScale * self.scale, spacing)
        except Exception:   # an unusual axis (dates, custom formats): measure the ends
            strings = [f"{low:g}", f"{high:g}"]
        widest = max((fm.horizontalAdvance(s) for s in strings if s), default=0.0)
        return pixels >= widest + GAP_CHARS * fm.averageCharWidth()

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802
        if self.logMode and self._tickSpacing is None:
            decades = self._decade_levels(minVal, maxVal, size)
            if decades is not None:
                return decades
        levels = self._spaced_levels(minVal, maxVal, size)
        if self._tickSpacing is not None or not levels or self.logMode:
            return levels
        if self.integer:           # whole steps: no level finer than 1
            levels = [(s, o) for s, o in levels if s >= 1.0 - 1e-9] or [(1.0, 0.0)]
        if self.min_labels:
            spacing = levels[0][0]
            for _ in range(MAX_WIDENINGS):
                if ticks_between(spacing, minVal, maxVal) >= self.min_labels:
                    break
                smaller = previous_nice(spacing)
                if self.integer and smaller < 1.0:
                    break
                spacing = smaller
            if spacing != levels[0][0]:
                levels = [(spacing, 0.0)]
        return levels

    def _decade_levels(self, minVal: float, maxVal: float, size: float):  # noqa: N803
        """On a log axis spanning ``LOG_OWN_LEVELS`` decades or more: a label every 1, 2, 5,
        10, ... decades, the closest that fit, and a grid line at every decade. pyqtgraph's
        own choice, which the labels could only widen, labelled 10⁻⁵ and 1 alone on the
        pre-flight page's 12 decades at classroom size, where labels fit every 2 decades and
        the lesson asks for "about 10⁻⁸" (walker26 W26-10). None on a shorter axis."""
        if abs(maxVal - minVal) < LOG_OWN_LEVELS or size <= 0:
            return None
        for major in LOG_DECADE_STEPS:
            if self.label_room(major, minVal, maxVal, size):
                break
        return [(major, 0.0)] + ([(1.0, 0.0)] if major > 1 else [])

    def _spaced_levels(self, minVal: float, maxVal: float, size: float):  # noqa: N803
        """pyqtgraph's levels with the major spacing widened until the labels fit."""
        levels = super().tickSpacing(minVal, maxVal, size)
        if self._tickSpacing is not None or not levels:
            return levels
        major = levels[0][0]
        wider = major
        low, high = min(minVal, maxVal), max(minVal, maxVal)

        def inner_ticks(spacing: float) -> int:
            """Ticks after the axis' start (a tick at the very start has no left neighbour)."""
            return math.floor(high / spacing) - math.floor(low / spacing)

        for _ in range(MAX_WIDENINGS):
            if self.label_room(wider, minVal, maxVal, size) or inner_ticks(wider) <= 1:
                break               # labels fit, or a single label has nothing to run into
            wider = next_nice(wider)
        if wider == major:
            return levels
        # the old major ticks become the minor ones (unlabelled when crowded)
        return [(wider, 0)] + [(spacing, offset) for spacing, offset in levels if
                               spacing < wider][:1]


    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802
        """As pyqtgraph's, but a horizontal axis too short for any major label inside it
        (pyqtgraph hides labels that stick out at the ends) gets one round value near its
        middle, so it always shows a number."""
        levels = super().tickValues(minVal, maxVal, size)
        if (not levels or self.orientation not in ("top", "bottom") or size <= 0
                or maxVal <= minVal or self.min_labels):
            return levels
        spacing, values = levels[0]
        if any(self.label_inside(v, spacing, minVal, maxVal, size) for v in values):
            return levels
        span = maxVal - minVal
        unit = 10.0 ** math.floor(math.log10(span))
        middle = (minVal + maxVal) / 2
        for step in (unit, unit / 2, unit / 5, unit / 10):
            if self.integer and step < 1.0:
                step = 1.0
            value = round(middle / step) * step
            if self.label_inside(value, step, minVal, maxVal, size):
                return [(spacing, [value])] + list(levels[1:])
        return levels

    def logTickValues(self, minVal: float, maxVal: float, size: float, stdTicks):  # noqa: N802
        """As pyqtgraph's, but without labels on top of each other.

        On a log axis spanning less than about two decades pyqtgraph adds every 1..9 multiple
        as a level that is always labelled; near the top of a decade those ticks are a few
        pixels apart and their labels overprint ("0.8 0.9 1" as one smudge). Keep the
        multiples whose labels fit beside the ones already kept, 1 first, then 2 and 5, then
        the others."""
        levels = super().logTickValues(minVal, maxVal, size, stdTicks)
        if not levels or levels[-1][0] is not None or size <= 0 or maxVal <= minVal:
            return levels
        multiples = levels[-1][1]
        fm = self._metrics()
        vertical = self.orientation in ("left", "right")

        def room(value: float) -> float:
            """Pixels the label of ``value`` needs along the axis (with a gap)."""
            if vertical:
                return fm.height() * LOG_VERTICAL_LABEL_LINES
            text = self.logTickStrings([value], 1.0, 1.0)[0]
            return fm.horizontalAdvance(text) + GAP_CHARS * fm.averageCharWidth()

        def pixel(value: float) -> float:
            return (value - minVal) / (maxVal - minVal) * size

        def rank(value: float) -> int:
            digit = int(round(10.0 ** (value - math.floor(value)))) % 10 or 1
            return LOG_LABEL_ORDER.index(digit)

        kept = [v for _, values in levels[:-1] for v in values]
        chosen: list[float] = []
        for value in sorted(multiples, key=rank):
            if all(abs(pixel(value) - pixel(other)) >= room(value)
                   for other in kept + chosen):
                chosen.append(value)
        return levels[:-1] + [(None, sorted(chosen))]

    def label_inside(self, value: float, spacing: float, low: float, high: float,
                     size: float) -> bool:
        """Whether the label of tick ``value`` lies wholly inside an axis of ``size`` px."""
        try:
            text = self.tickStrings([value], self.autoSIPrefixScale * self.scale, spacing)[0]
        except Exception:
            text = f"{value:g}"
        half = self._metrics().horizontalAdvance(text) / 2
        x = (value - low) / (high - low) * size
        return x - half >= 0 and x + half <= size


class PercentAxisItem(SpacedAxisItem):
    """A ``SpacedAxisItem`` over shares in [0, 1] that labels them in percent ("0", "20" ...
    "100"; "95", "96" ... when zoomed), the way the tables beside a plot write accuracies
    ("98.2%"), while the data stay shares."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        if self.logMode:
            return super().tickStrings(values, scale, spacing)
        return [compact_number(100.0 * v * scale, 100.0 * spacing * scale) for v in values]


def spaced_axes(integer_x: bool = False) -> dict[str, SpacedAxisItem]:
    """``axisItems`` for a plot: left and bottom axes that keep their labels apart;
    ``integer_x``: the bottom axis counts steps (ticks at whole numbers only)."""
    bottom = SpacedAxisItem("bottom")
    if integer_x:
        bottom.set_tick_rules(integer=True)
    return {"left": SpacedAxisItem("left"), "bottom": bottom}


def thinned_labels(axis: pg.AxisItem, labels: list[str]) -> list[tuple[float, str]]:
    """Ticks at 0, 1, 2... with ``labels``; when they do not fit side by side on the axis's
    present width, every second (third...) one, so that labels never run together. Gives a
    bottom axis the height its multi-line labels need."""
    fm = QFontMetricsF(axis.style.get("tickFont") or QApplication.font())
    every = 1
    if labels:
        widest = max(fm.horizontalAdvance(line) for text in labels for line in text.split("\n"))
        per_label = axis.width() / max(1, len(labels))
        if per_label > 0:
            every = max(1, math.ceil((widest + fm.averageCharWidth() * GAP_CHARS) / per_label))
    lines = max((text.count("\n") + 1 for text in labels), default=1)
    height = int(lines * fm.lineSpacing() + 12)
    if axis.orientation in ("bottom", "top") and int(axis.height()) != height:
        axis.setHeight(height)
    return [(pos, text) for pos, text in enumerate(labels) if pos % every == 0]


def set_category_labels(axis: pg.AxisItem, labels: list[str],
                        short: list[str] | None = None) -> None:
    """Label the positions 0, 1, 2... of ``axis`` (layers, classes) with ``labels``, thinned
    to fit now and again whenever the axis changes size (a dock opened beside the plot).

    ``short`` (e.g. the layers' numbers) replaces ``labels`` when these would have to be
    thinned but the short ones fit more of the positions: 24 BN/activation layers named only
    two of their points (W11-20); the names then go to the axis's tooltip."""
    axis.category_labels = list(labels)
    axis.category_short = list(short) if short is not None and len(short) == len(labels) \
        else None
    if not getattr(axis, "category_thinning", False):
        axis.category_thinning = True
        axis.geometryChanged.connect(lambda axis=axis: _apply_category_labels(axis))
    _apply_category_labels(axis)


def _apply_category_labels(axis: pg.AxisItem) -> None:
    if not shiboken6.isValid(axis):      # a rebuilt page deleted it while a resize was due
        return
    ticks = thinned_labels(axis, axis.category_labels)
    short = getattr(axis, "category_short", None)
    named = len(ticks) == len(axis.category_labels)
    if short is not None and not named:
        numbered = thinned_labels(axis, short)
        if len(numbered) > len(ticks):
            ticks = numbered
            named = False
        else:
            named = True
    axis.setToolTip("" if named or short is None else "\n".join(
        f"{s}: {name}" for s, name in zip(short, axis.category_labels)))
    if getattr(axis, "category_ticks", None) != ticks:      # no relayout loop
        axis.category_ticks = ticks
        axis.setTicks([ticks])
