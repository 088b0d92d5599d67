"""A stopped run continues from where it stopped, on the same curves (walker7 W7-8, W7-14)."""
from __future__ import annotations

import numpy as np

from float_tolerance import assert_float_close

from dlstudio.gui.run_end_note import comparison_to_train_on


def test_continue_after_stop_ends_with_the_uninterrupted_weights(small_studio, qtbot,
                                                                 stop_after, one_thread):
    from dlstudio import Network
    from dlstudio.training import Trainer

    s = small_studio
    stop_after(7)
    moment = s.resume_point()
    assert moment is not None and moment.step == 7 and s.resume_epoch(moment) == 1
    steps_before = len(s.store.series("A", "train_loss")[0])
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    assert s.state == "finished"
    steps = s.store.series("A", "train_loss")[0]
    assert steps[0] == 0 and len(steps) > steps_before      # the same curves, appended
    assert [e for _step, e, _m in s.store.events("A")] == ["finished"]   # the stop is gone
    assert s.resume_point() is None                         # finished: nothing to continue
    whole = Trainer(Network.from_spec(s.network_spec, seed=s.train_spec.seed), s.dataset,
                    s.train_spec)
    list(whole.run())
    assert s.store.latest("A").step == whole.step
    for a, b in zip(s.weights("A"), whole.network.get_weights()):
        assert_float_close(a, b, n_terms=s.train_spec.batch_size * 16, depth=3)


def test_nothing_to_continue_after_an_edit_or_other_data(small_studio, stop_after):
    from dlstudio.engine import spec_edits as edits

    s = small_studio
    stop_after(3)
    assert s.resume_point() is not None
    net = s.network_spec
    s.set_network_spec(edits.set_hidden_activation(net, "relu"))
    assert s.resume_point() is None and not s.continue_run()
    s.set_network_spec(net)
    assert s.resume_point() is not None
    data = s.data_spec
    s.set_data_spec(data.with_(dataset="moons"))
    assert s.resume_point() is None
    s.set_data_spec(data)
    s.reset_weights()
    assert s.resume_point() is None


def test_an_autosave_made_during_the_run_continues_from_its_newest_moment(small_studio,
                                                                          qtbot, stop_after):
    """Curves saved past the newest moment are cut back to it when the run continues."""
    s = small_studio
    stop_after(5)
    moment = s.resume_point()
    s.timelines["A"].moments[-1:] = []            # as if the newest moment were older
    earlier = s.resume_point()
    assert earlier.step < moment.step
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    steps = s.store.series("A", "train_loss")[0]
    assert np.all(np.diff(steps) >= 0)             # one run, in step order


def test_the_run_menu_and_the_note_above_the_plots_offer_to_continue(window, small_studio,
                                                                      qtbot, stop_after):
    s = small_studio
    act = window.run_actions.continue_action
    assert act in window.menus["run"].actions() and not act.isEnabled()
    stop_after(3)
    assert act.isEnabled() and act.text() == "Continue from epoch 1"
    note = window.run_note
    assert note.isVisible() and note.action_button.isVisible()
    assert note.action_button.text() == "Continue from epoch 1"
    assert "stopped in epoch 1 of 3" in note.text()
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        note.action_button.click()
    assert s.state == "finished" and not act.isEnabled()
    assert not note.action_button.isVisible()


def test_scrubbing_back_does_not_call_the_run_interrupted(small_studio, qtbot, stop_after):
    """Walker9 W9-2: scrubbing the timeline back to an early moment of a stopped (or a
    continued and finished) run brought back 'This run was interrupted at epoch N (dlstudio
    closed during it)': the run's state was read from the moment shown, not the run's end."""
    s = small_studio
    stop_after(5)
    moment = s.resume_point()
    first = s.timelines["A"].moments[0].step
    s.scrub_to(first)
    assert s.store.latest("A").step == first              # the view shows the moment
    assert s.curves_note() == ""
    assert s.resume_point() is moment                     # still continues from the stop
    s.scrub_to(None)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    s.scrub_to(first)
    assert s.curves_note() == "" and s.resume_point() is None     # finished: nothing to continue


