"""The settings chosen in the window's menus (``gui/window_settings.py``) apply at once."""
from __future__ import annotations


def test_theme_and_classroom_switch_live(window, small_studio, qapp):
    from PySide6.QtWidgets import QApplication

    base = QApplication.font().pointSizeF()
    window.set_theme("dark")
    assert QApplication.palette().window().color().lightness() < 100
    assert small_studio.theme == "dark"
    plot = window.docks["training"].widget().schedule_plot
    assert plot.backgroundBrush().color().lightness() < 100
    window.set_classroom(True)
    assert small_studio.classroom and QApplication.font().pointSizeF() > base
    window.set_classroom(False)
    window.set_theme("light")
    assert QApplication.font().pointSizeF() == base
    assert QApplication.palette().window().color().lightness() > 150
