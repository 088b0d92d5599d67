"""Start names the variants it trains (walker14 W14-15: after a lesson's A/B step, Start in
free work trained both variants and nothing near it said so)."""
from __future__ import annotations

from PySide6.QtWidgets import QMainWindow


def test_start_says_which_variants_it_trains(small_studio, qtbot):
    from dlstudio.gui.widgets.run_controls import RunActions

    window = QMainWindow()
    qtbot.addWidget(window)
    start = RunActions(small_studio, window).actions["start"]
    assert start.text() == "Start"
    small_studio.add_variant("l2 0.01")
    assert start.text() == "Start A + B"
    assert "A + B" in start.toolTip() and "Compare" in start.toolTip()
    small_studio.clear_variants()
    assert start.text() == "Start" and "Compare" not in start.toolTip()
