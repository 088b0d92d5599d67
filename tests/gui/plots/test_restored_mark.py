"""The restored-weights mark: where early stopping's kept epoch ended, and its line."""
from __future__ import annotations

import dataclasses

import pyqtgraph as pg
import pytest

from dlstudio.gui.plots.restored_mark import CaptionedLineItem, restored_position
from dlstudio.messages import Message


def test_a_run_without_early_stopping_has_no_position(moons_store):
    assert restored_position(moons_store, "", "step") is None


def test_the_restored_epoch_ends_at_its_validation_point(store, filler, moons_run):
    snaps = moons_run[1]
    note = Message("callback.restored_best", epoch=2, monitor="val_loss")
    filler(store, [*snaps[:-1], dataclasses.replace(snaps[-1], message=note)])
    second = next(s for s in store.epoch_snapshots("") if s.epoch == 1)
    assert restored_position(store, "", "step") == (2, pytest.approx(float(second.step)))
    assert restored_position(store, "", "epoch") == (2, pytest.approx(2.0))


def test_the_line_is_hidden_until_shown_with_its_caption(qapp):
    plot = pg.PlotItem()
    line = CaptionedLineItem(pg.mkPen("#1f77b4"), "#1f77b4", pg.mkBrush("#ffffff"))
    plot.addItem(line, ignoreBounds=True)
    assert not line.isVisible() and line.angle == 90 and not line.movable
    line.show_at(12.0, "weights restored: epoch 3")
    assert line.isVisible() and line.value() == 12.0
    assert line.caption.toPlainText() == "weights restored: epoch 3"


def test_the_loss_legend_keeps_off_the_restored_caption(qtbot, store, filler, moons_run,
                                                        shown):
    """Walker12 W12-7: "weights restored: epoch 8" ran under the legend in the top right
    corner of the loss plot (09 step 2)."""
    from dlstudio.gui.plots.convergence import ConvergencePanel

    snaps = moons_run[1]
    note = Message("callback.restored_best", epoch=4, monitor="val_loss")
    filler(store, [*snaps[:-1], dataclasses.replace(snaps[-1], message=note)])
    panel = shown(qtbot, ConvergencePanel(store), (640, 480))
    line = panel.marks.restored[""]
    assert line.isVisible()
    legend = panel.loss_plot.legend
    assert not legend.sceneBoundingRect().intersects(line.caption.sceneBoundingRect())


@pytest.mark.parametrize("epoch", [4, 5])
@pytest.mark.parametrize("size", [(w, 480) for w in range(480, 960, 40)])
def test_the_loss_legend_leaves_a_gap_beside_the_restored_caption(qtbot, store, filler,
                                                                  moons_run, shown, size,
                                                                  epoch):
    """Walker16 W16-15: in zh classroom "恢复的权重：第 8 轮" ended right against the legend
    (09 step 2): the two must not touch, a character's width apart at least."""
    from PySide6.QtGui import QFontMetricsF

    from dlstudio.gui.plots.convergence import ConvergencePanel

    snaps = moons_run[1]
    note = Message("callback.restored_best", epoch=epoch, monitor="val_loss")
    filler(store, [*snaps[:-1], dataclasses.replace(snaps[-1], message=note)])
    panel = shown(qtbot, ConvergencePanel(store), size)
    line = panel.marks.restored[""]
    assert line.isVisible()
    gap = QFontMetricsF(line.caption.textItem.font()).averageCharWidth()
    legend = panel.loss_plot.legend.sceneBoundingRect()
    caption = line.caption.sceneBoundingRect()
    assert not legend.intersects(caption.adjusted(-gap, -gap, gap, gap)), (legend, caption)


@pytest.mark.parametrize("epoch", [4, 5, 6])
@pytest.mark.parametrize("width", [700, 900, 1140])
def test_a_caption_shown_at_the_run_s_end_keeps_the_legend_off(qtbot, store, filler,
                                                               moons_run, shown, width,
                                                               epoch):
    """Walker23 W23-7: at EN classroom size (09 step 2) "weights restored: epoch 8" ran
    under the legend: the mark came with the run's last snapshot, and the legend, placed at
    once, read the caption's box before its first paint (scaled by the view: 68,000 px
    tall), and, placed when the step axis shrank from the planned 25 epochs to the 11 run,
    read it where the old axis had put it."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.plots.convergence import ConvergencePanel

    # planned for 25 epochs, stopped early: the step axis shrinks to the run when it ends
    snaps = [dataclasses.replace(s, total_steps=s.total_steps and s.total_steps * 25 // 11)
             for s in moons_run[1]]
    filler(store, snaps[:-1])
    panel = ConvergencePanel(store)
    panel.set_classroom(True)
    shown(qtbot, panel, (width, 680))
    note = Message("callback.restored_best", epoch=epoch, monitor="val_loss")
    filler(store, [dataclasses.replace(snaps[-1], message=note)])
    panel.refresh(force=True)             # once, as at a run's end
    line = panel.marks.restored[""]
    assert line.caption.sceneBoundingRect().height() < 100
    for _ in range(2):
        panel.grab()
        QApplication.processEvents()
    assert line.isVisible()
    gap = QFontMetricsF(line.caption.textItem.font()).averageCharWidth()
    legend = panel.loss_plot.legend.sceneBoundingRect()
    caption = line.caption.sceneBoundingRect()
    assert not legend.intersects(caption.adjusted(-gap, -gap, gap, gap)), (legend, caption)


def test_a_mark_added_to_a_plot_is_a_hidden_dash_dot_line(qapp):
    from PySide6.QtCore import Qt

    from dlstudio.gui.plots import style
    from dlstudio.gui.plots.restored_mark import add_restored_mark

    plot = pg.PlotItem()
    line = add_restored_mark(plot, "#3aa655",
                             lambda c, w, **kw: style.pen(c, False, w, **kw),
                             pg.mkBrush("#ffffff"))
    assert isinstance(line, CaptionedLineItem) and line in plot.items
    assert line.pen.style() == Qt.PenStyle.DashDotLine and not line.isVisible()