def test_the_start_page_offers_the_run_waiting_to_be_continued(window, small_studio, qtbot,
                                                               stop_after):
    """Walker9 W9-9: after Quit mid-run the start page covered the session and said nothing
    of the run waiting to be continued; its 'Continue' note appeared only after 'Explore
    freely'. It now comes first on the page, with Continue and Back to it."""
    s = small_studio
    page = window.show_start_page()
    assert not page.resume_label.isVisible()             # nothing to continue: no line
    page.reject()
    stop_after(3)
    page = window.show_start_page()
    assert page.resume_label.isVisible() and "epoch 1 of 3" in page.resume_label.text()
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        page.continue_button.click()
    assert not page.isVisible() and s.state == "finished"


def test_after_the_start_page_the_window_has_the_keyboard(window, small_studio, qtbot,
                                                          stop_after, monkeypatch):
    """Walker9 W9-16: after 'Continue the run' F5/Space/Shift+F5 did nothing until a click
    (the keyboard focus was on no dlstudio window). Looked at with xdotool under Xvfb; here:
    closing the page raises and activates the main window."""
    from dlstudio.gui.widgets import start_page

    activated = []
    monkeypatch.setattr(start_page, "take_keyboard", activated.append)
    stop_after(3)
    window.show()
    page = window.show_start_page()
    with qtbot.waitSignal(small_studio.runner.sigFinished, timeout=120000):
        page.continue_button.click()
    assert activated == [window]
    page = window.show_start_page()
    page.explore_button.click()                         # any way out gives it back
    assert activated == [window, window]


def test_a_restored_then_continued_run_says_where_its_moments_begin(small_studio, qtbot,
                                                                    stop_after, user_dir):
    """Walker9 W9-5: after a restart the timeline said 'no moments yet' beside 42 epochs of
    curves, and once continued its left end (and the landscape's path) began where the run
    was continued, with nothing saying so."""
    from dlstudio.gui import workspace_file
    from dlstudio.gui.studio import Studio
    from dlstudio.gui.timeline_bar import TimelineBarWidget

    stop_after(5)
    saved = workspace_file.capture(small_studio)
    s = Studio()
    s.set_data_spec(small_studio.data_spec)
    bar = TimelineBarWidget(s)
    qtbot.addWidget(bar)
    workspace_file.apply(s, saved)
    assert bar.where.text() == "no moments kept" and "saved workspace" in bar.where.toolTip()
    assert s.moments_start() is None
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    start = s.moments_start()
    assert start == s.timelines["A"].moments[0].step and start >= 5
    s.scrub_to(start)
    assert "earliest kept" in bar.where.text() and f"step {start} on" in bar.where.toolTip()
    s.scrub_to(None)
    assert small_studio.moments_start() is None           # never restored: from the start
    s.shutdown()


def test_a_finished_run_says_how_to_train_it_on(window, small_studio, qtbot):
    """Walker9 W9-1: the Run menu's Continue was greyed with no word why; it now says to
    raise Epochs, and once raised the note above the plots offers to train the run on."""
    s = small_studio
    act = window.run_actions.continue_action
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    assert not act.isEnabled() and "raise Epochs above 2" in act.text()
    s.set_train_spec(s.train_spec.replace(epochs=4))
    assert act.isEnabled() and act.text() == "Continue from epoch 3"
    note = window.run_note
    assert note.isVisible() and "finished its 2 epochs" in note.text()
    assert note.action_button.text() == "Continue from epoch 3"
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        note.action_button.click()
    assert s.state == "finished" and s.store.latest("A").epoch + 1 == 4
    assert not act.isEnabled() and "raise Epochs above 4" in act.text()


