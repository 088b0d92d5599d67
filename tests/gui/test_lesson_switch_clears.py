"""Walker12: after lesson 03's check before training, choosing lesson 02 in the list left
lesson 03's Pre-flight page (and its verdict in the status line) on screen under lesson 02's
text. Switching lessons clears what the previous lesson's steps put on screen; the student's
own run stays."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def _choose(panel, lesson_id: str) -> None:
    """Pick ``lesson_id`` in the lesson list, as a click does."""
    row = next(i for i, lesson in enumerate(panel.lessons) if lesson.id == lesson_id)
    panel.lesson_list.setCurrentRow(row)


def test_choosing_another_lesson_clears_the_previous_lessons_check(window, qtbot):
    studio, panel = window.studio, window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.open_lesson("03_vanishing_gradients", 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000):
        panel.apply_current()
    page = window.plot_panels["preflight"]
    assert studio.preflight is not None and page.report is not None
    assert studio.preflight_by_lesson
    _choose(panel, "02_init_xavier_he")
    assert panel.lesson.id == "02_init_xavier_he"
    assert studio.preflight is None and page.report is None
    assert page.placeholder.text().startswith("Press Check before training")   # not "changed"
    said = window.status_label.text()
    assert "Lesson 4's runs and checks" in said and "vanishing" not in said
    # walker17 W17-8: lesson 03's network and data stay on screen until a step of 02 is
    # applied; the message says so
    assert "the Network, Data and Training panels keep lesson 4's setup" in said
    # going back through the steps of one lesson keeps them
    panel.open_lesson("03_vanishing_gradients", 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000):
        panel.apply_current()
    panel.go_to_step(1)
    assert studio.preflight is not None


def _lesson_16_run(window, qtbot, epochs: int):
    """Lesson 16 open and a run of ``epochs`` trained as its step's Apply starts one;
    ``(studio, lesson panel)``."""
    studio, panel = window.studio, window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.open_lesson("16_softmax_classifiers", 0)
    with studio.demonstration():                 # as a step's Apply starts its run
        studio.set_train_spec(studio.train_spec.replace(epochs=epochs))
        studio.start()
    qtbot.waitUntil(lambda: studio.state == "finished", timeout=60_000)
    return studio, panel


def test_a_lessons_run_goes_and_the_students_own_run_stays(window, qtbot):
    studio, panel = _lesson_16_run(window, qtbot, epochs=1)
    assert studio.run_is_demonstration and not studio.store.is_empty()
    _choose(panel, "01_init_symmetry")
    assert studio.store.is_empty() and studio.state == "idle"
    # the student's own run (and own check) stay through a switch
    studio.start()
    qtbot.waitUntil(lambda: studio.state == "finished", timeout=60_000)
    assert not studio.run_is_demonstration
    _choose(panel, "02_init_xavier_he")
    assert not studio.store.is_empty() and studio.state == "finished"


def test_a_lessons_variants_go_with_it_and_the_students_own_stay(window):
    """walker15 W15-9: after lesson 10's A/B step, choosing lesson 16 still read 'Start A + B'
    and Start would have trained lesson 10's variants under lesson 16's text."""
    studio, panel = window.studio, window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.open_lesson("10_regularization", 0)
    with studio.demonstration():                 # as a step's Apply sets its variants
        studio.add_variant(note="L1")
    assert studio.variants_from_lesson and len(studio.variants) == 2
    _choose(panel, "16_softmax_classifiers")
    assert len(studio.variants) == 1 and not studio.variants_from_lesson
    assert "A + B" not in window.run_actions.actions["start"].text()
    # variants the student made (or edited after the step) stay through a switch
    studio.add_variant()
    assert not studio.variants_from_lesson
    _choose(panel, "17_default_recipe")
    assert len(studio.variants) == 2
    with studio.demonstration():
        studio.add_variant(note="lesson's")
    studio.set_variant("C", train_spec=studio.train_spec.replace(learning_rate=0.5))
    assert not studio.variants_from_lesson       # edited by the student: theirs
    _choose(panel, "16_softmax_classifiers")
    assert len(studio.variants) == 3


def _trial(n: int) -> dict:
    """A finished search trial as the search panel's worker reports it."""
    return {"trial": n, "params": {"learning_rate": 0.01}, "status": "ok", "score": 0.9,
            "val_accuracy": 0.9, "val_loss": 0.1, "seconds": 1.0, "epochs": 1,
            "message": None}


