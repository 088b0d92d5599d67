"""Closing the main window (``gui/window_closing.py``); Quit during a run and its question
are ``test_quit_during_run.py``, a second window's unsaved work ``test_second_window_close.py``."""
from __future__ import annotations


def test_closing_while_training_stops_and_joins(window, small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=500))
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    threads = s.runner.threads()
    window.close()
    assert all(t.isFinished() for t in threads)
    assert not s.runner.threads()
