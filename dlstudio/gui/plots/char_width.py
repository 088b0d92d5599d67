"""The width of one character of a plot's Latin text and numbers, from the font in use.

Gaps between tick labels and the reach of a label past an axis's end are measured in
characters. ``QFontMetricsF.averageCharWidth`` is the font's own average over all its glyphs:
for a CJK font (Noto Sans CJK: the default font of a Chinese desktop, or the only font a machine has) it
counts the ideographs, about twice as wide as a digit, and every such gap doubled (a 16 pt
step axis lost its "200" label; fix68). ``char_width`` takes the narrower of that average and
the average lowercase Latin letter, so a Latin font keeps its own average.
"""
from __future__ import annotations

import string

from PySide6.QtGui import QFontMetricsF


def char_width(metrics: QFontMetricsF) -> float:
    """The width (pixels) of an average character of Latin text and numbers in ``metrics``'
    font: its ``averageCharWidth``, but at most the mean advance of the letters a-z."""
    letters = metrics.horizontalAdvance(string.ascii_lowercase) / len(string.ascii_lowercase)
    return min(metrics.averageCharWidth(), letters)
