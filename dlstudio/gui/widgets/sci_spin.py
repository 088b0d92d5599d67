"""``SciSpinBox``: a float spin box for values from 1e-7 to 1e4 (learning rates, epsilons,
penalties), written out in decimals as a student types them (``plain_number``) and stepped
by a quarter of a decade on log scales."""
from __future__ import annotations

import math
import re
from decimal import Decimal

from PySide6.QtCore import QSize
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QStyle, QStyleOptionSpinBox, QWidget


def plain_number(value: float, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits, written out in decimals as a student types
    it: "0.0000001", not Python's "1e-07" (walker29 W29-18: Adam's epsilon and a search's
    L2 range read "1e-07" and "1e-06" in fields beside "0.001")."""
    text = f"{value:.{digits}g}"
    if "e" not in text or not math.isfinite(value):
        return text
    exponent = int(text.split("e")[1])
    if abs(exponent) > 11:               # the box keeps 12 decimals: beyond, Python's form
        return text
    return format(Decimal(text), "f")


class SciSpinBox(QDoubleSpinBox):
    """A float spin box that shows ``0.001``/``0.00001`` (``plain_number``) and steps by x10^(1/4) on log scales.

    Six significant digits are shown, or ``digits`` (and then the box asks for the width of
    its widest such text); the value keeps all of its digits until the student edits the
    text (a search range of 0.00853617 reads "0.00854" with ``digits=3``, and the search
    still uses 0.00853617: walker25 W25-3).
    """

    def __init__(self, log: bool = False, parent: QWidget | None = None,
                 digits: int | None = None):
        super().__init__(parent)
        self._log = log
        self._digits = digits or 6
        self._fit = digits is not None
        self.setDecimals(12)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return plain_number(value, self._digits)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        if text.strip() == self.textFromValue(self.value()):
            return self.value()         # shown rounded, not edited: the exact value stays
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fit_widest(super().sizeHint(), self.prefix() + self.suffix())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fit_widest(super().minimumSizeHint(), self.prefix())

    def _fit_widest(self, hint: QSize, fixed: str) -> QSize:
        """``hint`` (Qt's, for the range's ends) at least as wide as the widest text of
        ``digits`` digits ("-0.000888" for 3) needs, measured as Qt measures the ends: with
        the ``fixed`` text and a space after it, two pixels for the cursor, and the style's
        frame and arrows around it. (Adding the difference of the two texts' widths to
        ``hint`` made it depend on the range by a pixel with Noto Sans CJK, whose frame and
        arrows do not grow pixel for pixel with the text: fix71.)"""
        if not self._fit:
            return hint
        metrics = self.fontMetrics()
        texts = ["-0.000" + "8" * self._digits,
                 *(self.textFromValue(v) for v in (self.minimum(), self.maximum()))]
        width = max(metrics.horizontalAdvance(t + fixed + " ") for t in texts) + 2
        option = QStyleOptionSpinBox()
        self.initStyleOption(option)
        fitted = self.style().sizeFromContents(
            QStyle.ContentsType.CT_SpinBox, option,
            QSize(width, self.lineEdit().sizeHint().height()), self)
        return QSize(max(hint.width(), fitted.width()), hint.height())

    def validate(self, text: str, pos: int):
        if re.fullmatch(r"[-+]?(\d+[.,]?\d*|[.,]\d+)([eE][-+]?\d*)?", text.strip()):
            return QValidator.State.Acceptable, text, pos
        if re.fullmatch(r"[-+]?[\d.,eE+-]*", text.strip()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802
        value = self.value()
        if self._log and value > 0:
            self.setValue(value * 10 ** (0.25 * steps))
        else:
            step = 10 ** math.floor(math.log10(abs(value))) / 10 if value else 0.1
            self.setValue(value + steps * step)
