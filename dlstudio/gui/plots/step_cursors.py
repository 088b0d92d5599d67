"""``StepCursors``: the timeline's cursor on every plot whose x axis is the training step.

Scrubbing the timeline pins a step (``RunStore.pinned_step``); each plot over steps shows a
dashed vertical line there, hidden while no step is pinned.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from dlstudio.gui.plots import style


class StepCursors:
    """The cursors of one panel's plots over steps (``lines``)."""

    def __init__(self):
        self.lines: list[pg.InfiniteLine] = []

    def add(self, plot: pg.PlotItem) -> pg.InfiniteLine:
        """A hidden cursor on ``plot`` (kept out of its autorange)."""
        line = pg.InfiniteLine(angle=90, movable=False,
                               pen=pg.mkPen(style.CURSOR_COLOR, width=2,
                                            style=Qt.PenStyle.DashLine))
        line.setZValue(50)
        line.hide()
        plot.addItem(line, ignoreBounds=True)
        self.lines.append(line)
        return line

    def place(self, step: float | None) -> None:
        """Show every cursor at ``step``, or hide them (None: no step pinned)."""
        for line in self.lines:
            line.setVisible(step is not None)
            if step is not None:
                line.setValue(step)

    def clear(self) -> None:
        """Forget the cursors (their plots were removed)."""
        self.lines.clear()
