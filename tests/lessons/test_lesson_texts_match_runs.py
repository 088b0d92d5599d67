"""Lesson texts say what their runs show: lesson 16 (Softmax classifiers, first in the list)
step 2 expects its run's chance-level warning (walker38 W38-4); lesson 05 (Activation
functions) step 2 gives the dead share its plot shows (W38-21); in English and Chinese."""
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


def test_activations_step_2_gives_the_dead_share_the_plot_shows():
    """walker38 W38-21: the text promised "more than 40% of layer 3's units dead" while the
    plot showed 95-100% in every layer: it gives the share the run reaches, and the check's
    40% as the check's (en, zh)."""
    lesson = find_lesson("05_activations")
    step = lesson.steps[1]
    record = run_step(lesson, step, raise_errors=True).runs[""]
    last = [s for s in record.snapshots if s.layers][-1]
    dead = [lt.dead_fraction for lt in last.layers if lt.dead_fraction is not None]
    assert len(dead) == 4 and min(dead) > 0.9, dead
    assert "more than 90% of the units in every hidden layer" in step.text.en
    assert "the step's check asks for only 40% of layer 3 (dense_1)" in step.text.en
    assert "每个隐藏层都有超过 90% 的单元死亡" in step.text.zh
    assert "这一步的检查只要求第 3 层（dense_1，第二个隐藏层）超过 40%" in step.text.zh
