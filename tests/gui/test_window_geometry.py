"""The window opens as it was closed (walker16 W16-24)."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSettings


def _settle(qapp, qtbot, window) -> None:
    window.show()
    qtbot.waitExposed(window)
    for _ in range(3):
        qapp.processEvents()


def test_a_window_on_the_whole_screen_comes_back_on_the_whole_screen(qapp, qtbot, tmp_path):
    """Walker16 W16-24: the window opened on the whole screen came back 1918x1054+1+25 on a
    1920x1080 screen after Quit (Qt's restoreGeometry will not restore a window exactly the
    size of the available area: it made it 2 px narrower and 26 px shorter, below a title
    bar). It comes back on the whole screen, every time."""
    from PySide6.QtWidgets import QMainWindow

    from dlstudio.gui.window_geometry import restore_geometry, save_geometry

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    seen = []
    for _ in range(3):                      # the first start, then two restarts
        window = QMainWindow()
        qtbot.addWidget(window)
        restore_geometry(window, settings)
        _settle(qapp, qtbot, window)
        seen.append(window.frameGeometry())    # the frame: the offscreen platform draws one
        available = window.screen().availableGeometry()
        save_geometry(window, settings)
        window.close()
    assert seen == [available] * 3, (seen, available)


def test_quit_saves_the_geometry_the_next_start_reads(window_on_settings, qtbot):
    from dlstudio.gui import app
    from dlstudio.gui.window_geometry import FILLS_SCREEN_KEY, GEOMETRY_KEY

    window, settings = window_on_settings()
    qtbot.waitExposed(window)
    window.close()
    assert settings.contains(GEOMETRY_KEY)
    assert settings.value(FILLS_SCREEN_KEY) in (False, "false")   # 1366x738: not the screen
    again = app.build_window(settings, "light", False)
    qtbot.addWidget(again)
    assert not again.isMaximized()              # its saved geometry, not the whole screen


def test_a_smaller_window_comes_back_where_it_was(qapp, qtbot, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from dlstudio.gui.window_geometry import restore_geometry, save_geometry

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = QMainWindow()
    qtbot.addWidget(window)
    restore_geometry(window, settings)      # nothing saved: the whole screen
    _settle(qapp, qtbot, window)
    assert window.frameGeometry() == window.screen().availableGeometry()
    window.showNormal()
    placed = QRect(60, 50, 500, 400)
    window.setGeometry(placed)
    qapp.processEvents()
    save_geometry(window, settings)
    again = QMainWindow()
    qtbot.addWidget(again)
    restore_geometry(again, settings)
    _settle(qapp, qtbot, again)
    assert again.geometry() == placed and not again.isMaximized()
