"""A button that disables itself while its work runs keeps the keyboard focus where it was.

Qt moves the focus of a widget that is disabled to the next stop of the focus chain: a click
on the Transfer page's Train put the focus (and a selection of all its text) into the
Training panel's Rho field, Compute on the loss landscape into the Dropout rate field, where
the next key a student typed replaced the setting (walker28 W28-7). ``BusyButtonFocus``, one
per application, watches the focus leave a button because the button was disabled: the
focus then goes nowhere in the window (the window's shortcuts still work), and comes back to
the button once it is enabled again, unless the student put it somewhere meanwhile.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from dlstudio.gui.widgets.app_filters import install_once


class BusyButtonFocus(QObject):
    """Keeps the focus off the next field while a focused button is disabled (see the
    module's description)."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        #: the buttons waiting to have their focus back when enabled again
        self._waiting: list[QAbstractButton] = []
        app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not isinstance(old, QAbstractButton) or old.isEnabled() or new is None \
                or new.window() is not old.window():
            return
        new.clearFocus()
        if old not in self._waiting:
            self._waiting.append(old)
            old.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QAbstractButton) \
                and watched.isEnabled():
            self._forget(watched)
            window = watched.window()
            if window.focusWidget() is None and watched.isVisible() \
                    and watched.focusPolicy() != Qt.FocusPolicy.NoFocus:
                watched.setFocus(Qt.FocusReason.OtherFocusReason)
        elif event.type() == QEvent.Type.FocusIn or event.type() == QEvent.Type.Destroy:
            self._forget(watched)
        return False

    def _forget(self, button: QObject) -> None:
        if button in self._waiting:
            self._waiting.remove(button)
            if shiboken6.isValid(button):
                button.removeEventFilter(self)


def install(app: QApplication) -> BusyButtonFocus:
    """Install the keeper once on ``app`` (kept as ``app.busy_button_focus``) and return it."""
    return install_once(app, "busy_button_focus", BusyButtonFocus)
