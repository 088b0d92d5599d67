"""The search round's buttons are enabled for what can be done in each state."""
from __future__ import annotations

import pytest

from dlstudio.gui.search.round_buttons import RoundButtonsWidget


@pytest.mark.parametrize("state, has_best, has_results, enabled", [
    ("idle", False, False, {"start"}),
    ("idle", False, True, {"start", "clear"}),
    ("idle", True, True, {"start", "clear", "zoom", "apply"}),
    ("running", True, True, {"cancel"}),
    ("cancelling", True, True, set()),
])
def test_buttons_follow_the_state(qtbot, state, has_best, has_results, enabled):
    buttons = RoundButtonsWidget()
    qtbot.addWidget(buttons)
    buttons.enable_for(state, has_best, has_results)
    on = {name for name in ("start", "cancel", "clear", "zoom", "apply")
          if getattr(buttons, f"{name}_button").isEnabled()}
    assert on == enabled
    assert buttons.start_button.text() == "Run search"


def test_the_keyboard_focus_stays_in_the_row_through_a_search(qtbot):
    """Run search clicked, the search runs, ends: the focus goes Cancel, then Apply best -
    never along the window's tab chain into another field (walker15 W15-7: the Units field,
    where the next digit typed changed the network)."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    box = QVBoxLayout(window)
    buttons = RoundButtonsWidget()
    units = QLineEdit("8")                 # the next field in the tab chain
    box.addWidget(buttons)
    box.addWidget(units)
    buttons.enable_for("idle", False, False)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    buttons.start_button.setFocus()
    qtbot.waitUntil(buttons.start_button.hasFocus)

    buttons.enable_for("running", False, False)
    assert buttons.cancel_button.hasFocus()
    buttons.enable_for("cancelling", False, False)
    assert not units.hasFocus()
    buttons.enable_for("idle", True, True)
    assert buttons.apply_button.hasFocus()
    buttons.enable_for("running", True, True)
    buttons.enable_for("idle", False, True)       # nothing good: Run search again
    assert buttons.start_button.hasFocus()
