"""Numbers as a student reads them: ``8.88e-09`` written as ``8.88 × 10⁻⁹``.

Python writes a tiny or huge number in E notation, as code does. The plots' log axes, the
lessons and the curriculum write powers of ten (10⁻⁸), so a check line saying "8.88e-09
(needs < 1e-06)" beside an axis labelled 10⁻⁸ asked a beginner to know that both are the
same kind of number (walker23 W23-2). Every number a message shows goes through
:func:`math_number`; a value typed into a field keeps E notation, which is what one types.

A number a program computed (a lesson verdict's) is written with a real minus sign (U+2212,
:func:`with_minus`), not the hyphen code uses ("r = -0.4452" beside a preview's "−0.45":
walker25 W25-7); a value quoted back as the student typed it ("got -5") keeps its hyphen. A
shape is written as the summary table writes it (:func:`dims_text`).

>>> math_number("8.88e-09"), math_number("1e-06"), math_number("-2.5e+12"), math_number("0.01")
('8.88 × 10⁻⁹', '10⁻⁶', '−2.5 × 10¹²', '0.01')
>>> with_minus("-0.4452"), with_minus("-3.0%"), with_minus("-1,250"), with_minus("-x")
('−0.4452', '−3.0%', '−1,250', '-x')
>>> dims_text((26, 26, 32)), dims_text((576,))
('26 × 26 × 32', '576')
"""
from __future__ import annotations

import math
import re

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
#: a whole text that is one number in E notation: sign, mantissa, exponent
_E_NUMBER = re.compile(r"([+-]?)(\d+(?:\.\d*)?)[eE]([+-]?\d+)")
#: a whole text that is one negative plain number: digits (thousands commas allowed), an
#: optional fraction, an optional percent sign; or minus infinity
_NEGATIVE = re.compile(r"-((?:\d[\d,]*(?:\.\d*)?|\.\d+)%?|inf)")
#: the minus sign of mathematics (U+2212), wider than the hyphen-minus of code
MINUS = "\u2212"


def ten_to_the(exponent: int) -> str:
    """``10⁻⁵`` for -5: a power of ten with its exponent in superscript digits."""
    return "10" + str(int(exponent)).translate(_SUPERSCRIPTS)


def power_of_ten(x: float) -> str:
    """"10⁻⁵" for 1.2e-5: the order of magnitude of a ratio, for sentences (the exponent in
    superscript digits, which the window's fonts and UTF-8 terminals show)."""
    if x <= 0 or not math.isfinite(x):
        return f"{x:g}"
    return ten_to_the(round(math.log10(x)))


def readable_ratio(x: float) -> str:
    """A ratio as a student reads it on a badge: "1.0", "0.50", "0.03", "250", and the
    order of magnitude beyond (9e-09 -> "10⁻⁸", 2e5 -> "10⁵")."""
    if x <= 0 or not math.isfinite(x):
        return f"{x:g}"
    if 1 <= x < 10:
        return f"{x:.1f}"
    if 0.1 <= x < 1:
        return f"{x:.2f}"
    if 0.01 <= x < 0.1:
        return f"{x:.2g}"
    if 10 <= x < 1000:
        return f"{x:.0f}"
    return power_of_ten(x)


def math_number(text: str) -> str:
    """``text`` written with a power of ten when it is one number in E notation (a mantissa
    of 1 is left out: ``1e-06`` -> ``10⁻⁶``); any other text unchanged."""
    match = _E_NUMBER.fullmatch(text.strip())
    if match is None:
        return text
    sign, mantissa, exponent = match.groups()
    power = ten_to_the(int(exponent))
    minus = MINUS if sign == "-" else ""
    if float(mantissa) == 1.0:
        return minus + power
    return f"{minus}{mantissa} × {power}"


def with_minus(text: str) -> str:
    """``text`` with a real minus sign when it is one negative number (``-0.5`` -> ``−0.5``,
    ``-3.0%`` -> ``−3.0%``); any other text unchanged."""
    negative = _NEGATIVE.fullmatch(text.strip())
    return MINUS + negative.group(1) if negative else text


def dims_text(shape) -> str:
    """``(26, 26, 32)`` -> "26 × 26 × 32", ``(576,)`` -> "576": one example's shape, as the
    network's summary table writes it ("?" when unknown)."""
    if shape is None:
        return "?"
    return " × ".join(str(d) for d in shape)


class MathFloat(float):
    """A float whose formatted text (any format spec) is :func:`math_number`'s."""

    def __format__(self, spec: str) -> str:
        return math_number(float.__format__(float(self), spec))

    def __str__(self) -> str:
        return math_number(float.__repr__(float(self)))
