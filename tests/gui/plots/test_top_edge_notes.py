"""The notes at the top edge of the convergence panel's loss plot (``plots.top_edge_notes``):
a loss off the scale and a weight penalty are named there, inside the plot, clear of the
legend."""
from __future__ import annotations

import dataclasses

import pytest
import pyqtgraph as pg

from dlstudio.gui.plots import loss_legend
from dlstudio.gui.plots.convergence import ConvergencePanel


def test_the_exploded_note_of_a_run_that_diverged_at_its_last_step_stays_in_the_plot(
        qtbot, store, filler, shown):
    """Lesson 04 step 2: the loss exploded at the run's last step, at the right edge of the
    axis, and the note naming it ran off the plot."""
    from dlstudio.gui.plots.synthetic import synthetic_snapshot

    snaps = [synthetic_snapshot(s, total_steps=136) for s in (0, 1)]
    snaps[1] = dataclasses.replace(snaps[1], batch_loss=2.7e13)
    filler(store, snaps + [dataclasses.replace(snaps[1], event="diverged", message="x")])
    panel = shown(qtbot, ConvergencePanel(store), (900, 600))
    note = panel.marks.notes.exploded[""]
    assert note.isVisible() and "2.7 × 10¹³" in note.toPlainText()     # W23-2: not 2.7e+13
    view = panel.loss_plot.getViewBox()
    assert view.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(note.sceneBoundingRect())


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [430, 900])
def test_the_exploded_note_stays_in_a_narrow_classroom_plot(qtbot, store, filler, shown,
                                                            width, language):
    """W11-6: zh classroom, a run that diverged at step 2 of a 2-step axis: the note was
    ended at its point in the plot's right half and its start ran off the left edge.
    walker16 W16-6: wider than the plot, "↑ 损失爆炸到 3.7e+12：超出坐标范" was cut at its
    right edge; it wraps, whole inside the plot, in both languages (fails before)."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui import i18n
    from dlstudio.gui.plots.synthetic import synthetic_snapshot

    snaps = [synthetic_snapshot(s, total_steps=5064) for s in (0, 1)]
    snaps[1] = dataclasses.replace(snaps[1], batch_loss=9.9e8)
    filler(store, snaps + [dataclasses.replace(snaps[1], event="diverged", message="x")])
    try:
        i18n.set_language(language)
        panel = ConvergencePanel(store)
        panel.set_classroom(True)
        panel = shown(qtbot, panel, (width, 600))
        note = panel.marks.notes.exploded[""]
        assert note.isVisible() and "9.9 × 10⁸" in note.toPlainText()
        assert ("发散" in note.toPlainText()) == (language == "zh_CN")
        view, box = panel.loss_plot.getViewBox().sceneBoundingRect(), note.sceneBoundingRect()
        assert view.adjusted(-1, -1, 1, 1).contains(box), (view, box)
        legend = panel.loss_plot.legend.sceneBoundingRect()
        assert not legend.intersects(box)
        # the data area narrows with no redraw (the run has ended; in the walk, the y
        # axis widened for "80000"): the note wraps and stays whole again
        panel.resize(width * 3 // 4, 600)
        for _ in range(2):
            panel.grab()
            QApplication.processEvents()
        view, box = panel.loss_plot.getViewBox().sceneBoundingRect(), note.sceneBoundingRect()
        assert view.adjusted(-1, -1, 1, 1).contains(box), (view, box)
    finally:
        i18n.set_language("en")


def test_a_weight_penalty_is_named_at_the_top_not_added_to_the_training_loss(qtbot, store,
                                                                            filler, shown):
    """Walker14 W14-14: with L1 the training curve held the penalty (ten times the validation
    loss in lesson 10/1); it is drawn without it, and a note names the penalty and its value."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(60, variants={"A": "relu", "B": "relu"})
    snaps = [dataclasses.replace(s, penalty=12.6 if s.variant == "B" else 0.0) for s in snaps]
    filler(store, snaps)
    panel = shown(qtbot, ConvergencePanel(store), (800, 560))
    note_a, note_b = panel.marks.notes.penalty["A"], panel.marks.notes.penalty["B"]
    assert note_b.isVisible() and not note_a.isVisible()
    text = note_b.toPlainText()
    assert text.startswith("B") and "12.6" in text and "penalty" in text
    # the loss axis is the losses' (the penalty is not drawn: it would squash them)
    _, (lo, hi) = panel.loss_plot.getViewBox().viewRange()
    assert hi < 12.6
    # inside the plot, and the legend clear of it
    view = panel.loss_plot.getViewBox().sceneBoundingRect()
    box = note_b.sceneBoundingRect()
    assert view.left() - 1 <= box.left() and box.right() <= view.right() + 1
    assert not panel.loss_plot.legend.sceneBoundingRect().intersects(box)


