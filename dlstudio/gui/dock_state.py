"""The window's dock layout is saved as it changes, not only when the window closes.

A session that ends without closing (a crash, a killed process) comes back from its autosave
with its run, but the docks came back as they were at the last Quit: Network left and
Training right, while at the kill the lesson layout had every dock as a tab beside the
lessons (walker19 W19-8). ``DockStateKeeper`` saves ``QMainWindow.saveState()`` (and the
geometry, ``window_geometry.save_geometry``) a moment after a watched dock moved, floated,
closed, opened or was resized, once ``start`` was called (after start-up restored the last
layout: the layout built before that is no choice of the student's).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

from dlstudio.gui.window_geometry import save_geometry

#: the settings key of the dock layout (``QMainWindow.saveState``)
STATE_KEY = "window_state"
#: how long (ms) the layout stays unchanged before it is saved (a drag resizes many times)
SAVE_AFTER_MS = 1000


def save_dock_state(window: QMainWindow, settings) -> None:
    """Write ``window``'s dock layout and geometry to ``settings`` (a ``QSettings``) now."""
    save_geometry(window, settings)
    settings.setValue(STATE_KEY, window.saveState())
    settings.sync()


class DockStateKeeper(QObject):
    """Saves ``window``'s dock layout to ``settings`` (None: never) a moment after a change."""

    def __init__(self, window: QMainWindow, settings):
        super().__init__(window)
        self.window, self.settings = window, settings
        self.started = False
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(SAVE_AFTER_MS)
        self._later.timeout.connect(self.save)

    def watch(self, dock: QDockWidget) -> None:
        """Save the layout after ``dock`` changes."""
        dock.dockLocationChanged.connect(self.changed)
        dock.topLevelChanged.connect(self.changed)
        dock.visibilityChanged.connect(self.changed)
        dock.installEventFilter(self)

    def start(self) -> None:
        """From now on, changes are the session's layout (start-up has restored the last)."""
        self.started = True

    def changed(self, *_: object) -> None:
        if self.started and self.settings is not None:
            self._later.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.changed()
        return False

    def save(self) -> None:
        self._later.stop()
        if self.settings is not None:
            save_dock_state(self.window, self.settings)