def test_a_continued_run_shows_no_star_of_its_earlier_stop(small_studio, qtbot, stop_after):
    """Brief polish6 item 3: a continued run showed the stopped segment's 'test 85.0%' star
    in the middle of the accuracy plot, as if it were the run's result."""
    from dlstudio.gui.plots.convergence import ConvergencePanel

    s = small_studio
    stop_after(5)
    panel = ConvergencePanel(s.store)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    panel.refresh(force=True)
    assert panel.items["A"]["acc_test_note"].isVisible()         # the stop's test result
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
        panel.refresh(force=True)                                # while it trains on
        assert not panel.items["A"]["acc_test_note"].isVisible()
    panel.refresh(force=True)
    star_x = panel.items["A"]["acc_test"].xData
    assert list(star_x) == [s.store.latest("A").step]            # only the end's star


def test_an_edit_put_back_brings_the_run_s_weights_back(small_studio, stop_after):
    """Walker9 W9-21: after a layer edit and its undo the note said both 'Continue trains
    it on ... with the same weights' and 'The trained weights of this run are not here ...
    press Start to train it again'. Since W17-23 the network edited back gets its trained
    weights back, so neither is needed, and Continue goes on from them."""
    from dlstudio.engine import spec_edits as edits

    s = small_studio
    stop_after(3)
    net = s.network_spec
    s.set_network_spec(edits.set_hidden_activation(net, "relu"))
    assert s.shown_weights("A") is None
    s.set_network_spec(net)                                # put back
    assert s.shown_weights("A") is not None and s.curves_note() == ""
    assert s.resume_point() is not None


def test_continue_trains_on_with_the_panel_s_live_settings_and_epochs(small_studio, qtbot,
                                                                      stop_after):
    """Walker9 W9-20: a rate lowered in the "(live)" field before Continue was ignored (the
    run went on at its old rate), and the run trained to its old total of epochs."""
    s = small_studio
    stop_after(3)                                   # a 3-epoch run at rate 0.01
    moment = s.resume_point()
    assert s.continue_changes(moment) == {}
    s.set_train_spec(s.train_spec.replace(learning_rate=0.001, l2=0.0001, epochs=2))
    assert s.continue_changes(moment) == {"learning_rate": 0.001, "l2": 0.0001}
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    assert s.state == "finished"
    steps, rates = s.store.series("A", "learning_rate")
    assert np.all(np.isclose(rates[steps < 3], 0.01, rtol=1e-6))    # the rate of the next step
    assert np.all(np.isclose(rates[steps > 3], 0.001, rtol=1e-6)) and (steps > 3).any()
    assert s.store.latest("A").epoch + 1 == 2                    # the panel's Epochs
    assert s.run_train_spec().epochs == 2 and s.run_train_spec().l2 == 0.0001


def test_continue_refuses_epochs_below_the_epoch_the_run_is_in(small_studio, qtbot,
                                                               stop_after):
    s = small_studio
    stop_after(3)
    moment = s.resume_point()
    moment.trainer_state["epoch"] = 1               # as if stopped in epoch 2
    s.set_train_spec(s.train_spec.replace(epochs=1))
    with qtbot.waitSignal(s.sigError) as said:
        assert not s.continue_run()
    assert "in epoch 2" in said.args[0] and "Set Epochs to 2 or more" in said.args[0]
    assert s.state == "stopped"


def test_the_note_and_the_toolbar_count_against_the_run_s_epochs(window, small_studio, qtbot,
                                                                  stop_after):
    """W9-20: the toolbar said "epoch 35/35" (the panel's Epochs) while the run was in epoch
    43 of 100; the note said nothing of the settings Continue would use."""
    s = small_studio
    stop_after(3)
    assert "Continue uses" not in window.run_note.text()
    s.set_train_spec(s.train_spec.replace(learning_rate=0.002, epochs=5))
    assert "5 epochs in all, learning rate 0.002" in window.run_note.text()
    s.start(paused=True)                             # a 5-epoch run (the panel's at Start)
    s.runner.step_once()
    qtbot.waitUntil(lambda: s.store.latest("A") is not None, timeout=60000)
    s.set_train_spec(s.train_spec.replace(epochs=9))  # for the next run
    s.runner.step_once()
    qtbot.waitUntil(lambda: s.store.latest("A").step >= 2, timeout=60000)
    window.progress._show(s.store.latest("A"))
    assert "epoch 1/5" in window.progress.label.text()
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
        s.stop()


