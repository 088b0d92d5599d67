"""Tab through a panel in the order it is read: top to bottom, a row left to right.

Qt's Tab order is the order the widgets were made in. A panel that makes its fields in
another order than it lays them out, or makes some later (an optimizer's own settings,
made anew for each optimizer), sends Tab away from the next field below: from the Training
panel's Seed to Beta 1 at the top, from the Compare panel's learning rate out of the panel
(walker30, walker31). ``set_reading_order(panel)`` puts the panel's focus stops in the order
of its layouts: a layout's items in turn, a form's rows top to bottom (label, then field),
a widget laid out inside another (a group box, a row of its own, a scroll area's page)
where it sits. Call it once the panel is built, and again after it made new fields.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QScrollArea, QWidget


def _takes_tab(widget: QWidget) -> bool:
    return widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus


def _from_layout(layout: QLayout, out: list[QWidget]) -> None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            _from_widget(item.widget(), out)
        elif item.layout() is not None:
            _from_layout(item.layout(), out)


def _from_widget(widget: QWidget, out: list[QWidget]) -> None:
    if isinstance(widget, QScrollArea):         # its page, not the frame around it
        if widget.widget() is not None:
            _from_widget(widget.widget(), out)
    elif _takes_tab(widget):
        out.append(widget)
    elif widget.layout() is not None:
        _from_layout(widget.layout(), out)


def reading_order(panel: QWidget) -> list[QWidget]:
    """The widgets in ``panel`` that Tab stops at, in the order of its layouts (see the
    module docstring); a widget that takes the focus itself is one stop (a spin box, a
    list), one that does not is looked into."""
    out: list[QWidget] = []
    if panel.layout() is not None:
        _from_layout(panel.layout(), out)
    return out


def set_reading_order(panel: QWidget) -> None:
    """Make Tab go through ``panel``'s focus stops in ``reading_order``."""
    stops = reading_order(panel)
    for first, second in zip(stops, stops[1:]):
        QWidget.setTabOrder(first, second)
