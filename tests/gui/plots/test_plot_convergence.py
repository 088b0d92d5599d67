"""ConvergencePanel: its curves hold the store's loss, accuracy and learning-rate series."""
from __future__ import annotations

import dataclasses

import numpy as np
import pyqtgraph as pg
import pytest

from dlstudio.gui.plots import style
from dlstudio.gui.plots.smoothing import ema, ema_reference
from dlstudio.gui.plots.convergence import ConvergencePanel
from dlstudio.gui.plots.ranges import END_ROOM

def panel_for(qtbot, store):
    panel = ConvergencePanel(store)
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def test_curves_hold_raw_smoothed_and_validation(qtbot, moons_store, moons_run):
    panel = panel_for(qtbot, moons_store)
    items = panel.items[""]
    snaps = moons_run[1]
    x, y = moons_store.series("", "batch_loss")
    np.testing.assert_array_equal(items["raw"].xData, x)
    np.testing.assert_allclose(items["raw"].yData, y)
    np.testing.assert_allclose(items["ema"].yData, ema(y, 0.8))
    val = [(s.step, s.val_loss) for s in snaps if s.val_loss is not None]
    assert len(val) >= 6                                 # one per epoch (and the last)
    np.testing.assert_allclose(items["val"].yData, [v for _, v in val])
    np.testing.assert_allclose(items["acc_val"].yData,
                               [s.val_accuracy for s in snaps if s.val_accuracy is not None])
    np.testing.assert_allclose(items["lr"].yData, 0.01)
    assert panel.acc_plot is not None
    # walker5 W5-19: the training accuracy restarts its mean every epoch (a step up where an
    # epoch ends); the title says what the curve is
    assert "running mean per epoch" in panel.acc_plot.titleLabel.text


