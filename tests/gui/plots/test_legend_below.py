"""A legend under its plot's x axis (``plots.legend_below``): off the data, in as many
columns as the data area's width holds."""
from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots import legend_below


@pytest.fixture
def view(qtbot):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("width, rows", [(900, 1), (260, 3)])
def test_entries_fill_the_rows_the_width_allows_below_the_axis(view, width, rows):
    item = view.addPlot()
    legend = legend_below.add(item)
    assert item.legend is legend
    for k in range(3):
        item.plot([0, 1, 2], [k, k + 1, k], name=f"{'ABC'[k]}: a long enough run name")
    for w in (900, width):       # wide first: a narrower plot takes columns away again
        view.resize(w, 300)
        QApplication.processEvents()
    assert len(legend.items) == 3
    assert legend.layout.rowCount() == rows and legend.columnCount == -(-3 // rows)
    box, data = legend.sceneBoundingRect(), item.vb.sceneBoundingRect()
    assert box.top() >= item.getAxis("bottom").sceneBoundingRect().bottom() - 1
    assert not box.intersects(data) and box.right() <= width + 1
