"""Page sizes measured on screen with DejaVu Sans, given in lines of the font in use.

The tool tabs' sizes at 1366x768 were measured with DejaVu Sans, whose line is 14 pixels at
the default size (the search tab with the docks open: 520x580). A font with taller lines
(Noto Sans CJK's are 17 pixels) fills the same screen with fewer lines, and a page's rules
("keep four result rows unless the page is too short") count lines, not pixels: a test that
sets the page in DejaVu's pixels judges another font's page against a shorter page than the
one it meant. ``in_lines`` gives such a height as many lines of the widget's own font.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

#: the line height of DejaVu Sans at the default size, in which the sizes were measured
DEJAVU_LINE = 14


def in_lines(widget: QWidget, pixels: int) -> int:
    """``pixels`` measured with DejaVu Sans, as the same number of lines of ``widget``'s
    font (``pixels`` itself with DejaVu Sans)."""
    return round(pixels * widget.fontMetrics().height() / DEJAVU_LINE)
