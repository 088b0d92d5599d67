"""The application's style: Fusion, with a menu's check boxes outlined on a dark palette.

Fusion fills a menu item's check box with the palette's base colour and outlines it a shade
darker than the window. On the dark theme's menus, whose background is that same base
colour, an unchecked box was not drawn at all as far as the eye could tell, so a student
could not tell a setting that can be turned on ("Write TensorBoard logs...") from a command.
A style sheet rule for ``QMenu::indicator`` would draw the box, but it takes over the whole
menu item and put the box in place of a checkable item's icon (Run > Pause lost its icon).
``MenuBoxStyle`` keeps Fusion's drawing and adds a light outline around the box Fusion has
just drawn, in menus on a dark palette only: items with an icon (Fusion draws no box for
them) and the light theme look as before.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QMenu, QProxyStyle, QStyle, QStyleFactory

#: the box's outline on a dark palette: the dark theme's radio circles' (``dark.qss``),
#: greyer when the item is disabled
DARK_OUTLINE = {True: "#a0a4aa", False: "#6e7177"}


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark base (the dark theme)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class MenuBoxStyle(QProxyStyle):
    """Fusion, whose menu check boxes stay visible on a dark palette."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        super().drawPrimitive(element, option, painter, widget)
        if element != QStyle.PrimitiveElement.PE_IndicatorCheckBox \
                or not isinstance(widget, QMenu) or not is_dark(option.palette):
            return
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(QColor(DARK_OUTLINE[enabled]), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()
