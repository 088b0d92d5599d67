"""A lesson step's background check says where it is and stops with Stop (walker26 W26-6:
lesson 14's comparison ran two minutes while the window said "idle" and offered no Stop)."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

pytest.importorskip("pytestqt")

from dlstudio.gui.lessons.check_progress import (check_progress, progress_sentence,  # noqa: E402
                                                 seconds_left)
from dlstudio.lessons.experiments import SOURCE_RUN  # noqa: E402
from dlstudio.lessons.train_run import StepStopped  # noqa: E402
from dlstudio.training.control import RunControl  # noqa: E402


def snap(step=40, total=160, epoch=1, seconds=10.0, event="step"):
    return SimpleNamespace(step=step, total_steps=total, epoch=epoch, elapsed_seconds=seconds,
                           event=event)


LABELS = {"A": "from scratch", "B": "reuse the conv blocks", "C": "reuse up to Dense(64)"}


def test_the_sentence_names_the_run_its_epoch_step_and_time_left():
    text = progress_sentence("B", snap(), LABELS, "en")
    assert text == ("Lesson check: run B (reuse the conv blocks), 2 of 3 · epoch 2 · "
                    "step 40/160 · 0:30 left")
    assert "训练源网络" in progress_sentence(SOURCE_RUN, snap(), LABELS, "zh_CN")
    zh = progress_sentence("C", snap(step=0), {"C": "复用"}, "zh_CN")
    assert zh.startswith("课程检查：训练 C（复用），第 1/1 个") and "还需" not in zh
    assert seconds_left(snap(step=0)) is None


class FakeJob:
    def __init__(self):
        self.control = RunControl()
        self.reports = []

    def progress(self, done, total=0, message=""):
        self.reports.append((done, total, message))


def test_reports_are_spaced_and_stop_ends_the_run():
    job, now = FakeJob(), [0.0]
    progress = check_progress(job, LABELS, lambda: "en", clock=lambda: now[0])
    progress("A", snap(step=1))
    progress("A", snap(step=2))                 # within REPORT_GAP: not reported
    progress("B", snap(step=1))                 # another run: reported at once
    now[0] = 1.0
    progress("B", snap(step=5))
    assert [(d, "run A" in m, "run B" in m) for d, _, m in job.reports] == \
        [(1, True, False), (1, False, True), (5, False, True)]
    job.control.stop()
    with pytest.raises(StepStopped):
        progress("B", snap(step=6))


def test_the_window_shows_a_lesson_check_and_its_stop_ends_it(window, qtbot, monkeypatch):
    import dlstudio.lessons.runner as runner

    def slow_step(lesson, step, progress=None, raise_errors=False):
        for i in range(1, 400):
            progress(SOURCE_RUN if i < 3 else "B", snap(step=i, total=400, epoch=0))
            time.sleep(0.02)
        raise AssertionError("the check was not stopped")

    monkeypatch.setattr(runner, "run_step", slow_step)
    panel = window.lesson_panel()
    panel.open_lesson("14_transfer_learning", 0)
    panel.check_current()
    stop = window.run_actions.actions["stop"]
    qtbot.waitUntil(lambda: "Lesson check: run B" in window.progress.label.text()
                    and window.progress.bar.value() > 0, timeout=5000)
    assert window.progress.bar.isVisible()
    assert window.state_label.text() == "checking a lesson step"
    assert stop.isEnabled()
    stop.trigger()
    qtbot.waitUntil(lambda: not panel.checker.running and not window.studio.background_running,
                    timeout=5000)
    assert "stopped" in panel.check_label.text()
    assert window.state_label.text() == "idle" and not stop.isEnabled()
    assert "Lesson check" not in window.progress.label.text()
