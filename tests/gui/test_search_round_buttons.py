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
