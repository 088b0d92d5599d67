"""Colours, pens and fonts shared by the plot panels.

The colours are mid-tones picked to stay readable on the light theme's white and the dark
theme's near-black plot background (no pale yellow, no navy). Variants of a comparison keep
one colour each everywhere (A blue, B orange, C green, D magenta).

Layers are coloured by depth, one rule for every page (``layer_color``): a sequential map
of hues from the input (purple, violet) through teal and olive to the output (red), so
that a ladder of per-layer lines (the vanishing-gradient picture) reads by colour, first
layer to last, even from the back of a room (walker11 W11-3); neighbouring layers alternate
dark and light, so that two of ten layers side by side never read as one colour (walker13
W13-1). A layer's colour follows its place among all the layers of the run. The map always
leaves out the stretches whose hue could be taken for a compared variant's (A blue,
B orange, C green, D magenta; ``hue_apart``): orange never means "B" in one plot and a layer
in the next, and a layer keeps its colour whether the page shows one run or a comparison
(W13-6).
Background and text follow the widget's palette, so a theme switch restyles the plots.
Classroom mode draws legends and notes at twice the normal size (``legend_size``), ticks at
``font_size`` and every curve at least ``CLASSROOM_MIN_WIDTH`` pixels wide.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots import color_difference

#: qualitative palette (mid luminance: readable on white and on #1e1f22)
PALETTE = ("#3b82d6", "#f28e2b", "#3aa655", "#d6457b", "#8c6bd1", "#17a8b8",
           "#c9a227", "#e15759", "#7f8c8d", "#a0522d")
#: class colours, class k in ``CLASS_COLORS[k % 10]``: one palette for the Data dock's
#: preview and the Outcome plots (walker30: the third class was red in the one, green in
#: the other)
CLASS_COLORS = PALETTE
#: variant colours (index = order in which the variants appeared)
VARIANT_COLORS = ("#3b82d6", "#f28e2b", "#3aa655", "#d6457b", "#8c6bd1", "#17a8b8")
#: line styles when one plot must tell layers apart while colours tell variants apart
LINE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
               Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine)
#: translucent fills for "danger" bands (vanishing / exploding gradients)
BAND_VANISHING = (59, 130, 214, 45)
BAND_EXPLODING = (225, 87, 89, 45)
RULE_COLOR = "#8c8c8c"
CURSOR_COLOR = "#e0a800"           # the timeline's cursor on plots over steps


def variant_color(index: int) -> str:
    return VARIANT_COLORS[index % len(VARIANT_COLORS)]


#: in a comparison, a layer colour keeps at least this hue distance (degrees) from every
#: shown variant's colour (gold and brown read as B's orange)
HUE_APART = 25
#: colours less saturated than this (HSL, 0-255) have no hue to mistake (grey)
NEUTRAL_SATURATION = 40
#: fewest colours the layers of a comparison get (below, the hue rule gives way to one
#: that only keeps the variants' own colours out)
MIN_LAYER_COLORS = 3
#: how many variants' hues the depth map always leaves out: a layer keeps one colour in a
#: single run and in a comparison of up to this many variants (walker13 W13-6)
COMPARED_VARIANTS = 4
#: the depth map, input to output: stretches of hue no compared variant has (straight lines
#: in RGB between two mid-tones) and how many samples each gets; pink-purple to violet, teal,
#: yellow-green and olive, and a red for the output end
DEPTH_STRETCHES = ((("#b045c0", "#5f5ce0"), 30), (("#0f9aa8", "#189f7c"), 22),
                   (("#6e9c1a", "#9a9010"), 30), (("#be2e2c", "#be3430"), 8))
#: CIELAB lightness of the layers at even and at odd places: neighbouring layers differ in
#: lightness as well as hue, so that two of ten layers next to each other never read as one
#: colour on a projector (walker13 W13-1); both stay mid-tones on white and on #1e1f22
DARK_LIGHTNESS = 46.0
LIGHT_LIGHTNESS = 62.0


def hue_apart(color: str, other: str) -> bool:
    """Whether ``color`` cannot be taken for ``other``: a grey, or a hue ``HUE_APART``
    degrees or more away."""
    a, b = QColor(color), QColor(other)
    if a.hslSaturation() < NEUTRAL_SATURATION:
        return True
    d = abs(a.hslHue() - b.hslHue()) % 360
    return min(d, 360 - d) >= HUE_APART


def _depth_samples() -> list[str]:
    """The colours along the depth map's stretches, input to output."""
    out = []
    for (start, end), count in DEPTH_STRETCHES:
        a, b = QColor(start), QColor(end)
        for k in range(count):
            f = k / max(count - 1, 1)
            out.append(QColor(round(a.red() + f * (b.red() - a.red())),
                              round(a.green() + f * (b.green() - a.green())),
                              round(a.blue() + f * (b.blue() - a.blue()))).name())
    return out


