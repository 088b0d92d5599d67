"""SciSpinBox writes its numbers out in decimals, as a student types them."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def test_small_values_read_as_decimals_not_python_exponents(qtbot):
    """Walker29 W29-18: Adam's epsilon read "1e-07" and a search range "1e-06"."""
    from dlstudio.gui.widgets.sci_spin import SciSpinBox, plain_number

    assert plain_number(1e-7) == "0.0000001" and plain_number(1.5e-5) == "0.000015"
    assert plain_number(0.00853617, 3) == "0.00854" and plain_number(2e6) == "2000000"
    box = SciSpinBox(log=True)
    qtbot.addWidget(box)
    box.setRange(0.0, 1.0)
    box.setValue(1e-7)
    assert box.text() == "0.0000001" and "e" not in box.text()
    assert box.valueFromText(box.text()) == 1e-7
    assert box.valueFromText("2e-6") == 2e-6                    # typing it still works
