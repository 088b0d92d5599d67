"""The saturation margin's spin box (``plots.saturation_margin_box``): recorded margins only."""
from __future__ import annotations

import pytest

from dlstudio.gui.plots.saturation_margin_box import MarginSpinBox
from dlstudio.training.telemetry import SATURATION_MARGINS, SATURATION_STEP


def test_the_box_offers_the_recorded_margins_in_their_steps(qtbot):
    box = MarginSpinBox()
    qtbot.addWidget(box)
    assert box.minimum() == pytest.approx(SATURATION_MARGINS[0])
    assert box.maximum() == pytest.approx(SATURATION_MARGINS[-1])
    assert box.singleStep() == pytest.approx(SATURATION_STEP) and box.decimals() == 3
    assert not box.keyboardTracking()                 # one change when the typing is done


@pytest.mark.parametrize("typed, value", [("0.020", 0.02), ("0.022", 0.02), ("0.023", 0.025),
                                          ("0.1", 0.1)])
def test_a_typed_margin_goes_to_the_nearest_recorded_one(qtbot, typed, value):
    box = MarginSpinBox()
    qtbot.addWidget(box)
    assert box.valueFromText(typed) == pytest.approx(value)
