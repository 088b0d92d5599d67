"""A character of a plot's numbers is measured as a Latin character, whatever the font."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from dlstudio.gui.plots.char_width import char_width


@pytest.mark.parametrize("family", ["", "DejaVu Sans", "Noto Sans CJK SC"])
@pytest.mark.parametrize("points", [9, 16])
def test_a_character_is_about_as_wide_as_a_digit(qapp, family, points):
    # a CJK font's averageCharWidth is an ideograph's width, about twice a digit's (fix68)
    font = QFont(family) if family else QFont()
    font.setPointSize(points)
    metrics = QFontMetricsF(font)
    digit = metrics.horizontalAdvance("0123456789") / 10
    assert 0.6 * digit <= char_width(metrics) <= 1.1 * digit