def test_smoothing_factor_changes_overlay_not_raw(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    raw_before = panel.items[""]["raw"].yData.copy()
    panel.set_smoothing(0.0)
    np.testing.assert_allclose(panel.items[""]["ema"].yData, raw_before)
    panel.set_smoothing(0.95)
    np.testing.assert_allclose(panel.items[""]["raw"].yData, raw_before)
    np.testing.assert_allclose(panel.items[""]["ema"].yData, ema(raw_before, 0.95))


def test_log_axis_and_epoch_axis(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    panel.options.log_box.setChecked(True)
    assert panel.loss_plot.getAxis("left").logMode
    assert np.all(panel.items[""]["raw"].yData > 0)
    panel.options.x_box.setCurrentIndex(1)
    x_epoch = moons_store.series("", "batch_loss", x="epoch")[0]
    np.testing.assert_allclose(panel.items[""]["raw"].xData, x_epoch)
    assert x_epoch[-1] <= 6.0 + 1e-9


def test_compare_overlays_variants_in_their_colours(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    assert set(panel.items) == {"A", "B"}
    for j, v in enumerate("AB"):
        pen = panel.items[v]["ema"].opts["pen"]
        assert pen.color().name() == style.variant_color(j)
        np.testing.assert_allclose(panel.items[v]["raw"].yData,
                                   compare_store.series(v, "batch_loss")[1])
    names = [label.text for _, label in panel.loss_plot.legend.items]
    # one entry per variant (its colour) and one for the validation style: eight entries
    # covered a third of the loss plot in a four-variant run (walker12 W12-5)
    assert names == ["A", "B", "validation"]


def test_ema_matches_loop_and_rejects_bad_factor():
    y = np.random.default_rng(0).normal(size=1000).cumsum()
    for factor in (0.0, 0.5, 0.8, 0.99):
        np.testing.assert_allclose(ema(y, factor), ema_reference(y, factor), rtol=1e-9,
                                   atol=1e-9)
    assert ema(np.array([]), 0.8).size == 0
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        ema(y, 1.0)


def test_narrow_panel_stacks_accuracy_below_loss(qtbot, moons_store):
    """Side by side in a narrow panel the accuracy plot was ~90 px wide (ticks ran together);
    below the loss plot it gets the panel's whole width."""
    panel = panel_for(qtbot, moons_store)
    panel.resize(540, 620)
    panel.show()
    panel.refresh(force=True)
    assert panel.stacked()
    loss, acc = panel.loss_plot.sceneBoundingRect(), panel.acc_plot.sceneBoundingRect()
    assert acc.top() >= loss.bottom() - 1 and acc.width() >= 0.9 * loss.width()
    panel.resize(1000, 620)
    panel.refresh(force=True)
    assert not panel.stacked()
    loss, acc = panel.loss_plot.sceneBoundingRect(), panel.acc_plot.sceneBoundingRect()
    assert acc.left() >= loss.right() - 1 and acc.width() >= 0.25 * panel.graphics.width()


def test_a_diverged_variant_does_not_flatten_the_others(qtbot, store, filler):
    """A's loss explodes to 1.5e13 at its third step: the loss axis still fits B's losses
    (about 2 down to 0.1) and a note at the top edge says that A went off the scale."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(40, variants={"A": "relu", "B": "relu"})
    diverged = [s for s in snaps if s.variant == "A"][:3]
    diverged[2] = dataclasses.replace(diverged[2], batch_loss=1.5e13)
    filler(store, diverged + [s for s in snaps if s.variant == "B"])
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    lo, hi = panel.loss_plot.getViewBox().viewRange()[1]
    b_loss = store.series("B", "batch_loss")[1]
    assert hi < 10 * b_loss.max() and lo <= b_loss.min()
    note_a, note_b = panel.marks.notes.exploded["A"], panel.marks.notes.exploded["B"]
    assert note_a.isVisible() and not note_b.isVisible()
    assert "A" in note_a.toPlainText() and "1.5 × 10¹³" in note_a.toPlainText()
    # A's run goes on (its last snapshot is an ordinary step): off the scale, not "diverged"
    assert "diverged" not in note_a.toPlainText()
    filler(store, [dataclasses.replace(diverged[2], step=diverged[2].step + 1,
                                       event="diverged")])
    panel.refresh(force=True)
    assert "(diverged)" in panel.marks.notes.exploded["A"].toPlainText()


def test_exploded_cap_follows_the_starting_loss():
    from dlstudio.gui.plots import ranges

    healthy = np.linspace(2.3, 0.1, 50)
    exploded = np.array([2.3, 2.2, 5e3, 1.5e13, np.inf])
    cap = ranges.exploded_cap([healthy, exploded])
    assert 2.3 < cap < 5e3
    kept = ranges.below([healthy, exploded], cap)
    np.testing.assert_array_equal(kept[0], healthy)
    np.testing.assert_array_equal(kept[1], [2.3, 2.2])
    assert ranges.exploded_cap([np.array([])]) is None


def test_a_run_that_lives_high_is_drawn_not_left_off_the_axis(qtbot, store, filler):
    """Walker8 W8-7: at learning rate 5 a convnet trained on at a loss of 200-400 for its
    whole run; the loss axis kept 0-12 (the starting level) and drew nothing but one stroke
    at the first step and "loss rose to 8.7e+02: off the scale"."""
    from dlstudio.gui.plots import ranges
    from dlstudio.gui.plots.synthetic import synthetic_run

    rng = np.random.default_rng(0)
    high = np.concatenate([[2.3, 2.3, 870.0], rng.uniform(200, 400, 60)])
    cap = ranges.exploded_cap([high])
    assert cap > 870 and len(ranges.below([high], cap)[0]) == high.size
    # a few exploded points at the end of a long healthy run stay off the axis
    healthy = np.concatenate([np.linspace(2.3, 0.1, 60), [5e3, 1e8, 1e13]])
    assert ranges.exploded_cap([healthy]) < 100

    snaps = [s for s in synthetic_run(64, variants={"": "relu"})][:len(high)]
    filler(store, [dataclasses.replace(s, batch_loss=float(v)) for s, v in zip(snaps, high)])
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    lo, hi = panel.loss_plot.getViewBox().viewRange()[1]
    assert lo <= 200 and hi >= 870
    assert not panel.marks.notes.exploded[""].isVisible()


def test_after_a_divergence_the_step_axes_end_at_the_last_step(qtbot, store, filler):
    """A run planned for 200 steps diverges after step 20: once it has ended, the loss and
    learning-rate axes span the 20 steps it ran and step 21, where it blew up (marked:
    ``blow_up_mark``), not 200; a run still going keeps its planned length."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(5, every=5)                    # steps 0..20 of a planned 25
    snaps = [dataclasses.replace(s, total_steps=200) for s in snaps]
    filler(store, snaps[:-1])
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    assert panel.loss_plot.getViewBox().viewRange()[0][1] == pytest.approx(200 * (1 + END_ROOM))
    filler(store, [dataclasses.replace(snaps[-1], event="diverged", batch_loss=float("inf"),
                                       message="diverged")])
    panel.refresh(force=True)
    for plot in (panel.loss_plot, panel.lr_plot):
        lo, hi = plot.getViewBox().viewRange()[0]
        assert hi == pytest.approx(21 * (1 + END_ROOM)) and lo <= 0 < 21 * 0.05 + lo


def test_learning_rates_far_apart_get_a_log_axis(qtbot, store, moons_run, filler):
    """Lesson 08 step 1 (walker4 W4-3): 0.0005, 0.05 and 3 on a linear axis left two flat
    lines on zero."""
    snaps = moons_run[1]
    for name, lr in (("A", 0.0005), ("B", 0.05), ("C", 3.0)):
        filler(store, [dataclasses.replace(s, variant=name, learning_rate=lr) for s in snaps])
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    assert panel.lr_plot.getAxis("left").logMode
    lo, hi = panel.lr_plot.getViewBox().viewRange()[1]
    assert lo < np.log10(0.0005) < np.log10(3.0) < hi


def test_one_learning_rate_keeps_a_linear_axis_from_zero(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    assert not panel.lr_plot.getAxis("left").logMode
    assert panel.lr_plot.getViewBox().viewRange()[1][0] == pytest.approx(0.0, abs=1e-12)


def early_stopped(snapshots, epoch: int):
    """``snapshots`` of a run whose last message says early stopping restored ``epoch``."""
    from dlstudio.messages import Message, join_sentences

    note = join_sentences([Message("callback.early_stopping", monitor="val_loss", wait=3,
                                   best=0.31, epoch=epoch),
                           Message("callback.restored_best", epoch=epoch, monitor="val_loss")])
    return [*snapshots[:-1], dataclasses.replace(snapshots[-1], message=note)]


def test_the_epoch_whose_weights_were_restored_is_marked(qtbot, store, filler, moons_run):
    """Walker4 W4-13 (lesson 09 step 2): nothing on the loss plot said which epoch's weights
    early stopping kept. A vertical line at the end of that epoch (on its validation point)
    says so, in English and Chinese, on the step and on the epoch axis."""
    from dlstudio.gui import i18n

    filler(store, early_stopped(moons_run[1], 3))
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    line = panel.marks.restored[""]
    third = next(s for s in store.epoch_snapshots("") if s.epoch == 2)
    assert line.isVisible() and line.value() == pytest.approx(third.step)
    assert third.step in panel.items[""]["val"].xData               # on its validation dot
    assert line.caption.toPlainText() == "weights restored: epoch 3"
    panel.options.x_box.setCurrentIndex(panel.options.x_box.findData("epoch"))
    panel.refresh(force=True)
    line = panel.marks.restored[""]
    assert line.value() == pytest.approx(3.0)
    assert np.any(np.isclose(panel.items[""]["val"].xData, 3.0))
    try:
        i18n.set_language("zh_CN")

        def chinese():
            panel.refresh(force=True)
            return "第 3 轮" in panel.marks.restored[""].caption.toPlainText()

        qtbot.waitUntil(chinese, timeout=3000)
    finally:
        i18n.set_language("en")


def test_a_run_without_restored_weights_has_no_mark(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    panel.refresh(force=True)
    assert not panel.marks.restored[""].isVisible()


def test_validation_points_sit_at_the_end_of_their_epoch_on_the_epoch_axis(qtbot,
                                                                           moons_store):
    """The first epoch's validation loss was drawn at 0 on the epoch axis, one epoch before
    the training curve reached the end of that epoch."""
    panel = panel_for(qtbot, moons_store)
    panel.options.x_box.setCurrentIndex(panel.options.x_box.findData("epoch"))
    panel.refresh(force=True)
    val_x = panel.items[""]["val"].xData
    ends = [s.epoch + s.epoch_fraction for s in moons_store.epoch_snapshots("")]
    np.testing.assert_allclose(val_x[:len(ends)], ends)
    assert val_x[0] == pytest.approx(1.0)


def test_compare_marks_each_variant_in_its_colour(qtbot, store, filler, compare_run):
    snaps = compare_run[1]
    a = [s for s in snaps if s.variant == "A"]
    b = [s for s in snaps if s.variant == "B"]
    filler(store, early_stopped(a, 2) + b)
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    assert panel.marks.restored["A"].isVisible() and not panel.marks.restored["B"].isVisible()
    assert panel.marks.restored["A"].caption.toPlainText().startswith("A")
    assert panel.marks.restored["A"].pen.color().name() == style.variant_color(0)


def high_accuracy(snapshots):
    """``snapshots`` as an MNIST-like run: accuracies of 0.5 -> 0.93 in the first epoch,
    0.97-0.99 after it, and a test accuracy of 0.992 on the last snapshot."""
    first_end = next(s.step for s in snapshots if s.val_accuracy is not None)
    out = []
    for s in snapshots:
        acc = 0.5 + 0.43 * s.step / first_end if s.step <= first_end else 0.98
        val = None if s.val_accuracy is None else (0.97 if s.step <= first_end else 0.985)
        out.append(dataclasses.replace(s, train_accuracy=acc, val_accuracy=val))
    out[-1] = dataclasses.replace(out[-1], test_accuracy=0.992)
    return out


def test_a_high_accuracy_run_keeps_its_first_epoch_and_the_test_accuracy_a_star(
        qtbot, store, filler, moons_run):
    """Walker13 W13-10 (lesson 12 step 5, MNIST): the axis zoomed to 0.95-1 after the first
    epoch and hid its climb (0.1 -> 0.94); the whole run stays in view. Walker5 W5-14: the
    test accuracy is on the plot, with its value."""
    filler(store, high_accuracy(moons_run[1]))
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    low, high = panel.acc_plot.getViewBox().viewRange()[1]
    assert low <= 0.5 and high >= 1.0       # the first epoch starts at 0.5
    star = panel.items[""]["acc_test"]
    assert list(star.yData) == [pytest.approx(0.992)]
    note = panel.items[""]["acc_test_note"]
    assert note.isVisible() and note.toPlainText() == "\u2605 test 99.2%"


def test_a_run_high_from_its_start_gets_a_zoomed_axis(qtbot, store, filler, moons_run):
    """A fine-tuned network at 96-99% from its first step: 98% and 99% stay two heights
    (walker5 W5-14) without hiding any part of the run."""
    snaps = [dataclasses.replace(s, train_accuracy=0.96 + 0.03 * i / len(moons_run[1]),
                                 val_accuracy=None if s.val_accuracy is None else 0.985)
             for i, s in enumerate(moons_run[1])]
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    low, high = panel.acc_plot.getViewBox().viewRange()[1]
    assert 0.85 <= low <= 0.96 and high >= 1.0


def test_low_accuracies_keep_the_whole_axis(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    panel.refresh(force=True)
    low, _ = panel.acc_plot.getViewBox().viewRange()[1]
    assert low <= 0.0                                      # the moons run starts near 0.5
    assert not panel.items[""]["acc_test_note"].isVisible() or \
        panel.items[""]["acc_test"].yData.size == 1


def test_no_zoom_takes_the_accuracy_axis_past_0_to_100_percent(qtbot, moons_store):
    """walker33 W33-7: a plot's zoom ran an accuracy axis to -2500..500%."""
    panel = panel_for(qtbot, moons_store)
    panel.refresh(force=True)
    view = panel.acc_plot.getViewBox()
    for _ in range(10):
        view.scaleBy((2.0, 2.0))
    low, high = view.viewRange()[1]
    assert low >= -0.02 - 1e-9 and high <= 1.02 + 1e-9


def test_accuracy_floor():
    from dlstudio.gui.plots.ranges import accuracy_floor

    assert accuracy_floor([]) == 0.0
    assert accuracy_floor([np.array([0.3, 0.9])]) == 0.0
    assert accuracy_floor([np.array([0.93, 0.99]), np.array([0.97])]) == pytest.approx(0.9)
    assert accuracy_floor([np.array([0.99, 0.995])]) == pytest.approx(0.95)
    assert accuracy_floor([np.array([np.nan, 0.96])]) == pytest.approx(0.9)


def test_the_test_accuracy_tag_sits_off_the_curves(qtbot, store, filler, moons_run):
    """Walker6 W6-24: a network stuck at 10% had its 'test 10.0%' tag drawn on its curve.
    The tag goes to the top corner for a low star and to the bottom one for a high star (W8-9),
    on the page's background."""
    snaps = [dataclasses.replace(s, train_accuracy=0.1,
                                 val_accuracy=None if s.val_accuracy is None else 0.1)
             for s in moons_run[1]]
    snaps[-1] = dataclasses.replace(snaps[-1], test_accuracy=0.1)
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    note = panel.items[""]["acc_test_note"]
    _, high = panel.acc_plot.getViewBox().viewRange()[1]
    assert note.isVisible() and note.pos().y() == pytest.approx(high)    # the top corner
    assert note.fill.color().alpha() > 0


def test_a_high_test_accuracy_tag_sits_in_the_bottom_corner(qtbot, store, filler, moons_run,
                                                            shown):
    filler(store, high_accuracy(moons_run[1]))
    panel = shown(qtbot, ConvergencePanel(store), (900, 500))
    view = panel.acc_plot.getViewBox().sceneBoundingRect()
    tag = panel.items[""]["acc_test_note"].sceneBoundingRect()
    assert abs(tag.bottom() - view.bottom()) < 0.15 * view.height() and tag.right() <= view.right() + 1


def test_a_tag_avoids_a_flat_line_low_and_curves_high(qtbot, store, filler, shown):
    """Walker8 W8-9 re-check: lesson 05/1's tags went to the bottom corner (most stars were
    high) and sat on A sigmoid's flat line at 0.1. They go where no curve runs."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(150, variants={"A": "relu", "B": "relu", "C": "relu"},
                          steps_per_epoch=10)
    level = {"A": 0.1, "B": 0.95, "C": 0.9}
    out = [dataclasses.replace(s, train_accuracy=level[s.variant] if s.step > 20 else 0.1,
                               val_accuracy=None if s.val_accuracy is None
                               else level[s.variant]) for s in snaps]
    for name in "ABC":
        last = max(i for i, s in enumerate(out) if s.variant == name)
        out[last] = dataclasses.replace(out[last], test_accuracy=level[name])
    filler(store, out)
    panel = shown(qtbot, ConvergencePanel(store), (900, 600))
    view = panel.acc_plot.getViewBox()
    tags = [panel.items[v]["acc_test_note"].sceneBoundingRect() for v in "ABC"]
    for variant in "ABC":
        item = panel.items[variant]["acc_ema"]
        for px, py in zip(item.xData[-20:], item.yData[-20:]):
            point = view.mapViewToScene(pg.QtCore.QPointF(float(px), float(py)))
            assert not any(t.contains(point) for t in tags), (variant, px, py)


def test_the_test_tags_cover_no_curve_end_and_not_each_other(qtbot, store, filler, shown):
    """Walker8 W8-9: the tag beside the star covered the last 10-20% of the training and
    validation curves (lesson 13/1), and two variants' tags covered each other (17/2)."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(150, variants={"A": "relu", "B": "relu"}, steps_per_epoch=10)
    out = []
    for s in snaps:
        frac = s.step / 150
        acc = 0.1 + (0.9 if s.variant == "A" else 0.8) * frac
        out.append(dataclasses.replace(
            s, train_accuracy=acc, val_accuracy=None if s.val_accuracy is None else acc - 0.1))
    for name, test in (("A", 0.872), ("B", 0.848)):
        last = max(i for i, s in enumerate(out) if s.variant == name)
        out[last] = dataclasses.replace(out[last], test_accuracy=test)
    filler(store, out)
    panel = shown(qtbot, ConvergencePanel(store), (900, 500))
    view = panel.acc_plot.getViewBox()
    tags = [panel.items[v]["acc_test_note"].sceneBoundingRect() for v in ("A", "B")]
    assert not tags[0].intersects(tags[1])
    # walker36 W36-13: each tag names its variant, not only by its colour
    assert panel.items["A"]["acc_test_note"].toPlainText() == "\u2605 A test 87.2%"
    assert panel.items["B"]["acc_test_note"].toPlainText().startswith("\u2605 B ")
    for variant in ("A", "B"):
        for key in ("acc_ema", "acc_val"):
            item = panel.items[variant][key]
            for px, py in zip(item.xData[-30:], item.yData[-30:]):
                point = view.mapViewToScene(pg.QtCore.QPointF(float(px), float(py)))
                assert not any(t.contains(point) for t in tags), (variant, key, px, py)


def test_a_one_epoch_run_keeps_its_training_curve_on_the_axis(qtbot, store, filler, moons_run):
    """Walker6 W6-28: a one-epoch MNIST run (validation 0.98 at its last step) zoomed the axis
    to 0.95-1 and its whole training curve (0.1 -> 0.94) fell below it."""
    snaps = high_accuracy(moons_run[1])
    first_end = next(i for i, s in enumerate(snaps) if s.val_accuracy is not None)
    snaps = snaps[:first_end + 1]
    snaps[-1] = dataclasses.replace(snaps[-1], test_accuracy=0.983)
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    low, _ = panel.acc_plot.getViewBox().viewRange()[1]
    assert low <= 0.5                       # the training curve (0.5 -> 0.93) is in view


def test_the_test_accuracy_tag_is_inside_the_plot(qtbot, store, filler, moons_run):
    """The tag is placed after it is shown, at its drawn size (a hidden TextItem's offset
    came out in data units in the window: the tag landed off the axis)."""
    snaps = high_accuracy(moons_run[1])
    first_end = next(i for i, s in enumerate(snaps) if s.val_accuracy is not None)
    snaps = snaps[:first_end + 1]
    snaps[-1] = dataclasses.replace(snaps[-1], test_accuracy=0.962)
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    panel.resize(1200, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    note = panel.items[""]["acc_test_note"]
    view = panel.acc_plot.getViewBox().sceneBoundingRect()
    assert note.toPlainText() == "\u2605 test 96.2%"          # (one run: no letter)
    assert note.isVisible() and view.intersects(note.sceneBoundingRect())
    assert note.sceneBoundingRect().height() < view.height() / 3


def test_validation_dots_only_while_they_stay_apart(qtbot, store, filler):
    """Walker7 W7-12: 3,000 epochs of validation dots merged into one solid band."""
    from dlstudio.gui.plots.validation_curve import MAX_MARKED_POINTS
    from dlstudio.gui.plots.synthetic import synthetic_run

    filler(store, synthetic_run(40, every=1, steps_per_epoch=5))
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    (items,) = panel.items.values()
    n_short = len(store.series(next(iter(panel.items)), "val_loss")[0])
    assert 0 < n_short <= MAX_MARKED_POINTS
    assert items["val"].opts["symbol"] == "o" and items["acc_val"].opts["symbol"] == "o"
    store.clear()
    filler(store, synthetic_run(2 * MAX_MARKED_POINTS + 10, every=1, steps_per_epoch=1))
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    (variant, items), = panel.items.items()
    assert len(store.series(variant, "val_loss")[0]) > MAX_MARKED_POINTS
    assert items["val"].opts["symbol"] is None and items["acc_val"].opts["symbol"] is None


def test_notes_on_the_plots_follow_classroom_mode_when_it_is_switched(qtbot, store, filler):
    """W11-17: switching classroom mode left the test-accuracy tags (and the off-scale note)
    in the other mode's size: tiny on the projector, huge at the desk."""
    from dlstudio.gui.plots import style
    from dlstudio.gui.plots.synthetic import synthetic_run

    filler(store, synthetic_run(30))
    panel = panel_for(qtbot, store)
    panel.show()                    # a hidden page is built again when shown (W21-16)
    for on in (True, False, True):
        panel.set_classroom(on)
        notes = [items["acc_test_note"] for items in panel.items.values()] + \
            list(panel.marks.notes.exploded.values())
        assert notes
        for note in notes:
            assert note.textItem.font().pointSize() == style.legend_size(on)


def test_a_new_page_is_laid_out_by_its_stretch_factors_at_once(qtbot, store, filler,
                                                               moons_run):
    """Walker12 W12-8: for the first second of a run the learning-rate plot took half the
    page (its title inside it) until the layout's own pass came: the build lays it out."""
    filler(store, moons_run[1][:3])
    panel = ConvergencePanel(store)
    qtbot.addWidget(panel)
    panel.resize(800, 560)
    panel.show()
    panel.refresh(force=True)                      # no event processed after the build
    loss = panel.loss_plot.geometry().height()
    lr = panel.lr_plot.geometry().height()
    assert lr < 0.6 * loss, (loss, lr)


def test_a_loss_plateau_is_drawn_against_zero(qtbot, store, filler):
    """Walker14 W14-5: lesson 16/2's loss sits at ln 2 = 0.69 for the whole run; the axis
    was zoomed to 0.68-0.76, so "plateaus well above zero" could not be seen and the noise
    looked dramatic. A linear loss axis keeps 0 just above its bottom edge; the log axis
    cannot and does not."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    rng = np.random.default_rng(1)
    snaps = synthetic_run(120, variants={"": "relu"})
    out = [dataclasses.replace(s, batch_loss=float(0.693 + 0.02 * rng.standard_normal()),
                               val_loss=None if s.val_loss is None else 0.70)
           for s in snaps]
    filler(store, out)
    panel = panel_for(qtbot, store)
    panel.refresh(force=True)
    lo, hi = panel.loss_plot.getViewBox().viewRange()[1]
    assert -0.05 * hi <= lo <= 0.0 and 0.75 <= hi < 1.0
    panel.options.log_box.setChecked(True)
    panel.refresh(force=True)
    lo, hi = panel.loss_plot.getViewBox().viewRange()[1]   # log10 units
    assert lo > -1.0                                         # not stretched towards 0


@pytest.mark.parametrize("scale", [1.0, 1.6])          # normal and classroom font
def test_the_toolbar_controls_stand_apart(qtbot, moons_store, scale):
    """Walker25 W25-9: "Log scale lossx axis": the check box's text ran into the next
    label. Between the controls is a gap of about a line of the font, in any font."""
    from PySide6.QtGui import QFont

    panel = panel_for(qtbot, moons_store)
    font = QFont(panel.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    panel.setFont(font)
    panel.resize(1200, 700)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.wait(10)
    line = panel.options.log_box.fontMetrics().height()
    pairs = [(panel.options.smoothing_box, panel.options.log_box), (panel.options.log_box, panel.options.x_label)]
    for left, right in pairs:
        gap = right.geometry().left() - left.geometry().right()
        assert gap >= 0.8 * line, (left, right, gap, line)
    # a label stays beside its own box
    assert panel.options.smoothing_box.geometry().left() - panel.options.smoothing_label.geometry().right() \
        < 0.8 * line


def test_a_loss_that_falls_to_zero_at_once_gets_no_off_scale_note(qtbot, store, filler):
    """Walker27 (a CSV of one training example): the loss fell from 0.69 to 0 in four steps
    and the plot noted "↑ loss rose to 0.69: off the scale"; the fall is drawn whole."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    fell = np.concatenate([[0.69, 0.2, 0.03, 0.004], np.full(46, 1e-5)])
    snaps = [s for s in synthetic_run(64, variants={"": "relu"})][:len(fell)]
    filler(store, [dataclasses.replace(s, batch_loss=float(v)) for s, v in zip(snaps, fell)])
    panel = panel_for(qtbot, store)
    panel.resize(700, 500)
    panel.refresh(force=True)
    lo, hi = panel.loss_plot.getViewBox().viewRange()[1]
    assert hi >= 0.69 and not panel.marks.notes.exploded[""].isVisible()


def test_coinciding_curves_of_two_variants_both_show(qtbot, store, filler, compare_run):
    # walker27 W27-10 (lesson 07 step 3): A and B trained alike, so B's curves, drawn last,
    # hid A's completely while the legend listed both; A's are now drawn wider under B's
    a = [s for s in compare_run[1] if s.variant == "A"]
    filler(store, a + [dataclasses.replace(s, variant="B") for s in a])
    panel = panel_for(qtbot, store)
    panel.resize(900, 600)
    panel.refresh(force=True)
    for key in ("ema", "acc_ema", "lr"):
        width_a = panel.items["A"][key].opts["pen"].widthF()
        width_b = panel.items["B"][key].opts["pen"].widthF()
        assert width_a >= width_b + 2.0, key
    names = [label.text for _, label in panel.loss_plot.legend.items]
    assert any(n.startswith("A") for n in names) and any(n.startswith("B") for n in names)


def test_curves_apart_keep_their_width(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    panel.resize(900, 600)
    panel.refresh(force=True)
    widths = {panel.items[v]["ema"].opts["pen"].widthF() for v in ("A", "B")}
    assert len(widths) == 1


def test_a_learning_rate_plot_with_nothing_to_draw_spans_the_planned_run(qtbot, store, filler,
                                                                          moons_run):
    """walker35 a12: as a run began, the learning-rate plot had no rate to draw while the
    loss and accuracy plots beside it showed their first point over the planned 0..130
    steps; its axis read -60..60 steps. It spans the planned run as they do."""
    first = moons_run[1][0]
    filler(store, [dataclasses.replace(first, learning_rate=float("nan"))])
    panel = panel_for(qtbot, store)
    assert panel.lr_plot.getViewBox().viewRange()[0] == pytest.approx(
        panel.loss_plot.getViewBox().viewRange()[0])
    assert panel.lr_plot.getViewBox().viewRange()[0][1] > 10
