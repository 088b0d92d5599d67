"""When a session is autosaved: after a change (once started), and timed."""
from __future__ import annotations

from dlstudio.gui import autosave_timer
from dlstudio.gui.autosave_timer import AutosaveTimer


def test_a_change_is_saved_after_the_delay_once_started(small_studio, qtbot, monkeypatch):
    monkeypatch.setattr(autosave_timer, "CHANGE_DELAY_MS", 10)
    saves = []
    timer = AutosaveTimer(small_studio, lambda: saves.append(1) or True)
    timer.changed()                         # not started: nothing
    qtbot.wait(50)
    assert saves == []
    timer.start()
    timer.changed()
    qtbot.waitUntil(lambda: saves == [1], timeout=3000)
    timer.stop()
    timer.changed()
    qtbot.wait(50)
    assert saves == [1]


def test_save_now_times_only_what_was_written(small_studio):
    results = [False, True]
    timer = AutosaveTimer(small_studio, lambda: results.pop(0))
    timer.clock = lambda: 42.0
    assert timer.save_now() is False
    assert timer.save_now() is True
