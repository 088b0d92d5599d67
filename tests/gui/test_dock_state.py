"""Walker19 W19-8: after a killed session the docks came back as they were at the last Quit
(Network left, Training right), not the lesson layout in use at the kill: the layout was
saved only when the window closed."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("pytestqt")


def test_the_dock_layout_is_saved_as_it_changes(window_on_settings, qtbot):
    from dlstudio.gui.dock_state import STATE_KEY

    window, settings = window_on_settings()
    window.build_panels()
    qtbot.wait(50)
    assert not settings.contains(STATE_KEY)       # start-up's own layout is not saved
    window.dock_state.start()
    window.use_lesson_layout()                    # the student opens the lessons
    qtbot.waitUntil(lambda: settings.contains(STATE_KEY), timeout=10_000)
    saved = settings.value(STATE_KEY)
    # no close: as after a crash, the next window restores what was saved
    again, _ = window_on_settings()
    again.build_panels()
    assert again.restoreState(saved)
    qtbot.wait(50)
    lessons, network = again.docks["lessons"], again.docks["network"]
    assert again.dockWidgetArea(network) == Qt.DockWidgetArea.RightDockWidgetArea
    assert network in again.tabifiedDockWidgets(lessons)
    window.close()
