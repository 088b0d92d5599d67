"""The mark of early stopping's restored weights on a loss plot.

When early stopping put back the weights of its best epoch (``training.callbacks.
restored_epoch``), a vertical line at that epoch's end says so: the model kept is the one
from the bottom of the validation curve, not from the last epoch. ``restored_position``
finds the epoch and its place on the x axis in a ``RunStore``; ``CaptionedLineItem`` draws it
(``add_restored_mark`` puts one on a plot), and the mark of where a diverged run blew up
(``plots/blow_up_mark.py``) too.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt

from dlstudio.training.callbacks import restored_epoch
from dlstudio.training.telemetry import END_EVENTS


def snapshot_x(snap: Any, x_axis: str) -> float:
    """Where ``snap`` lies on the ``x_axis`` ("step" or "epoch"), as the store puts it."""
    return float(snap.step) if x_axis == "step" else \
        snap.epoch + float(snap.epoch_fraction or 0.0)


def restored_position(store: Any, variant: str, x_axis: str) -> tuple[int, float] | None:
    """``(epoch, x)``: the epoch (1-based) whose weights early stopping restored at the end
    of ``variant``'s run in ``store`` and where that epoch ended on the x axis (``x_axis``
    "step" or "epoch"; its validation point), or None."""
    ends = [message for _, event, message in store.events(variant) if event in END_EVENTS]
    epoch = restored_epoch(ends[-1]) if ends else None
    if epoch is None:
        return None
    for snap in store.epoch_snapshots(variant):
        if snap.epoch == epoch - 1:
            return epoch, snapshot_x(snap, x_axis)
    return None


class CaptionedLineItem(pg.InfiniteLine):
    """A vertical line drawn with ``pen``, hidden until ``show_at``, with a ``caption`` in
    ``color`` on ``fill`` (the page's background, so the curves do not run through the
    words), at ``position`` of the line's height from its bottom (near its top)."""

    def __init__(self, pen: Any, color: str, fill: Any, position: float = 0.92):
        super().__init__(angle=90, movable=False, pen=pen)
        self.setZValue(30)
        self.caption = pg.InfLineLabel(self, text="", position=position, color=color,
                                       fill=fill)
        self.hide()

    def show_at(self, x: float, text: str) -> None:
        """Show the line at ``x`` with the caption ``text`` (shown first: a hidden caption
        does not take a new text)."""
        self.show()
        self.setValue(x)
        self.caption.setFormat(text)
        self.caption.valueChanged()
        # drawn at the view's scale now: hidden, the caption missed the view's changes and
        # kept a stale scale until its first paint, so the loss legend, placed at once
        # around it, read a box 68,000 px tall and the caption ran under the legend at
        # classroom size (walker23 W23-7)
        self.caption.updateTransform(force=True)


def add_restored_mark(plot: pg.PlotItem, color: str, pen: Callable, fill: Any
                      ) -> CaptionedLineItem:
    """A hidden dash-dot line in ``color`` on ``plot``, captioned on ``fill`` (the page's
    background); ``pen(color, width, style=...)`` makes a pen for the page."""
    line = CaptionedLineItem(pen(color, 1.4, style=Qt.PenStyle.DashDotLine), color, fill)
    plot.addItem(line, ignoreBounds=True)
    return line
