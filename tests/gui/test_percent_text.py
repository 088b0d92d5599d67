"""One way to write a probability as a percentage (walker9 W9-7)."""
from __future__ import annotations

import pytest

from dlstudio.gui.percent_text import percent_text


@pytest.mark.parametrize("p, text", [(0.0, "0"), (0.004, "0"), (0.07, "7"), (0.125, "13"),
                                     (0.994, "99"), (0.995, "99.5"), (0.9964, "99.6"),
                                     (0.99999, "99.9"), (1.0, "100"),
                                     (float("nan"), "?")])
def test_whole_percents_except_just_short_of_certain(p, text):
    assert percent_text(p) == text
