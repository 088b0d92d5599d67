"""WCAG contrast ratio between two colours, for the theme and readability tests."""
from __future__ import annotations

from PySide6.QtGui import QColor


def contrast(a: QColor, b: QColor) -> float:
    """``(L1 + 0.05) / (L2 + 0.05)`` of the two colours' relative luminances (1 to 21)."""
    def lum(c: QColor) -> float:
        def lin(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
