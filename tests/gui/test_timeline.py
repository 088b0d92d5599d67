"""Time travel in the window's studio: moments arrive, scrubbing pins the panels, branches."""
from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def trained(small_studio, qtbot):
    s = small_studio
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    return s


def test_moments_arrive_at_the_probe_steps(trained):
    steps = trained.timeline_steps()
    last = trained.store.latest("A").step               # 2 short epochs
    assert steps[0] == 0 and steps[-1] == last
    assert set(range(0, last + 1)) == set(steps)     # every step at first


def test_scrubbing_shows_the_moment_and_live_comes_back(trained, qtbot):
    s = trained
    live_latest = s.store.latest("A")
    with qtbot.waitSignal(s.sigScrubbed) as sig:
        s.scrub_to(10)
    assert sig.args == [10] and s.store.pinned_step == 10
    assert s.store.latest("A").step == 10
    moment = s.timelines["A"].at(10)
    net = s.network_for("A")
    for a, b in zip(net.get_weights(), moment.weights):
        np.testing.assert_array_equal(a, b)
    hist = s.store.latest_layer_field("A", 0, "act_hist")
    assert hist is moment.telemetry.layers[0].act_hist
    s.scrub_to(None)
    assert s.store.pinned_step is None and s.store.latest("A") is live_latest
    for a, b in zip(s.network_for("A").get_weights(), s.weights("A")):
        np.testing.assert_array_equal(a, b)


def test_branch_continues_as_a_new_variant_overlaid(trained, qtbot):
    s = trained
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        name = s.branch_from(20, learning_rate=0.001)
    assert name == "B" and s.variants[1].train_spec.learning_rate == pytest.approx(0.001)
    assert set(s.store.variants()) == {"A", "B"}       # the original stays, the branch beside it
    b_steps = s.store.series("B", "learning_rate")[0]
    assert b_steps[0] >= 20
    rates = s.store.series("B", "learning_rate")[1]
    assert rates[0] == pytest.approx(0.01)            # the branch point, as it was
    np.testing.assert_allclose(rates[1:], 0.001)      # then the new setting
    assert s.timelines["B"].steps[0] >= 20
    with pytest.raises(ValueError, match="can change"):
        s.branch_from(20, optimizer="sgd")


def test_the_timeline_bar_under_the_plots_scrubs_and_branches(window, small_studio, qtbot,
                                                              monkeypatch):
    from PySide6.QtWidgets import QDialog

    from dlstudio.gui.timeline_bar import BranchDialog

    w = window
    bar = w.timeline_bar
    assert not bar.slider.isEnabled() and not bar.branch.isEnabled()
    with qtbot.waitSignal(small_studio.runner.sigFinished, timeout=120000):
        small_studio.start()
    steps = small_studio.timeline_steps()
    assert bar.slider.maximum() == steps[-1] and bar.branch.isEnabled()
    bar.slider.setValue(steps[5])
    assert small_studio.scrubbed_step == steps[5] and bar.live.isEnabled()
    assert str(steps[5]) in bar.where.text()
    convergence = w.plot_panels["convergence"]
    convergence.refresh(force=True)
    cursors = [c for c in convergence.step_cursors() if c.isVisible()]
    assert cursors and cursors[0].value() == steps[5]
    monkeypatch.setattr(BranchDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(small_studio.runner.sigFinished, timeout=120000):
        bar.branch.click()                     # learning rate / 10 from step steps[5]
    assert len(small_studio.variants) == 2
    assert small_studio.variants[1].train_spec.learning_rate == pytest.approx(0.001)
    bar.live.click()
    assert small_studio.scrubbed_step is None


def test_branch_from_another_variant_and_a_timeline_of_all_variants(trained, qtbot):
    s = trained
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.branch_from(15, learning_rate=0.001)
    assert s.branchable_variants() == ["A", "B"]
    b_start = s.timelines["B"].steps[0]
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        name = s.branch_from(b_start + 2, source="B", learning_rate=0.0001)
    assert name == "C" and s.variants[2].train_spec.learning_rate == pytest.approx(0.0001)
    assert "B from step" in s.variants[2].note
    # the slider offers every variant's moments
    assert set(s.timelines["B"].steps) <= set(s.timeline_steps())
    s.scrub_to(b_start + 2)
    assert s.store.latest().step == b_start + 2          # the status line reads the moment


def test_a_new_start_leaves_the_branch_out(trained, qtbot):
    """Walker11 W11-19: after one 'Branch from here' every later Start trained A and B
    from new weights (B with A's new settings): a branch belongs to its run."""
    s = trained
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.branch_from(20, learning_rate=0.001)
    assert [v.name for v in s.variants] == ["A", "B"]
    said = []
    s.sigMessage.connect(said.append)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    assert [v.name for v in s.variants] == ["A"] and s.store.variants() == ["A"]
    assert any("Branch B belonged to the previous run" in t for t in said)


def test_a_branch_edited_in_the_compare_dock_stays_a_variant(trained, qtbot):
    s = trained
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.branch_from(20, learning_rate=0.001)
    s.set_variant("B", train_spec=s.variants[1].train_spec.replace(learning_rate=0.002))
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    assert [v.name for v in s.variants] == ["A", "B"]
    assert set(s.store.variants()) == {"A", "B"}


def test_the_note_over_the_plots_says_the_branch_was_left_out(window, small_studio, qtbot):
    s = small_studio
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.branch_from(10, learning_rate=0.001)
    assert "left out" not in window.run_note.text()
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    assert "Branch B belonged to the previous run" in window.run_note.text()


def test_a_click_on_the_timeline_track_goes_to_the_clicked_place(qtbot):
    """Walker12 W12-10: a click near the start of a finished run's timeline moved one page
    (to step 164 of 204), not to where the student clicked."""
    from PySide6.QtCore import QPoint, Qt

    from dlstudio.gui.timeline_bar import JumpSliderWidget

    slider = JumpSliderWidget(Qt.Orientation.Horizontal)
    qtbot.addWidget(slider)
    slider.resize(400, 24)
    slider.setRange(0, 204)
    slider.setValue(204)
    slider.show()
    qtbot.waitExposed(slider)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(100, 12))
    # a quarter of the track, give or take the handle's width (under 40 px of 400)
    assert abs(slider.value() - 51) <= 204 * 40 // 400
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(399, 12))
    assert slider.value() == 204


