"""Help > Keyboard shortcuts lists a key to turn the plot pages, names arrow keys as arrows
and wraps its descriptions under their own first line (walker21 W21-9: no key for the pages,
"Alt+右方向 / Alt+左方向", wrapped lines starting left of the first)."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest


def test_ctrl_page_down_and_up_turn_the_plot_pages_wherever_the_focus_is(window, qtbot):
    tabs = window.plot_tabs
    window.activateWindow()
    window.acts["lesson_layout"].trigger()
    tabs.setCurrentIndex(tabs.count() - 1)
    for sequence, expected in (("Ctrl+PgDown", 0), ("Ctrl+PgDown", 1), ("Ctrl+PgUp", 0),
                               ("Ctrl+PgUp", tabs.count() - 1)):
        combo = QKeySequence(sequence)[0]
        QTest.keyClick(window.focusWidget() or window, combo.key(), combo.keyboardModifiers())
        assert tabs.currentIndex() == expected, sequence


def test_the_list_names_the_page_keys_arrows_and_no_leading_spaces(qapp):
    from dlstudio.gui import i18n
    from dlstudio.gui.widgets.about import shortcuts_text

    text = shortcuts_text()
    assert "Next / previous plot page" in text and "Ctrl+PgDown / Ctrl+PgUp" in text
    assert not re.search(r"<td[^>]*>(&nbsp;| )", text)
    try:
        i18n.set_language("zh_CN")
        text = shortcuts_text()
    finally:
        i18n.set_language("en")
    assert "Alt+→ / Alt+←" in text and "下一个 / 上一个图表页" in text and "右方向" not in text
