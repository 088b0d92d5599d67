"""Quit while a run trains asks first, and the stopped run is kept to continue (walker7 W7-14)."""
from __future__ import annotations

import re

from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file as wf


def _said(text) -> str:
    """The question as the box shows it (a function makes it for a run's question)."""
    return text() if callable(text) else text


def test_quit_during_a_run_asks_and_stop_and_quit_keeps_the_run(window, small_studio, qtbot,
                                                                 tmp_path):
    s = small_studio
    ctl = ws.WorkspaceController(s, window, autosave_path=tmp_path / "auto.dlsw")
    window.attach_workspace(ctl)
    asked = []
    states = []                 # the run waits while the question is read (walker9 W9-10)
    ctl.ask_stop_run = lambda _parent, text, detail, **_kw: (
        asked.append((_said(text), detail)), states.append(s.state), False)[2]
    s.set_train_spec(s.train_spec.replace(epochs=3000))
    s.start()
    qtbot.waitUntil(lambda: s.state == "running" and s.last_telemetry is not None,
                    timeout=60000)
    window.close()                                    # Cancel: it keeps training
    text, detail = asked[0]
    assert re.fullmatch(r"A run is training \(epoch [\d,]+ of 3,000\)\. Stop it and quit\?",
                        text)
    assert "Continue" in detail
    assert window.isVisible() and s.is_active()
    assert states == ["paused"] and s.state == "running"     # Cancel: it trains on
    ctl.ask_stop_run = lambda *_args, **_kw: True
    window.close()                                    # Stop and quit
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    assert s.state == "stopped" and len(asked) == 1
    saved = wf.read(tmp_path / "auto.dlsw")
    assert saved.resume is not None and saved.resume[0].event == "stopped"
    from dlstudio.gui.studio import Studio

    again = Studio()
    try:
        wf.apply(again, saved)
        assert again.resume_point() is not None      # the next start offers to continue
    finally:
        again.shutdown()


def test_nothing_is_asked_when_nothing_trains(window, small_studio, tmp_path):
    ctl = ws.WorkspaceController(small_studio, window, autosave_path=tmp_path / "auto.dlsw")
    window.attach_workspace(ctl)
    ctl.ask_stop_run = lambda *_args: (_ for _ in ()).throw(AssertionError("asked"))
    window.close()
    assert not window.isVisible()


def test_quit_during_a_search_asks_first(window, small_studio, qtbot, tmp_path, monkeypatch):
    """Walker9 W9-19: Quit during a hyperparameter search closed at once, and its results
    were gone after the restart; it now asks, saying the results are not kept."""
    ctl = ws.WorkspaceController(small_studio, window, autosave_path=tmp_path / "auto.dlsw")
    window.attach_workspace(ctl)
    search = window.tool_tabs["search"]
    monkeypatch.setattr(search.worker, "start", lambda *a, **k: None)   # no processes
    assert search.start() and search.state == "running"
    asked = []
    ctl.ask_stop_run = lambda _parent, text, detail, **_kw: (
        asked.append((_said(text), detail)), False)[1]
    window.close()                                      # Cancel: it keeps running
    assert window.isVisible() and search.state == "running"
    text, detail = asked[0]
    assert text.startswith("A hyperparameter search is running") and "Stop it" in text
    assert "not kept" in detail
    search.worker.sigFinished.emit([])                  # the round ends
    assert search.busy_text() == ""
    window.close()
    assert not window.isVisible() and len(asked) == 1


def test_quit_while_paused_says_paused(window, small_studio, qtbot, tmp_path):
    """Walker9 W9-23: a paused run was called 'training' and Cancel said it keeps training."""
    s = small_studio
    ctl = ws.WorkspaceController(s, window, autosave_path=tmp_path / "auto.dlsw")
    window.attach_workspace(ctl)
    asked = []
    ctl.ask_stop_run = lambda _parent, text, detail, **_kw: (
        asked.append((_said(text), detail)), False)[1]
    s.set_train_spec(s.train_spec.replace(epochs=3000))
    s.start()
    qtbot.waitUntil(lambda: s.state == "running" and s.last_telemetry is not None,
                    timeout=60000)
    s.pause()
    window.close()
    text, detail = asked[0]
    assert text.startswith("A run is paused (epoch") and detail.endswith("keeps it paused.")
    assert s.state == "paused"
    ctl.ask_stop_run = lambda *_args, **_kw: True
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)


def test_the_question_follows_the_run_while_it_is_up(qtbot, monkeypatch):
    """walker21 W21-14: the question said "epoch 35 of 300" while the toolbar behind it went on
    to 36 (snapshots still in flight as the run paused) and the restart said 36. The box
    asks its text again each time the run reports."""
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication, QMessageBox

    monkeypatch.undo()                      # the real question, not conftest's answer
    from dlstudio.gui.file_choice import ask_stop_run

    class Run(QObject):
        sigTelemetry = Signal(object)

    run, epoch, seen = Run(), [35], []

    def while_asked():
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.objectName() == "stop_run_box")
        seen.append(box.text())
        epoch[0] = 36
        run.sigTelemetry.emit(None)
        seen.append(box.text())
        box.reject()

    QTimer.singleShot(0, while_asked)
    assert not ask_stop_run(None, lambda: f"A run is training (epoch {epoch[0]} of 300).",
                            "detail", refresh=run.sigTelemetry)
    assert seen == ["A run is training (epoch 35 of 300).", "A run is training (epoch 36 of 300)."]
    run.sigTelemetry.emit(None)             # no longer connected to the closed box
