"""The test-accuracy tags stack at the right edge, away from the curves."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots.accuracy_tags import stack_at_right_edge


def test_tags_stack_at_the_right_edge_below_high_curves(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    qtbot.waitExposed(widget)
    plot = widget.getPlotItem()
    plot.setXRange(0, 100, padding=0)
    plot.setYRange(0, 1, padding=0)
    tags = []
    for text in ("\u2605 test 97.0%", "\u2605 test 96.0%"):
        tag = pg.TextItem(text, anchor=(1, 0))
        plot.addItem(tag, ignoreBounds=True)
        tags.append(tag)
    x = np.linspace(0, 100, 200)
    y = np.full_like(x, 0.97)                      # the curves run along the top
    stars = np.array([0.97])
    stack_at_right_edge(plot, [(tags[0], stars), (tags[1], stars)], lambda: (x, y))
    top = tags[0].pos().y()
    assert tags[0].pos().x() == 100 and tags[1].pos() == tags[0].pos()
    assert top < 0.5                               # at the bottom, away from the curves
    assert tags[0].anchor.y() == 0 and tags[1].anchor.y() < 0   # the second one below
