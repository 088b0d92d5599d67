"""Spin boxes that take a typed number above their maximum as the maximum, and one below
their minimum as the minimum.

Qt's spin boxes refuse a keystroke that would make the text a number above the maximum, so
a student typing 99999 into a box that stops at 31 sees "9" and, after Enter, the value 9:
nothing says the number was cut (walker26 W26-17: the loss landscape's points, the step
debugger's example). Here such a text is kept while typing and becomes the maximum when the
edit ends (Enter, leaving the box), as the Compare page's learning rate box already did
(``sci_spin.SciSpinBox``). A number below the minimum (0 in a box that starts at 1)
went back to the box's last value without a word; it becomes the minimum. Anything else
behaves as in Qt.

The box then says so, once, in a tip under itself where the student is looking ("At most
4096 (you typed 100000)", "At least 16 (you typed 8)"): walker27 W27-17 typed 100000 units
and read 4096 without a word. ``say_clamped`` is that tip, for any box that cuts a typed
number to its range.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QDoubleSpinBox, QSpinBox,
                               QToolTip)

#: how long the tip stays (ms)
TIP_MS = 5000


def clamped_text(limit: str, typed: str, below: bool = False) -> str:
    """ "At most 4096 (you typed 100000)" (``below``: "At least 16 (you typed 8)"), in the
    UI language."""
    text = QCoreApplication.translate("ClampingSpinBox", "At least %1 (you typed %2)") \
        if below else QCoreApplication.translate("ClampingSpinBox", "At most %1 (you typed %2)")
    return text.replace("%1", limit).replace("%2", typed)


def say_clamped(box: QAbstractSpinBox, limit: str, typed: str, below: bool = False) -> None:
    """Show under ``box`` that the number ``typed`` became its maximum ``limit`` (``below``:
    its minimum) (``clamped_text``); the text is kept as ``box.clamp_note`` (for tests, and
    for a box that is not on screen)."""
    box.clamp_note = clamped_text(limit, typed.strip(), below)
    if box.isVisible():
        # once the event that ended the edit is over: a tip shown during it went at once
        # when the edit ended by leaving the box (Tab, a click on a button: the focus change
        # and the mouse press hide tips; walker31 W31-1)
        QTimer.singleShot(0, box, lambda: _show_note(box, TIP_WAITS))


#: how many times (every 50 ms) the tip waits for a held mouse button to be let go
TIP_WAITS = 20


def _show_note(box: QAbstractSpinBox, waits: int) -> None:
    if not box.isVisible():
        return
    if QApplication.mouseButtons() != Qt.MouseButton.NoButton and waits > 0:
        QTimer.singleShot(50, box, lambda: _show_note(box, waits - 1))   # a release hides it
        return
    QToolTip.showText(box.mapToGlobal(QPoint(0, box.height())), box.clamp_note, box,
                      box.rect(), TIP_MS)


class _ClampAbove:
    """``validate``/``fixup`` of a QSpinBox or QDoubleSpinBox subclass (listed first): a
    typed number above the maximum is kept while typing; at the end of the edit a number
    outside the range becomes the limit it passed, and the box says so."""

    def validate(self, text: str, pos: int):
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid and self._above_maximum(text):
            return QValidator.State.Intermediate, text, pos
        return result

    def fixup(self, text: str) -> str:
        if self._above_maximum(text):
            limit = self.textFromValue(self.maximum())
            say_clamped(self, limit, self._body(text))
            return limit
        if self._below_minimum(text):
            limit = self.textFromValue(self.minimum())
            say_clamped(self, limit, self._body(text), below=True)
            return limit
        return super().fixup(text)

    def _body(self, text: str) -> str:
        """``text`` without the box's prefix and suffix."""
        body = text.strip()
        if self.prefix() and body.startswith(self.prefix()):
            body = body[len(self.prefix()):]
        if self.suffix() and body.endswith(self.suffix()):
            body = body[:-len(self.suffix())]
        return body.strip()

    def _number(self, text: str) -> float | None:
        body = self._body(text).replace(self.locale().groupSeparator(), "")
        value, ok = self.locale().toDouble(body)
        return value if ok else None

    def _above_maximum(self, text: str) -> bool:
        value = self._number(text)
        return value is not None and value > self.maximum()

    def _below_minimum(self, text: str) -> bool:
        value = self._number(text)
        return value is not None and value < self.minimum()


class ClampingSpinBox(_ClampAbove, QSpinBox):
    """A QSpinBox where a typed number above the maximum becomes the maximum, and says so."""

    #: what the box said when it last cut a typed number ("" before)
    clamp_note = ""


class ClampingDoubleSpinBox(_ClampAbove, QDoubleSpinBox):
    """A QDoubleSpinBox where a typed number above the maximum becomes the maximum, and says
    so. With ``trim_zeros`` it writes its value without trailing zeros ("0.48", "0.9", not
    "0.4800", "0.90000": walker28, the optimizer playground), still taking ``decimals()``
    decimals when typed."""

    clamp_note = ""
    trim_zeros = False

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        text = super().textFromValue(value)
        point = self.locale().decimalPoint()
        if self.trim_zeros and point in text:
            text = text.rstrip("0").rstrip(point)
        return text
