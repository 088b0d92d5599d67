"""The Network panel's note when the data do not fit the Input (``editor/input_note.py``,
walker32 W32-10): said with both shapes, matched in one click, in both languages."""
from __future__ import annotations

from dlstudio.gui import i18n


def test_a_hand_set_input_gets_a_note_and_a_button_that_matches_the_data(qtbot, small_studio):
    from dlstudio.gui.editor.panel import NetworkEditorPanel

    studio = small_studio
    panel = NetworkEditorPanel(studio)
    qtbot.addWidget(panel)
    panel.show()
    note = panel.input_note
    assert not note.isVisible()                      # 2-D points, Input 2
    studio.set_network_spec(studio.network_spec.with_input_shape((3,)))   # by hand
    assert note.isVisible()
    assert note.label.text() == ("The examples of Spirals have shape 2, but the Input shape "
                                 "is 3: the network cannot train on them. Use their shape, "
                                 "or choose other data in the Data panel.")
    assert note.button.text() == "Use 2"
    i18n.set_language("zh_CN")
    try:
        qtbot.wait(20)
        assert "Spirals" not in note.label.text() and "3" in note.label.text()
        assert not note.button.text().startswith("Use")
        assert " 的样本" not in note.label.text()     # no space after a Chinese data name
    finally:
        i18n.set_language("en")
    qtbot.mouseClick(note.button, qtbot_left())
    assert tuple(studio.network_spec.input_shape) == (2,) and not note.isVisible()
    studio.undo()
    assert tuple(studio.network_spec.input_shape) == (3,) and note.isVisible()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
