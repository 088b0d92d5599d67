"""Legends in a corner of their plot (``plots.corner_legend``): placed like pyqtgraph's
anchored legends, and silent when their view box is destroyed (pyqtgraph's anchor raised
"Internal C++ object (ViewBox) already deleted" inside Qt's event loop)."""
from __future__ import annotations

import pyqtgraph as pg
import pytest
import shiboken6

from dlstudio.gui.plots import corner_legend


@pytest.fixture
def plot(qtbot):
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    item = view.addPlot()
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    yield item          # the widget stays referenced until the test ends
    del view


def _corner_gap(plot, legend):
    """(right gap, top gap) between the legend and its view box, in scene pixels."""
    outer = plot.vb.sceneBoundingRect()
    own = legend.sceneBoundingRect()
    return outer.right() - own.right(), own.top() - outer.top()


def test_the_legend_keeps_to_its_corner_as_the_plot_resizes(plot, qtbot):
    legend = corner_legend.add(plot, (-6, 6))
    plot.plot([0, 1], [0, 1], name="training")        # named curves join it, as addLegend
    qtbot.wait(20)
    assert legend.getLabel(plot.listDataItems()[0]) is not None
    assert _corner_gap(plot, legend) == pytest.approx((6, 6), abs=1)
    plot.getViewWidget().resize(800, 400)
    qtbot.wait(20)
    assert _corner_gap(plot, legend) == pytest.approx((6, 6), abs=1)


def test_a_bottom_left_offset_counts_from_those_edges(plot, qtbot):
    legend = corner_legend.add(plot, (8, -8))
    plot.plot([0, 1], [0, 1], name="head")
    qtbot.wait(20)
    outer, own = plot.vb.sceneBoundingRect(), legend.sceneBoundingRect()
    assert own.left() - outer.left() == pytest.approx(8, abs=1)
    assert outer.bottom() - own.bottom() == pytest.approx(8, abs=1)


def test_a_view_box_whose_wrapper_is_gone_raises_nothing(plot, qtbot):
    """While a view box is destroyed, its Python wrapper is already invalid but the C++
    object still changes geometry; pyqtgraph's anchored legend then raised inside the event
    loop (pytest-qt fails the test on that)."""
    legend = corner_legend.add(plot, (-6, 6))
    plot.plot([0, 1], [0, 1], name="training")
    qtbot.wait(20)
    shiboken6.invalidate(plot.vb)       # the state during destruction
    plot.getViewWidget().resize(700, 350)
    qtbot.wait(50)
    legend.place()                      # the view box is gone for Python: nothing to do
