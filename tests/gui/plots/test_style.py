"""The plot pages' shared look (``plots.style``): what a label on a plot stands on."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from dlstudio.gui.plots import style


def test_a_label_stands_on_the_pages_background_nearly_opaque(qapp):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#123456"))
    color = style.label_fill(palette).color()
    assert color.name() == "#123456" and color.alpha() == 210
