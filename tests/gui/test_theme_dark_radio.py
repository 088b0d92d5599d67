"""Walker19 W19-15: in the dark theme a lesson's unselected answers had near-black radio
circles on the dark panel (Fusion outlines them darker than the window), barely visible on a
projector. Their ring stands out from the window's colour, in normal and classroom mode."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QRadioButton, QStyle, QStyleOptionButton, QVBoxLayout,
                               QWidget)

from dlstudio.gui import theme
from tests.contrast_ratio import contrast

pytest.importorskip("pytestqt")


@pytest.mark.parametrize("classroom", [False, True])
@pytest.mark.parametrize("enabled", [True, False])
def test_radio_circles_stand_out_in_the_dark_theme(qapp, qtbot, app_look_restored,
                                                   classroom, enabled):
    theme.apply(qapp, "dark", classroom)
    page = QWidget()
    qtbot.addWidget(page)
    column = QVBoxLayout(page)
    button = QRadioButton("Down, a minimum, then up again", page)
    button.setEnabled(enabled)       # a locked question's answers
    column.addWidget(button)
    page.show()
    qtbot.waitExposed(page)
    option = QStyleOptionButton()
    button.initStyleOption(option)
    ring = button.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option,
                                         button)
    image = button.grab().toImage()
    window = page.palette().color(QPalette.ColorRole.Window)
    best = max(contrast(QColor(image.pixel(x, y)), window)
               for x in range(max(ring.left(), 0), min(ring.right() + 1, image.width()))
               for y in range(max(ring.top(), 0), min(ring.bottom() + 1, image.height())))
    assert best >= (3.0 if enabled else 2.0), best
