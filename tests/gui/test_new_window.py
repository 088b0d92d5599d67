"""File > New window (``gui/new_window.py``): dlstudio started again as the command line
starts it, without this start's choices (walker32: a second window meant starting it by
hand)."""
from __future__ import annotations

import sys

from dlstudio.gui import new_window


def test_a_new_window_is_dlstudio_started_plainly():
    assert new_window.command() == [sys.executable, "-m", "dlstudio"]
    env = {"DLSTUDIO_AUTOSTART": "1", "DLSTUDIO_LESSON": "04", "DLSTUDIO_PRESET": "toy_2d",
           "DLSTUDIO_MNIST": "/data/mnist", "DLSTUDIO_LANG": "zh", "PYTHONPATH": "/src"}
    assert new_window.environment(env) == {"DLSTUDIO_MNIST": "/data/mnist",
                                           "DLSTUDIO_LANG": "zh", "PYTHONPATH": "/src"}


def test_file_new_window_starts_one_and_says_so(window, monkeypatch):
    started = []
    monkeypatch.setattr(new_window, "start_new_window", lambda: started.append(1) or True)
    action = window.acts["new_window"]
    assert action in window.menus["file"].actions() and action.text() == "New window"
    action.trigger()
    assert started == [1]
    assert "new dlstudio window is starting" in window.status_label.text()
