"""Walker19 W19-8: after a killed session the docks came back as they were at the last Quit
(Network left, Training right), not the lesson layout in use at the kill: the layout was
saved only when the window closed."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

pytest.importorskip("pytestqt")


def test_the_dock_layout_is_saved_as_it_changes(small_studio, qtbot, tmp_path):
    from dlstudio.gui.dock_state import STATE_KEY
    from dlstudio.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(small_studio, settings)
    qtbot.addWidget(window)
    window.resize(1366, 738)
    window.show()
    window.build_panels()
    qtbot.wait(50)
    assert not settings.contains(STATE_KEY)       # start-up's own layout is not saved
    window.dock_state.start()
    window.use_lesson_layout()                    # the student opens the lessons
    qtbot.waitUntil(lambda: settings.contains(STATE_KEY), timeout=10_000)
    saved = settings.value(STATE_KEY)
    # no close: as after a crash, the next window restores what was saved
    again = MainWindow(small_studio, QSettings(str(tmp_path / "settings.ini"),
                                               QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.resize(1366, 738)
    again.show()
    again.build_panels()
    assert again.restoreState(saved)
    qtbot.wait(50)
    lessons, network = again.docks["lessons"], again.docks["network"]
    assert again.dockWidgetArea(network) == Qt.DockWidgetArea.RightDockWidgetArea
    assert network in again.tabifiedDockWidgets(lessons)
    window.close()
