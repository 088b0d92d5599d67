"""Giving a plot item its points only when they changed (``set_points``).

A live page redraws a few times a second, and most of its short series do not change between
two redraws: a run's validation points change once an epoch, its test point once. Handing
pyqtgraph the same points again still costs it a new bounding box, new spots for a
symbol's scatter and a repaint: on the Convergence page of a 3-epoch MLP run, about a tenth
of every redraw (profiled) went to items whose points were the ones already shown (issue 13:
each millisecond the GUI thread holds the GIL during a run is one the training thread waits
for).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

#: series up to this many points are compared with what the item shows; longer ones (a loss
#: curve over every step) grow at almost every redraw, so comparing them is wasted work
COMPARED_POINTS = 256


def set_points(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> bool:
    """``item.setData(x, y)`` unless ``item`` already shows exactly these points (short
    series only, see ``COMPARED_POINTS``); whether it set them."""
    x, y = np.asarray(x), np.asarray(y)
    # pyqtgraph keeps no arrays for an item given no points
    shown_x = np.zeros(0) if item.xData is None else item.xData
    shown_y = np.zeros(0) if item.yData is None else item.yData
    if (x.size <= COMPARED_POINTS and shown_x.shape == x.shape and shown_y.shape == y.shape
            and np.array_equal(shown_x, x, equal_nan=True)
            and np.array_equal(shown_y, y, equal_nan=True)):
        return False
    item.setData(x, y)
    return True
