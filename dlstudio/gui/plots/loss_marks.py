"""What the convergence page draws on its loss plot besides the curves, and where.

- The notes at the top edge (``top_edge_notes``): a variant whose loss went off the scale,
  the weight penalty left out of the training loss.
- Early stopping's restored weights (``restored_mark``): a vertical line at the end of the
  epoch whose weights the run kept, captioned "weights restored: epoch 3".
- Where a diverged run blew up (``blow_up_mark``): a dashed line at that step, captioned
  "diverged at step 2".
- The loss legend, in the corner the curves leave most free, clear of the notes and the
  captions (``loss_legend``).

A redraw writes the notes and the marks (``write``), then places the legend around them and
the notes where the legend leaves them (``place``); a new size of the plot's data area
places them again (``place_after_resize``). The texts are the panel's (translation context
``ConvergencePanel``).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont

from dlstudio.gui.plots import style
from dlstudio.gui.plots.blow_up_mark import add_blow_up_mark, blow_up_position
from dlstudio.gui.plots.loss_legend import LossLegendPlacement
from dlstudio.gui.plots.restored_mark import (CaptionedLineItem, add_restored_mark,
                                               restored_position)
from dlstudio.gui.plots.top_edge_notes import TopEdgeNotes


class LossMarks:
    """The notes, marks and legend placement of one loss plot, for its variants.

    ``notes`` are the top-edge notes, ``restored`` and ``blow_ups`` map a variant to its
    restored-weights line and its blow-up line, ``legend`` places the plot's legend
    (``columns``: 2 in a comparison, else 1).
    """

    def __init__(self, columns: int = 1) -> None:
        self.notes = TopEdgeNotes()
        self.restored: dict[str, CaptionedLineItem] = {}
        self.blow_ups: dict[str, CaptionedLineItem] = {}
        self.legend = LossLegendPlacement(columns)

    def add(self, plot: pg.PlotItem, variant: str, color: str, pen: Callable, font: QFont,
            fill: Any) -> None:
        """``variant``'s notes and marks on ``plot``, hidden, in its ``color``, captioned in
        ``font`` on ``fill`` (the page's background); ``pen`` makes the page's pens."""
        self.notes.add(plot, variant, color, font, fill)
        self.restored[variant] = add_restored_mark(plot, color, pen, fill)
        self.blow_ups[variant] = add_blow_up_mark(plot, color, pen, fill)

    def write(self, losses: dict[str, tuple[np.ndarray, np.ndarray]], store: Any,
              cap: float | None, x_axis: str) -> None:
        """Show the notes and marks that apply to the data now: the notes of the per-batch
        losses (``losses``: variant -> its ``(x, y)``, with the loss of a step that blew up)
        past ``cap``, the restored-weights and blow-up lines on the ``x_axis`` ("step" or
        "epoch")."""
        self.notes.write(losses, store, cap)
        named = len(self.restored) > 1
        for variant, line in self.restored.items():
            found = restored_position(store, variant, x_axis)
            if found is None:
                line.hide()
                continue
            epoch, x = found
            self._show(line, x, store, variant, named, QCoreApplication.translate(
                "ConvergencePanel", "weights restored: epoch {epoch}").format(epoch=epoch))
        for variant, line in self.blow_ups.items():
            found = blow_up_position(store, variant, x_axis)
            if found is None:
                line.hide()
                continue
            step, x, _ = found
            self._show(line, x, store, variant, named, QCoreApplication.translate(
                "ConvergencePanel", "diverged at step {step}").format(step=f"{step:,}"))

    @staticmethod
    def _show(line: CaptionedLineItem, x: float, store: Any, variant: str, named: bool,
              text: str) -> None:
        """``line`` at ``x``, captioned ``text`` (after the variant's name in a comparison)."""
        line.show_at(x, f"{style.variant_label(variant, store)}: {text}" if named else text)

    def captions(self) -> list:
        """The captions of the marks shown (none of a plot being destroyed)."""
        return [m.caption for m in (*self.restored.values(), *self.blow_ups.values())
                if shiboken6.isValid(m) and m.isVisible()]

    def place_legend(self, plot: pg.PlotItem, lines: Callable[[], list]) -> None:
        """The legend to the corner the curves (``lines()``: ``loss_legend``'s lines) leave
        most free, below the notes at the top edge and clear of the marks' captions."""
        self.legend.place(plot, lines, self.notes.shown(), self.captions())

    def place(self, plot: pg.PlotItem, lines: Callable[[], list]) -> None:
        """The legend around the notes written, then the notes where it leaves them
        (placed once: see ``top_edge_notes``)."""
        self.place_legend(plot, lines)
        self.notes.place(plot)

    def place_after_resize(self, plot: pg.PlotItem, lines: Callable[[], list]) -> None:
        """A new size of ``plot``'s data area (its y axis widened for "80000" after the run
        ended: walker16 W16-6): the notes wrap to the new width, the legend goes around
        them, and the notes where it leaves them."""
        self.notes.place(plot)
        self.place(plot, lines)