def test_a_sent_network_s_note_says_start_trains_it_on(small_studio, stop_after):
    """W9-26: after Send to studio the note said "press Start to train this one", which read
    as if the sent network were untrained (and Start did give it new random weights)."""
    from dlstudio import Network
    from dlstudio.engine import spec_edits as edits

    s = small_studio
    stop_after(3)
    sent = edits.set_hidden_activation(s.network_spec, "relu")
    weights = Network.from_spec(sent, seed=1).get_weights()
    s.install_trained_network(sent, weights)
    kept = s.weights_to_start_from(s.network_spec)
    assert kept is not None and all(a is b for a, b in zip(kept, weights))
    note = s.curves_note()
    assert "sent from Transfer learning" in note and "Start trains the sent network on" in note
    assert s.resume_point() is None
    s.undo()                                        # the run's network again
    assert s.weights_to_start_from(s.network_spec) is None


def test_continue_keeps_the_decay_of_a_rate_typed_during_the_run(small_studio, qtbot):
    """Keepwork2 1: with a decaying schedule, a rate typed during the run (the panel still
    shows it) made Continue start again at that rate instead of where the decay had got to."""
    from dlstudio.training.learning_rate import LearningRate

    s = small_studio
    schedule = {"name": "exponential_decay", "decay_steps": 4, "decay_rate": 0.5}
    s.set_train_spec(s.train_spec.replace(epochs=2, schedule=schedule))
    s.start(paused=True)
    for n in range(1, 9):
        if n == 4:          # typed after 3 steps: the run is told before its 4th step
            s.set_train_spec(s.train_spec.replace(learning_rate=0.004))
        s.runner.step_once()
        qtbot.waitUntil(lambda n=n: s.store.latest("A") is not None
                        and s.store.latest("A").step >= n, timeout=60000)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
        s.stop()
    moment = s.resume_point()
    assert moment.step == 8 and s.continue_changes(moment) == {}
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    expected = LearningRate(0.01, schedule)
    expected.set_at(3, 0.004, typed=True)
    steps, rates = s.store.series("A", "learning_rate")
    later = steps > 8
    assert later.any()
    np.testing.assert_allclose(rates[later], [expected.at(int(k)) for k in steps[later]],
                               rtol=1e-6)                  # float32 rates in the store


def test_the_status_line_says_continuing_once_the_run_trains(small_studio, qtbot, stop_after):
    """The set-up's "Preparing the kernels..." does not stay while the run trains (W9-22)."""
    s = small_studio
    stop_after(3)
    s.set_train_spec(s.train_spec.replace(epochs=6))
    said = []
    s.sigMessage.connect(said.append)
    setup = []
    s.runner.sigProgress.connect(lambda _d, _t, text: setup.append(text))
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    assert setup and said[0] == "Continuing the run from epoch 1."
    after_setup = said[max(said.index(text) for text in setup) + 1:]
    assert after_setup[0] == "Continuing the run from epoch 1."


def test_the_status_line_leaves_the_set_up_when_a_run_trains(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=6))
    said = []
    s.sigMessage.connect(said.append)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    kernels = [i for i, text in enumerate(said)
               if text.startswith(("Preparing the kernels", "Preparing the run"))]
    assert kernels and said[kernels[-1] + 1] == \
        "Training: Space pauses the run, Shift+F5 stops it."


