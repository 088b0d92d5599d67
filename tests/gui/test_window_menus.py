"""The main window's menus (``gui/window_menus.py``): every action is named in the UI
language, and the View menu shows the classroom mode the window started in."""
from __future__ import annotations

from dlstudio.gui.main_window import MainWindow


def test_every_menu_action_and_menu_has_a_text(window):
    assert [name for name, action in window.acts.items() if not action.text()] == []
    assert all(menu.title() for menu in window.menus.values())
    assert window.acts["open"].text() == "Open workspace..."
    assert window.menus["file"].title() == "&File"


def test_classroom_menu_shows_the_mode_the_window_started_in(small_studio, qtbot):
    """A window started in classroom mode (--classroom, or the saved setting) has its View >
    Classroom mode item checked, so the next F11 turns the mode off rather than on again."""
    small_studio.classroom = True
    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    assert w.acts["classroom"].isChecked()
    small_studio.classroom = False
    w2 = MainWindow(small_studio)
    qtbot.addWidget(w2)
    assert not w2.acts["classroom"].isChecked()
