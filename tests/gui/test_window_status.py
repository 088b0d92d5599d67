"""The main window's status bar (``gui/window_status.py``) on a bare window: the studio's
messages, an error said until the settings change, the run state."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from dlstudio.gui.window_status import WindowStatusMixin


class _StatusWindow(WindowStatusMixin, QMainWindow):
    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        self.plot_panels = {}
        self.build_status_bar()


@pytest.fixture
def status_window(small_studio, qtbot):
    w = _StatusWindow(small_studio)
    qtbot.addWidget(w)
    return w


def test_the_status_line_says_the_studios_messages(status_window, small_studio):
    small_studio.sigMessage.emit("Ready.")
    assert status_window.status_label.full_text() == "Ready."
    small_studio.session_replaced()           # nothing about the old session stays
    assert status_window.status_label.full_text() == ""


def test_an_error_is_said_until_the_settings_change(status_window, small_studio):
    status_window.say_error("Layer 1 Conv2D: no room.\nMore about it.")
    assert status_window.status_label.full_text() == "Layer 1 Conv2D: no room."
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=3))
    assert status_window.status_label.full_text() == ""


def test_a_message_is_not_taken_away_by_a_settings_change(status_window, small_studio):
    small_studio.sigMessage.emit("Opened a.dlsw")
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=3))
    assert status_window.status_label.full_text() == "Opened a.dlsw"


def test_the_state_label_follows_the_run_state(status_window, small_studio):
    status_window.show_run_state()
    assert status_window.state_label.text() == "idle"
    small_studio.sigRunStateChanged.emit("paused")
    assert status_window.state_label.text() == "paused"
