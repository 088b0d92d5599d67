"""Space pauses and resumes the run wherever the keyboard focus is, unless a space is text there.

Space is the studio's documented pause key, but the focused widget took it first: a clicked
"Apply this step" button kept the focus, and Space pressed it again, restarting the lesson's
runs and throwing finished results away (walker13 W13-7); a spin box took it as text and
blanked its selected number while the run went on (W13-5). ``SpaceKeyRouter``, one
application-wide event filter, applies this rule in the studio's windows (dialogs keep Qt's
usual keys):

- in a field where a space is text (a name, a path, free text: an editable line or text box
  that is not a number field) Space types a space;
- on an answer of a lesson question (an enabled radio button) Space chooses that answer, even
  while a run goes: the answers are the question's, and Space did nothing to them, so a
  keyboard user could not answer (walker33 W33-17). Choosing is not an action: a second
  Space changes nothing, and Enter locks the answer in;
- everywhere else Space is the pause key: it pauses or resumes a run, and with no run going it
  does nothing. It never presses a button, ticks a box or goes into a number field;
- Enter (Return) presses the focused push button or tool button and ticks the focused check
  box, so the keyboard still reaches and uses every button with Tab and Enter.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDoubleValidator, QIntValidator, QKeyEvent
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QApplication, QDialog,
                               QLineEdit, QPlainTextEdit, QRadioButton, QTextEdit, QWidget)

from dlstudio.gui.widgets.app_filters import install_once

#: modifiers that leave Space the pause key and Enter the press key (the keypad's Enter)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
#: the key events the rule decides for the focused widget
KEY_EVENTS = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


def space_is_text(widget: QWidget | None) -> bool:
    """True when a space typed into ``widget`` is text: an editable line edit that is not a
    spin box's and has no number validator, or an editable text box."""
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly() or isinstance(widget.parentWidget(), QAbstractSpinBox):
            return False
        return not isinstance(widget.validator(), (QIntValidator, QDoubleValidator))
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return False


def space_chooses(widget: QWidget) -> bool:
    """True when Space on ``widget`` chooses it: an enabled radio button (a lesson answer)."""
    return isinstance(widget, QRadioButton) and widget.isEnabled()


def in_studio_window(widget: QWidget) -> bool:
    """True for a widget in the studio's own windows (not in a dialog)."""
    return not isinstance(widget.window(), QDialog)


class SpaceKeyRouter(QObject):
    """Application-wide filter: Space is the pause key outside text fields, Enter presses
    the focused button (see the module's description)."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # every event of the application passes here: the class check first (asking an
        # event its type makes a Python enum, the costlier test)
        if not isinstance(event, QKeyEvent) or event.type() not in KEY_EVENTS \
                or event.modifiers() not in PLAIN or not isinstance(watched, QWidget) \
                or watched is not QApplication.focusWidget() or not in_studio_window(watched):
            return False
        key = event.key()
        if key == Qt.Key.Key_Space and space_chooses(watched):
            # the answer's own key: accepting the override keeps the window's Space shortcut
            # (Pause/Resume) from firing, and the radio button then takes the key press
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            return False
        if key == Qt.Key.Key_Space:
            # the widget does not see it: on ShortcutOverride the window's Space shortcut
            # (Pause/Resume) fires; a key press left over (no run to pause) goes nowhere
            return not space_is_text(watched)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.type() == QEvent.Type.KeyPress:
            return press_button(watched)
        return False


def press_button(widget: QWidget) -> bool:
    """Press ``widget`` when it is an enabled button other than a radio button (an answer's
    Enter is its question's: it chooses the answer, or locks the chosen one in); True when
    it was pressed."""
    if not isinstance(widget, QAbstractButton) or isinstance(widget, QRadioButton) \
            or not widget.isEnabled():
        return False
    widget.click()
    return True


def install(app: QApplication) -> SpaceKeyRouter:
    """Install the router once on ``app`` (kept as ``app.space_key_router``) and return it."""
    return install_once(app, "space_key_router", SpaceKeyRouter)
