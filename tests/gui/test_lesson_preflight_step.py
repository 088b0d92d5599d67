"""Issue 10: a lesson step that checks the network before training. Applying it presses the
studio's "Check before training": the layer stack shows the verdict and the lesson's check
reads that same report; the student's own change shows, and is checked, the same way."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from dlstudio.lessons.progress import ProgressStore  # noqa: E402


@pytest.fixture
def panels(qtbot, small_studio, tmp_path):
    from dlstudio.gui.editor.panel import NetworkEditorPanel
    from dlstudio.gui.lessons.panel import LessonPanel

    lessons = LessonPanel(small_studio, progress=ProgressStore(tmp_path / "progress.json"),
                          lang="en")
    editor = NetworkEditorPanel(small_studio)
    for w in (lessons, editor):
        qtbot.addWidget(w)
        w.show()
    return lessons, editor


def _badges(editor) -> list[str]:
    stack = editor.stack
    rows = [stack.itemWidget(stack.item(i)) for i in range(stack.count())]
    return [r.check.text() for r in rows if r.check.isVisible()]


def test_applying_a_preflight_step_shows_the_verdict_and_checks_it(panels, qtbot):
    lessons, editor = panels
    lessons.open_lesson("03_vanishing_gradients", 0)
    assert lessons.step.experiment == "preflight"
    info = lessons.run_info.text()          # what to look for is said once answered (W16-4)
    assert "No training" in info and "Look at: Pre-flight check" in info
    assert "the signal bars" not in info
    lessons.question.choose(0)
    lessons.question.lock_in()
    assert "Look at: Pre-flight check (the signal bars" in lessons.run_info.text()
    shown = []
    lessons.sigShowPanel.connect(shown.append)
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000) as checked:
        plan = lessons.apply_current()
        assert plan is not None and plan.live_checkable
        assert "Checking the network before training" in lessons.check_label.text()
    assert checked.args == ["03_vanishing_gradients", 0, True]
    assert shown == ["preflight"]
    said = lessons.check_label.text()       # the verdict's word, and the measured ratio
    assert "✓" in said and "before training: vanishing (the step expects vanishing)" in said
    assert "reaching layer 2 (dense) / reaching layer 10 (dense_8) = " in said
    badges = _badges(editor)
    assert len(badges) == 10 and "vanishing" in badges[0] and "signal ×10⁻⁸" in badges[0]
    assert lessons.studio.store.is_empty()               # nothing was trained


def _relu_he(spec):
    from dlstudio.engine import spec_edits

    spec = spec_edits.set_layers(spec, "hidden", "activation", "relu")
    return spec_edits.set_layers(spec, "hidden", "kernel_initializer", "he_normal")


def test_check_judges_the_steps_setup_and_words_the_students_own(panels, qtbot):
    """Walker3 W3-9: after switching to ReLU with He and pressing Check before training,
    Check judged the student's healthy network against the step's expectation (✗ "Not
    yet"). It now judges the step's own setup in the background (✓) and says kindly what
    the student's own network showed."""
    lessons, editor = panels
    studio = lessons.studio
    lessons.open_lesson("03_vanishing_gradients", 0)
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000):
        lessons.apply_current()
    studio.set_network_spec(_relu_he(studio.network_spec))
    assert not _badges(editor)                           # the old verdict is gone
    with qtbot.waitSignal(studio.sigPreflight, timeout=60_000):
        editor.check_button.click()
    assert all("healthy" in b for b in _badges(editor))
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000) as checked:
        lessons.check_current()
    assert checked.args == ["03_vanishing_gradients", 0, True]
    text = lessons.check_label.text()
    assert "✓" in text and "not your changed network" in text
    assert "Your own network is healthy before training: every layer" in text
    assert all("healthy" in b for b in _badges(editor))  # the student's verdict stays


