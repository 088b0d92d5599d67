"""The search page's scatters: accuracy in percent, and an empty plot shows its range."""
from __future__ import annotations

import math

import numpy as np
import pytest

pytest.importorskip("pytestqt")


def test_accuracy_in_percent_and_an_empty_plot_shows_its_range(qtbot):
    """Walker29: the y axis read fractions (0.5-0.9) beside a table in percent, and an
    empty scatter's log axis showed one lone tick "1"."""
    from dlstudio.gui.search.scatter_grid import ScatterGridWidget
    from dlstudio.training.search import Dimension

    grid = ScatterGridWidget()
    qtbot.addWidget(grid)
    grid.set_dimensions([Dimension("learning_rate", 1e-4, 1.0, "log")])
    plot = grid.plots["learning_rate"]
    assert "%" in plot.getAxis("left").labelText
    (x0, x1), (y0, y1) = plot.viewRange()
    assert x0 <= math.log10(1e-4) + 0.1 and x1 >= -0.1         # the range, not 1 to 10
    assert y0 <= 0 and y1 >= 100
    grid.set_results([{"trial": 0, "round": 0, "score": 0.875, "status": "ok",
                       "params": {"learning_rate": 0.01}},
                      {"trial": 1, "round": 0, "score": 0.5, "status": "ok",
                       "params": {"learning_rate": 0.2}}])
    _, y = grid.scatters["learning_rate"].getData()
    np.testing.assert_allclose(sorted(y), [50.0, 87.5])


def test_no_zoom_takes_the_accuracy_axis_past_0_to_100_percent(qtbot):
    """walker33 W33-7: a plot's zoom ran an accuracy axis to -2500..500%."""
    from dlstudio.gui.search.scatter_grid import ScatterGridWidget
    from dlstudio.training.search import Dimension

    grid = ScatterGridWidget()
    qtbot.addWidget(grid)
    grid.set_dimensions([Dimension("learning_rate", 1e-4, 1.0, "log")])
    view = grid.plots["learning_rate"].getViewBox()
    for _ in range(10):
        view.scaleBy((2.0, 2.0))
    low, high = view.viewRange()[1]
    assert low >= -2.0 - 1e-9 and high <= 102.0 + 1e-9
