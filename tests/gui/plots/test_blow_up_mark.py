"""A diverged run on the convergence page (``plots/blow_up_mark.py``): the loss curves end
at the last good losses and a dashed line marks the step that blew up.

fix95: a run that blew up at its second step drew two points, the second off the axis: the
"diverged" snapshot (the last finished step, with the loss of the step that blew up) had
replaced that step's own loss in the store, and the curve ran from it to 6.6 × 10¹²."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dlstudio.gui import i18n
from dlstudio.gui.plots.blow_up_mark import blow_up_position, last_good_losses
from dlstudio.gui.plots.convergence import ConvergencePanel
from dlstudio.gui.plots.synthetic import synthetic_run

BLOWN = 6.6e12


def _blown_at_second_step(variants=None):
    """Snapshots of a run (or comparison) whose variant "" / "A" blew up right after its
    second snapshot's step: the diverged snapshot comes at that same step (as the trainer
    sends it), with the loss of the next step."""
    snaps = synthetic_run(2, every=5, variants=variants)       # steps 0 and 5
    first = snaps[0].variant
    mine = [s for s in snaps if s.variant == first]
    losses = {0: 72956.3, 5: 68187.8}
    mine = [dataclasses.replace(s, batch_loss=losses[s.step]) for s in mine]
    diverged = dataclasses.replace(mine[-1], event="diverged", batch_loss=BLOWN,
                                   message="gradients exceeded 10⁶ at step 6")
    others = [s for s in snaps if s.variant != first]
    return mine + [diverged], others


def _panel(qtbot, store, size=(1100, 640)):
    panel = ConvergencePanel(store)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    panel.refresh(force=True)
    return panel


def test_the_curves_end_at_the_last_good_losses_and_a_line_marks_the_blow_up(qtbot, store,
                                                                            filler):
    mine, _ = _blown_at_second_step()
    filler(store, mine)
    x, y = last_good_losses(store, "", "step")
    np.testing.assert_allclose(x, [0, 5])
    np.testing.assert_allclose(y, [72956.3, 68187.8])         # the second step's own loss
    assert blow_up_position(store, "", "step") == (6, 6.0, BLOWN)
    panel = _panel(qtbot, store)
    raw = panel.items[""]["raw"]
    np.testing.assert_allclose(raw.yData, [72956.3, 68187.8])
    assert np.all(panel.items[""]["ema"].yData < 1e5)          # nor smoothed into the curve
    (x_lo, x_hi), (y_lo, y_hi) = panel.loss_plot.getViewBox().viewRange()
    assert y_lo <= 0 and 72956.3 < y_hi < 1e5                  # both points on the axis
    line = panel.marks.blow_ups[""]
    assert line.isVisible() and line.value() == pytest.approx(6.0) and x_lo < 6 < x_hi
    assert line.caption.toPlainText() == "diverged at step 6"
    note = panel.marks.notes.exploded[""]                      # how high it went
    assert note.isVisible() and "6.6 × 10¹²" in note.toPlainText() \
        and "(diverged)" in note.toPlainText()
    # the legend keeps clear of the caption
    assert not panel.loss_plot.legend.sceneBoundingRect().intersects(
        line.caption.sceneBoundingRect())


def test_a_comparison_names_the_variant_that_blew_up_in_both_languages(qtbot, store, filler):
    mine, others = _blown_at_second_step({"A": "relu", "B": "sigmoid"})
    filler(store, mine + others)
    panel = _panel(qtbot, store)
    assert panel.marks.blow_ups["A"].caption.toPlainText() == "A: diverged at step 6"
    assert not panel.marks.blow_ups["B"].isVisible()
    np.testing.assert_allclose(panel.items["B"]["raw"].xData, [0, 5])
    i18n.set_language("zh_CN")
    try:
        panel.refresh(force=True)
        assert panel.marks.blow_ups["A"].caption.toPlainText() == "A: 在第 6 步发散"
    finally:
        i18n.set_language("en")


def test_a_loss_that_blew_up_to_nan_marks_the_step_and_names_no_wrong_value(qtbot, store,
                                                                           filler):
    mine, _ = _blown_at_second_step()
    mine[-1] = dataclasses.replace(mine[-1], batch_loss=float("nan"))
    filler(store, mine)
    panel = _panel(qtbot, store)
    np.testing.assert_allclose(panel.items[""]["raw"].yData, [72956.3, 68187.8])
    assert panel.marks.blow_ups[""].isVisible()
    assert not panel.marks.notes.exploded[""].isVisible()      # no "exploded to 7 × 10⁴"


def test_a_run_that_did_not_diverge_keeps_every_loss_and_no_mark(qtbot, store, filler):
    mine, _ = _blown_at_second_step()
    filler(store, mine[:-1])
    x, y = last_good_losses(store, "", "step")
    np.testing.assert_allclose(y, [72956.3, 68187.8])
    assert blow_up_position(store, "", "epoch") is None
    panel = _panel(qtbot, store)
    assert not panel.marks.blow_ups[""].isVisible()
