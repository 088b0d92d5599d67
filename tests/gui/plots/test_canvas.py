"""The plot canvas: a page that scrolls when the plots need more height than the window."""
from __future__ import annotations

from dlstudio.gui.plots.canvas import PlotCanvasWidget


def test_a_minimum_height_makes_the_page_scroll(qtbot):
    canvas = PlotCanvasWidget()
    qtbot.addWidget(canvas)
    canvas.graphics.addPlot(row=0, col=0)
    canvas.resize(400, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    assert canvas.widget() is canvas.graphics and canvas.graphics.paint_seconds >= 0.0
    canvas.set_minimum_height(1200)
    qtbot.waitUntil(lambda: canvas.verticalScrollBar().maximum() > 0, timeout=3000)
    assert canvas.graphics.minimumHeight() == 1200
    canvas.set_minimum_height(0)                              # fit the window again
    assert canvas.graphics.minimumHeight() == 0
