"""A layer's activations over time as a heatmap: time on x, activation value on y.

Brightness is the share of the probe batch's values in a bin at a step; the square root of
the share is shown, so rare values stay visible next to a spike such as ReLU's zeros.
``show_history`` draws a ``RunStore.activation_history`` into a ``pg.ImageItem`` (coloured
with ``HEATMAP_COLORMAP``) and fits its plot: the time axis grows in jumps, and the value
axis of an unbounded activation (ReLU, linear...) shows the bulk of the values over the run,
not its few largest.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from dlstudio.gui.plots import multiples, ranges

HEATMAP_COLORMAP = "viridis"


def show_history(image: pg.ImageItem,
                 history: tuple[np.ndarray, np.ndarray, np.ndarray] | None) -> None:
    """Draw ``history`` ``(steps, edges, fractions)``, shapes (T,), (B+1,) and (T, B), in
    ``image`` (cleared when None) and fit the axes of the view it is in."""
    if history is None:
        image.clear()
        return
    steps, edges, frac = history
    shown = np.sqrt(np.clip(frac, 0.0, None))
    top = float(shown.max()) if shown.size else 1.0
    image.setImage(shown, levels=(0.0, top if top > 0 else 1.0), autoLevels=False)
    x0 = float(steps[0])
    dx = float(steps[-1] - steps[0]) / max(1, steps.size - 1) if steps.size > 1 else 1.0
    image.setRect(QRectF(x0, float(edges[0]), dx * steps.size,
                         float(edges[-1] - edges[0]) or 1.0))
    view = image.getViewBox()
    if view is not None:
        # the time axis grows in jumps (not with every column, which would lay out and
        # repaint the axes at every probe), but not to the planned end of the run: the
        # heatmap keeps most of its plot
        ranges.apply(view, [steps, steps + dx], [], fit_y=False)
        span = (float(edges[0]), float(edges[-1]))
        if span[0] < -1.0 or span[1] > 1.0:
            # an unbounded activation: the bulk of the values over the run, not its few
            # largest (as the histograms)
            span = tuple(multiples.core_span(edges, np.nansum(frac, axis=0)))
        if getattr(view, "_dlstudio_y_span", None) != span:    # the bins changed
            view.setYRange(*span, padding=0)
            view._dlstudio_y_span = span
