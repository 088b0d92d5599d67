"""Small multiples of per-layer histograms (gradients, activations, weights), and the layer
slots that line up the layers of variants.

Variants in a comparison may have different layers (B adds batch normalization that A lacks),
so a layer is never looked up by one variant's index in another: ``layer_slots`` matches the
layers of all variants by name ("dense_2" of A and of B share a slot; B's
"batch_normalization" has a slot of its own) and keeps each variant's own index. Every panel
draws a variant's curves from that variant's indices, keyed ``(variant, its index)``.

One small plot per slot, wrapped into rows; in a comparison the variants that have the layer
are overlaid in their own colours, in a single run each layer keeps its layer colour.
Histograms are drawn as filled steps of the *share* of values per bin, so variants with
different probe sizes compare fairly.
"""
from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from dlstudio.gui.plots import ranges, style
from dlstudio.gui.plots.off_scale_note import WORD_JOINER
from dlstudio.training.telemetry import Histogram


@dataclass(frozen=True)
class LayerSlot:
    """One layer lined up across variants.

    ``name``: the layer's display name; ``position``: its place among all layers of all
    variants (with ``count``, how many places there are, it picks the layer's colour by
    depth, the same in every variant); ``indices``: each variant's own index of the layer
    (variants without it are absent).
    """

    name: str
    position: int
    indices: dict[str, int] = field(default_factory=dict, hash=False, compare=False)
    count: int = 1
    #: False when the variants number some layer differently (``numbers_agree``): then every
    #: slot goes by its name alone, not some with a number and some without (walker28: "1
    #: dense, 2 dense_1, 3 dropout, dense_2" after A's extra dropout)
    numbered: bool = True

    def color(self, variants: int = 1) -> str:
        """The layer's colour by depth on a page showing ``variants`` variants
        (``style.layer_color``)."""
        return style.layer_color(self.position, self.count, variants)

    def number(self) -> str:
        """The layer's number in the network, as sentences count layers ("3" for "layer 3
        (dense_2)"); "" when the variants number their layers differently."""
        places = set(self.indices.values())
        return str(places.pop() + 1) if len(places) == 1 and self.numbered else ""

    def label(self) -> str:
        """How plots name the layer: with its number, as sentences count layers ("2 dense"
        for "layer 2 (dense)", W11-2), in legends, histogram titles and layer axes alike;
        the bare name when the variants number their layers differently."""
        return f"{self.number()} {self.name}" if self.number() else self.name

    def key(self) -> tuple:
        """A hashable description (for a panel's structure key)."""
        return (self.name, self.position, self.count, tuple(sorted(self.indices.items())),
                self.numbered)


def layer_slots(store, keep: Callable[[str, int], bool] | None = None) -> list[LayerSlot]:
    """The layers of every variant of ``store`` matched by name, in network order.

    A variant's layer joins the slot of the same name, else a new slot placed after the slot
    of its predecessor. ``keep(variant, index)`` chooses which layers count (e.g. those that
    reported a histogram); slots left with no layer are dropped.
    """
    order = _slot_order(store)
    numbered = numbers_agree(store)
    slots = {key: LayerSlot(key[0], pos, {}, len(order), numbered)
             for pos, key in enumerate(order)}
    for variant in store.variants():
        for i, key in enumerate(_keyed(store, variant)):
            if keep is None or keep(variant, i):
                slots[key].indices[variant] = i
    return [slot for slot in slots.values() if slot.indices]


def _keyed(store, variant: str) -> list[tuple[str, int]]:
    """``variant``'s layers as (name, how many times the name came so far): a name used
    twice in one network stays two layers."""
    seen: dict[str, int] = {}
    out = []
    for name in store.layer_names(variant):
        seen[name] = seen.get(name, 0) + 1
        out.append((name, seen[name]))
    return out


def _slot_order(store) -> list[tuple[str, int]]:
    """Every variant's layers in network order: a layer after its predecessor's slot."""
    order: list[tuple[str, int]] = []
    for variant in store.variants():
        previous = -1
        for key in _keyed(store, variant):
            if key in order:
                previous = order.index(key)
            else:
                previous += 1
                order.insert(previous, key)
    return order


def numbers_agree(store) -> bool:
    """Whether every layer that several variants of ``store`` share has the same number in
    each (False when A has a dropout layer that B lacks, and the layers after it are
    numbered one higher in A)."""
    places: dict[tuple[str, int], set[int]] = {}
    for variant in store.variants():
        snap = store.latest(variant)
        # the layers' own indices (a finding's "layer 3" is its index + 1), else their order
        numbers = [lt.index for lt in snap.layers] if snap is not None and snap.layers \
            else range(len(store.layer_names(variant)))
        for number, key in zip(numbers, _keyed(store, variant)):
            places.setdefault(key, set()).add(number)
    return all(len(p) == 1 for p in places.values())


