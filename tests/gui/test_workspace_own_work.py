"""Walker8 W8-2: every switch to another lesson asked "Save changes?" although only the
lessons' own demonstrations had happened. A lesson step's changes (the specs it sets, the run
it starts and everything that run does) are not the student's work; hand edits of the
network, data, training or variants and a run the student started are (walker7 W7-2's
protection stays for them)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file
from dlstudio.gui.studio import Studio

Button = QMessageBox.StandardButton


def _controller(studio, qtbot, tmp_path, answer=Button.Cancel):
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(studio, parent, autosave_path=tmp_path / "auto.dlsw")
    asked = []
    ctl.ask_save_changes = lambda _parent, name: (asked.append(name), answer)[1]
    return ctl, asked


def test_a_lessons_settings_and_run_are_replaced_without_a_question(small_studio, qtbot,
                                                                    tmp_path):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    toy = s.network_spec
    ctl, asked = _controller(s, qtbot, tmp_path)
    s.set_network_spec("deep_sigmoid_mlp")         # by hand
    assert ctl.own_work == {"network"}
    with s.demonstration():                        # a lesson step applies itself
        s.set_network_spec(toy)
        s.set_train_spec(s.train_spec.replace(learning_rate=0.05))
        s.add_variant("B")
        s.clear_variants()
        s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5_000)
    s.scrub_to(0)                                  # looking at the lesson's run is no work
    s.scrub_to(None)
    assert ctl.modified               # the title still says the session is in no file
    assert ctl.own_work == set() and ctl.may_replace() and asked == []


def test_the_students_own_edits_and_runs_are_asked_about(small_studio, qtbot, tmp_path):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    ctl, asked = _controller(s, qtbot, tmp_path)
    with s.demonstration():
        s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    assert ctl.may_replace() and asked == []

    s.set_train_spec(s.train_spec.replace(learning_rate=0.02))     # by hand
    assert ctl.own_work == {"training"} and not ctl.may_replace() and asked == [""]
    with s.demonstration():           # the next step sets the training settings
        s.set_train_spec(s.train_spec.replace(learning_rate=0.01))
    assert ctl.own_work == set() and ctl.may_replace()

    s.start()                         # a run the student started
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    assert "run" in ctl.own_work and not ctl.may_replace() and len(asked) == 2
    ctl.ask_save_changes = lambda _p, _n: (asked.append("discard"), Button.Discard)[1]
    assert ctl.may_replace()          # the student let it go ...
    assert ctl.may_replace() and asked[-1] == "discard" and len(asked) == 3  # ... once


def test_own_work_is_kept_across_a_restart(small_studio, qtbot, tmp_path):
    s = small_studio
    ctl, _ = _controller(s, qtbot, tmp_path)
    with s.demonstration():
        s.set_train_spec(s.train_spec.replace(epochs=3))
    ctl.close()
    again = Studio()
    ctl2, asked = _controller(again, qtbot, tmp_path)
    assert ctl2.recovery.restore_last_session()
    assert ctl2.modified and ctl2.own_work == set() and ctl2.may_replace() and asked == []
    again.set_network_spec("deep_sigmoid_mlp")
    ctl2.close()
    third = Studio()
    ctl3, asked = _controller(third, qtbot, tmp_path)
    assert ctl3.recovery.restore_last_session()
    assert ctl3.own_work == {"network"} and not ctl3.may_replace()
    ctl3.close()
    # an autosave from before own work was kept: its changes count as the student's
    session = workspace_file.read(tmp_path / "auto.dlsw")
    session.ui.pop("own_work")
    workspace_file.write(tmp_path / "auto.dlsw", session)
    fourth = Studio()
    ctl4, _ = _controller(fourth, qtbot, tmp_path)
    assert ctl4.recovery.restore_last_session() and ctl4.own_work == {"session"}
    ctl4.close()
    for st in (again, third, fourth):
        st.shutdown()


def test_switching_lessons_after_applying_steps_asks_nothing(window, qtbot, tmp_path):
    ctl = ws.WorkspaceController(window.studio, window, autosave_path=tmp_path / "a.dlsw")
    asked = []
    ctl.ask_save_changes = lambda _p, name: (asked.append(name), Button.Cancel)[1]
    window.attach_workspace(ctl)
    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.open_lesson("03_vanishing_gradients", 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000):
        panel.apply_current()                      # a check before training
    assert ctl.modified and ctl.own_work == set()
    other = next(i for i, l in enumerate(panel.lessons) if l is not panel.lesson)
    panel.lesson_list.setCurrentRow(other)
    assert panel.lesson is panel.lessons[other] and asked == []
    studio = window.studio
    studio.set_train_spec(studio.train_spec.replace(learning_rate=0.123))   # by hand
    back = panel.lessons.index(next(l for l in panel.lessons
                                    if l.id == "03_vanishing_gradients"))
    panel.lesson_list.setCurrentRow(back)
    assert asked == [""] and panel.lesson is panel.lessons[other]   # Cancel: stays


def test_discarding_the_students_stopped_run_takes_it_off_screen(small_studio, qtbot,
                                                                 tmp_path):
    """Walker16 W16-28: after "Discard loses them" on a lesson switch, the student's stopped
    run, its "Continue from epoch 1" and its step count stayed (Continue would have trained
    the discarded run under the next lesson)."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    ctl, asked = _controller(s, qtbot, tmp_path, answer=Button.Discard)
    s.step_once()                     # a run the student started, then stopped
    qtbot.waitUntil(lambda: not s.store.is_empty(), timeout=60_000)
    s.stop()
    qtbot.waitUntil(lambda: not s.is_active(), timeout=60_000)
    assert s.resume_point() is not None and "run" in ctl.own_work
    assert ctl.may_replace() and asked == [""]
    assert s.store.is_empty() and s.resume_point() is None and s.state == "idle"
    assert ctl.own_work == set()


