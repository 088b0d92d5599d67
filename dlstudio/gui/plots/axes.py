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

A log axis labels the values ``log_ticks.choose_log_ticks`` picks (every decade when they fit;
an even ladder such as 1-2-5 on a short axis, with labels near both ends) and writes them in
one notation (``tick_text.log_axis_texts``); numbers are written as ``tick_text`` says.
"""
from __future__ import annotations

import math

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots.char_width import char_width
from dlstudio.gui.plots.log_ticks import choose_log_ticks
from dlstudio.gui.plots.tick_text import compact_number, grouped, log_axis_texts, power_text

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
#: line heights two labels of a vertical axis keep between their centres when labels moved
#: in at the ends are thinned: less than the spacings above, so that no label the ticks
#: were spaced for is dropped
VERTICAL_THIN_LINES = 0.9
#: the height pyqtgraph gives a tick label, in lines of its font (``generateDrawSpecs``
#: shrinks the font's bounding rectangle to 0.8): a label moved inside a vertical axis at an
#: end has its centre this much less half a line from the end (fix68's list: a 16 pt Noto Sans
#: CJK "10⁻²" counted a line tall was dropped 1.7 px from "5 × 10⁻³" at 0.0009..0.012)
DRAWN_LABEL_LINES = 0.8
#: the spacing a log axis passes for its level of unlabelled grid lines (``tickValues``)
GRID_ONLY = -1.0


def previous_nice(spacing: float) -> float:
    """The next smaller spacing of the 1-2-5 series (1 -> 0.5 -> 0.2 -> 0.1 ...)."""
    exponent = math.floor(math.log10(spacing))
    base = 10.0 ** exponent
    mantissa = spacing / base
    for step in (5.0, 2.0, 1.0):
        if mantissa > step * 1.001:
            return step * base
    return 0.5 * base


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
            self.label_reach = STEP_END_REACH_CHARS * char_width(self._metrics())
        elif not horizontal:
            self.label_reach = VERTICAL_END_REACH_LINES * self._metrics().height()
        try:
            specs = super().generateDrawSpecs(p)
        finally:
            self.label_reach = 0.0
        if specs is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        text_specs = [spec for spec in text_specs if spec[2]]   # a log axis's grid lines
        if horizontal and not (self.min_labels or steps):
            return axis_spec, tick_specs, text_specs
        if horizontal:
            gap = 0.5 * char_width(self._metrics())
            # a little in from the ends: the next small plot's first label starts right there
            bounds = self.mapRectFromParent(self.geometry()).adjusted(gap, 0, -gap, 0)
            spread = (-gap, 0, gap, 0)
        else:
            bounds = self.mapRectFromParent(self.geometry()).adjusted(0, 0, 0, self.below)
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
        if horizontal:
            def clash(k: int, j: int) -> bool:
                return moved[k][0].adjusted(*spread).intersects(moved[j][0])
        else:
            # centres at least VERTICAL_THIN_LINES apart: a label's own rectangle is as
            # tall as its glyphs, and "10³" (taller, from a fallback font) touched "100"
            # one line below, which was dropped though the ticks were spaced for both
            # (walker27 W27-6: a decade left unlabelled)
            least = VERTICAL_THIN_LINES * self._metrics().height()

            def clash(k: int, j: int) -> bool:
                return abs(moved[k][0].center().y() - moved[j][0].center().y()) < least
        kept: list[int] = []
        for k in order:
            if not any(clash(k, j) for j in kept):
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
        return [grouped(text) for text in strings]

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        """The labels of a log axis (``tickValues``: one level of labels, one of grid lines
        without labels), in one notation (``tick_text.log_axis_texts``): "0.01", "0.1", "1"
        or "10⁻⁴", "10⁻³", "10⁻²", never "0.01" beside "5 × 10⁻³"."""
        if spacing == GRID_ONLY:
            return [""] * len(values)
        return log_axis_texts([10.0 ** float(value) * scale for value in values])

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
        return pixels >= widest + GAP_CHARS * char_width(fm)

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802
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
        middle, so it always shows a number. A log axis labels what
        ``log_ticks.choose_log_ticks`` picks (a level of labels, then one of grid lines
        without labels: ``GRID_ONLY``)."""
        if self.logMode and self._tickSpacing is None:
            return self.log_levels(minVal, maxVal, size)
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

    def log_levels(self, minVal: float, maxVal: float, size: float):  # noqa: N803
        """pyqtgraph's tick levels of a log axis over positions minVal..maxVal (log10) on
        ``size`` pixels: the labelled values, then the grid lines without labels."""
        fm = self._metrics()
        free = 0.0
        if self.orientation in ("left", "right"):
            line = fm.height() * LOG_VERTICAL_LABEL_LINES
            # a label at an end is drawn DRAWN_LABEL_LINES tall inside the axis
            free = 0.5 * (1.0 - DRAWN_LABEL_LINES) * fm.height()

            def room(position: float) -> float:
                return line
        else:
            gap = GAP_CHARS * char_width(fm)

            def room(position: float) -> float:   # the wider notation, to be safe
                return fm.horizontalAdvance(power_text(10.0 ** position, 2)) + gap
        # the bottom label of a left axis may reach into the corner under it
        ticks = choose_log_ticks(minVal, maxVal, size, room,
                                 (self.room_below() + free, free))
        return [(float(ticks.decades or 1), list(ticks.labelled)),
                (GRID_ONLY, list(ticks.grid))]

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
