"""A layer's activations over time as a heatmap (``plots.activation_heatmap``)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from dlstudio.gui.plots import activation_heatmap


def heatmap(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    image = pg.ImageItem()
    image.setColorMap(pg.colormap.get(activation_heatmap.HEATMAP_COLORMAP))
    widget.getPlotItem().addItem(image)
    return widget, widget.getPlotItem(), image


def test_no_history_clears_the_heatmap(qtbot):
    widget, _, image = heatmap(qtbot)
    image.setImage(np.ones((2, 3)))
    activation_heatmap.show_history(image, None)
    assert image.image is None


def test_the_square_root_of_the_share_spans_the_steps_and_bins(qtbot):
    widget, plot, image = heatmap(qtbot)
    steps = np.array([0.0, 10.0, 20.0, 30.0])
    edges = np.linspace(0.0, 1.0, 5)
    frac = np.array([[1.0, 0, 0, 0], [0.5, 0.5, 0, 0], [0, 0.25, 0.75, 0], [0, 0, 0, 1.0]])
    activation_heatmap.show_history(image, (steps, edges, frac))
    np.testing.assert_allclose(image.image, np.sqrt(frac))
    assert image.getLevels() == pytest.approx([0.0, 1.0])
    rect = image.mapRectToParent(image.boundingRect())
    assert (rect.left(), rect.width()) == pytest.approx((0.0, 40.0))   # a column a step
    assert (rect.top(), rect.bottom()) == pytest.approx((0.0, 1.0))
    assert plot.getViewBox().viewRange()[1] == pytest.approx([0.0, 1.0])


def test_an_unbounded_activation_shows_the_bulk_of_its_values(qtbot):
    widget, plot, image = heatmap(qtbot)
    steps = np.arange(3.0)
    edges = np.linspace(0.0, 50.0, 51)
    frac = np.zeros((3, 50))
    frac[:, :3] = 0.3332                    # nearly every value within 0-3
    frac[:, 49] = 0.0004                    # a few at 50 (under the tails left out)
    activation_heatmap.show_history(image, (steps, edges, frac))
    low, high = plot.getViewBox().viewRange()[1]
    assert low == pytest.approx(0.0) and high < 25.0