# CIE 1976 L*a*b* under D65: lightness steps and colour distances as the eye sees them
_D65 = (0.95047, 1.0, 1.08883)


def _linear(v: float) -> float:
    v /= 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _encoded(v: float) -> int:
    v = 12.92 * v if v <= 0.0031308 else 1.055 * max(v, 0.0) ** (1 / 2.4) - 0.055
    return min(255, max(0, round(v * 255)))


def to_lab(color: str) -> tuple[float, float, float]:
    """``color`` in CIELAB (L* 0-100, a*, b*) under D65."""
    c = QColor(color)
    r, g, b = _linear(c.red()), _linear(c.green()), _linear(c.blue())
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, _D65))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def from_lab(lightness: float, a: float, b: float) -> str:
    """The sRGB colour (clipped into the gamut) of a CIELAB colour under D65."""
    def f_inv(t: float) -> float:
        return t ** 3 if t ** 3 > 216 / 24389 else (116 * t - 16) / (24389 / 27)

    fy = (lightness + 16) / 116
    x, y, z = (f_inv(v) * w for v, w in zip((fy + a / 500, fy, fy - b / 200), _D65))
    r = 3.2406 * x - 1.5372 * y - 0.4986 * z
    g = -0.9689 * x + 1.8758 * y + 0.0415 * z
    bl = 0.0557 * x - 0.2040 * y + 1.0570 * z
    return QColor(_encoded(r), _encoded(g), _encoded(bl)).name()


def delta_e(color: str, other: str) -> float:
    """CIE76 colour difference of two colours (about 2.3 is just noticeable; lines of
    a plot told apart from the back of a room want 15 or more)."""
    return sum((p - q) ** 2 for p, q in zip(to_lab(color), to_lab(other))) ** 0.5


def delta_e_2000(color: str, other: str) -> float:
    """CIEDE2000 colour difference of two colours (``color_difference``): unlike CIE76 it
    does not count two olives as far apart."""
    return color_difference.ciede2000(to_lab(color), to_lab(other))


_DEPTH_MAPS: dict[int, list[str]] = {}
#: the most (CIE a*b* units) a jump between two stretches of the depth map counts for in
#: ``_arc_places`` (up to twelve layers then stay 13 or more apart in CIEDE2000)
HUE_JUMP = 50.0
#: variants shown -> each depth-map colour's place along the map (0 to 1) by how far its
#: hue has travelled (``_arc_places``)
_ARC_PLACES: dict[int, list[float]] = {}


def depth_map(variants: int = 1) -> list[str]:
    """The depth map's colours, input to output, on a page showing ``variants`` variants:
    the colours that cannot be taken for any of the first ``COMPARED_VARIANTS`` variants'
    (``hue_apart``), the same for a single run and a comparison of up to that many; with
    more variants shown also without their hues, and when fewer than ``MIN_LAYER_COLORS``
    are left, at least without the variants' own colours."""
    shown = max(variants, COMPARED_VARIANTS)
    if shown not in _DEPTH_MAPS:
        samples = _depth_samples()
        taken = VARIANT_COLORS[:shown]
        colours = [c for c in samples
                   if all(hue_apart(_lightened(c, lightness), t) for t in taken
                          for lightness in (DARK_LIGHTNESS, LIGHT_LIGHTNESS))]
        if len(colours) < MIN_LAYER_COLORS:
            colours = [c for c in samples if c not in taken]
        _DEPTH_MAPS[shown] = colours
    return _DEPTH_MAPS[shown]


def layer_color(position: int, count: int, variants: int = 1) -> str:
    """The colour of the layer at ``position`` (0 = the input's end) of ``count`` layers, on
    a page showing ``variants`` variants: its place along ``depth_map(variants)`` (measured
    by hue change, ``_arc_places``) gives the hue, so that colours run in the layers' order (the first layer purple, the last red),
    and its place's parity counted from the output the lightness (``DARK_LIGHTNESS`` / ``LIGHT_LIGHTNESS``), so that
    neighbours differ in lightness too. The same colour in a single run and in a comparison
    of up to ``COMPARED_VARIANTS`` variants."""
    colours = depth_map(variants)
    position = min(max(position, 0), max(count - 1, 0))
    t = position / (count - 1) if count > 1 else 0.0
    places = _arc_places(variants)
    base = colours[min(range(len(colours)), key=lambda k: abs(places[k] - t))]
    dark = (count - 1 - position) % 2 == 0          # the output layer is always dark
    return _lightened(base, DARK_LIGHTNESS if dark else LIGHT_LIGHTNESS)