def test_a_narrow_timeline_bar_keeps_a_slider_to_scrub(small_studio, qtbot):
    """Walker14 W14-7: with the Lessons dock open the bar was ~440 px wide and the slider a
    25-pixel stub; it keeps at least SLIDER_MIN pixels, the bar dropping its title and
    shortening "Branch from here..." to make room."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.timeline_bar import SLIDER_MIN, TimelineBarWidget

    bar = TimelineBarWidget(small_studio)
    qtbot.addWidget(bar)
    bar.resize(900, 40)
    bar.show()
    QApplication.processEvents()
    assert bar.title.isVisible() and bar.branch.text() == "Branch from here..."
    bar.resize(440, 40)
    QApplication.processEvents()
    assert bar.slider.width() >= SLIDER_MIN
    assert not bar.title.isVisible() and bar.branch.text() == "Branch..."
    assert "Branch from here" in bar.branch.toolTip()
    assert bar.where.isVisible() and bar.live.isVisible()


def test_a_wide_timeline_bar_asks_no_more_room_than_a_compact_one(small_studio, qtbot):
    """Walker19 W19-7: wide, the bar's least width (title, whole "Branch from here...")
    was ~110 px more than the compact bar's it turns into when narrower, so after the window
    had been small and grew, the dock columns could not get their widths back."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.timeline_bar import TimelineBarWidget

    bar = TimelineBarWidget(small_studio)
    qtbot.addWidget(bar)
    bar.resize(440, 40)
    bar.show()
    QApplication.processEvents()
    assert bar.compact
    narrow = bar.minimumSizeHint().width()
    bar.resize(900, 40)
    QApplication.processEvents()
    assert not bar.compact
    assert bar.minimumSizeHint().width() <= narrow


