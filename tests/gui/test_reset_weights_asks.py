"""Walker34: Reset weights on a finished run (nothing saved) threw the run and its plots away
at once, where New, Open and a lesson ask first. It asks the same question about a run of the
student's own; a lesson's run and an empty studio are reset without a question."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from dlstudio.gui import workspace as ws

Button = QMessageBox.StandardButton


def _attach(window, studio, tmp_path, answer):
    window.attach_workspace(ws.WorkspaceController(studio, window,
                                                   autosave_path=tmp_path / "auto.dlsw"))
    asked = []
    window.workspace.ask_save_changes = lambda _parent, name: (asked.append(name),
                                                               answer[0])[1]
    return asked


def _train(studio, qtbot, demonstration=False):
    studio.set_train_spec(studio.train_spec.replace(epochs=1))
    if demonstration:
        with studio.demonstration():
            studio.start()
    else:
        studio.start()
    qtbot.waitUntil(lambda: studio.state == "finished", timeout=60_000)
    qtbot.waitUntil(lambda: studio.weights("A") is not None, timeout=5_000)


def test_reset_weights_asks_before_throwing_the_students_run_away(window, small_studio,
                                                                  qtbot, tmp_path):
    s = small_studio
    answer = [Button.Cancel]
    asked = _attach(window, s, tmp_path, answer)
    reset = window.run_actions.actions["reset"]
    reset.trigger()                                 # nothing trained: nothing to ask
    assert asked == []
    _train(s, qtbot)
    reset.trigger()
    assert asked == [""]                            # cancelled: the run stays
    assert s.weights("A") is not None and s.store.variants() == ["A"]
    answer[0] = Button.Discard
    reset.trigger()
    assert len(asked) == 2 and s.weights("A") is None and s.store.variants() == []
    reset.trigger()                                 # nothing left to lose
    assert len(asked) == 2


def test_reset_weights_clears_a_lessons_run_without_a_question(window, small_studio, qtbot,
                                                               tmp_path):
    s = small_studio
    asked = _attach(window, s, tmp_path, [Button.Cancel])
    _train(s, qtbot, demonstration=True)
    window.run_actions.actions["reset"].trigger()
    assert asked == [] and s.weights("A") is None
