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


def test_an_entry_wider_than_the_plot_wraps_inside_it(view):
    """Walker19 W19-11: in zh classroom mode lesson 14 step 2's legend entry "C: 复用 5 层，
    冻结 2 层，缓存特征，新的输出头" ran past the plot's right edge (cut at "新的输"). An
    entry wider than the data area wraps onto more lines, and unwraps when there is room."""
    item = view.addPlot()
    legend = legend_below.add(item)
    item.plot([0, 1], [0, 1], name="B: short")
    item.plot([0, 1], [1, 0], name="C: reused 5 layers, froze 2, cached features, new head "
                                   "with a rather long explanation")
    view.resize(260, 300)
    QApplication.processEvents()
    QApplication.processEvents()
    label = legend.items[1][1]
    lines_height = label.item.boundingRect().height()
    assert lines_height > 1.5 * legend.items[0][1].item.boundingRect().height()   # wrapped
    right = max(lab.sceneBoundingRect().right() for _, lab in legend.items)
    assert right <= view.width() + 1
    view.resize(1400, 300)
    QApplication.processEvents()
    QApplication.processEvents()
    assert label.item.boundingRect().height() < 1.5 * \
        legend.items[0][1].item.boundingRect().height()                          # one line


@pytest.mark.parametrize("share", [0.45, 0.6, 0.75, 0.9])
def test_a_chinese_entry_breaks_between_its_phrases_not_inside_a_word(view, share):
    """Walker29 W29-9: the wrapped entry read "…缓存特征，新的输|出头". The plot leaves the
    entry ``share`` of its one-line width, in the font in use (DejaVu Sans's fallback for
    Chinese is wider than Noto Sans CJK)."""
    item = view.addPlot()
    legend = legend_below.add(item)
    item.plot([0, 1], [0, 1], name="B: 复用 5 层，冻结 2 层，新的输出头")
    item.plot([0, 1], [1, 0], name="C: 复用 5 层，冻结 2 层，缓存特征，新的输出头")
    view.resize(1400, 300)
    QApplication.processEvents()
    QApplication.processEvents()
    one_line = legend_below.natural_width(legend.items[1][1])
    around = view.width() - item.vb.width()          # the left axis and the margins
    view.resize(round(around + share * one_line), 300)
    QApplication.processEvents()
    QApplication.processEvents()
    layout = legend.items[1][1].item.document().firstBlock().layout()
    text = legend.items[1][1].item.document().toPlainText()
    assert layout.lineCount() > 1                                             # wrapped
    for n in range(layout.lineCount() - 1):
        line = layout.lineAt(n)
        shown = text[line.textStart():line.textStart() + line.textLength()].rstrip()
        assert shown.endswith("，"), shown
    assert text.replace(legend_below.WORD_JOINER, "").replace("\u00a0", " ") == \
        "C: 复用 5 层，冻结 2 层，缓存特征，新的输出头"