def test_no_penalty_no_note(qtbot, moons_store):
    panel = ConvergencePanel(moons_store)
    qtbot.addWidget(panel)
    panel.refresh()
    assert not any(n.isVisible() for n in panel.marks.notes.penalty.values())


def test_a_penalty_note_and_the_legend_part_at_the_first_drawing(qtbot, store, filler, shown):
    """10/2 seen at 1366x768: the note went below the legend where it stood, then the legend
    went below the notes' row, onto the note; a finished run is drawn once, so it stayed.
    (A guard: the order of redraws that led there on screen is not reproduced offscreen.)"""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.plots.synthetic import synthetic_run

    filler(store, synthetic_run(3, variants={"A": "relu", "B": "relu"}))
    panel = shown(qtbot, ConvergencePanel(store), (800, 560))
    snaps = synthetic_run(150, variants={"A": "relu", "B": "relu"})
    # (the losses rise past the axis: its range changes in the same redraw)
    filler(store, [dataclasses.replace(s, penalty=1.92 if s.variant == "B" else 0.0,
                                       batch_loss=3 * s.batch_loss)
                   for s in snaps if s.step > 3])
    panel.refresh(force=True)
    QApplication.processEvents()
    note = panel.marks.notes.penalty["B"]
    assert note.isVisible()
    assert not panel.loss_plot.legend.sceneBoundingRect().intersects(note.sceneBoundingRect())


def test_a_note_is_placed_after_the_legend_has_moved(qtbot, store, filler, shown):
    """A redraw placed the notes before it placed the legend: a penalty note that went below
    the legend where it stood (the top right, where it was before the note showed) stayed
    there, a legend's height down the plot, when the legend then went to a bottom corner
    (the U-shaped losses hold both top corners). The notes are placed once, after the
    legend: at the top edge. Fails before the split of ``top_edge_notes`` (the note stayed
    down)."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(150, variants={"A": "relu", "B": "relu"})
    last = max(s.step for s in snaps)

    def u_loss(step: int, variant: str) -> float:
        return 0.5 + 2.0 * (2.0 * step / last - 1.0) ** 2 + (0.1 if variant == "B" else 0.0)

    filler(store, [dataclasses.replace(
        s, batch_loss=u_loss(s.step, s.variant), train_loss=u_loss(s.step, s.variant),
        val_loss=None if s.val_loss is None else u_loss(s.step, s.variant),
        penalty=1.92 if s.variant == "B" else 0.0) for s in snaps])
    panel = shown(qtbot, ConvergencePanel(store), (800, 560))
    view, legend = panel.loss_plot.getViewBox(), panel.loss_plot.legend
    note = panel.marks.notes.penalty["B"]
    assert note.isVisible() and legend.corner_offset[1] < 0      # the legend at the bottom
    legend.corner_offset = loss_legend.CORNERS[0]                 # where it stood before
    legend.place()
    panel.refresh(force=True)                                     # the same range: a redraw
    assert legend.corner_offset[1] < 0
    top = view.viewRange()[1][1]
    assert note.isVisible() and note.pos().y() == pytest.approx(top)
    assert not legend.sceneBoundingRect().intersects(note.sceneBoundingRect())


@pytest.mark.parametrize("variants", [("",), ("A", "B")])
def test_the_exploded_note_hides_the_loss_line_that_runs_through_it(qtbot, store, filler,
                                                                    shown, variants):
    """walker26 W26-9 (lesson 04 steps 2/3, classroom): the loss that shot up ran through
    "off the scale (diverged)": the note stands on the page's background above every curve
    (a second variant's curves are added after the first variant's note; fails before)."""
    from dlstudio.gui.plots.synthetic import synthetic_snapshot

    snaps = []
    for variant in variants:
        run = [dataclasses.replace(synthetic_snapshot(s, total_steps=136), variant=variant)
               for s in (0, 1, 2)]
        run[2] = dataclasses.replace(run[2], batch_loss=2.3e26)
        snaps += run + [dataclasses.replace(run[2], event="diverged", message="x")]
    filler(store, snaps)
    panel = shown(qtbot, ConvergencePanel(store), (900, 600))
    note = panel.marks.notes.exploded[variants[0]]
    assert note.isVisible()
    assert note.fill.style() != pg.QtCore.Qt.BrushStyle.NoBrush
    assert note.fill.color().alpha() >= 200
    curves = [c for c in panel.loss_plot.listDataItems()]
    assert curves and all(c.zValue() < note.zValue() for c in curves)
