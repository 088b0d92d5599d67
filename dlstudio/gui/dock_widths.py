"""Side docks get their widths back when the window grows again.

A ``QMainWindow`` that shrinks takes width from its side docks once the middle is at its
least; when it grows again, every regained pixel goes to the middle. Resized to 1024x700
and back to 1366x768, the Network dock stayed ~290 px wide (its layer stack wrapped to
four lines per layer) and the Training dock ~235 px (walker19 W19-7).

``DockWidthKeeper`` remembers the width of each side's dock column (left, right) while the
window keeps its width (the layout's own widths, the student's drags of a dock's edge) and,
after the window grew, widens a column that is narrower than that again
(``QMainWindow.resizeDocks``, which gives no dock more than there is room for). A column,
not a dock: tabbed docks share their column's width, and a tab brought forward at the small
size is as narrow as the one it covers.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


class DockWidthKeeper(QObject):
    """Watches ``window`` and its ``docks``; see the module's docstring."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.docks: list[QDockWidget] = []
        #: side (``SIDES``) -> its dock column's width while the window was ``_width`` wide
        self.wanted: dict[Qt.DockWidgetArea, int] = {}
        #: the window's width once its layout settled after a resize (None: not shown yet)
        self._width: int | None = None
        self._restoring = False
        self._pending = False
        window.installEventFilter(self)

    def watch(self, dock: QDockWidget) -> None:
        """Keep the width of the column ``dock`` is in (any dock of ``window``)."""
        self.docks.append(dock)
        dock.installEventFilter(self)

    def _on_side(self, dock: QDockWidget) -> bool:
        return dock.isVisible() and not dock.isFloating() \
            and self.window.dockWidgetArea(dock) in SIDES

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            if obj is self.window:
                if not self._pending:         # after the layout gave the docks their widths
                    self._pending = True
                    QTimer.singleShot(0, self, self._on_window_resized)
            elif not self._restoring and self.window.width() == self._width \
                    and obj in self.docks and self._on_side(obj):
                self.wanted[self.window.dockWidgetArea(obj)] = obj.width()
        return False

    def _on_window_resized(self) -> None:
        self._pending = False
        old, self._width = self._width, self.window.width()
        if old is None or self._width <= old:
            return
        narrow: dict[Qt.DockWidgetArea, QDockWidget] = {}
        for dock in self.docks:
            side = self.window.dockWidgetArea(dock)
            if self._on_side(dock) and side not in narrow \
                    and dock.width() < self.wanted.get(side, 0):
                narrow[side] = dock
        if not narrow:
            return
        self._restoring = True
        self.window.resizeDocks(list(narrow.values()), [self.wanted[s] for s in narrow],
                                Qt.Orientation.Horizontal)
        QTimer.singleShot(0, self, self._restored)

    def _restored(self) -> None:
        self._restoring = False
