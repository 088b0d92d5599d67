"""Check of a lesson step (``gui/lessons/step_check.py``): a failed check shows the hint;
steps the window cannot reproduce are checked headless; a step judges only its own run (or
one with exactly its settings); a search step's Check reads the search panel's trials, and a
failed search is not judged."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


def test_failed_check_shows_the_hint(panel, qtbot):
    """Exploring: the student changes the network after applying; the check then fails on
    their own run and the hint is shown."""
    from dlstudio.engine.spec import LayerSpec

    panel.open_lesson("16_softmax_classifiers", 1)      # expects a linear model to fail
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000):
        panel.apply_current()
    assert "✓" in panel.check_label.text()
    studio = panel.studio
    hidden = LayerSpec("Dense", {"units": 16, "activation": "tanh"})
    studio.set_network_spec(studio.network_spec.insert_layer(0, hidden))
    with qtbot.waitSignal(studio.sigRunStateChanged, timeout=120_000,
                          check_params_cb=lambda s: s == "finished"):
        studio.start()
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as blocker:
        panel.check_current()
    assert blocker.args[2] is False
    assert "✗" in panel.check_label.text()
    assert "check that the network really has no hidden layer" in panel.check_label.text()


def test_headless_check_for_an_inspect_step(panel, qtbot):
    panel.open_lesson("12_convolutions", 0)
    panel.apply_current()
    assert [l.type for l in panel.studio.network_spec.layers][0] == "Conv2D"
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000) as blocker:
        panel.check_current()
    assert blocker.args[2] is True and "✓" in panel.check_label.text()


# -- a step judges only its own run (walker3 W3-5) -------------------------------------------
def test_check_before_apply_asks_to_apply_instead_of_judging_the_previous_run(panel, qtbot):
    lesson = "16_softmax_classifiers"
    panel.open_lesson(lesson, 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000) as done:
        panel.apply_current()
    assert done.args[2] is True
    panel.go_to_step(1)                                   # not applied yet
    checked = []
    panel.sigStepChecked.connect(lambda *a: checked.append(a))
    panel.check_current()
    text = panel.check_label.text()
    assert "Apply this step first" in text and "✗" not in text and "✓" not in text
    assert checked == [] and panel.step.id not in panel.progress.get(lesson).completed
    assert "another step" in text                         # there was a run, for step 1
    panel.go_to_step(0)                                   # its own run is still judged
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as again:
        panel.check_current()
    assert again.args[2] is True


def test_check_before_any_run_does_not_speak_of_a_last_run(panel):
    """walker14 W14-1: nothing trained yet, so no bracket about "the last run"."""
    panel.open_lesson("16_softmax_classifiers", 0)
    panel.check_current()
    text = panel.check_label.text()
    assert "Apply this step first" in text and "Nothing has been trained yet" in text
    assert "last run" not in text


def test_a_run_with_the_step_settings_counts_even_if_started_elsewhere(panel, qtbot):
    from dlstudio.gui.lessons.apply import apply_step

    panel.open_lesson("16_softmax_classifiers", 0)
    studio = panel.studio
    apply_step(studio, panel.lesson, panel.step, start=True)   # not through the panel
    qtbot.waitUntil(lambda: studio.state in ("finished", "failed", "diverged"),
                    timeout=120_000)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as done:
        panel.check_current()
    assert done.args[2] is True
    panel.lang  # noqa: B018
    panel._fixed_lang = "zh_CN"
    panel.go_to_step(1)
    panel.check_current()
    assert "请先应用此步骤" in panel.check_label.text()


# -- a search step runs in the search panel, and Check reads it (walker4 W4-5) --------------
def test_search_step_apply_starts_the_panel_and_check_reads_its_trials(panel, qtbot,
                                                                        monkeypatch):
    from dlstudio.gui.search.panel import SearchPanel

    started = []
    monkeypatch.setattr(SearchPanel, "start", lambda self: started.append(self) or True)
    panel.open_lesson("15_hyperparameter_search", 0)
    panel.apply_current()
    search = panel.companions["search"]
    assert started == [search] and search.made_for == panel.step.id
    (lr,) = search.editor.space()
    assert (lr.name, lr.low, lr.high, lr.scale) == ("learning_rate", 1e-4, 1.0, "log")
    assert (search.runs_spin.value(), search.epochs_spin.value()) == (10, 2)
    assert "Search" in panel.check_label.text()
    # the panel's trials (what the student watched) are what Check judges
    search.results = [{"trial": i, "params": {"learning_rate": 10.0 ** (-4 + 0.4 * i)},
                       "status": "ok", "score": 0.5 + 0.04 * i, "epochs": 2, "round": 0}
                      for i in range(10)]
    headless = []
    monkeypatch.setattr(panel.checker, "start", headless.append)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=5000) as blocker:
        search.sigStateChanged.emit("idle")          # the search ended
    assert blocker.args == ["15_hyperparameter_search", 0, True] and not headless
    # a search of the student's own is not the step's: Check runs the step headless
    search.made_for = None
    panel.check_current()
    assert len(headless) == 1


def test_a_failed_search_is_not_judged(panel, qtbot, monkeypatch):
    from dlstudio.gui.search.panel import SearchPanel

    monkeypatch.setattr(SearchPanel, "start", lambda self: True)
    panel.open_lesson("15_hyperparameter_search", 0)
    panel.apply_current()
    search = panel.companions["search"]
    search._on_worker_failed("RuntimeError: boom")
    search.sigStateChanged.emit("idle")
    assert search.made_for is None and panel.last_result is None
    assert "Check" in panel.check_label.text()


def _stop_lesson_09_run(panel, qtbot):
    """Apply lesson 09 step 1 and stop its run as soon as it has drawn; the studio."""
    panel.open_lesson("09_overfitting", 0)
    studio = panel.studio
    panel.apply_current()
    qtbot.waitUntil(lambda: studio.store.latest("A") is not None, timeout=120_000)
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=60_000):
        studio.stop()
    return studio


def test_a_stopped_run_s_check_says_it_was_stopped(panel, qtbot):
    """Walker12 W12-14: stopped by the student in epoch 5 of 25, 09 step 1's Check said
    only "Not yet" and why overfitting shows with a small training set."""
    studio = _stop_lesson_09_run(panel, qtbot)
    end = studio.store.latest("A", live=True)
    assert end.event == "stopped" and end.epoch + 1 < 25
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as blocker:
        panel.check_current()
    assert blocker.args[2] is False
    text = panel.check_label.text()
    assert f"The run was stopped in epoch {end.epoch + 1} of 25" in text
    resume = studio.resume_epoch(studio.resume_point())
    assert f"press \u201cContinue from epoch {resume}\u201d above the plots" in text
    assert "With this small training set" not in text         # the hint gives way


def test_a_stopped_run_continued_is_still_the_steps_run_and_is_checked(panel, qtbot):
    """Walker20 W20-11 (lesson 12 step 5): stopped, then continued as the check advised,
    the run finished at 99.1% but the check line kept "✗ Not yet" and Check said "Apply
    this step first ... (Nothing has been trained yet.)". The continued run stays the
    step's, and is checked when it ends."""
    studio = _stop_lesson_09_run(panel, qtbot)
    assert studio.store.latest("A", live=True).event == "stopped"
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as cut:
        panel.check_current()
    assert cut.args[2] is False
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000) as checked:
        assert studio.continue_run()
    assert checked.args[2] is True and "✓" in panel.check_label.text()
    assert studio.store.latest("A", live=True).event == "finished"
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as again:
        panel.check_current()                       # Check by hand says the same
    assert again.args[2] is True and "Apply this step first" not in panel.check_label.text()


