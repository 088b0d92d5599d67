"""Where a diverged run blew up, on the convergence page's loss plot.

A run that diverged ends with a ``"diverged"`` snapshot: it reports the last step the run
finished (the weights kept are that step's) with the loss of the step that blew up, the next
one (6.6 × 10¹², or NaN). The store records that loss as the finished step's, in place of
the step's own when both came at the same step: a run that blew up at its second step drew
two points, the second off the axis, and nothing else (fix95). The loss curves end instead at
the last good losses (``last_good_losses``), and a dashed line at the step that blew up says
so, "diverged at step 2" (``blow_up_position``, ``add_blow_up_mark``); the note at the top
edge still names the loss it reached (``top_edge_notes``).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from dlstudio.gui.plots.restored_mark import CaptionedLineItem, snapshot_x
from dlstudio.gui.plots.top_edge_notes import NOTE_Z

#: where the caption sits on the line, from its bottom: below the notes at the top edge,
#: which start where the run blew up
CAPTION_POSITION = 0.6


def diverged_snapshot(store: Any, variant: str) -> Any:
    """The ``"diverged"`` snapshot that ended ``variant``'s run in ``store`` (a
    ``RunStore``), or None (the run goes on, or ended otherwise). The run's own end, not the
    moment a scrubbed timeline shows."""
    snap = store.latest(variant, live=True)
    return snap if snap is not None and snap.event == "diverged" else None


def blow_up_position(store: Any, variant: str, x_axis: str) -> tuple[int, float, float] | None:
    """``(step, x, loss)`` of the step at which ``variant``'s run blew up: its number (the
    one after the last it finished, as the run's message counts it), its place on the
    ``x_axis`` (on an epoch axis, where the last finished step lies) and its loss (NaN when
    none was reported), or None when the run did not diverge."""
    snap = diverged_snapshot(store, variant)
    if snap is None:
        return None
    step = snap.step + 1
    x = float(step) if x_axis == "step" else snapshot_x(snap, x_axis)
    loss = float(snap.batch_loss) if snap.batch_loss is not None else float("nan")
    return step, x, loss


def last_good_losses(store: Any, variant: str, x_axis: str) -> tuple[np.ndarray, np.ndarray]:
    """``variant``'s per-batch losses ``(x, y)`` (NaN and infinite values kept) without the
    loss of the step that blew up, with the last finished step's own loss when the diverged
    snapshot took its place in the store (it came at the same step). As the store holds them
    for a run that did not diverge."""
    x, y = store.series(variant, "batch_loss", x=x_axis, finite=False)
    snap = diverged_snapshot(store, variant)
    if snap is None or not x.size:
        return x, y
    x, y = x[:-1], y[:-1]                  # the diverged snapshot's row: the last one
    kept = store.snapshots(variant)
    before = kept[-2] if len(kept) > 1 else None
    if before is not None and before.step == snap.step and before.event != "diverged" \
            and before.batch_loss is not None:
        x, y = np.append(x, snapshot_x(before, x_axis)), np.append(y, float(before.batch_loss))
    return x, y


def add_blow_up_mark(plot: pg.PlotItem, color: str, pen: Callable, fill: Any
                     ) -> CaptionedLineItem:
    """A hidden dashed line in ``color`` on ``plot``, captioned on ``fill`` (the page's
    background); ``pen(color, width, style=...)`` makes a pen for the page. Below the notes
    at the top edge: the exploded note starts where the run blew up, and the line ran
    through its words."""
    line = CaptionedLineItem(pen(color, 1.4, style=Qt.PenStyle.DashLine), color, fill,
                             position=CAPTION_POSITION)
    line.setZValue(NOTE_Z - 1)
    plot.addItem(line, ignoreBounds=True)
    return line
