"""The landscape's contour plot (``LandscapePlotWidget``) and its colour bar
(``colour_scale``): labels at nice values, readable in any shape and in a classroom font."""
from __future__ import annotations

import numpy as np
import pytest


def drawn_labels(axis) -> list:
    """``(rect, flags, text)`` of each tick label ``axis`` draws now."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return axis.generateDrawSpecs(painter)[2]
    finally:
        painter.end()


def test_the_shared_colour_bar_labels_a_flat_landscapes_values(qtbot):
    """Walker3 W3-34 (lesson 06 step 5): A is flat at 2.336-2.35, B a valley from 1.2; on
    the shared scale A's colour is the top of the bar, whose labels stopped at 2.11. The
    bar's labels now reach both ends of the range, so every landscape's values lie between
    two labelled ticks."""
    from dlstudio.gui.landscape.plot import LandscapePlotWidget, colour_scale
    from dlstudio.training.landscape import Landscape, shared_loss_range

    grid = np.linspace(-0.5, 0.5, 7)
    xx, yy = np.meshgrid(grid, grid)
    flat = Landscape(grid, grid, 2.336 + 0.014 * (xx ** 2 + yy ** 2) / 0.5, {"examples": 64})
    valley = Landscape(grid, grid, 1.2 + 4.0 * (xx ** 2 + yy ** 2), {"examples": 64})
    value_range = shared_loss_range([flat, valley])
    plot = LandscapePlotWidget()
    qtbot.addWidget(plot)
    for land in (flat, valley):
        plot.show_landscape(land, value_range=value_range)
        ticks = plot.colour_ticks
        logs = [t for t, _ in ticks]
        assert min(logs) <= np.log10(land.loss.min()) + 1e-9
        assert max(logs) >= np.log10(land.loss.max()) - 1e-9
        labels = [label for _, label in ticks]
        assert len(set(labels)) == len(labels)
        assert float(labels[-1]) >= land.loss.max() * (1 - 1e-3)
        # the ticks stay on the bar (its levels)
        lo, hi = plot.colour_bar.levels()
        assert lo - 1e-9 <= min(logs) and max(logs) <= hi + 1e-9
    # close ends still get labels of their own
    labels = [label for _, label in colour_scale(2.3361, 2.3369)[2]]
    assert len(set(labels)) == len(labels) >= 3
    # and the end labels are drawn whole inside the widget (the top one was cut in half)
    from PySide6.QtWidgets import QApplication

    plot.resize(500, 420)
    plot.show()
    qtbot.waitExposed(plot)
    for _ in range(2):
        plot.grab()
        QApplication.processEvents()
    axis = plot.colour_bar.getAxis("right")
    texts = drawn_labels(axis)
    shown = plot.mapToScene(plot.viewport().rect()).boundingRect()
    assert {text for _, _, text in texts} == {label for _, label in plot.colour_ticks}
    for rect, _, text in texts:
        assert shown.contains(axis.mapRectToScene(rect)), text


@pytest.mark.parametrize("lo, hi, expected", [
    (0.0973, 11.3, ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20"]),
    (1.26, 2.35, ["1", "1.5", "2", "2.5"]),
    (1.91, 2.86, ["1.8", "2", "2.2", "2.4", "2.6", "2.8", "3"]),
    (2e-5, 2.0, ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"]),
])
def test_the_colour_bar_labels_nice_values_at_their_places(lo, hi, expected):
    """Walker28 (e_07, z7_12): the bar read 11.3 / 3.43 / 1.05 / 0.319 / 0.0973 and 2.35 /
    2.01 / 1.72 / 1.47 / 1.26, spaced evenly between the ends of the losses. Its labels are
    now values of one ladder (1-2-5, 1-1.5-2, 0.2 steps ...), each at its own value, and the
    bar reaches from the label below the lowest loss to the one above the highest."""
    from dlstudio.gui.landscape.plot import colour_scale
    from tests.plot_texts import label_value

    start, end, ticks = colour_scale(lo, hi)
    assert [label for _, label in ticks] == expected
    assert start <= np.log10(lo) and end >= np.log10(hi)
    assert start == ticks[0][0] and end == ticks[-1][0]
    for position, label in ticks:
        assert abs(np.log10(label_value(label)) - position) < 1e-9, label
    assert end - start <= 1.5 * (np.log10(hi) - np.log10(lo))   # the colours still spread


def test_the_colour_bar_labels_fit_a_classroom_font(qtbot):
    """In classroom mode (a large font) pyqtgraph's fixed 45-pixel axis dropped every label
    of the colour bar."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.landscape.plot import LandscapePlotWidget
    from dlstudio.training.landscape import Landscape

    grid = np.linspace(-0.5, 0.5, 7)
    xx, yy = np.meshgrid(grid, grid)
    valley = Landscape(grid, grid, 1.2 + 4.0 * (xx ** 2 + yy ** 2), {"examples": 64})
    before = QApplication.font()
    big = QFont(before)
    big.setPointSize(17)
    QApplication.setFont(big)
    try:
        plot = LandscapePlotWidget(classroom=True)
        qtbot.addWidget(plot)
        plot.resize(700, 600)
        plot.show()
        qtbot.waitExposed(plot)
        plot.show_landscape(valley)
        for _ in range(3):
            plot.grab()
            QApplication.processEvents()
        texts = [text for _, _, text in drawn_labels(plot.colour_bar.getAxis("right"))]
        assert texts == [label for _, label in plot.colour_ticks]
    finally:
        QApplication.setFont(before)


def test_the_map_fills_its_plot_with_readable_x_ticks_in_any_shape(qtbot):
    """Walker7 W7-9: the x tick labels of a narrow plot ran together; they never overlap.
    Walker16 W16-9: with square cells the grid (-0.5..0.5) filled only the middle of a tall
    plot (axes to +-0.75 and +-1.0, white bands above and below). The view is now the grid's
    extent on both axes, whatever the plot's shape."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.landscape.plot import LandscapePlotWidget
    from dlstudio.training.landscape import Landscape

    grid = np.linspace(-0.5, 0.5, 11)
    cell = grid[1] - grid[0]
    xx, yy = np.meshgrid(grid, grid)
    bowl = Landscape(grid, grid, 0.1 + xx ** 2 + yy ** 2, {"examples": 64})
    plot = LandscapePlotWidget()
    qtbot.addWidget(plot)
    plot.show_landscape(bowl)
    edge = 0.5 + cell / 2            # the outer cells' edges
    for size in ((500, 300), (260, 520), (420, 630)):
        plot.resize(*size)
        plot.show()
        qtbot.waitExposed(plot)
        for _ in range(2):
            plot.grab()
            QApplication.processEvents()
        vb = plot.getPlotItem().vb
        (x0, x1), (y0, y1) = vb.viewRange()
        for lo, hi in ((x0, x1), (y0, y1)):
            assert lo == pytest.approx(-edge, abs=1e-6) and hi == pytest.approx(edge, abs=1e-6)
        # the image covers the whole view: no band without colour
        assert plot.image.mapRectToView(plot.image.boundingRect()).contains(
            vb.viewRect().adjusted(1e-6, 1e-6, -1e-6, -1e-6))
        spans = sorted((r.left(), r.right()) for r, _, _ in
                       drawn_labels(plot.getPlotItem().getAxis("bottom")))
        assert len(spans) >= 2
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
