"""The Training panel says when a lesson step set its values, also after the lesson was
left, and puts back the student's own (walker26 W26-18: after leaving a lesson, epochs,
batch size and learning rate kept the lesson's values as if they were the student's)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def test_a_lessons_training_settings_are_named_and_the_students_come_back(lesson_panel,
                                                                         qtbot):
    from dlstudio.gui.lessons.apply import apply_step
    from dlstudio.gui.training.panel import TrainingPanel

    studio = lesson_panel.studio
    studio.set_train_spec(studio.train_spec.replace(epochs=7, batch_size=48))
    own = studio.train_spec
    training = TrainingPanel(studio)
    qtbot.addWidget(training)
    training.show()
    note = training.lesson_note
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


def test_the_way_back_stays_after_the_students_own_change(lesson_panel, qtbot):
    """walker29 W29-3: one edit took the note and its Restore button away for good."""
    from dlstudio.gui.lessons.apply import apply_step
    from dlstudio.gui.training.panel import TrainingPanel

    studio = lesson_panel.studio
    studio.set_train_spec(studio.train_spec.replace(epochs=7, batch_size=48))
    own = studio.train_spec
    training = TrainingPanel(studio)
    qtbot.addWidget(training)
    training.show()
    note = training.lesson_note
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