def make_depth_colors() -> None:
    """Work out the depth map's colours and places now (``depth_map``, ``_arc_places``: ~800
    colour-space conversions, 50-100 ms), at start-up's end, rather than inside the first
    layer page's build, which comes while the first run trains (issue 13)."""
    layer_color(0, 2)


def _arc_places(variants: int) -> list[float]:
    """Each colour of ``depth_map(variants)``'s place along the map, 0 (input) to 1 (output),
    in proportion to the colour change (a*, b* at one lightness) from the map's start: equal
    steps of depth are equal steps of hue as the eye sees them. Counting samples instead
    spent a third of the layers on one olive stretch (walker18 W18-2: dense_6 and dense_8,
    CIEDE2000 9 apart). A jump between two stretches counts as ``HUE_JUMP`` at most: a
    longer one would leave places in the gap that snap to the same colour on either side."""
    shown = max(variants, COMPARED_VARIANTS)
    if shown not in _ARC_PLACES:
        ab = [to_lab(_lightened(c, DARK_LIGHTNESS))[1:] for c in depth_map(variants)]
        travelled = [0.0]
        for (a0, b0), (a1, b1) in zip(ab, ab[1:]):
            step = ((a1 - a0) ** 2 + (b1 - b0) ** 2) ** 0.5
            travelled.append(travelled[-1] + min(step, HUE_JUMP))
        total = travelled[-1] or 1.0
        _ARC_PLACES[shown] = [d / total for d in travelled]
    return _ARC_PLACES[shown]


def _lightened(color: str, lightness: float) -> str:
    """``color`` with its CIELAB lightness set to ``lightness``."""
    _, a, b = to_lab(color)
    return from_lab(lightness, a, b)


def variant_label(name: str, store=None) -> str:
    """How a variant is named in legends ("" is the single run): its letter, and the short
    name ``store`` (a ``RunStore``) keeps for it ("A sigmoid", as a lesson step names it)."""
    if not name:
        return "run"
    return store.variant_label(name) if store is not None else name


def variant_title(title: str, name: str, store=None) -> str:
    """A comparison's small-multiple title for variant ``name``: "A · ``title``", its
    letter (``variant_label``) first, so it survives when a narrow plot shortens the title
    (walker33 W33-1: "到达每一层的信号 dL/dz - A" showed as "到达每..." in three columns at
    1366 wide, and no plot said which variant it was). No-break spaces keep the letter on
    the title's first line."""
    return f"{variant_label(name, store)}\u00a0\u00b7\u00a0{title}"


#: the thinnest curve classroom mode draws (pixels): thinner lines vanish on a projector
CLASSROOM_MIN_WIDTH = 3.0


def line_width(classroom: bool, base: float = 1.6) -> float:
    """A curve's width: ``base`` pixels, in classroom mode 2.2 times wider and at least
    ``CLASSROOM_MIN_WIDTH``."""
    return max(CLASSROOM_MIN_WIDTH, base * 2.2) if classroom else base


def pen(color, classroom: bool = False, base: float = 1.6, style=Qt.PenStyle.SolidLine,
        alpha: int = 255):
    c = QColor(color)
    c.setAlpha(alpha)
    return pg.mkPen(c, width=line_width(classroom, base), style=style)


#: a series with at most this many points also marks each point, so that one or two
#: probes (a short run) are visible where a line alone would draw nothing
FEW_POINTS = 12


def set_series(curve: pg.PlotDataItem, x, y, classroom: bool = False) -> None:
    """``curve.setData(x, y)``, with a marker on every point while the series is short."""
    few = 0 < len(x) <= FEW_POINTS
    if few != (curve.opts.get("symbol") is not None):
        if few:
            color = QColor(curve.opts["pen"].color()) if curve.opts.get("pen") is not None \
                else QColor("gray")
            curve.setSymbol("o")
            curve.setSymbolSize(9 if classroom else 6)
            curve.setSymbolBrush(pg.mkBrush(color))
            curve.setSymbolPen(None)
        else:
            curve.setSymbol(None)
    curve.setData(x, y)


def brush(color, alpha: int = 90):
    c = QColor(color)
    c.setAlpha(alpha)
    return pg.mkBrush(c)