def layers_with(store, field: str) -> list[LayerSlot]:
    """Slots of the layers (of any variant) that reported ``field`` (a histogram name)."""
    return layer_slots(store, lambda v, i: store.latest_layer_field(v, i, field) is not None)


def series_slots(store, name: str) -> list[LayerSlot]:
    """Slots of the layers that have at least one finite point of series ``name``."""
    return layer_slots(store, lambda v, i: store.series(v, name, layer=i)[1].size > 0)


def structure_key(slots: list[LayerSlot]) -> tuple:
    return tuple(slot.key() for slot in slots)


def slot_colors(slots: list[LayerSlot], variants: int) -> dict[int, str]:
    """Slot position -> the colour of its layer's lines, by depth (``LayerSlot.color``): in a
    single run the same colour as the layer's histogram; in a comparison, whose histograms
    show variant colours, one that cannot be taken for a variant's."""
    return {slot.position: slot.color(variants) for slot in slots}


#: least number of labelled ticks on a histogram's value axis
HIST_TICKS = 3


def grid_rows(slots: list[LayerSlot], max_cols: int = 5) -> int:
    """Rows ``build_grid`` lays ``slots`` out in."""
    return -(-len(slots) // max(1, min(max_cols, len(slots)))) if slots else 0


def build_grid(panel, layout: pg.GraphicsLayout, slots: list[LayerSlot], variants: list[str],
               x_label: str, max_cols: int = 5, min_height: int = 0,
               min_data_height: int = 0
               ) -> Generator[None, None, dict[tuple[str, int], pg.PlotDataItem]]:
    """Create one plot per layer slot in ``layout``; return ``{(variant, index): curve}``
    for the variants that have the layer (``index``: that variant's own layer index).
    A generator that yields after each plot, for a panel's ``_build`` in pieces
    (``curves = yield from build_grid(...)``; see ``BasePanel.build_ahead``).

    No legend covers the small plots: in a comparison the panel's heading says which colour
    is which variant (``BasePanel.variant_key``). ``min_height``: least height of each
    plot; ``min_data_height`` instead: least height of each plot's data area, the plot
    growing by its title and axis (titles of up to three lines left a plot of
    ``min_height`` no data area at all: walker21 W21-5)."""
    curves = {}
    cols = max(1, min(max_cols, len(slots)))
    single = len(variants) == 1
    for k, slot in enumerate(slots):
        row, col = divmod(k, cols)
        plot = panel.add_plot(row, col, slot.label(), x_label, "", layout=layout, grid=False)
        if min_data_height:     # the plot's own least height follows: title, axis, data
            plot.vb.setMinimumHeight(min_data_height)
        elif min_height:
            plot.setMinimumHeight(min_height)
        plot.hideAxis("left")                 # shares per bin: the shape is what matters
        # at least HIST_TICKS labelled values: the width of a spike against its tails reads
        # off the axis ("-2e-9  0  2e-9" rather than one "0" over "(x1e-09)")
        plot.getAxis("bottom").set_tick_rules(min_labels=HIST_TICKS)
        plot.setMouseEnabled(x=True, y=False)
        for j, variant in enumerate(variants):
            if variant not in slot.indices:
                continue
            color = slot.color() if single else style.variant_color(j)
            curve = plot.plot(stepMode="center", **hist_look(panel, color, j, single))
            curve.setZValue(j)                # outlines over the filled first variant
            curve.slot_name = slot.label()
            curve.slot_plot = plot            # (a panel may retitle the layer's plot)
            curves[(variant, slot.indices[variant])] = curve
        yield
    for col in range(cols):
        layout.layout.setColumnStretchFactor(col, 1)
    return curves


#: line styles of a comparison's outlined histograms (B, C, D, ...): variants whose
#: histograms coincide (the same start, a short run) stay apart
OUTLINE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
                  Qt.PenStyle.DashDotLine)


def hist_look(panel, color, j: int, single: bool) -> dict:
    """How variant ``j``'s histogram is drawn: a single run's filled; in a comparison the
    first variant (A) filled and the others as outlines only (solid, dashed, dotted), so
    that histograms lying on each other all show (walker13 W13-2: A's was hidden under B's
    filled one). ``hist_key`` says so in a heading."""
    if single or j == 0:
        return {"fillLevel": 0, "fillOutline": True,
                "brush": style.brush(color, 70 if single else 90), "pen": panel.pen(color, 1.4)}
    return {"fillLevel": None, "brush": None,
            "pen": panel.pen(color, 2.0, style=OUTLINE_STYLES[(j - 1) % len(OUTLINE_STYLES)])}