def test_the_timeline_slider_is_laid_out_by_step_and_settles_on_moments(small_studio, qtbot):
    """Walker17 W17-f: the slider's positions were the moments' numbers, and the moments are
    denser early (every step up to 50, then ~25 per doubling), so half the slider was the
    first 5% of a convnet run. Its positions are steps now: the middle is the middle of the
    run, and the slider settles on the nearest moment; an arrow key goes to the next one."""
    from PySide6.QtCore import Qt

    from dlstudio.gui.timeline_bar import TimelineBarWidget

    trained = small_studio
    trained.set_train_spec(trained.train_spec.replace(epochs=15))     # ~330 steps
    with qtbot.waitSignal(trained.runner.sigFinished, timeout=120000):
        trained.start()
    bar = TimelineBarWidget(trained)
    qtbot.addWidget(bar)
    steps = trained.timeline_steps()
    assert len(steps) > 10 and steps[10] < steps[-1] / 4      # denser early
    assert (bar.slider.minimum(), bar.slider.maximum()) == (steps[0], steps[-1])
    middle = (steps[0] + steps[-1]) // 2
    bar.slider.setValue(middle)
    nearest = min(steps, key=lambda s: abs(s - middle))
    assert trained.scrubbed_step == nearest == bar.slider.value()
    bar.slider.setFocus()
    qtbot.keyClick(bar.slider, Qt.Key.Key_Right)
    assert trained.scrubbed_step == steps[steps.index(nearest) + 1]
    qtbot.keyClick(bar.slider, Qt.Key.Key_Left)
    qtbot.keyClick(bar.slider, Qt.Key.Key_Left)
    assert trained.scrubbed_step == steps[steps.index(nearest) - 1]
    # the window scrubs (a lesson check shows the moment it measured): the slider follows
    # (walker21 W21-1: it stayed at the right end beside "step 0 of 5")
    trained.scrub_to(steps[0])
    assert bar.slider.value() == steps[0]
    assert bar.where.text() == f"step {steps[0]} of {steps[-1]}"
    trained.scrub_to(None)
    assert bar.slider.value() == steps[-1]


def test_a_branch_is_named_as_one_and_start_says_it_leaves_it_out(trained, qtbot):
    """Walker17 W17-h: after "Branch from here" the Compare list called the branch "B:
    learning rate 0.0001" and Start read "Start A + B", as if a new Start trained both from
    scratch; it trains A alone (W11-19)."""
    from dlstudio.gui.training.compare import ComparePanel
    from dlstudio.gui.widgets.run_controls import RunActions

    s = trained
    actions = RunActions(s)
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.branch_from(15, learning_rate=0.001)
    assert s.branch_origin("B") == ("A", 15) and s.branch_origin("A") is None
    label = panel.list.item(1).text()
    assert label.startswith("B: branch of A from step 15, learning rate")
    assert panel.list.item(1).toolTip() == label
    assert actions.actions["start"].text() == "Start"
    s.set_variant("B", train_spec=s.variants[1].train_spec.replace(learning_rate=0.002))
    assert s.branch_origin("B") is None                      # edited: a comparison now
    assert actions.actions["start"].text() == "Start A + B"


def test_a_branch_from_a_paused_run_says_the_run_stopped_there_for_it(window, small_studio,
                                                                       qtbot, pause_after):
    """Walker19 W19-6 (lesson 12 step 5): paused at step 1,619, a branch from step 768 left
    A at 1,619 with no end, and once the branch finished the window said A "was interrupted
    at epoch 2 (dlstudio closed during it)". A branch trains alone: the run it cancels ends
    where it was, "stopped", and the note says so."""
    s = small_studio
    pause_after(12)
    assert s.state == "paused"
    paused_at = s.store.latest("A").step
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        branch = s.branch_from(5, learning_rate=0.001)
    end = s.store.latest("A", live=True)
    assert end.event == "stopped" and end.step == paused_at
    assert end.message.id == "run.stopped_for_branch"
    assert s.store.latest(branch).event == "finished"
    assert "dlstudio closed" not in s.curves_note()
    window.show_run_note()
    text = window.run_note.text()
    assert "dlstudio closed" not in text and "interrupted" not in text
    assert f"A: Stopped at step {paused_at:,} when the branch {branch} started from step 5" \
        in text


def test_the_branch_dialog_offers_a_tenth_of_the_rate_at_the_moment(trained, qtbot):
    """walker34: a rate typed in the Training panel after the moment (0.1, the run had used
    0.001 at step 296) made the dialog offer 0.01, a tenth of the panel's rate."""
    from dlstudio.gui.timeline_bar import BranchDialog

    s = trained
    used = s.variants[0].train_spec.learning_rate
    s.set_train_spec(s.train_spec.replace(learning_rate=used * 50))     # typed afterwards
    assert s.variants[0].train_spec.learning_rate == pytest.approx(used * 50)
    dialog = BranchDialog(s, 20)
    qtbot.addWidget(dialog)
    assert dialog.change()["learning_rate"] == pytest.approx(used / 10)
    dialog.setting.setCurrentIndex(dialog.setting.findData("batch_size"))
    assert dialog.change()["batch_size"] == s.variants[0].train_spec.batch_size