def test_continue_after_best_weights_were_put_back_trains_on_from_the_stop(
        window, small_studio, qtbot, one_thread):
    """Keepwork2 2: with "restore best weights" on, Stop put epoch 1's weights back before
    the run's moment was taken, so Continue trained on from them, not from the stop."""
    from dlstudio import Network
    from dlstudio.training import Trainer

    s = small_studio
    # never stops (patience), and no epoch after the first improves by 10: epoch 1 is best
    s.set_train_spec(s.train_spec.replace(epochs=4, early_stopping={
        "monitor": "loss", "patience": 100, "min_delta": 10.0,
        "restore_best_weights": True}))
    s.start(paused=True)
    s.runner.step_once()
    qtbot.waitUntil(lambda: s.store.latest("A") is not None, timeout=60000)
    per_epoch = s.store.latest("A").total_steps // 4
    target = 2 * per_epoch + 2                       # in epoch 3
    while s.store.latest("A").step < target:
        n = s.store.latest("A").step + 1
        s.runner.step_once()
        qtbot.waitUntil(lambda n=n: s.store.latest("A").step >= n, timeout=60000)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
        s.stop()
    moment = s.resume_point()
    shown = s.weights("A")                           # epoch 1's, put back at the stop
    assert not all(np.array_equal(a, b) for a, b in zip(moment.weights, shown))
    note = window.run_note.text()
    assert "weights of epoch 1, its best" in note and "Continue does not start from them" \
        in note
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        assert s.continue_run()
    whole = Trainer(Network.from_spec(s.network_spec, seed=s.train_spec.seed), s.dataset,
                    s.train_spec)
    list(whole.run())
    ends = [snap.train_loss for snap in s.store.snapshots("A") if snap.event == "epoch_end"]
    # one thread: the same float32 sums in the same order as the uninterrupted run; from
    # epoch 1's weights epoch 3's loss differs by about 0.2%
    np.testing.assert_allclose(ends, [h["loss"] for h in whole.history], rtol=1e-5)


def test_a_stopped_comparison_says_why_continue_cannot_and_what_to_do(window, small_studio,
                                                                      qtbot, one_thread):
    """Keepwork2 6: a stopped comparison offered no Continue and said nothing about it. What
    the note advises holds: Start retraces the same curves and goes on."""
    s = small_studio
    s.add_variant()
    s.set_variant("B", train_spec=s.train_spec.replace(learning_rate=0.05))
    s.start(paused=True)
    for n in (1, 2, 3):
        s.runner.step_once()
        qtbot.waitUntil(lambda n=n: s.store.latest("B") is not None
                        and s.store.latest("B").step >= n, timeout=60000)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
        s.stop()
    assert s.resume_point() is None and not s.continue_run()
    assert comparison_to_train_on(window.studio)
    note = window.run_note.text()
    assert "The comparison A + B was stopped in epoch 1 of 2." in note
    assert "press “Start A + B”: every variant starts again from the same initial weights" \
        in note
    before = {v: s.store.series(v, "batch_loss")[1] for v in ("A", "B")}
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    for v, losses in before.items():
        steps, again = s.store.series(v, "batch_loss")
        assert steps[-1] > 3
        # one thread: the same float32 sums in the same order
        np.testing.assert_allclose(again[:len(losses)], losses, rtol=1e-6)


def test_the_note_gives_the_rate_a_schedule_has_got_to(window, small_studio, stop_after):
    """Keepwork2 1: the note said "learning rate 0.01" (the typed start) for a run whose
    schedule had halved it; Continue goes on at the decayed rate."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(schedule={"name": "exponential_decay",
                                                    "decay_steps": 3, "decay_rate": 0.5}))
    stop_after(6)                                   # two halvings: 0.0025
    s.set_train_spec(s.train_spec.replace(epochs=5))
    assert "5 epochs in all, learning rate 0.0025." in window.run_note.text()


def test_a_run_started_paused_says_so_once_set_up(small_studio, qtbot):
    s = small_studio
    said = []
    s.sigMessage.connect(said.append)
    s.start(paused=True)
    qtbot.waitUntil(lambda: s.state == "paused", timeout=60000)
    qtbot.waitUntil(lambda: said and not said[-1].startswith(("Preparing", "Building")),
                    timeout=10000)
    assert said[-1] == "Paused: Space resumes the run, F10 trains one mini-batch, Shift+F5 " \
        "stops it."
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
        s.stop()


def test_a_run_ended_by_its_step_limit_says_so(window, small_studio, qtbot):
    """Walker10 W10-17: a lesson step's 30-step run ended inside epoch 1, and the note said
    'This run finished its 1 epochs. Continue trains it on to epoch 1' beside 'Continue
    from epoch 1'."""
    s = small_studio
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start(max_steps=3)
    assert s.state == "finished" and s.store.latest("A").step == 3
    note = window.run_note
    text = note.text()
    assert "finished its" not in text
    assert "stopped after 3 steps on purpose" in text and "in epoch 1 of 2" in text
    assert "to the end of epoch 2" in text
    assert note.action_button.text() == "Continue from epoch 1"


