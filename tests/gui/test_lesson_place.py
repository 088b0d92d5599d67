"""The lesson panel's place kept in workspaces (``lesson_place``): a new workspace takes the
step's verdict away with the run it judged. (An opened workspace's lesson run:
``test_workspace_lesson_place.py``.)"""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


def test_a_new_workspace_takes_the_steps_verdict_with_its_run(panel):
    """Walker23 W23-11: File > New replaced the lesson's run (no question: a lesson's runs
    are made again in a click) but "✓ the effect appeared" stayed over the empty plots. The
    verdict goes with the run; the step stays done."""
    from dlstudio.lessons.checks.base import CheckResult

    panel.open_lesson("16_softmax_classifiers", 0)
    panel._finish_check(CheckResult(True, 1.0, "fine"))  # noqa: SLF001 - as a passed check
    assert panel.check_label.text() and panel.last_result is not None
    panel.studio.session_replaced()
    assert panel.check_label.text() == "" and panel.last_result is None
    assert panel.step.id in panel.progress.get("16_softmax_classifiers").completed
    assert panel.studio.lesson_place["run_for"] is None
