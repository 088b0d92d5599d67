"""``--lesson`` on the command line chooses a lesson as the lesson list does (walker38 W38-7,
HIGH): after a restored session in another lesson, that lesson's demonstration (its
variants, run, check) goes before the chosen one opens; the student's own work stays."""
from __future__ import annotations

import argparse

from dlstudio.gui import app as gui_app
from dlstudio.gui.lessons.apply import apply_step
from dlstudio.lessons.loader import find_lesson


def _args(**given) -> argparse.Namespace:
    options = dict(workspace=None, preset=None, dataset=None, epochs=None,
                   learning_rate=None, autostart=False, panel=None, fresh=False, lesson=None,
                   step=None)
    return argparse.Namespace(**{**options, **given})


def test_lesson_on_the_command_line_leaves_the_lesson_the_session_was_in(window, small_studio,
                                                                        user_dir):
    panel = window.lesson_panel()
    before = find_lesson("02_init_xavier_he")        # as a restored session left it: A/B
    panel.open_lesson(before.id, 0)
    apply_step(small_studio, before, before.steps[0], start=False)
    assert [v.name for v in small_studio.variants] == ["A", "B"]
    said = []
    small_studio.sigMessage.connect(said.append)
    gui_app.after_show(window, _args(lesson="16_softmax_classifiers", step=2))
    assert panel.lesson.id == "16_softmax_classifiers" and panel.step.index == 1
    assert [v.name for v in small_studio.variants] == ["A"]        # lesson 02's B went
    assert any("Initialization II" in text for text in said), said
    window.close()


def test_the_same_lesson_on_the_command_line_keeps_its_demonstration(window, small_studio,
                                                                     user_dir):
    panel = window.lesson_panel()
    lesson = find_lesson("02_init_xavier_he")
    panel.open_lesson(lesson.id, 0)
    apply_step(small_studio, lesson, lesson.steps[0], start=False)
    gui_app.after_show(window, _args(lesson="02_init_xavier_he", step=1))
    assert [v.name for v in small_studio.variants] == ["A", "B"]
    window.close()
