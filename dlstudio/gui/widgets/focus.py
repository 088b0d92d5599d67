"""Which widgets Tab stops at: the controls, not the frames around them.

Scroll areas, plot views and the plot tabs' page container accepted keyboard focus but show
none, so a student working with the keyboard pressed Tab through about 25 stops where nothing
seemed to happen (walker8 W8-11). They take no focus here; the fields and buttons inside them
still do, and a scroll area scrolls a focused child into view by itself.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QTabWidget, QWidget


def take_frames_out_of_tab_chain(root: QWidget) -> int:
    """Give the scroll areas, plot views (and their viewports) and tab-page containers under
    ``root`` no keyboard focus; returns how many widgets were changed."""
    import pyqtgraph as pg

    changed = 0
    frames = (root.findChildren(QScrollArea) + root.findChildren(pg.GraphicsView)
              + root.findChildren(QTabWidget))
    for widget in frames:
        inner = [widget.viewport()] if hasattr(widget, "viewport") else []
        for w in [widget] + inner:
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus:
                w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                changed += 1
    return changed