def test_leaving_a_lesson_clears_its_variants_without_making_them_own_work(small_studio,
                                                                           qtbot, tmp_path):
    """Walker17 W17-8: lesson 10's last step left A/B; switching to lesson 11 cleared them
    outside the demonstration, so they counted as the student's change and the switch to
    lesson 13 asked "Save changes?" about work the student never did."""
    s = small_studio
    ctl, asked = _controller(s, qtbot, tmp_path)
    with s.demonstration():
        s.add_variant("B")
    assert s.variants_from_lesson
    assert s.leave_lesson() and len(s.variants) == 1
    assert ctl.own_work == set() and ctl.may_replace() and asked == []


def test_new_and_open_ask_about_work_made_while_following_a_lesson(small_studio, qtbot,
                                                                   tmp_path):
    """Walker37 W37-21: a network built by hand and trained with lesson 13 on screen went
    at File > Open without a question (the title said "*"); the lesson's next step and a
    lesson switch still replace such edits without one (walker33 W33-11)."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    ctl, asked = _controller(s, qtbot, tmp_path)
    s.lesson_place = {"lesson": "12_convolutions", "step": 0}
    with s.demonstration():                        # the lesson's step
        s.set_network_spec(s.network_spec)
        s.set_train_spec(s.train_spec.replace(learning_rate=0.05))
    s.set_train_spec(s.train_spec.replace(learning_rate=0.2))     # then the student's own
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60_000):      # settings and run
        s.start()
    qtbot.waitUntil(lambda: "run" in ctl.lesson_work, timeout=5_000)
    assert ctl.own_work == set() and {"training", "run"} <= ctl.lesson_work
    assert ctl.may_replace() and asked == []       # a lesson switch: no question
    assert not ctl.new() and asked == [""]         # New asks (Cancel: all stays)
    path = tmp_path / "other.dlsw"
    workspace_file.write(path, workspace_file.capture(s))
    assert not ctl.open_replacing(path) and len(asked) == 2      # so does Open
    assert s.train_spec.learning_rate == 0.2 and not s.store.is_empty()
