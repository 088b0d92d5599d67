"""Where the main window opens: as it was when the student last closed it.

Qt's ``restoreGeometry`` will not restore a window exactly the size of the screen's
available area: "an exact match would be fullscreen", so it makes such a window 2 pixels
narrower and a title bar's height plus 2 pixels shorter, and moves it below a title bar
(walker16 W16-24: the window opened on the whole screen came back 1918x1054+1+25 on a
1920x1080 screen). The window fills the screen on its first start, so a window that filled
the screen (or was maximized) when it closed is remembered as such (``FILLS_SCREEN_KEY``)
and fills the screen again; any other window gets back its saved geometry.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

GEOMETRY_KEY = "geometry"
#: the window covered the screen's available area (or was maximized) when it closed
FILLS_SCREEN_KEY = "geometry_fills_screen"


def fills_screen(window: QWidget) -> bool:
    """Whether ``window`` is maximized or covers its screen's whole available area."""
    screen = window.screen()
    if window.isMaximized():
        return True
    return screen is not None and window.frameGeometry().contains(screen.availableGeometry())


def fill_screen(window: QWidget) -> None:
    """Give ``window`` its screen's available area, maximized (a window manager then keeps
    the frame on the screen)."""
    screen = window.screen()
    if screen is not None:
        window.setGeometry(screen.availableGeometry())
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def save_geometry(window: QWidget, settings) -> None:
    """Remember ``window``'s place and size in ``settings`` (a ``QSettings``)."""
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(FILLS_SCREEN_KEY, fills_screen(window))


def restore_geometry(window: QWidget, settings) -> None:
    """Open ``window`` where ``save_geometry`` left it; on the first start (nothing saved),
    or when it filled the screen, on the whole screen."""
    geometry = settings.value(GEOMETRY_KEY) if settings is not None else None
    filled = settings is not None and settings.value(FILLS_SCREEN_KEY, False) in (
        True, "true", "1", 1)
    if geometry is not None and not filled:
        window.restoreGeometry(geometry)
    else:
        fill_screen(window)
