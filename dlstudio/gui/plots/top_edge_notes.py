"""The notes at the top edge of the convergence panel's loss plot, one or two per variant.

- Exploded: a variant whose loss exploded (diverged) is left off the top of the linear loss
  axis so the others stay readable (``ranges.exploded_cap``); its note names it and its
  largest loss, from the first point off the scale.
- Penalty: with L1/L2 weight penalties the training loss is drawn without them, like the
  validation loss (with them it was ten times the validation loss in lesson 10: walker14
  W14-14); its note, right-aligned, names the penalty and its latest value.

A redraw writes the notes (``write``: their texts, and which are shown), then the legend is
placed around the shown ones (``loss_legend``), then the notes are placed once (``place``):
at the top edge, below the legend where it covers them. Placed before the legend had moved,
a note went below where the legend stood and stayed there (10/2 at 1366x768).
The texts are the panel's (translation context ``ConvergencePanel``).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont

from dlstudio.gui.plots import style
from dlstudio.gui.plots.off_scale_note import OffScaleNoteItem
from dlstudio.messages.numbers import math_number

#: above the curves: a note on the page's background hides the curves under it (the loss
#: line that shot up ran through "off the scale (diverged)": walker26 W26-9), those of a
#: variant added after it too
NOTE_Z = 20


class TopEdgeNotes:
    """Each variant's exploded and penalty notes on one loss plot (see the module
    docstring); ``exploded`` and ``penalty`` map a variant to its note."""

    def __init__(self) -> None:
        self.exploded: dict[str, OffScaleNoteItem] = {}
        self.penalty: dict[str, OffScaleNoteItem] = {}
        #: where ``place`` puts the notes ``write`` showed: (note, x or None for the right
        #: edge, row)
        self._spots: list[tuple[OffScaleNoteItem, float | None, int]] = []

    def add(self, plot: pg.PlotItem, variant: str, color: str, font: QFont,
            fill: Any) -> None:
        """``variant``'s two notes in ``color`` and ``font`` on ``plot``, hidden, on ``fill``
        (the page's background) above the curves: the loss that exploded rises through the
        top edge right where its note starts."""
        for notes in (self.exploded, self.penalty):
            note = OffScaleNoteItem(color, font, fill)
            note.setZValue(NOTE_Z)
            plot.addItem(note, ignoreBounds=True)
            notes[variant] = note

    def notes(self) -> list[OffScaleNoteItem]:
        """Every note, shown or not (exploded ones first)."""
        return [*self.exploded.values(), *self.penalty.values()]

    def shown(self) -> list[OffScaleNoteItem]:
        """The notes shown now (none of a plot being destroyed)."""
        return [n for n in self.notes() if shiboken6.isValid(n) and n.isVisible()]

    def write(self, losses: dict[str, tuple[np.ndarray, np.ndarray]], store: Any,
              cap: float | None) -> None:
        """Show the notes that apply, with their texts, and hide the others: an exploded
        note for each variant whose per-batch loss (``losses``: variant -> its ``(x, y)``)
        went past ``cap`` (off the axis), then a penalty note for each variant trained with
        weight penalties (its latest value in ``store``). ``place`` puts them."""
        self._spots = []
        named = len(losses) > 1
        for variant, (x, y) in losses.items():
            note = self.exploded.get(variant)
            if note is not None:
                self._write_exploded(note, variant, x, y, store, cap, named)
        for variant, note in self.penalty.items():
            self._write_penalty(note, variant, store, named)

    def _write_exploded(self, note: OffScaleNoteItem, variant: str, x: np.ndarray,
                        y: np.ndarray, store: Any, cap: float | None, named: bool) -> None:
        y = np.asarray(y if y is not None else [], np.float64)
        over = ~np.isfinite(y) | (y > cap) if cap is not None else np.zeros(0, bool)
        if not over.any():
            note.hide()
            return
        finite = y[np.isfinite(y)]
        # 1.6 × 10¹³, as the axes and the lessons write it (walker23 W23-2)
        largest = math_number(f"{finite.max():.2g}") if finite.size else "∞"
        name = style.variant_label(variant, store) if named else ""
        # "diverged" is the word for a run that stopped; one that goes on is only off the
        # axis (a saturated tanh net at a huge learning rate stays at 3e4)
        latest = store.latest(variant)
        if latest is not None and latest.event == "diverged":
            text = QCoreApplication.translate(
                "ConvergencePanel", "loss exploded to {value}: off the scale (diverged)")
        else:
            text = QCoreApplication.translate("ConvergencePanel",
                                              "loss rose to {value}: off the scale")
        text = text.format(value=largest)
        x_first = float(x[int(np.argmax(over))])
        text = f"\u2191 {name}: {text}" if name else f"\u2191 {text}"
        note.show_text(text)
        self._spots.append((note, x_first, len(self._spots)))

    def _write_penalty(self, note: OffScaleNoteItem, variant: str, store: Any,
                       named: bool) -> None:
        """The penalty is part of what training minimizes (loss + penalty), only not
        drawn, as the validation loss leaves it out too."""
        latest = store.latest(variant)
        value = getattr(latest, "penalty", 0.0) if latest is not None else 0.0
        if not (value and np.isfinite(value) and value > 0):
            note.hide()
            return
        # what the curve does, in the lesson's words ("adds λ·Σ|w| to the loss"): the
        # penalty is part of what training minimizes, only not drawn (walker15 W15-1)
        text = QCoreApplication.translate(
            "ConvergencePanel", "training adds penalty {value} (not drawn)").format(
                value=math_number(f"{value:.3g}"))
        if named:
            text = f"{style.variant_label(variant, store)}: {text}"
        note.show_text(text)
        self._spots.append((note, None, len(self._spots)))

    def place(self, plot: pg.PlotItem) -> None:
        """Put the notes ``write`` showed at ``plot``'s top edge, stacked in the order
        written, each below the legend where the legend covers it; a penalty note ends at
        the right edge."""
        view = plot.getViewBox()
        if not shiboken6.isValid(view):
            return
        (_, x_hi), _ = view.viewRange()
        above = 0.0                        # pixels of the notes above (a wrapped one: more)
        for note, x_first, _row in self._spots:
            # a resize while the plot is being rebuilt: its notes are gone already
            if not (shiboken6.isValid(note) and shiboken6.isValid(note.textItem)):
                continue
            note.place_below(plot, x_hi if x_first is None else x_first, above)
            above += 1.1 * note.textItem.boundingRect().height()