#: how ``hist_key`` names the styles of ``hist_look`` (%1: the variant): the first variant's,
#: then the others'
_LOOK_WORDS = (QT_TRANSLATE_NOOP("BasePanel", "%1 (filled)"),
               QT_TRANSLATE_NOOP("BasePanel", "%1 (outline)"),
               QT_TRANSLATE_NOOP("BasePanel", "%1 (dashed outline)"),
               QT_TRANSLATE_NOOP("BasePanel", "%1 (dotted outline)"),
               QT_TRANSLATE_NOOP("BasePanel", "%1 (dash-dot outline)"))


def hist_key(panel, variants: list[str]) -> str:
    """Which colour and style is which variant in a comparison's histograms (HTML for a
    heading: "■ A (filled)  □ B (outline)  □ C (dashed outline)"); "" for a single run."""
    if len(variants) < 2:
        return ""
    parts = []
    for j, v in enumerate(variants):
        mark = "\u25a0" if j == 0 else "\u25a1"
        word = _LOOK_WORDS[0] if j == 0 else _LOOK_WORDS[1 + (j - 1) % len(OUTLINE_STYLES)]
        named = QCoreApplication.translate("BasePanel", word).replace(
            "%1", style.variant_label(v, panel.store))
        # one entry is never broken over two lines (walker29: zh classroom wrapped
        # "B（轮|廓）" between two characters): word joiners between its characters, a
        # no-break space after its mark
        named = WORD_JOINER.join(named.replace(" ", "\u00a0"))
        parts.append(f'<span style="color:{style.variant_color(j)}">{mark}</span>'
                     f'\u00a0{named}')
    return "  ".join(parts)


def hist_xy(hist: Histogram | None) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges (B+1,) and shares (B,) of a histogram; empty arrays when there is none."""
    if hist is None or len(hist.counts) == 0:
        return np.array([0.0, 1.0]), np.zeros(1)
    counts = np.asarray(hist.counts, np.float64)
    total = counts.sum()
    edges = np.asarray(hist.edges, np.float64)
    if not np.all(np.isfinite(edges)):
        return np.array([0.0, 1.0]), np.zeros(1)
    return edges, counts / total if total > 0 else counts


#: share of the values a trimmed histogram axis may leave out at each end (a long thin tail)
TAIL_SHARE = 0.003


def core_span(edges: np.ndarray, share: np.ndarray, tail: float = TAIL_SHARE) -> np.ndarray:
    """(2,) the value range of a histogram without its outer tails: from the first bin edge
    where more than ``tail`` of the values lie below, to the last where more than ``tail``
    lie above (all of it when the histogram is empty)."""
    total = float(np.sum(share))
    if total <= 0 or edges.size < 2:
        return np.asarray(edges[[0, -1]], np.float64)
    cum = np.concatenate([[0.0], np.cumsum(share)]) / total
    first = max(0, int(np.searchsorted(cum, tail, side="right")) - 1)
    last = min(edges.size - 1, int(np.searchsorted(cum, 1.0 - tail, side="left")))
    return np.array([edges[first], edges[max(last, first + 1)]], np.float64)


def update_grid(store, curves: dict[tuple[str, int], pg.PlotDataItem], field: str,
                trim: bool = False) -> None:
    """Push the newest histograms into ``curves``; the value axes move only in steps (a
    new x range lays out and repaints the axis, which costs more than the curve).

    ``trim``: the value axis of a histogram reaching beyond [-1, 1] (an unbounded activation)
    leaves out thin outer tails (``core_span``), so bins reaching 20 for a few large values
    still show the bulk of the values."""
    views: dict[int, tuple] = {}
    for (variant, layer), curve in curves.items():
        edges, share = hist_xy(store.latest_layer_field(variant, layer, field))
        curve.setData(edges, share)
        view = curve.getViewBox()
        if view is not None:
            # bounded activations (bins inside [-1, 1]) keep their whole range in view
            unbounded = edges[0] < -1.0 or edges[-1] > 1.0
            span = core_span(edges, share) if trim and unbounded else edges
            views.setdefault(id(view), (view, []))[1].append(span)
    for view, edges in views.values():
        ranges.apply(view, edges, [], fit_y=False, x_is_time=False)


#: work of redrawing one histogram, in plot items: its plot also rescales and relabels its
#: own axes at every new probe, which costs about as much as drawing two more curves
HIST_ITEMS = 3


def grid_jobs(store, curves: dict[tuple[str, int], pg.PlotDataItem], field: str,
              trim: bool = False) -> list:
    """Redraw pieces of a grid (see ``BasePanel._jobs``): one per layer plot, covering the
    curves of every variant in it (``HIST_ITEMS`` items per curve); ``trim``: see
    ``update_grid``."""
    by_plot: dict[str, dict] = {}
    for (variant, layer), curve in curves.items():
        by_plot.setdefault(getattr(curve, "slot_name", str(layer)), {})[(variant, layer)] = curve
    return [(f"{field}:{name}", HIST_ITEMS * len(group),
             lambda g=group: update_grid(store, g, field, trim))
            for name, group in by_plot.items()]
