"""The run note's heading follows a theme switch (walker21 W21-7: "注意：" shown in the dark
theme stayed light grey on the light banner after switching back, hardly readable)."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from dlstudio.gui import theme
from dlstudio.gui.widgets.status_line import RunNoteWidget


def _heading_color(note: RunNoteWidget) -> str:
    return re.search(r"<b style='color:(#[0-9a-fA-F]{6})'>", note.label.text()).group(1)


def test_the_heading_takes_the_colours_of_the_theme_switched_to(qtbot, app_look_restored):
    app = QApplication.instance()
    theme.apply(app, "dark")
    note = RunNoteWidget()
    qtbot.addWidget(note)
    note.show_note("Worth a look:", ["A: 59% of dense_1's units are dead"], error=False)
    note.show()
    assert _heading_color(note) == note.palette().windowText().color().name()
    dark_text = _heading_color(note)
    theme.apply(app, "light")
    QApplication.processEvents()
    assert _heading_color(note) == note.palette().windowText().color().name() != dark_text
    note.show_note("What went wrong:", ["the loss became NaN"], error=True)
    theme.apply(app, "dark")
    QApplication.processEvents()
    assert _heading_color(note) == theme.error_color("dark")
