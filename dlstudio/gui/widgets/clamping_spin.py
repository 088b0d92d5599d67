"""Spin boxes that take a typed number above their maximum as the maximum.

Qt's spin boxes refuse a keystroke that would make the text a number above the maximum, so
a student typing 99999 into a box that stops at 31 sees "9" and, after Enter, the value 9:
nothing says the number was cut (walker26 W26-17: the loss landscape's points, the step
debugger's example). Here such a text is kept while typing and becomes the maximum when the
edit ends (Enter, leaving the box), as the Compare page's learning rate box already did
(``param_form.SciSpinBox``). Anything else behaves as in Qt.
"""
from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


class _ClampAbove:
    """``validate``/``fixup`` of a QSpinBox or QDoubleSpinBox subclass (listed first)."""

    def validate(self, text: str, pos: int):
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid and self._above_maximum(text):
            return QValidator.State.Intermediate, text, pos
        return result

    def fixup(self, text: str) -> str:
        if self._above_maximum(text):
            return self.textFromValue(self.maximum())
        return super().fixup(text)

    def _above_maximum(self, text: str) -> bool:
        body = text.strip()
        if self.prefix() and body.startswith(self.prefix()):
            body = body[len(self.prefix()):]
        if self.suffix() and body.endswith(self.suffix()):
            body = body[:-len(self.suffix())]
        body = body.strip().replace(self.locale().groupSeparator(), "")
        value, ok = self.locale().toDouble(body)
        return bool(ok) and value > self.maximum()


class ClampingSpinBox(_ClampAbove, QSpinBox):
    """A QSpinBox where a typed number above the maximum becomes the maximum."""


class ClampingDoubleSpinBox(_ClampAbove, QDoubleSpinBox):
    """A QDoubleSpinBox where a typed number above the maximum becomes the maximum."""
