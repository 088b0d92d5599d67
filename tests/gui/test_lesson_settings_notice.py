"""Training settings a lesson step set are named when the student goes on on their own
(walker14 W14-11: after lesson 17 step 3, free work went on with L1 0.002 unnoticed)."""
from __future__ import annotations


def _after_a_step(s, lesson: str, step: int, **settings) -> list:
    """The messages of studio ``s`` after ``lesson``'s ``step`` set ``settings``."""
    said = []
    s.sigMessage.connect(said.append)
    s.lesson_place = {"lesson": lesson, "step": step, "run_for": None}
    with s.demonstration():
        s.set_train_spec(s.train_spec.replace(**settings))
        s.set_data_spec(s.data_spec.with_params(n_samples=200))   # the step's own data
    return said


def test_own_work_after_a_lesson_step_names_its_settings_once(small_studio):
    s = small_studio
    said = _after_a_step(s, "17_default_recipe", 2, l1=0.002, learning_rate=0.05)
    assert not said
    s.set_data_spec(s.data_spec.with_params(n_samples=300))       # the student's
    notes = [m for m in said if "Training panel" in m]
    assert len(notes) == 1
    assert "Lesson 17 step 3" in notes[0] and "L1 penalty 0.002" in notes[0] \
        and "Learning rate 0.05" in notes[0]
    s.set_data_spec(s.data_spec.with_params(n_samples=320))       # said once
    assert len([m for m in said if "Training panel" in m]) == 1


def test_settings_the_student_changed_are_theirs(small_studio):
    s = small_studio
    said = _after_a_step(s, "10_regularization", 0, l1=0.001)
    s.set_train_spec(s.train_spec.replace(epochs=7))             # the student's own edit
    s.set_data_spec(s.data_spec.with_params(n_samples=300))
    assert not [m for m in said if "Training panel" in m]


def test_the_settings_are_named_as_the_training_panel_names_them_in_chinese(small_studio):
    """walker15 W15-12: the Chinese notice read "（L1 0.002, optimizer adam）"."""
    from dlstudio.gui import i18n

    s = small_studio
    i18n.set_language("zh_CN")
    try:
        said = _after_a_step(s, "17_default_recipe", 2, l1=0.002, optimizer="sgd")
        s.set_data_spec(s.data_spec.with_params(n_samples=300))
        notes = [m for m in said if "训练" in m and "17" in m]
        assert len(notes) == 1, said
        assert "L1 惩罚 0.002，优化器 SGD" in notes[0], notes[0]
        assert "optimizer" not in notes[0] and "sgd" not in notes[0]
    finally:
        i18n.set_language("en")


def test_the_chinese_notice_says_the_training_panels_words(small_studio, qtbot):
    """The notice names each setting with the Training panel's label (both read
    ``gui/setting_labels.py``), not a translation of its own."""
    from PySide6.QtCore import QCoreApplication

    from dlstudio.gui import i18n
    from dlstudio.gui.training.panel import TrainingPanel

    s = small_studio
    i18n.set_language("zh_CN")
    try:
        panel = TrainingPanel(s)
        qtbot.addWidget(panel)
        live = " " + QCoreApplication.translate("TrainingPanel", "(live)")
        said = _after_a_step(s, "17_default_recipe", 2, l1=0.002, clipnorm=1.5,
                             optimizer="sgd", learning_rate=0.05)
        s.set_data_spec(s.data_spec.with_params(n_samples=300))
        notes = [m for m in said if "17" in m and "训练" in m]
        assert len(notes) == 1, said
        for key, value in (("l1", "0.002"), ("clipnorm", "1.5"), ("optimizer", "SGD"),
                           ("learning_rate", "0.05")):
            name = panel.labels[key].text().removesuffix(live)
            assert not name.isascii(), name              # the panel's Chinese label
            assert f"{name} {value}" in notes[0], (name, notes[0])
    finally:
        i18n.set_language("en")
