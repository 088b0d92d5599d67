"""How a measured time in seconds is written in the window's tables: two decimals, as the
Transfer panel's history has always shown them ("0.02", "12.35"; "—" when unknown). The
Search table showed four significant digits ("0.01747", "0.006413": walker20)."""
from __future__ import annotations

import math


def seconds_text(seconds: float | None) -> str:
    """``seconds`` with two decimals, without the unit (the column's header names it)."""
    if seconds is None or not math.isfinite(seconds):
        return "—"
    return f"{seconds:.2f}"