def test_a_lesson_steps_short_run_opens_no_note(window, small_studio, qtbot):
    """Walker17 W17-o: lesson steps meant to stop after a few steps (05/5, 01/3-4) opened
    "Worth a look: This run stopped after 10 steps on purpose ... [Continue from epoch 1]",
    which pushed the page the step is about down and invited to train on."""
    s = small_studio
    with s.demonstration():                     # as a step's Apply starts its run
        with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
            s.start(max_steps=3)
    assert s.state == "finished" and s.run_is_demonstration
    qtbot.wait(50)
    assert "on purpose" not in window.run_note.text()
    assert window.run_note.isHidden()


def test_a_lesson_steps_short_run_offers_no_continue_beside_its_findings(
        window, small_studio, qtbot, monkeypatch):
    """Walker18 W18-1: lesson 01 step 3's 10-step run showed "Worth a look: ... 87% of its
    sigmoid outputs are saturated" (the step's point) with [Continue from epoch 1]."""
    from dlstudio.gui.plots import status

    monkeypatch.setattr(status, "run_end_findings", lambda store, lesson=None: ["a finding"])
    s = small_studio
    with s.demonstration():                     # as a step's Apply starts its run
        with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
            s.start(max_steps=3)
    assert s.state == "finished" and s.run_is_demonstration
    window.show_run_note()
    assert "a finding" in window.run_note.text()
    assert window.run_note.action_button.isHidden()


def _short_run(studio, qtbot, lesson: bool) -> None:
    """A 3-step run to its end: a lesson step's own (``lesson``, as Apply starts it) or the
    student's."""
    if lesson:
        with studio.demonstration(), qtbot.waitSignal(studio.runner.sigFinished,
                                                      timeout=120000):
            studio.start(max_steps=3)
    else:
        with qtbot.waitSignal(studio.runner.sigFinished, timeout=120000):
            studio.start(max_steps=3)


def test_the_start_page_offers_no_continue_for_a_lesson_steps_short_run(window, small_studio,
                                                                        qtbot):
    """walker21 W21-8: after lesson 03 step 4's 30-step run, Help > Lessons and start page
    said "a run you can continue from epoch 1 of 1" with [Continue the run], which trained
    4 more steps and changed the step's run; the window itself offers no Continue for it
    (W18-1). A run of the student's own with the same step limit is offered on both."""
    s = small_studio
    for lesson in (True, False):
        _short_run(s, qtbot, lesson)
        window.show_run_note()
        page = window.show_start_page()
        offered = not window.run_note.action_button.isHidden()
        assert offered is not lesson and page.resume_label.isVisibleTo(page) is offered
        assert page.continue_button.isVisibleTo(page) is offered
        page.reject()


def test_a_lesson_steps_failing_variant_gets_a_calm_note(window, small_studio, qtbot,
                                                        monkeypatch):
    """Walker19 W19-17: lesson 06 step 4 (A without batch norm diverges at η = 2) and 08
    step 1 (rates too low and too high) opened a red "What went wrong:" banner for the
    variants that fail on purpose. A lesson step's own run gets the calm "Worth a look:";
    a run of the student's own with the same findings keeps "What went wrong:"."""
    from dlstudio.gui import theme
    from dlstudio.gui.plots import status

    monkeypatch.setattr(status, "run_end_findings", lambda store, lesson=None: ["C diverged"])
    monkeypatch.setattr(status, "run_end_has_error", lambda store: True)
    s = small_studio
    for lesson in (True, False):
        _short_run(s, qtbot, lesson)
        assert s.state == "finished" and s.run_is_demonstration == lesson
        window.show_run_note()
        text = window.run_note.label.text()
        assert "C diverged" in text
        if lesson:
            assert "Worth a look:" in text and theme.error_color() not in text
        else:
            assert "What went wrong:" in text and theme.error_color() in text


