"""A gap between two groups of controls in a row, one line of the font wide.

A row of controls (a label and its box, a check box, another label and box) laid out with
the style's spacing alone ran together: "Log scale lossx axis" (walker25 W25-9). The gap is
measured in the widget's own font, so it grows with classroom mode's larger text and suits
Chinese as well as English.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QSizePolicy, QWidget


class ControlGapWidget(QWidget):
    """Empty space as wide as one line of the font is high (about two characters)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.fontMetrics().height(), 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()           # the classroom font: a wider gap