def test_a_stopped_run_beside_a_branch_is_not_sent_to_continue(panel, qtbot):
    """Walker19 W19-6 (lesson 12 step 5): the step's run stopped where a branch started,
    and the check said "press Continue above the plots", where no Continue was (a run
    beside its branch cannot be continued): it asks to apply the step again."""
    panel.open_lesson("09_overfitting", 0)
    studio = panel.studio
    panel.apply_current()
    qtbot.waitUntil(lambda: studio.store.latest("A") is not None
                    and studio.store.latest("A").step >= 3, timeout=120_000)
    studio.pause()
    qtbot.waitUntil(lambda: studio.state == "paused", timeout=30_000)
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=120_000):
        studio.branch_from(2, learning_rate=0.002)
    assert studio.store.latest("A", live=True).event == "stopped"
    assert studio.resume_point() is None
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as blocker:
        panel.check_current()
    assert blocker.args[2] is False
    text = panel.check_label.text()
    assert "The run was stopped in epoch" in text
    assert "Continue" not in text and "Apply this step again, then Check" in text


def test_a_check_of_the_untrained_network_shows_the_moment_it_measured(panel, qtbot):
    """Walker21 W21-1: lesson 02 step 1's check reads the first measurement (He's spread
    flat at ~1.6), but after Apply the plots showed the run's end, where He's spread
    shrinks layer by layer too. The timeline now goes to the measured step, and the line
    under the verdict says so; a check of the trained run leaves the plots live."""
    studio = panel.studio
    panel.open_lesson("02_init_xavier_he", 0)
    panel.question.choose(0)
    panel.question.lock_in()
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000):
        panel.apply_current()
    first = min(snap.step for snap in studio.store.snapshots("A") if snap.layers)
    assert studio.scrubbed_step == first
    assert studio.store.latest("A").step == first        # what every plot draws
    assert f"The plots show step {first}, the moment this check measures" in \
        panel.check_label.text()
    panel.open_lesson("16_softmax_classifiers", 0)      # its check reads the trained run
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000):
        panel.apply_current()
    assert studio.scrubbed_step is None and "moment this check" not in panel.check_label.text()


def test_a_lessons_run_continued_after_a_restart_is_checked_and_stays_the_lessons(
        panel, qtbot, tmp_path):
    """Walker37 W37-14, W37-17: killed mid-run in lesson 13 step 5 and reopened, the
    restored run was continued and finished at 99.1%, but the step stayed unchecked until
    Check was pressed by hand; and at the next lesson its curves stayed on the plots, the
    switch asking to save them as the student's work. In a new window the continued run is
    the step's (checked when it ends) and the lesson's demonstration."""
    from dlstudio.gui import workspace_file
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio
    from dlstudio.lessons.progress import ProgressStore

    studio = _stop_lesson_09_run(panel, qtbot)
    path = tmp_path / "session.dlsw"
    workspace_file.write(path, workspace_file.capture(studio))
    restarted = Studio()                                # a new window after the restart
    try:
        other = LessonPanel(restarted, progress=ProgressStore(tmp_path / "again.json"),
                            lang="en")
        qtbot.addWidget(other)
        other.show()
        workspace_file.apply(restarted, workspace_file.read(path))
        assert other.lesson.id == "09_overfitting" and other.step_index == 0
        assert restarted.run_is_demonstration and restarted.resume_point() is not None
        with qtbot.waitSignal(other.sigStepChecked, timeout=180_000) as checked:
            assert restarted.continue_run()
        assert checked.args[2] is True and "✓" in other.check_label.text()
        assert restarted.run_is_demonstration
        assert restarted.leave_lesson() and restarted.store.is_empty()
    finally:
        restarted.shutdown()
