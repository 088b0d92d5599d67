"""``MarginSpinBox``: the Activations page's setting of how close to a limit counts as saturated.

A sigmoid or tanh output counts as saturated within a margin of its limits. The runs record
their saturated shares at the margins ``SATURATION_MARGINS`` only (steps of
``SATURATION_STEP``), so the box offers those and no others: a typed value goes to the
nearest of them, and the bars can show the share at the chosen margin for runs already
recorded too.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from dlstudio.training.telemetry import SATURATION_MARGINS, SATURATION_STEP


class MarginSpinBox(QDoubleSpinBox):
    """A spin box for the saturation margin: the recorded margins only (``SATURATION_MARGINS``,
    steps of ``SATURATION_STEP``); a typed value goes to the nearest of them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(3)
        self.setRange(float(SATURATION_MARGINS[0]), float(SATURATION_MARGINS[-1]))
        self.setSingleStep(SATURATION_STEP)
        self.setKeyboardTracking(False)          # one change when the typing is done

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt's name)
        steps = round(super().valueFromText(text) / SATURATION_STEP)
        return round(steps * SATURATION_STEP, 3)
