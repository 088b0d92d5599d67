"""Tab passes over the panels behind another's tab (walker21 W21-10: from the Network panel,
27 Tab presses went through the hidden Data, Compare and Lessons panels and showed nothing; a
Down key there changed the hidden Training panel's momentum)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dlstudio.gui.focus_chain import behind_a_tab


def _tab_through(window, qtbot, presses):
    stops = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        stops.append(QApplication.focusWidget())
    return stops


def test_tab_never_stops_in_a_panel_behind_a_tab(window, qtbot):
    window.resize(1366, 768)
    window.docks["training"].raise_()
    qtbot.waitUntil(lambda: behind_a_tab(window.docks["data"].widget()))
    window.activateWindow()
    window.docks["network"].widget().setFocus()
    stops = _tab_through(window, qtbot, 120)
    hidden = [w for w in stops if w is not None and behind_a_tab(w)]
    assert not hidden, [type(w).__name__ + " " + w.objectName() for w in hidden[:5]]
    # the Training panel in front and the Network panel are still reached
    training, network = window.docks["training"], window.docks["network"]
    assert any(w is not None and training.isAncestorOf(w) for w in stops)
    assert any(w is not None and network.isAncestorOf(w) for w in stops)


def test_shift_tab_never_stops_there_either(window, qtbot):
    window.resize(1366, 768)
    window.docks["training"].raise_()
    qtbot.waitUntil(lambda: behind_a_tab(window.docks["compare"].widget()))
    window.activateWindow()
    window.docks["network"].widget().setFocus()
    for _ in range(120):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Backtab)
        w = QApplication.focusWidget()
        assert w is None or not behind_a_tab(w), type(w).__name__


def test_a_panel_brought_to_the_front_is_reached_again(window, qtbot):
    window.resize(1366, 768)
    window.docks["data"].raise_()
    qtbot.waitUntil(lambda: not behind_a_tab(window.docks["data"].widget()))
    assert behind_a_tab(window.docks["training"].widget())
    window.activateWindow()
    window.docks["network"].widget().setFocus()
    stops = _tab_through(window, qtbot, 120)
    assert any(w is not None and window.docks["data"].isAncestorOf(w) for w in stops)
    assert not any(w is not None and window.docks["training"].isAncestorOf(w) for w in stops)