def test_a_lessons_search_goes_with_it_and_the_students_own_stays(window, monkeypatch):
    """Lesson 15's trials stayed in the Search tab (its table and plots) under the next
    lesson's text, as if that lesson had searched them."""
    from dlstudio.gui.lessons.companions import hosted_panel
    from dlstudio.training.search_space import Dimension

    studio, panel = window.studio, window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    search = hosted_panel(panel, "search")
    monkeypatch.setattr(search.worker, "start", lambda *a, **k: None)    # no processes
    space = [Dimension("learning_rate", 1e-3, 1.0, "log")]
    panel.open_lesson("15_hyperparameter_search", 0)
    assert search.run_for_lesson(panel.step.id, space, 1, 1)     # as the step's Apply
    search.worker.sigYielded.emit(_trial(0))
    search.worker.sigFinished.emit(search.results)
    assert search.table.rowCount() == 1 and studio.search_record is not None
    _choose(panel, "16_softmax_classifiers")
    assert search.results == [] and search.table.rowCount() == 0
    assert studio.search_record is None
    assert "Lesson 16's runs and checks" in window.status_label.text()
    # the student's own search stays through a switch
    search.editor.set_space(space)
    assert search.start()
    search.worker.sigYielded.emit(_trial(0))
    search.worker.sigFinished.emit(search.results)
    _choose(panel, "17_default_recipe")
    assert len(search.results) == 1 and search.table.rowCount() == 1


def test_a_background_check_of_the_lesson_left_is_not_the_next_ones(lesson_panel, monkeypatch):
    """A step checked in the background (lesson 14's transfer comparison) whose result came
    after the student chose another lesson was shown, and marked done, under that lesson's
    step (and its source network went to the Transfer panel for it)."""
    from dlstudio.lessons.checks import CheckResult

    panel = lesson_panel
    monkeypatch.setattr(panel.checker, "start", lambda *a, **k: None)
    panel.open_lesson("14_transfer_learning", 0)
    panel.check_current()                       # runs in the background
    assert not panel.check_button.isEnabled()
    _choose(panel, "01_init_symmetry")
    panel.checker.sigFinished.emit(CheckResult(True, 1.0, "the effect is there"))
    assert panel.check_button.isEnabled() and panel.last_result is None
    assert not panel.progress.get("01_init_symmetry").completed
    # a step's own background check still counts
    panel.open_lesson("14_transfer_learning", 0)
    panel.check_current()
    panel.checker.sigFinished.emit(CheckResult(True, 1.0, "the effect is there"))
    assert panel.last_result is not None and panel.last_result.passed


def test_a_branch_of_a_lessons_run_goes_with_it(window, qtbot):
    """Walker17 W17-l: after branching lesson 12's run, choosing lesson 01 said "Lesson
    12's runs and checks ... are cleared from the plots" while A's and the branch's curves,
    "Start A + B" and the timeline stayed: the branch had made the run the student's own."""
    studio, panel = _lesson_16_run(window, qtbot, epochs=2)
    step = studio.timeline_steps()[len(studio.timeline_steps()) // 2]
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=60_000):
        studio.branch_from(step, learning_rate=0.001)      # the student's own idea
    assert len(studio.variants) == 2 and studio.run_is_demonstration
    _choose(panel, "01_init_symmetry")
    assert studio.store.is_empty() and studio.state == "idle"
    assert len(studio.variants) == 1 and not studio.timeline_steps()
    assert "Lesson 1's runs and checks" in window.status_label.text()


def test_a_lessons_run_restored_from_the_last_session_still_goes(window, qtbot, tmp_path):
    """Walker37 W37-6: the window restored the last session (lesson 12's A/B run), then
    lesson 01 took B's network away but kept the run: the Outcome page showed A's boundary
    beside an empty B and "Waiting for the network...". The restored run is the lesson's
    demonstration, as before the save, and goes with the lesson."""
    from dlstudio.gui import workspace_file

    studio, panel = window.studio, window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.open_lesson("16_softmax_classifiers", 0)
    with studio.demonstration():                 # as a step's Apply sets its A/B and run
        studio.set_train_spec(studio.train_spec.replace(epochs=1))
        studio.add_variant(note="B")
        with qtbot.waitSignal(studio.runner.sigFinished, timeout=120_000):
            studio.start()
    path = tmp_path / "session.dlsw"
    workspace_file.write(path, workspace_file.capture(studio))
    workspace_file.apply(studio, workspace_file.read(path))      # as a restart restores it
    assert studio.run_is_demonstration and studio.store.variants() == ["A", "B"]
    outcome = window.plot_panels["outcome"]
    window.plot_tabs.setCurrentWidget(outcome)
    _choose(panel, "01_init_symmetry")
    assert studio.store.is_empty() and len(studio.variants) == 1
    qtbot.waitUntil(lambda: outcome.stack.currentWidget() is outcome.placeholder, timeout=5000)
    # the student's own run restores as theirs and stays through a switch
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=120_000):
        studio.start()
    workspace_file.write(path, workspace_file.capture(studio))
    workspace_file.apply(studio, workspace_file.read(path))
    assert not studio.run_is_demonstration
    _choose(panel, "02_init_xavier_he")
    assert not studio.store.is_empty()
