"""Every step of every lesson, run headless on its small data: the check must pass, so no
lesson can silently stop showing what it claims. Steps marked slow (the real MNIST) are
marked slow here too and skipped when the MNIST files are absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlstudio.lessons.loader import load_all
from dlstudio.lessons.runner import run_step

LESSONS = load_all()
MNIST_DIR = Path(os.environ.get("DLSTUDIO_TEST_DATA", Path(__file__).resolve().parents[3]
                                / "shared" / "data"))


def _params():
    for lesson in LESSONS:
        for step in lesson.steps:
            marks = [pytest.mark.slow] if step.slow else []
            yield pytest.param(lesson, step, id=f"{lesson.id}-step{step.index + 1}", marks=marks)


@pytest.mark.parametrize("lesson,step", list(_params()))
def test_step_check_passes(lesson, step, monkeypatch):
    if step.slow:
        if not (MNIST_DIR / "mnist").is_dir():
            pytest.skip(f"real MNIST not found in {MNIST_DIR / 'mnist'}")
        monkeypatch.setenv("DLSTUDIO_DATA", str(MNIST_DIR))
    outcome = run_step(lesson, step, raise_errors=True)
    assert outcome.result.passed, (
        f"{lesson.id} step {step.index + 1} ({step.title.en}): check {step.check.kind} failed: "
        f"{outcome.result.message}")


def test_there_are_at_least_seventeen_lessons():
    assert len(LESSONS) >= 17
    assert [lesson.id[:2] for lesson in LESSONS][:17] == [f"{n:02d}" for n in range(1, 18)]


def test_a_run_of_one_step_or_epoch_is_said_in_the_singular():
    """Walker32: counts say "1 epoch" and "1 step", not "1 epochs"."""
    from dlstudio.lessons.model import RunLength

    assert RunLength(steps=1).describe() == "1 step"
    assert RunLength(steps=30).describe() == "30 steps"
    assert RunLength(epochs=1).describe() == "1 epoch"
    assert RunLength(steps=1).describe("zh_CN") == "1 步"
