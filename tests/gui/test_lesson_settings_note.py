"""The Training panel says when a lesson step set its values, also after the lesson was
left, and puts back the student's own (walker26 W26-18: after leaving a lesson, epochs,
batch size and learning rate kept the lesson's values as if they were the student's)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def _own_settings_and_panel(lesson_panel, qtbot):
    """The studio with the student's own training settings (epochs 7, batch 48), those
    settings, and a shown Training panel with its lesson note."""
    from dlstudio.gui.training.panel import TrainingPanel

    studio = lesson_panel.studio
    studio.set_train_spec(studio.train_spec.replace(epochs=7, batch_size=48))
    training = TrainingPanel(studio)
    qtbot.addWidget(training)
    training.show()
    return studio, studio.train_spec, training, training.lesson_note


def test_a_lessons_training_settings_are_named_and_the_students_come_back(lesson_panel,
                                                                         qtbot):
    from dlstudio.gui.lessons.apply import apply_step

    studio, own, training, note = _own_settings_and_panel(lesson_panel, qtbot)
    assert not note.isVisible()                         # the student's own values

    lesson_panel.open_lesson("16_softmax_classifiers", 1)
    apply_step(studio, lesson_panel.lesson, lesson_panel.step, start=False)
    assert studio.train_spec != own
    lesson_panel.switch_lesson("17_default_recipe")     # left: its values stay, named
    assert training.epochs.value() == studio.train_spec.epochs != 7
    assert note.isVisible() and "step 2" in note.label.text()
    assert note.restore_button.isVisible()

    note.restore_button.click()
    assert studio.train_spec == own and training.epochs.value() == 7
    assert not note.isVisible()


def test_the_students_own_change_makes_the_values_theirs(lesson_panel, qtbot):
    from dlstudio.gui.lessons.apply import apply_step
    from dlstudio.gui.training.panel import TrainingPanel

    studio = lesson_panel.studio
    training = TrainingPanel(studio)
    qtbot.addWidget(training)
    training.show()
    lesson_panel.open_lesson("16_softmax_classifiers", 1)
    apply_step(studio, lesson_panel.lesson, lesson_panel.step, start=False)
    assert training.lesson_note.isVisible()
    training.epochs.setValue(training.epochs.value() + 1)
    assert studio.training_set_by() == ""


def test_a_step_setting_the_same_values_makes_them_its_own(lesson_panel, qtbot):
    """Walker30: lesson 3 (02_init_xavier_he) step 2 sets the values lesson 2
    (01_init_symmetry) step 3 had set (SGD, 0.01); after the edit lesson 3's text asks for,
    the status line said "Lesson 2 step 3 set the training settings still in use ...: check
    them ... before Start". The values are the step on screen's, and the student is not
    warned for following it."""
    from dataclasses import replace

    from dlstudio.gui.lessons.apply import apply_step

    from dlstudio.gui.training.panel import TrainingPanel

    studio = lesson_panel.studio
    training = TrainingPanel(studio)
    qtbot.addWidget(training)
    said = []
    studio.sigMessage.connect(said.append)
    lesson_panel.open_lesson("01_init_symmetry", 2)
    apply_step(studio, lesson_panel.lesson, lesson_panel.step, start=False)
    lesson_panel.switch_lesson("02_init_xavier_he", 1)
    apply_step(studio, lesson_panel.lesson, lesson_panel.step, start=False)
    assert studio.training_set_by() == "Lesson 3 step 2"
    assert "Lesson 3 step 2" in training.lesson_note.label.text()     # its note too
    said.clear()
    spec = studio.network_spec
    studio.set_network_spec(replace(spec, layers=spec.layers[:-2] + spec.layers[-1:]))
    notes = [t for t in said if "training settings" in t]
    assert notes and "Lesson 3 step 2" in notes[0] and "Lesson 2" not in notes[0]
    assert "check them" not in notes[0]


def test_the_note_about_the_lesson_left_goes_when_a_step_is_applied(lesson_panel, qtbot):
    """Walker29 (zh): on lesson 13 step 1 (nothing trains) after Apply, the status line still
    said lesson 12's results were cleared and the panels kept its setup, though lesson 13's
    network was in the Network panel."""
    from dlstudio.gui.lessons.apply import apply_step

    studio = lesson_panel.studio
    said = []
    studio.sigMessage.connect(said.append)
    lesson_panel.open_lesson("02_init_xavier_he", 0)
    apply_step(studio, lesson_panel.lesson, lesson_panel.step, start=False)  # its A and B
    lesson_panel.switch_lesson("12_convolutions", 0)
    assert said and "Lesson 3's runs and checks" in said[-1]
    left = said[-1]
    lesson_panel.apply_current()
    assert said[-1] != left and "" in said[said.index(left) + 1:]


def test_the_way_back_stays_after_the_students_own_change(lesson_panel, qtbot):
    """walker29 W29-3: one edit took the note and its Restore button away for good."""
    from dlstudio.gui.lessons.apply import apply_step

    studio, own, training, note = _own_settings_and_panel(lesson_panel, qtbot)
    lesson_panel.open_lesson("16_softmax_classifiers", 1)
    apply_step(studio, lesson_panel.lesson, lesson_panel.step, start=False)
    training.epochs.setValue(training.epochs.value() + 1)
    assert note.isVisible() and note.restore_button.isVisible()
    assert "step 2" in note.label.text() and note.dismiss_button.isVisible()
    training.epochs.setValue(training.epochs.value() + 1)      # a second edit too
    assert note.isVisible()
    note.restore_button.click()
    assert studio.train_spec == own and not note.isVisible()

    apply_step(studio, lesson_panel.lesson, lesson_panel.step, start=False)
    training.epochs.setValue(training.epochs.value() + 1)
    note.dismiss_button.click()
    assert not note.isVisible() and not studio.can_restore_own_training()
    assert studio.train_spec != own
