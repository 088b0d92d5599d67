"""Plot scenes keep no spatial index (``plots/scene_index.py``).

Qt's default index (a BSP tree) kept a removed plot's items when their bounding rectangle had
changed unnoticed: a pyqtgraph axis that draws a grid takes its plot area's rectangle into its
own, and a title growing to three lines shrinks that area. Once the items were deleted, the
next paint read freed memory: the lesson walk's segfaults in ``QGraphicsView::paintEvent``.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QGraphicsScene

#: a rectangle holding any item of any page
EVERYWHERE = QRectF(-1e6, -1e6, 2e6, 2e6)


def _left_behind(scene: QGraphicsScene) -> list[str]:
    """Items the scene finds in space that are no longer in it."""
    return sorted({type(item).__name__ for item in scene.items(EVERYWHERE)
                   if item.scene() is not scene})


def test_a_removed_plot_leaves_nothing_behind_in_the_page(qtbot):
    from dlstudio.gui.plots.canvas import TimedGraphicsWidget

    graphics = TimedGraphicsWidget()             # a plot page's drawing surface
    qtbot.addWidget(graphics)
    graphics.resize(600, 400)
    graphics.show()
    scene = graphics.scene()
    # the page of a first run, then rebuilt: the scene's rectangle has reached its size (a
    # scene growing rebuilds its index, which hid the fault on a page's first build)
    first = graphics.ci.addPlot(row=0, col=0)
    first.plot([0.0, 1.0], [0.0, 1.0])
    QApplication.processEvents()
    assert scene.items(EVERYWHERE)                 # laid out and placed in space
    graphics.ci.removeItem(first)
    plot = graphics.ci.addPlot(row=0, col=0)
    plot.showGrid(x=True, y=True)
    plot.plot([0.0, 1.0, 2.0], [0.0, 1.0, 4.0])
    QApplication.processEvents()
    assert scene.items(EVERYWHERE)
    plot.setTitle("a title<br>on two lines<br>and a third")     # the plot area shrinks
    QApplication.processEvents()
    graphics.ci.removeItem(plot)
    # with the BSP index: AxisItem, PlotItem, ViewBox... still found (then read once deleted)
    assert _left_behind(scene) == []
    assert plot.scene() is None and first.scene() is None


def _views():
    """Every pyqtgraph view the app makes, by a function that builds it."""
    from dlstudio.gui.data.preview import DataPreviewWidget
    from dlstudio.gui.landscape.plot import LandscapePlotWidget
    from dlstudio.gui.playground.surface_plot import SurfacePlotWidget
    from dlstudio.gui.plots.canvas import PlotCanvasWidget
    from dlstudio.gui.plots.outcome_images import EnlargedImageDialog
    from dlstudio.gui.search.scatter_grid import ScatterGridWidget
    from dlstudio.gui.training.schedule import SchedulePlotWidget

    def enlarged():
        dialog = EnlargedImageDialog(pg.ImageItem(np.zeros((4, 4))), "image")
        return dialog, dialog.findChild(pg.GraphicsView)

    return {
        "plot page": lambda: (lambda c: (c, c.graphics))(PlotCanvasWidget()),
        "enlarged image": enlarged,
        "schedule": lambda: (lambda w: (w, w))(SchedulePlotWidget()),
        "search scatter": lambda: (lambda w: (w, w))(ScatterGridWidget()),
        "data preview": lambda: (lambda w: (w, w.plot))(DataPreviewWidget()),
        "landscape": lambda: (lambda w: (w, w))(LandscapePlotWidget()),
        "playground": lambda: (lambda w: (w, w))(SurfacePlotWidget()),
    }


@pytest.mark.parametrize("name", list(_views()))
def test_every_plot_view_of_the_app_is_unindexed(name, qtbot):
    widget, view = _views()[name]()
    qtbot.addWidget(widget)
    assert view is not None
    assert view.scene().itemIndexMethod() == QGraphicsScene.ItemIndexMethod.NoIndex
