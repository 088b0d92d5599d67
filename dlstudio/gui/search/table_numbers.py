"""How the search's results table writes its numbers.

Every float with ``DIGITS`` significant digits, all of them shown ("0.160", "0.00120", not
"0.16" beside "0.104": walker31 W31-3), and one notation per column, as a log axis writes its
labels (``plots.tick_text.log_axis_texts``): plainly when every number of the column is of a
size written plainly ("0.000146", "2.30"), else every one with a power of ten ("1.20 × 10⁻⁶",
"3.50 × 10⁻³"). Whole numbers (batch sizes, units) are written as they are; "—" where a trial
has no number.
"""
from __future__ import annotations

import math

from dlstudio.messages.numbers import MINUS, ten_to_the

#: significant digits of a float in the table ("0.000116", not "0.0001164": walker27 W27-16)
DIGITS = 3
#: numbers from this small to below this large (once rounded) are written plainly
PLAIN = (1e-4, 1000.0)
#: a cell without a number (a failed trial's loss, a parameter it did not search)
BLANK = "—"


def _rounded(value: float) -> float:
    return float(f"{value:.{DIGITS - 1}e}")


def _is_plain(value: float) -> bool:
    size = abs(_rounded(value))
    return size == 0.0 or PLAIN[0] <= size < PLAIN[1]


def plain_text(value: float) -> str:
    """``value`` with ``DIGITS`` significant digits and no power of ten: "0.160", "100"."""
    rounded = _rounded(value)
    if rounded == 0.0:
        return "0"
    decimals = max(0, DIGITS - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:.{decimals}f}"


def power_text(value: float) -> str:
    """``value`` with ``DIGITS`` significant digits and a power of ten: "1.20 × 10⁻⁶",
    "1.00 × 10³" (the mantissa kept, unlike ``messages.numbers.math_number``'s "10³", so that
    the column's numbers line up)."""
    if value == 0.0:
        return "0"
    mantissa, exponent = f"{abs(value):.{DIGITS - 1}e}".split("e")
    return f"{MINUS if value < 0 else ''}{mantissa} × {ten_to_the(int(exponent))}"


def _is_float(value) -> bool:
    return isinstance(value, float) and math.isfinite(value)


def column_texts(values: list) -> list[str]:
    """The texts of one table column's ``values`` (floats, whole numbers or ``None``)."""
    floats = [v for v in values if _is_float(v)]
    plain = all(_is_plain(v) for v in floats)
    texts = []
    for value in values:
        if value is None:
            texts.append(BLANK)
        elif _is_float(value):
            texts.append(plain_text(value) if plain else power_text(value))
        else:
            texts.append(str(value))
    return texts
