"""The Activations page's spread chart: each layer's standard deviation, by layer, on a log axis.

One pair of lines a variant: the spread of each layer's output (solid, dots) and of its
pre-activation z (dashed, triangles; joining the layers that have a z), so a signal shrinking or growing layer by layer reads at
a glance. ``layer_spread`` reads a line's values from a ``RunStore``; ``add_lines`` puts the
lines on a plot, ``draw`` gives them their values and fits the axis.

A spread of exactly 0 (every value equal: a dead layer) has no place on a log axis: an x on
the bottom edge marks it, and a note (``add_zero_note``, a ``CornerNoteItem``) says what the
x means, in the corner the lines cross least; where they cross every corner, the axis gets a
band above the lines for it (its text ran across the line of a short plot: walker28 z6_05c).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from dlstudio.gui.plots import style
from dlstudio.gui.plots.corner_note import CornerNoteItem
from dlstudio.gui.plots.multiples import LayerSlot
from dlstudio.gui.run_store import RunStore

#: the lines of a variant: the telemetry field and its line style
LINES = (("act_std", Qt.PenStyle.SolidLine), ("pre_std", Qt.PenStyle.DashLine))


def layer_spread(store: RunStore, variant: str, slots: list[LayerSlot],
                 what: str = "act_std") -> np.ndarray:
    """(len(slots),) the newest ``what`` ("act_std": output, "pre_std": pre-activation z)
    of each layer of ``slots``, NaN where ``variant`` lacks it."""
    snap = store.latest(variant)
    by_index = {lt.index: lt for lt in (snap.layers if snap is not None else ())}
    out = np.full(len(slots), np.nan)
    for k, slot in enumerate(slots):
        lt = by_index.get(slot.indices.get(variant, -1))
        value = getattr(lt, what, None) if lt is not None else None
        if value is not None and np.isfinite(value) and value >= 0:
            out[k] = float(value)
    return out


def add_lines(plot: pg.PlotItem, variants: list[str], pen: Callable, classroom: bool
              ) -> tuple[dict[tuple[str, str], pg.PlotDataItem],
                         dict[tuple[str, str], pg.ScatterPlotItem]]:
    """Every variant's two lines (``LINES``) on ``plot``, in the variant's colour, and the
    x marks of their layers whose spread is 0: ``(curves, zeros)``, both by (variant,
    field). ``pen(color, width, style=...)`` makes a pen for the page (the panel's)."""
    curves, zeros = {}, {}
    for j, variant in enumerate(variants):
        color = style.variant_color(j)
        for what, line in LINES:
            curve = plot.plot(pen=pen(color, 1.8, style=line),
                              symbol="o" if what == "act_std" else "t",
                              symbolSize=8 if classroom else 6,
                              symbolBrush=color, symbolPen=None,
                              connect="finite")
            curves[(variant, what)] = curve
            zero = pg.ScatterPlotItem(symbol="x", size=11 if classroom else 8,
                                      pen=pen(color, 1.4), brush=None)
            plot.addItem(zero, ignoreBounds=True)
            zeros[(variant, what)] = zero
    return curves, zeros


def add_zero_note(plot: pg.PlotItem, text: str, palette: QPalette) -> CornerNoteItem:
    """The hidden note ``text`` that says what an x on the bottom edge means, following
    ``plot``: in the corner the lines cross least, on the page's background (in the bottom
    left corner the line of the layers at the axis' bottom ran through it: W26-9)."""
    note = CornerNoteItem(text, style.theme_colors(palette)["foreground"],
                          style.label_fill(palette))
    note.follow(plot)
    note.hide()
    return note


def draw(plot: pg.PlotItem, curves: dict[tuple[str, str], pg.PlotDataItem],
         zeros: dict[tuple[str, str], pg.ScatterPlotItem], note: CornerNoteItem,
         spread: Callable[[str, str], np.ndarray], layers: int) -> None:
    """Give the ``curves`` of ``layers`` layers their values (``spread(variant, field)``,
    shape (layers,)), mark the zeros on the bottom edge, show the ``note`` when there are
    any, and fit the log axis to the values (with room for the note)."""
    x = np.arange(layers, dtype=np.float64)
    values, zero_x = [], {}
    for (variant, what), curve in curves.items():
        y = spread(variant, what)
        xs = x
        if what != "act_std":
            # only some layers have a z (Dense, Conv2D: not pooling, flatten or dropout):
            # the dashed line joins those that do, over those that have none; lone
            # triangles drew no dashed line in a convnet (walker32 P2)
            has = ~np.isnan(y)
            xs, y = x[has], y[has]
        zero_x[(variant, what)] = xs[y == 0]
        y[y <= 0] = np.nan                           # no place on a log axis
        curve.setData(xs, y)
        values.append((xs, y))
    finite = np.concatenate([y for _, y in values]) if values else np.zeros(0)
    finite = finite[np.isfinite(finite)]
    lo, hi = ((math.log10(finite.min()), math.log10(finite.max())) if finite.size
              else (-1.0, 1.0))
    pad = max(0.15, 0.08 * (hi - lo))
    plot.setYRange(lo - pad, hi + pad, padding=0)
    bottom = lo - 0.6 * pad                          # just above the axis
    for key, xs in zero_x.items():
        zeros[key].setData(xs, np.full(xs.size, bottom))
    shown = [xs for xs in zero_x.values() if xs.size]
    note.setVisible(bool(shown))
    if shown:
        note.set_curves([(xs, np.log10(y)) for xs, y in values] + [
            (xs, np.full(xs.size, bottom)) for xs in shown])
        height = plot.getViewBox().height()
        need = note.room()
        if note.crossed and 0 < need < 0.5 * height:
            # lines cross every corner: a band above the curves for the note
            span = (hi + pad - (lo - pad)) / (1.0 - need / height)
            plot.setYRange(lo - pad, lo - pad + span, padding=0)
            note.place()
