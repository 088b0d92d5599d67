"""A plot page shown with plots still to build says "Drawing the plots..." first.

Built inside the click that showed it (the page switch holds its painting back), the first
visit of a page after a comparison left the previous page's plots on screen under the new tab
for 1.5-3 s (walker33 W33-2). :class:`DrawingSoon`, kept by
:class:`~dlstudio.gui.plots.base.BasePanel`, puts the words on the page's placeholder under a
busy pointer and calls the page back to build once they have been painted (or after
``DRAW_AFTER_PAINT_LATEST_MS`` if no paint came). The words keep the ``BasePanel``
translation context. The busy pointer is the application's: it is put back however the wait
ends, also when the page is deleted while it waits (its timer then never comes; fix82's pages
closed within ``DRAW_AFTER_PAINT_LATEST_MS`` left it busy for the rest of the session).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

translate = QCoreApplication.translate

#: a page shown with plots still to build says "Drawing the plots..." and builds them once
#: that has been painted, or after this many milliseconds if no paint came
DRAW_AFTER_PAINT_LATEST_MS = 150


def drawing_text() -> str:
    """What the page says while its plots are built (in the current language)."""
    return translate("BasePanel", "Drawing the plots...")


class _BusyPointer:
    """The busy pointer one wait set, put back at most once (a plain object, so that the
    placeholder's ``destroyed`` signal can still call it once the wait's QObject is gone)."""

    def __init__(self) -> None:
        self.on = False

    def set(self) -> None:
        if not self.on:
            self.on = True
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def restore(self, *_args) -> None:
        if self.on:
            self.on = False
            QApplication.restoreOverrideCursor()


class DrawingSoon(QObject):
    """One page's wait between saying "Drawing the plots..." and building its plots.

    Parameters
    ----------
    placeholder : QWidget
        What the page shows instead of its plots; its paint ends the wait.
    say : callable
        Puts a text on the placeholder (the page's ``show_placeholder_text``).
    draw : callable
        Called once the words are on the screen; it ends the wait (:meth:`stop`) and builds.
    """

    def __init__(self, placeholder: QWidget, say: Callable[[str], None],
                 draw: Callable[[], None]) -> None:
        super().__init__(placeholder)
        self._placeholder = placeholder
        self._say = say
        self._draw = draw
        self._waiting = False
        self._pointer = _BusyPointer()
        placeholder.destroyed.connect(self._pointer.restore)

    @property
    def waiting(self) -> bool:
        """Whether the page says "Drawing the plots..." and waits for it to be painted."""
        return self._waiting

    def start(self) -> None:
        """Say "Drawing the plots..." under a busy pointer and wait for its paint (the page
        shows its placeholder)."""
        self._waiting = True
        self._say(drawing_text())
        self._pointer.set()
        self._placeholder.installEventFilter(self)
        QTimer.singleShot(DRAW_AFTER_PAINT_LATEST_MS, self, self._on_painted)   # (no paint came)

    def stop(self) -> None:
        """No longer wait (the page builds now, or was drawn otherwise); the pointer is
        restored, the words are the page's to replace."""
        self._waiting = False
        self._placeholder.removeEventFilter(self)
        self._pointer.restore()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._placeholder and event.type() == QEvent.Type.Paint \
                and self._waiting:
            QTimer.singleShot(0, self, self._on_painted)      # once the paint is on the screen
        return super().eventFilter(watched, event)

    def _on_painted(self) -> None:
        if self._waiting:
            self._draw()