#: plot text in points, normal and classroom mode: ticks and axis labels (short plots must
#: keep two labels on an axis), and legends and notes on a plot (read from the back row:
#: twice the normal size; 15 pt read to ~5 m only, W11-18)
PLOT_POINTS = 9
CLASSROOM_PLOT_POINTS = 16
CLASSROOM_LEGEND_POINTS = 18
#: plot titles and headings (points): titles carry whole sentences and several share a row,
#: so classroom mode keeps them at the size of the window's own text
TITLE_POINTS = 10
CLASSROOM_TITLE_POINTS = 16


def font_size(classroom: bool) -> int:
    """Points of a plot's ticks and axis labels."""
    return CLASSROOM_PLOT_POINTS if classroom else PLOT_POINTS


def legend_size(classroom: bool) -> int:
    """Points of a plot's legend and of the notes drawn on it."""
    return CLASSROOM_LEGEND_POINTS if classroom else PLOT_POINTS


def title_size(classroom: bool) -> int:
    """Points of a plot's title and of a heading over plots."""
    return CLASSROOM_TITLE_POINTS if classroom else TITLE_POINTS


def text_font(classroom: bool) -> QFont:
    """The font of a note drawn on a plot (``pg.TextItem``), in the mode's size: without it
    a note takes the application's font of the moment, the other mode's size right after
    classroom mode is switched (W11-17)."""
    font = QFont(QApplication.font())
    font.setPointSize(legend_size(classroom))
    return font


def theme_colors(palette: QPalette) -> dict[str, QColor]:
    """Background, foreground and grid colours taken from a widget palette."""
    bg = palette.color(QPalette.ColorRole.Base)
    fg = palette.color(QPalette.ColorRole.Text)
    grid = QColor(fg)
    grid.setAlpha(60)
    return {"background": bg, "foreground": fg, "grid": grid}


def label_fill(palette: QPalette):
    """A brush of the page's background, nearly opaque: what a label on a plot stands on,
    so that the curves passing under it do not run through its words."""
    fill = QColor(theme_colors(palette)["background"])
    fill.setAlpha(210)
    return pg.mkBrush(fill)


def style_plot(plot: pg.PlotItem, palette: QPalette, classroom: bool) -> None:
    """Apply fonts, axis colours and grid to one plot item."""
    colors = theme_colors(palette)
    size = font_size(classroom)
    tick_font = QFont()
    tick_font.setPointSize(size)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        if axis is None:
            continue
        axis.setPen(pg.mkPen(colors["foreground"]))
        axis.setTextPen(pg.mkPen(colors["foreground"]))
        axis.setTickFont(tick_font)
        axis.label.setFont(tick_font)
        if axis.labelText:
            axis.setLabel(axis.labelText, units=axis.labelUnits,
                          **{"color": colors["foreground"].name(), "font-size": f"{size}pt"})
    plot.titleLabel.setAttr("color", colors["foreground"].name())
    plot.titleLabel.setAttr("size", f"{title_size(classroom)}pt")
    if plot.titleLabel.text:
        plot.setTitle(plot.titleLabel.text)
    if plot.legend is not None:
        style_legend(plot.legend, palette, classroom)


def style_legend(legend: pg.LegendItem, palette: QPalette, classroom: bool,
                 alpha: int = 200) -> None:
    """Legend text in the theme's colour and size, on a translucent background."""
    colors = theme_colors(palette)
    size = legend_size(classroom)
    legend.setLabelTextColor(colors["foreground"])
    legend.setLabelTextSize(f"{size}pt")
    for _sample, label in legend.items:           # re-render with the new colour and size
        label.setText(label.text, color=colors["foreground"], size=f"{size}pt")
    bg = QColor(colors["background"])
    bg.setAlpha(alpha)
    legend.setBrush(pg.mkBrush(bg))


def label_html(text: str, palette: QPalette, classroom: bool, bold: bool = False) -> str:
    color = theme_colors(palette)["foreground"].name()
    weight = "bold" if bold else "normal"
    return (f'<span style="color:{color}; font-size:{title_size(classroom)}pt; '
            f'font-weight:{weight}">{text}</span>')


def live_plot_item(widget: pg.PlotWidget) -> pg.PlotItem | None:
    """``widget``'s plot item, or None once pyqtgraph has let it go (the widget was closed,
    or its scene's items were deleted with their window while the widget object lives on):
    a language change or restyle then has nothing to draw on."""
    import shiboken6

    item = widget.getPlotItem()
    if item is None or not shiboken6.isValid(item) or not shiboken6.isValid(item.getViewBox()):
        return None
    return item
