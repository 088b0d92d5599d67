"""How a probability is written as a percentage, the same way wherever it is shown.

``percent_text(p)`` rounds to the nearest whole percent (halves up), except that a probability just short of 1
(0.995 <= p < 1) is written with one decimal, rounded down: "99.6", never "100" for
something that is not certain. A bar and the sentence beside it that both use it cannot
disagree (walker9 W9-7: a bar said 99%, its sentence 100%).
"""
from __future__ import annotations

import math


def percent_text(p: float) -> str:
    """``p`` (a probability in [0, 1]) as a percentage without the sign: "7", "99.6",
    "100" (only for p == 1)."""
    value = 100.0 * float(p)
    if not math.isfinite(value):
        return "?"
    if 99.5 <= value < 100.0:
        return f"{math.floor(value * 10) / 10:.1f}"
    return str(math.floor(value + 0.5))
