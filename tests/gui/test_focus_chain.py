"""Tab passes over the panels behind another's tab (walker21 W21-10: from the Network panel,
27 Tab presses went through the hidden Data, Compare and Lessons panels and showed nothing; a
Down key there changed the hidden Training panel's momentum)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dlstudio.gui.focus_chain import behind_a_tab


def _focus_in_network_panel(window, qtbot, front, behind):
    """The window at 1366x768 with dock ``front`` in front of ``behind``, focus in the
    Network panel."""
    window.resize(1366, 768)
    window.docks[front].raise_()
    qtbot.waitUntil(lambda: behind_a_tab(window.docks[behind].widget()))
    assert not behind_a_tab(window.docks[front].widget())
    window.activateWindow()
    window.docks["network"].widget().setFocus()


def _stops(window, qtbot, key, presses=120):
    stops = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget() or window, key)
        stops.append(QApplication.focusWidget())
    return [w for w in stops if w is not None]


def _in(window, dock, stops):
    return any(window.docks[dock].isAncestorOf(w) for w in stops)


def test_tab_never_stops_in_a_panel_behind_a_tab(window, qtbot):
    _focus_in_network_panel(window, qtbot, "training", "data")
    stops = _stops(window, qtbot, Qt.Key.Key_Tab)
    hidden = [w for w in stops if behind_a_tab(w)]
    assert not hidden, [type(w).__name__ + " " + w.objectName() for w in hidden[:5]]
    # the Training panel in front and the Network panel are still reached
    assert _in(window, "training", stops) and _in(window, "network", stops)


def test_shift_tab_never_stops_there_either(window, qtbot):
    _focus_in_network_panel(window, qtbot, "training", "compare")
    stops = _stops(window, qtbot, Qt.Key.Key_Backtab)
    assert not [w for w in stops if behind_a_tab(w)]
    assert _in(window, "training", stops)


def test_a_panel_brought_to_the_front_is_reached_again(window, qtbot):
    _focus_in_network_panel(window, qtbot, "data", "training")
    stops = _stops(window, qtbot, Qt.Key.Key_Tab)
    assert _in(window, "data", stops) and not _in(window, "training", stops)
