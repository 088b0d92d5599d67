"""The search's range table ("What to search") shows its columns whole (walker31 W31-6)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from dlstudio.gui import i18n
from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.panel import SearchPanel
from dlstudio.gui.widgets.param_form import SciSpinBox

pytest.importorskip("pytestqt")


def _settle(qtbot, widget) -> None:
    qtbot.waitExposed(widget)
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_scale_column_is_not_cut_at_the_tables_right_edge(qtbot, lang):
    """walker31 W31-6: at 1366x768 the Scale combo boxes' arrows were cut at the table's
    right edge (EN and zh): the table asked for the width its columns had before it was
    shown, a few pixels less than they took once shown, and scrolled sideways; and its
    range boxes asked for the width of "-1000000000", their limits, so that the range table
    was wider than the column of controls."""
    panel = SearchPanel(demo_studio())
    qtbot.addWidget(panel)
    i18n.set_language(lang)
    try:
        panel.resize(515, 640)          # the centre at 1366x768 with both docks open
        panel.show()
        _settle(qtbot, panel)
        editor = panel.editor
        header = editor.horizontalHeader()
        assert header.length() <= editor.viewport().width()
        assert not editor.horizontalScrollBar().isVisible()
        assert not editor.verticalScrollBar().isVisible()      # every row shown
        assert panel.space_box.minimumSizeHint().width() \
            <= panel.arrangement.scroll.viewport().width()
        # the range boxes ask for the room of their three digits, not of their limits
        small = SciSpinBox(digits=3)
        small.setFont(editor.lows["learning_rate"].font())
        small.setRange(-1.0, 1.0)
        assert editor.lows["learning_rate"].sizeHint().width() == small.sizeHint().width()
    finally:
        i18n.set_language("en")
        panel.shutdown()
