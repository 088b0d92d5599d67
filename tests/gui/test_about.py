"""Help > About and Help > Keyboard shortcuts (``widgets.about``) with the keyboard: walker33
W33-15, they opened without the keyboard focus, so Escape and Return went to the main
window and could not close them; after a close the focus was lost. Each box takes the focus
when it opens, closes with Escape (or Enter), and gives the focus back."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from dlstudio.gui.widgets.about import show_about, show_shortcuts


@pytest.mark.parametrize("show", [show_about, show_shortcuts])
@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_a_help_box_takes_the_focus_closes_with_a_key_and_gives_it_back(window, qtbot, show,
                                                                          key):
    window.activateWindow()
    qtbot.waitActive(window)
    before = next(b for b in window.findChildren(QPushButton) if b.isVisible()
                  and b.isEnabled() and b.focusPolicy() & Qt.FocusPolicy.TabFocus)
    before.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(before.hasFocus)
    box = show(window)
    qtbot.waitUntil(box.isActiveWindow)
    focus = QApplication.focusWidget()
    assert focus is not None and focus.window() is box
    qtbot.keyClick(focus, key)
    qtbot.waitUntil(lambda: not box.isVisible())
    qtbot.waitUntil(lambda: window.isActiveWindow() and QApplication.focusWidget() is before)


def test_the_shortcuts_descriptions_are_not_squeezed(window, qtbot):
    """Walker37 W37-28 (classroom mode): the message box kept the table narrow, and every
    description wrapped into 2-5 lines of ~140 px beside a key column with room to spare.
    The table now takes nearly one line a row."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QLabel

    box = show_shortcuts(window)
    qtbot.waitExposed(box)
    label = box.findChild(QLabel, "qt_msgbox_label")
    chars = label.fontMetrics().averageCharWidth()
    assert label.width() >= 70 * chars
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setHtml(label.text())
    doc.setTextWidth(label.width())
    lines = doc.size().height() / label.fontMetrics().lineSpacing()
    rows = label.text().count("<tr>")
    assert lines <= rows + 8, (lines, rows)      # nearly one line a row
    box.close()