def test_a_run_stopped_between_epochs_counts_the_epochs_done(window, small_studio,
                                                             stop_after):
    """Walker11 W11-13: stopped right after epoch 210, the toolbar said 'epoch 210/5000' and
    the note 'stopped in epoch 211 of 5,000'."""
    s = small_studio
    stop_after(3)
    assert "stopped in epoch 1 of 3" in window.run_note.text()
    moment = s.resume_point()
    moment.trainer_state.update(epoch=2, batch_index=0)     # as if stopped after epoch 2
    window.show_run_note()
    assert "stopped after 2 of its 3 epochs" in window.run_note.text()
    assert "from the start of epoch 3" in window.run_note.text()
    assert window.run_note.action_button.text() == "Continue from epoch 3"


def test_an_early_stopped_run_says_so_and_continue_counts_patience_afresh(
        window, small_studio, qtbot):
    """Walker12 W12-7: after early stopping ended the run in epoch 3 of 6 the note said
    "This run finished its 6 epochs"; Continue then trained ONE epoch and stopped again."""
    s = small_studio
    # epoch 1 is the best (nothing later improves by 10): early stopping ends epoch 3
    s.set_train_spec(s.train_spec.replace(epochs=6, early_stopping={
        "monitor": "loss", "patience": 2, "min_delta": 10.0,
        "restore_best_weights": True}))
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    note = window.run_note
    text = note.text()
    assert "finished its" not in text
    assert "Early stopping ended this run after epoch 3 of 6: the training loss had not " \
        "improved for 2 epochs." in text
    assert "Continue trains it on towards epoch 6" in text
    assert "weights of epoch 1, its best" in text and "from the weights of epoch 3, where " \
        "the run ended" in text
    assert note.action_button.text() == "Continue from epoch 4"
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        note.action_button.click()
    ends = [snap.epoch for snap in s.store.snapshots("A") if snap.event == "epoch_end"]
    assert ends == [0, 1, 2, 3, 4]                 # two more epochs, not one
    assert "not improved for 2 epochs" in s.store.latest("A").message
    assert "after epoch 5 of 6" in note.text()


def test_a_lesson_steps_own_early_stop_opens_no_note_and_offers_no_continue(
        window, small_studio, qtbot, monkeypatch):
    """Walker19 W19-4: lesson 09 step 2 (beginner, "Early stopping with restore") ended as
    planned after epoch 11 of 25 and opened a four-line "Worth a look: Early stopping ended
    this run ... Continue trains it on ..." with [Continue from epoch 12]: it squeezed the
    loss plot the step is about and invited undoing the stop. A lesson step's own early stop
    gets neither (the status line says which weights were put back); its findings stay."""
    from dlstudio.gui.plots import status

    monkeypatch.setattr(status, "run_end_findings", lambda store, lesson=None: ["a finding"])
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=6, early_stopping={
        "monitor": "loss", "patience": 2, "min_delta": 10.0,
        "restore_best_weights": True}))
    with s.demonstration():                     # as a step's Apply starts its run
        with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
            s.start()
    assert s.run_is_demonstration and "not improved for 2 epochs" in s.store.latest("A").message
    window.show_run_note()
    note = window.run_note
    text = note.text()
    assert "a finding" in text
    assert "Early stopping ended" not in text and "Continue" not in text
    assert "finished its" not in text
    assert note.action_button.isHidden()


def test_the_set_up_speaks_of_compiling_only_before_the_kernels_are_ready(small_studio, qtbot,
                                                                          monkeypatch):
    """Walker12 W12-11: every run said "the very first run compiles them, which can take
    about 20 seconds", long after the start-up warm-up had compiled them."""
    from dlstudio.engine import warmup

    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    setup = []
    s.runner.sigProgress.connect(lambda _d, _t, text: setup.append(text))
    monkeypatch.setattr(warmup, "kernels_ready", lambda: True)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start(max_steps=2)
    assert "Preparing the run..." in setup
    assert not any("compiles them" in text for text in setup)
