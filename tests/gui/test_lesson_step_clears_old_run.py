"""Walker8 W8-1: a lesson step that puts another network in place without training it (a
check before training, the first step of the next lesson) clears the old run: its curves,
the "network was edited after this run" note (that note is for the student's own edits),
another lesson's diagnosis, the toolbar's epoch and step, the timeline and the status line's
verdict all belonged to another network."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def _train_the_toy(window, qtbot) -> None:
    studio = window.studio
    studio.set_train_spec(studio.train_spec.replace(epochs=1))
    studio.start()
    qtbot.waitUntil(lambda: studio.state == "finished", timeout=60_000)
    qtbot.waitUntil(lambda: "epoch 1/1" in window.progress.label.text(), timeout=5_000)
    qtbot.waitUntil(lambda: window.status_label.text() != "", timeout=5_000)


def test_a_preflight_step_after_a_run_starts_from_a_clean_page(window, qtbot):
    studio = window.studio
    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    _train_the_toy(window, qtbot)
    old_status = window.status_label.text()
    panel.open_lesson("03_vanishing_gradients", 0)
    assert panel.step.experiment == "preflight"
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000) as checked:
        panel.apply_current()
        # at once, before the check's verdict arrives: nothing of the toy's run is left
        assert studio.store.is_empty() and studio.state == "idle"
        assert studio.curves_note() == ""
        assert window.run_note.isHidden()
        assert "epoch 1/1" not in window.progress.label.text()
        assert window.status_label.text() != old_status
        assert "live (step" not in window.timeline_bar.where.text()
    assert checked.args[2] is True
    qtbot.wait(400)                        # the status line's own timer had its turn
    assert window.run_note.isHidden() and studio.curves_note() == ""
    assert "vanishing" in window.status_label.text()
    assert "epoch 1/1" not in window.progress.label.text()


def test_the_edited_after_this_run_note_stays_for_the_students_own_edit(window, qtbot):
    studio = window.studio
    _train_the_toy(window, qtbot)
    studio.set_network_spec("deep_sigmoid_mlp")
    assert "edited after this run" in studio.curves_note()
    assert not window.run_note.isHidden()
    assert not studio.store.is_empty()


def test_a_preflight_step_keeps_a_run_of_its_own_network(small_studio):
    """Going back to a step that checks the network the curves were trained with keeps
    them: they are that network's."""
    from dlstudio.gui.lessons.apply import apply_step, plan_step
    from dlstudio.lessons.loader import find_lesson
    from dlstudio.lessons.resolve import to_specs

    lesson = find_lesson("03_vanishing_gradients")
    step = lesson.steps[0]
    net, _, _ = to_specs(plan_step(lesson, step)[0][0])
    s = small_studio
    toy = s.network_spec
    s.set_network_spec(net)
    finished = {"step": 5, "epoch": 0, "batch_loss": 2.0, "train_loss": 2.0,
                "train_accuracy": 0.2, "learning_rate": 0.01, "examples_per_second": 0.0,
                "event": "finished", "variant": "A"}
    s.restore_history([finished], networks={"A": net})     # as a workspace opens a run
    apply_step(s, lesson, step, start=False)
    assert len(s.store.snapshots("A")) == 1
    s.restore_history([finished], networks={"A": toy})     # another network's run
    apply_step(s, lesson, step, start=False)
    assert s.store.is_empty()
