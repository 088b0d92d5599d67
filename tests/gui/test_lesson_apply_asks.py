"""Walker30 W30-6: "Apply this step" replaced the student's own edited network and own A/B
comparison without a word, while switching lessons asked first. Apply asks the same question
when the step would replace own work that is in no file, and only then."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from dlstudio.gui import workspace as ws
from dlstudio.gui.lessons.step_replaces import parts_replaced

Button = QMessageBox.StandardButton
LESSON = "03_vanishing_gradients"          # step 1: a check before training (quick)


@pytest.fixture
def asking(window, tmp_path):
    """``(panel, controller, asked, answer)``: the window's lesson panel on lesson 03 step
    1, its workspace answering ``answer[0]`` and noting every question in ``asked``."""
    ctl = ws.WorkspaceController(window.studio, window, autosave_path=tmp_path / "a.dlsw")
    asked, answer = [], [Button.Cancel]
    ctl.ask_save_changes = lambda _p, name: (asked.append(name), answer[0])[1]
    window.attach_workspace(ctl)
    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.open_lesson(LESSON, 0)
    return panel, ctl, asked, answer


def _apply(panel, qtbot):
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000):
        assert panel.apply_current() is not None


def test_apply_asks_before_it_replaces_the_students_own_network(asking, qtbot):
    panel, ctl, asked, answer = asking
    studio = panel.studio
    studio.set_network_spec("elu_he_mlp")                   # by hand, before the lesson
    studio.add_variant("mine")                              # an own A/B comparison
    mine = studio.network_spec
    assert {"network", "variants"} <= parts_replaced(studio, panel.lesson, panel.step)
    assert panel.apply_current() is None and asked == [""]  # Cancel: all stays
    assert studio.network_spec == mine and len(studio.variants) == 2
    assert {"network", "variants"} <= ctl.own_work
    answer[0] = Button.Discard
    _apply(panel, qtbot)
    assert len(asked) == 1 + 1 and studio.network_spec != mine and len(studio.variants) == 1
    assert ctl.own_work == set()
    _apply(panel, qtbot)                     # the step's own setup again: nothing to ask
    assert len(asked) == 2 and parts_replaced(studio, panel.lesson, panel.step) == set()


def test_edits_made_for_the_lesson_are_replaced_with_a_note(asking, qtbot):
    """Walker33 W33-11: lesson 3 asks for "He normal on all layers, Check before training";
    doing it made the next step's Apply ask to save a file. Edits made after a step of the
    lesson on screen was applied are the lesson's: replaced, and the status line says so."""
    from dlstudio.engine.spec_edits import set_hidden

    panel, ctl, asked, _ = asking
    studio = panel.studio
    said = []
    studio.sigMessage.connect(said.append)
    _apply(panel, qtbot)
    studio.set_network_spec(set_hidden(studio.network_spec, "kernel_initializer",
                                       "he_normal"))       # as the lesson's text asks
    with qtbot.waitSignal(studio.sigPreflight, timeout=60_000):
        assert studio.check_network()                       # Check before training
    assert ctl.own_work == set() and "network" in ctl.lesson_work
    assert "network" in parts_replaced(studio, panel.lesson, panel.step)
    _apply(panel, qtbot)
    assert asked == [] and ctl.lesson_work == set()
    qtbot.waitUntil(lambda: any("while following the lesson" in t for t in said))
    said.clear()
    _apply(panel, qtbot)                     # nothing of the student's replaced: no note
    qtbot.wait(50)
    assert not any("while following the lesson" in t for t in said)


def test_own_work_the_step_leaves_as_it_is_is_not_asked_about(asking, qtbot):
    panel, ctl, asked, _ = asking
    studio = panel.studio
    _apply(panel, qtbot)
    steps = studio.train_spec                # the step's training settings
    assert ctl.new() and asked == []         # a new session: the student's own from here
    studio.set_train_spec(steps.replace(learning_rate=steps.learning_rate * 3))  # by hand
    studio.set_train_spec(steps)                                                # and back
    assert ctl.own_work == {"training"}
    _apply(panel, qtbot)                     # the step sets what is there: nothing lost
    assert asked == []
    assert ctl.may_replace(["network"]) and asked == []    # only the parts replaced count
    assert not ctl.may_replace() and asked == [""]         # (a lesson switch: all of it)
