"""The timeline's cursors: hidden until a step is pinned, then at that step."""
from __future__ import annotations

import pyqtgraph as pg

from dlstudio.gui.plots.step_cursors import StepCursors


def test_cursors_follow_the_pinned_step(qapp):
    plots = [pg.PlotItem(), pg.PlotItem()]
    cursors = StepCursors()
    for plot in plots:
        cursors.add(plot)
    assert len(cursors.lines) == 2 and not any(line.isVisible() for line in cursors.lines)
    cursors.place(40)
    assert all(line.isVisible() and line.value() == 40 for line in cursors.lines)
    cursors.place(None)
    assert not any(line.isVisible() for line in cursors.lines)
    cursors.clear()
    assert cursors.lines == []
