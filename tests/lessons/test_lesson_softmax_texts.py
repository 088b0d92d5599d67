"""Lesson 16 (Softmax classifiers, first in the list) step 2 says what its run's status line
shows: a warning that the training accuracy is at or below chance level, which here is the
step's point, not a fault (walker38 W38-4), in English and Chinese."""
from __future__ import annotations

from dlstudio.lessons.loader import find_lesson
from dlstudio.lessons.runner import run_step
from dlstudio.training.run_checks import CHANCE_EPOCHS, CHANCE_MARGIN


def test_step_2_expects_the_chance_level_warning_its_run_raises():
    lesson = find_lesson("16_softmax_classifiers")
    step = lesson.steps[1]
    record = run_step(lesson, step, raise_errors=True).runs[""]
    epochs = [s for s in record.snapshots if s.event == "epoch_end"]
    assert len(epochs) >= CHANCE_EPOCHS
    # "swings around 50% from epoch to epoch, between about 35% and 60%"
    assert all(0.35 <= s.train_accuracy <= 0.61 for s in epochs), epochs
    # the run check warns at or below chance + margin (two classes: 50% + 2 points)
    assert epochs[-1].train_accuracy <= 0.5 + CHANCE_MARGIN, epochs[-1].train_accuracy
    assert "The status line says so too, as a **warning**" in step.text.en
    assert "or even below it" in step.text.en and "not a fault" in step.text.en
    assert "between about 35% and 60%" in step.text.en and "大约在 35% 到 60% 之间" in step.text.zh
    assert "状态栏也会这样说，并标为**警告**" in step.text.zh
    assert "甚至低于它" in step.text.zh and "而不是出了故障" in step.text.zh