def test_a_healthy_own_network_is_the_fix_the_next_step_trains(panels, qtbot):
    """Lesson 02: the step's text suggests trying He; the next step trains ReLU with He."""
    lessons, editor = panels
    studio = lessons.studio
    lessons.open_lesson("02_init_xavier_he", 1)
    assert lessons.step.experiment == "preflight"
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000):
        lessons.apply_current()
    studio.set_network_spec(_relu_he(studio.network_spec))
    with qtbot.waitSignal(studio.sigPreflight, timeout=60_000):
        editor.check_button.click()
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000) as checked:
        lessons.check_current()
    assert checked.args[2] is True
    assert "that is the fix the next step trains" in lessons.check_label.text()


def test_a_changed_network_not_yet_checked_is_not_judged(panels, qtbot):
    """Without the student's own pre-flight, Check still judges the step's setup and says
    so; with the step's own setup in the studio it says nothing more."""
    lessons, editor = panels
    studio = lessons.studio
    lessons.open_lesson("04_exploding_gradients", 0)
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000):
        lessons.apply_current()
    assert "changed network" not in lessons.check_label.text()
    studio.set_network_spec(_relu_he(studio.network_spec))
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000) as checked:
        lessons.check_current()
    assert checked.args[2] is True
    text = lessons.check_label.text()
    assert "not your changed network" in text and "Your own network" not in text


def test_own_network_note_in_chinese():
    from types import SimpleNamespace

    from dlstudio.gui.lessons.checking import own_network_note

    sick = SimpleNamespace(healthy=False, verdicts=("vanishing", "dead units"))
    zh = own_network_note(sick, "zh_CN")
    assert "而不是你改过的网络" in zh and "梯度消失" in zh and "Your" not in zh
    healthy = SimpleNamespace(healthy=True, verdicts=())
    assert "这正是下一步要训练的修正方法" in own_network_note(healthy, "zh_CN", True)


def test_chinese_panel_says_where_to_look(qtbot, small_studio, tmp_path):
    from dlstudio.gui.lessons.panel import LessonPanel

    panel = LessonPanel(small_studio, progress=ProgressStore(tmp_path / "p.json"), lang="zh_CN")
    qtbot.addWidget(panel)
    panel.open_lesson("06_batch_norm", 0)
    info = panel.run_info.text()
    assert "无需训练" in info and "请看：训练前检查（每一层都是绿色“健康”的柱子" in info


def test_a_dock_a_step_names_shows_beside_the_lesson_text(qtbot, small_studio, qapp):
    """In the lesson layout the network dock was a tab over the lessons: showing it hid the
    text saying what to look at. A step naming a dock (lesson 12's network summary) now puts
    it beside them; a pre-flight step shows the Pre-flight check tab instead."""
    from dlstudio.gui.main_window import MainWindow

    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    w.resize(1366, 738)
    w.show()
    w.build_panels()
    assert w.open_lesson("03_vanishing_gradients", 0)
    qapp.processEvents()
    assert w.plot_tabs.currentWidget() is w.plot_panels["preflight"]
    assert w.open_lesson("12_convolutions", 0)
    qapp.processEvents()
    network, lessons = w.docks["network"], w.docks["lessons"]
    for dock in (network, lessons):
        assert dock.isVisible() and not dock.visibleRegion().isEmpty()
    assert network not in w.tabifiedDockWidgets(lessons)
    assert network.geometry().right() < lessons.geometry().left()
    w.lesson_panel().go_to_step(1)                       # the next step shows a plot:
    w.studio.show_panel("gradients")                     # the plot gets the width again
    qapp.processEvents()
    assert network in w.tabifiedDockWidgets(lessons) and network.visibleRegion().isEmpty()
    assert not lessons.visibleRegion().isEmpty() and w.plot_tabs.width() >= 0.5 * w.width()


def test_a_check_the_studio_refuses_runs_headless(panels, qtbot, monkeypatch):
    """When the studio cannot start its check (it said why), the step is still checked: the
    same experiment runs in the background."""
    lessons, _ = panels
    monkeypatch.setattr(lessons.studio, "check_network", lambda: False)
    lessons.open_lesson("04_exploding_gradients", 0)
    with qtbot.waitSignal(lessons.sigStepChecked, timeout=60_000) as checked:
        plan = lessons.apply_current()
        assert not plan.live_checkable
    assert checked.args[2] is True and "exploding" in lessons.check_label.text()
