"""Keys on the start page (``widgets/start_page.py``): it is modal, so the window's own
shortcuts wait behind it."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut


def test_ctrl_q_quits_with_the_start_page_open(window, qtbot):
    """Walker32: Ctrl+Q did nothing while the start page was open (the window's Quit waits
    behind a modal page); the page has its own Quit key, which closes the page and quits as
    File > Quit does. (Offscreen no window becomes active, so the key is asked for by its
    sequence and pressed through its signal.)"""
    from dlstudio.gui.widgets.start_page import open_start_page

    quits = []
    window.acts["quit"].triggered.connect(lambda *_: quits.append(True))
    page = open_start_page(window)
    qtbot.waitUntil(page.isVisible)
    keys = [s for s in page.findChildren(QShortcut)
            if s.key() == QKeySequence(QKeySequence.StandardKey.Quit)]
    assert len(keys) == 1
    keys[0].activated.emit()
    qtbot.waitUntil(lambda: bool(quits))
    assert not page.isVisible()


def test_tab_goes_down_the_page_then_the_buttons_left_to_right(window, qtbot):
    """Walker38 W38-19: Tab went Open lesson -> Take the tour -> Explore freely -> Open a
    saved workspace, right to left."""
    from dlstudio.gui.widgets.start_page import open_start_page

    page = open_start_page(window)
    qtbot.waitUntil(page.isVisible)
    order, widget = [], page.tree
    for _ in range(200):                     # past the lists' own inner widgets
        widget = widget.nextInFocusChain()
        if widget in (page.show_again, page.open_workspace_button, page.tour_button,
                      page.explore_button, page.open_button):
            order.append(widget)
        if widget is page.open_button:
            break
    assert order == [page.show_again, page.open_workspace_button, page.tour_button,
                     page.explore_button, page.open_button]
    page.reject()


def test_after_explore_freely_the_keyboard_starts_at_the_network_layers(window, qtbot):
    """Walker38 W38-19: after "Explore freely" nothing had the focus (the first Tab landed
    on a dock's tab bar); the Network dock's layer list takes it, as from the keyboard."""
    from PySide6.QtCore import Qt

    from dlstudio.gui.widgets.start_page import first_stop, take_keyboard

    window.show()
    qtbot.waitExposed(window)
    stack = window.docks["network"].widget().stack
    assert first_stop(window) is stack
    if window.focusWidget() is not None:
        window.focusWidget().clearFocus()
    assert window.focusWidget() is None
    take_keyboard(window)
    assert window.focusWidget() is stack


def test_f1_opens_the_tour(window):
    assert window.acts["tour"].shortcut().toString() == "F1"
