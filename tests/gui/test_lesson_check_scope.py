"""A step's Check judges only a run made for that step (walker3 W3-5), and with more than four
variants the window trains the ones the check compares (walker3 W3-7)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from dlstudio.lessons.progress import ProgressStore  # noqa: E402


@pytest.fixture
def panel(qtbot, user_dir, tmp_path):
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio

    studio = Studio()
    widget = LessonPanel(studio, progress=ProgressStore(tmp_path / "progress.json"), lang="en")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    studio.shutdown()


def test_check_before_apply_asks_to_apply_instead_of_judging_the_previous_run(panel, qtbot):
    lesson = "16_softmax_classifiers"
    panel.open_lesson(lesson, 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000) as done:
        panel.apply_current()
    assert done.args[2] is True
    panel.go_to_step(1)                                   # not applied yet
    checked = []
    panel.sigStepChecked.connect(lambda *a: checked.append(a))
    panel.check_current()
    text = panel.check_label.text()
    assert "Apply this step first" in text and "✗" not in text and "✓" not in text
    assert checked == [] and 1 not in panel.progress.get(lesson).completed
    panel.go_to_step(0)                                   # its own run is still judged
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as again:
        panel.check_current()
    assert again.args[2] is True


def test_a_run_with_the_step_settings_counts_even_if_started_elsewhere(panel, qtbot):
    from dlstudio.gui.lessons.apply import apply_step

    panel.open_lesson("16_softmax_classifiers", 0)
    studio = panel.studio
    apply_step(studio, panel.lesson, panel.step, start=True)   # not through the panel
    qtbot.waitUntil(lambda: studio.state in ("finished", "failed", "diverged"),
                    timeout=120_000)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=10_000) as done:
        panel.check_current()
    assert done.args[2] is True
    panel.lang  # noqa: B018
    panel._fixed_lang = "zh_CN"
    panel.go_to_step(1)
    panel.check_current()
    assert "请先应用此步骤" in panel.check_label.text()


def test_six_variants_train_the_four_that_include_the_checked_ones():
    from dlstudio.gui.lessons.apply import plan_step
    from dlstudio.gui.lessons.view import run_info_text
    from dlstudio.lessons.loader import find_lesson

    lesson = find_lesson("05")
    step = lesson.steps[0]
    runs, plan = plan_step(lesson, step)
    assert step.check.params["better"] == "elu" and step.check.params["worse"] == "sigmoid"
    assert [r.name for r in runs] == ["sigmoid", "tanh", "relu", "elu"]
    assert plan.mapping == {"sigmoid": "A", "tanh": "B", "relu": "C", "elu": "D"}
    assert plan.live_checkable and plan.left_out == ["leaky_relu", "selu"]
    info = run_info_text(step, "en", plan.notes, plan.mapping)
    assert "A sigmoid = sigmoid + Glorot" in info and "D elu = ELU + He" in info
    assert "not trained here: leaky_relu, selu" in info
    assert "这里不训练：leaky_relu, selu" in run_info_text(step, "zh_CN", plan.notes,
                                                          plan.mapping)
