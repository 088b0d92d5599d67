"""Run keys that work while a number field has the keyboard (walker11 W11-23)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QMainWindow, QToolBar


def test_f6_pauses_while_a_number_field_has_the_keyboard(small_studio, qtbot, monkeypatch):
    """F6 is a second pause key that every field leaves alone (Space types a space in a text
    field, widgets/space_key.py), and Help and the tooltip name it."""
    from dlstudio.gui.widgets.about import shortcuts_text
    from dlstudio.gui.widgets.run_controls import RunActions

    toggled = []
    monkeypatch.setattr(small_studio, "toggle_pause", lambda: toggled.append(1))
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = RunActions(small_studio, window)
    bar = QToolBar()
    window.addToolBar(bar)
    for act in actions.actions.values():
        window.addAction(act)
        act.setEnabled(True)
    field = QDoubleSpinBox()
    window.setCentralWidget(field)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_F6)
    assert toggled == [1]
    assert "F6" in actions.actions["pause"].toolTip()
    assert "Space / F6" in shortcuts_text()
