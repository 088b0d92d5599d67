"""Classroom mode's helper text: dark enough for a projector (walker11 W11-18)."""
from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from dlstudio.gui import theme
from tests.contrast_ratio import contrast


def test_helper_text_is_darker_in_classroom_mode(qapp, qtbot, app_look_restored):
    """The grey helper lines (the Gradients page's dL/dz note, a layer's description) were
    light grey on light grey from the back of a room: in classroom mode they reach 10:1 on
    the window's background, in both themes; normal mode keeps the themes' grey."""
    label = QLabel("dL/dz is the signal backpropagation delivers to a layer")
    label.setProperty("role", "hint")
    qtbot.addWidget(label)
    try:
        for name in theme.THEMES:
            window = theme.palette(name).color(QPalette.ColorRole.Window)
            theme.apply(qapp, name, True)
            label.ensurePolished()
            label.style().unpolish(label)
            label.style().polish(label)
            shown = label.palette().color(QPalette.ColorRole.WindowText)
            assert shown.name() == theme.hint_color(name, True)
            assert contrast(shown, window) >= 10.0, name
            theme.apply(qapp, name, False)
            label.style().unpolish(label)
            label.style().polish(label)
            assert label.palette().color(QPalette.ColorRole.WindowText).name() == \
                theme.hint_color(name, False)
    finally:
        theme.apply(qapp, "light", False)


def test_a_layers_description_takes_the_hint_colour(qapp, qtbot, app_look_restored):
    from dlstudio.engine.spec import LayerSpec
    from dlstudio.gui.editor.properties import LayerPropertiesWidget

    try:
        theme.apply(qapp, "light", True)
        widget = LayerPropertiesWidget()
        qtbot.addWidget(widget)
        widget.show_layer(0, LayerSpec("Flatten"))
        assert theme.hint_color("light", True) in widget.header.text()
        assert "gray" not in widget.header.text()
    finally:
        theme.apply(qapp, "light", False)
