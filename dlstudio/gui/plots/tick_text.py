"""How axis ticks write their numbers.

Every axis writes a tiny or huge tick with a power of ten (:func:`power_text`, "−2 × 10⁷",
"10⁻⁶"), as the log axes and the messages do: pyqtgraph's "4e+07" and the compact "-2e7"
beside a log axis's "10⁷" read as two kinds of number (walker25 W25-5: the weights page after
a diverged run).

A log axis writes all its labels in one notation (:func:`log_axis_texts`): plainly when every
label is of everyday size ("0.05", "1", "200"), else every label with a power of ten ("10⁻²",
"5 × 10⁻³", "10⁻³"). An axis reading "0.01" above "5 × 10⁻³", or "10³" above "10", read as two
kinds of number (walker27 W27-6, walker28 W28-9).
"""
from __future__ import annotations

import math

from dlstudio.messages.numbers import math_number

#: log-axis values from this small to below this large are written as plain numbers
#: ("0.01", "0.3", "30", "500"), the others with a power of ten ("10⁻³", "2 × 10⁻⁵", "10³"):
#: the range the layer badges write plainly (``messages.numbers.readable_ratio``)
LOG_PLAIN = (0.01, 1000.0)
#: most significant digits a log-axis label is written with ("1.25 × 10⁻³", "2.3365")
MAX_DIGITS = 7


def power_text(value: float, digits: int = 3) -> str:
    """``value`` with a power of ten as ``messages.numbers`` writes it, its mantissa rounded
    to ``digits`` significant digits: "10⁷", "−2 × 10⁷", "2.5 × 10⁻⁶" (the rule of every
    axis's tiny and huge ticks, linear or log)."""
    mantissa, exponent = f"{value:.{max(1, int(digits)) - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return math_number(f"{mantissa}e{int(exponent)}")


def plain_text(value: float, digits: int) -> str:
    """``value`` (> 0) rounded to ``digits`` significant digits, without a power of ten:
    "0.05", "1.5", "200"."""
    rounded = float(f"{value:.{max(1, int(digits)) - 1}e}")
    decimals = max(0, int(digits) - 1 - math.floor(math.log10(rounded)))
    if not decimals:
        return f"{rounded:.0f}"
    return f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")


def is_plain(value: float, digits: int = 1) -> bool:
    """Whether a log axis may write ``value`` (> 0), rounded to ``digits``, plainly."""
    rounded = float(f"{value:.{max(1, int(digits)) - 1}e}")
    return LOG_PLAIN[0] <= rounded < LOG_PLAIN[1]


def needed_digits(value: float) -> int:
    """The fewest significant digits (up to ``MAX_DIGITS``) that write ``value`` exactly
    enough for a tick: 0.0015 -> 2, 0.002 -> 1 (a tick's value carries float noise)."""
    for digits in range(1, MAX_DIGITS):
        if abs(float(f"{value:.{digits - 1}e}") - value) <= 1e-6 * abs(value):
            return digits
    return MAX_DIGITS


def log_axis_texts(values: list[float], judged_by: list[float] | None = None) -> list[str]:
    """The labels of one log axis at ``values`` (> 0), in one notation: all plain when every
    one is of everyday size (``LOG_PLAIN``), else all with a power of ten ("10⁰", "10¹" too,
    as matplotlib's log axes write them). ``judged_by``: the values whose sizes choose the
    notation, when not all of ``values`` are seen (ticks set beyond an axis's ends)."""
    digits = [needed_digits(v) if v > 0 and math.isfinite(v) else 1 for v in values]
    judged = values if judged_by is None else judged_by
    plain = all(is_plain(v, needed_digits(v)) for v in judged if v > 0 and math.isfinite(v))
    texts = []
    for value, d in zip(values, digits):
        if not (value > 0 and math.isfinite(value)):
            texts.append(f"{value:g}")
        else:
            texts.append(plain_text(value, d) if plain else power_text(value, d))
    return texts


#: a whole tick of this many digits or more groups its thousands ("80,000"), as the texts
#: write counts ("39,823"); a four-digit one ("2000", a step) stays as it is
GROUPED_DIGITS = 5


def grouped(text: str) -> str:
    """``text``, when it writes a whole number of ``GROUPED_DIGITS`` digits or more, with
    its thousands grouped ("80000" -> "80,000", "-12000" -> "-12,000"); else unchanged (the
    loss axis of a diverged run read "80000" beside texts with "39,823": walker28 z5_09)."""
    digits = text[1:] if text[:1] in "-\u2212" else text
    if len(digits) < GROUPED_DIGITS or not digits.isdigit():
        return text
    return text[: len(text) - len(digits)] + f"{int(digits):,}"


def compact_number(value: float, spacing: float) -> str:
    """``value``, a tick ``spacing`` apart from its neighbours, in few characters: decimals
    enough for the spacing ("0.05", "-0.10", "3"), or for tiny or huge spacings with a power
    of ten (:func:`power_text`, without the spaces around its "×" and with the narrow
    minus of the other ticks ("-0.05"), which a narrow histogram in classroom type has no
    room for: "-2×10⁻⁹", "10⁷")."""
    if spacing <= 0 or not math.isfinite(spacing) or not math.isfinite(value):
        return f"{value:g}"
    if abs(value) < 1e-6 * spacing:
        return "0"
    if 1e-3 <= spacing < 1e4 and abs(value) < 1e5:
        decimals = max(0, math.ceil(-math.log10(spacing) - 1e-9))
        return f"{value:.{decimals}f}"
    return power_text(value, 3).replace(" × ", "×").replace("\u2212", "-")
