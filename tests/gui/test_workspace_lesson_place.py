"""Walker8 W8-14: a teacher trains a lesson step the day before and saves the workspace.
Reopened, the lesson panel was on lesson 01 and Check called the prepared run "made for another
step". The workspace now keeps where the lessons were and which step its run was made for:
opening it goes to that step, and Check accepts the saved run."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dlstudio.gui import workspace as ws
from dlstudio.gui.studio import Studio
from dlstudio.lessons.progress import ProgressStore


def _panel(studio, qtbot, tmp_path, name):
    from dlstudio.gui.lessons.panel import LessonPanel

    panel = LessonPanel(studio, progress=ProgressStore(tmp_path / f"{name}.json"), lang="en")
    qtbot.addWidget(panel)
    return panel


def _controller(studio, qtbot, tmp_path, name):
    parent = QWidget()
    qtbot.addWidget(parent)
    return ws.WorkspaceController(studio, parent, autosave_path=tmp_path / f"{name}.dlsw")


def test_a_saved_lesson_run_reopens_at_its_step_and_is_checked(qtbot, user_dir, tmp_path):
    first = Studio()
    panel = _panel(first, qtbot, tmp_path, "day1")
    ctl = _controller(first, qtbot, tmp_path, "auto1")
    panel.open_lesson("16_softmax_classifiers", 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000) as checked:
        panel.apply_current()
    assert checked.args[2] is True
    path = tmp_path / "class.dlsw"
    assert ctl.save_to(path)
    first.shutdown()

    again = Studio()
    panel2 = _panel(again, qtbot, tmp_path, "day2")
    panel2.open_lesson("01_init_symmetry", 0)     # (16 is the first the list opens)
    assert panel2.lesson is not None and panel2.lesson.id != "16_softmax_classifiers"
    ctl2 = _controller(again, qtbot, tmp_path, "auto2")
    assert ctl2.open(path)
    assert panel2.lesson.id == "16_softmax_classifiers" and panel2.step_index == 0
    with qtbot.waitSignal(panel2.sigStepChecked, timeout=10_000) as checked:
        panel2.check_current()
    assert checked.args == ["16_softmax_classifiers", 0, True]
    assert not panel2.checker.running                 # the saved run was judged, not re-run
    panel2.go_to_step(1)                              # another step: its own run is needed
    panel2.check_current()
    assert "Apply this step first" in panel2.check_label.text()
    again.shutdown()
