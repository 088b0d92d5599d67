"""Widgets whose text wraps to the width they are given, so a long label never forces its
dock to scroll sideways.

``WrapCheckBox`` is a ``QCheckBox`` (same signals and methods) that breaks its text into
lines when narrow. ``wrap_form_rows(form)`` lets a form put a field under its label when a
row does not fit. ``unbroken_hyphens(text)`` keeps hyphenated words such as "2-D" on one line.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QSizePolicy, QStyle, QStyleOptionButton,
                               QWidget)

#: narrowest width a wrapping check box asks for, in average characters of its font
MIN_CHARS = 12
_FLAGS = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


#: a hyphen inside a word (a letter or digit on both sides)
_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def unbroken_hyphens(text: str) -> str:
    """``text`` with every hyphen inside a word made non-breaking (U+2011), so that wrapping
    never splits "2-D" into "2-" and "D" (walker16 W16-1); looks the same."""
    return _WORD_HYPHEN.sub("\u2011", text)


class WrapCheckBox(QCheckBox):
    """A check box whose text wraps onto more lines instead of widening the panel."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _indicator(self) -> tuple[int, int]:
        style = self.style()
        width = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        spacing = style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self)
        return width, spacing

    def _text_rect(self, width: int) -> QRect:
        indicator, spacing = self._indicator()
        return QRect(indicator + spacing, 0, max(1, width - indicator - spacing), 10_000)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        indicator, spacing = self._indicator()
        fm = self.fontMetrics()
        width = indicator + spacing + MIN_CHARS * fm.averageCharWidth()
        return QSize(min(width, super().sizeHint().width()), super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        rect = self.fontMetrics().boundingRect(self._text_rect(width), _FLAGS, self.text())
        indicator, _ = self._indicator()
        return max(rect.height(), indicator) + 4

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.heightForWidth(self.width())
                                       if self.width() > 0 else hint.height()))

    def show_state(self, state: bool | None) -> None:
        """Show ``state`` without emitting signals: checked, unchecked, or None for "partly"
        (a partial check: the statement holds for some of the things it names, not all;
        walker27 W27-1). A click on a partial box checks it (``checkStateChanged``, not
        ``toggled``, reports that)."""
        blocked = self.blockSignals(True)
        if state is None:
            self.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            self.setTristate(False)
            self.setChecked(bool(state))
        self.blockSignals(blocked)

    def nextCheckState(self) -> None:  # noqa: N802
        """A click goes partial -> checked -> unchecked -> checked, never back to partial."""
        on = self.checkState() != Qt.CheckState.Checked
        self.setTristate(False)
        self.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def hitButton(self, pos) -> bool:  # noqa: N802
        return self.rect().contains(pos)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        indicator, _ = self._indicator()
        option.text = ""
        option.rect = QRect(0, (self.height() - indicator) // 2, indicator, indicator)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, option,
                                   painter, self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self._text_rect(self.width())
        rect.setHeight(self.height())
        painter.drawText(rect, _FLAGS, self.text())


def wrap_form_rows(form: QFormLayout) -> QFormLayout:
    """Let ``form`` put a field below its label when label and field do not fit side by
    side (long labels in a narrow dock, large classroom fonts)."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form
