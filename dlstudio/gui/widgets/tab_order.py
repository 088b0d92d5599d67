"""Tab through a panel in the order it is read: top to bottom, a row left to right.

Qt's Tab order is the order the widgets were made in. A panel that makes its fields in
another order than it lays them out, or makes some later (an optimizer's own settings,
made anew for each optimizer), sends Tab away from the next field below: from the Training
panel's Seed to Beta 1 at the top, from the Compare panel's learning rate out of the panel
(walker30, walker31). A panel with ``ReadingOrderMixin`` moves the focus itself: Tab goes to
the next focus stop of ``reading_order`` (a layout's items in turn, a form's rows top to
bottom, label then field, a widget laid out inside another where it sits), Shift+Tab to the
one before; past the panel's last stop (before its first) the focus leaves the panel for the
next (previous) widget outside it in Qt's own order. Handing over to Qt's order from the last
stop alone went back into the panel, to a field made after it, and Tab went round the
Training panel's lower fields forever (walker33 W33-18).

The order is read from the layouts at each key press, so fields made later need nothing
done. Qt's focus chain itself is left alone: rewiring it with ``QWidget.setTabOrder`` each
time a panel made new fields made the window crash later, when a list elsewhere in it
deleted its rows (``QListWidget.clear`` in the layer stack and the Compare list).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLayout, QScrollArea, QWidget

from dlstudio.gui.focus_chain import MAX_STOPS, behind_a_tab


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


def _can_take_focus(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def next_stop(panel: QWidget, focus: QWidget | None, forward: bool) -> QWidget | None:
    """The stop of ``panel`` that Tab (``forward``) or Shift+Tab goes to from ``focus``
    (visible and enabled), or None: ``focus`` is not in one of its stops, or it is the
    first or last."""
    if focus is None or not panel.isAncestorOf(focus):
        return None
    stops = reading_order(panel)
    here = next((i for i, stop in enumerate(stops)
                 if stop is focus or stop.isAncestorOf(focus)), None)
    if here is None:
        return None
    after = stops[here + 1:] if forward else reversed(stops[:here])
    return next((stop for stop in after if _can_take_focus(stop)), None)


def stop_outside(panel: QWidget, focus: QWidget, forward: bool) -> QWidget | None:
    """The first widget after (``forward``) or before ``focus`` in Qt's focus chain that is
    outside ``panel`` and takes Tab (visible, enabled, not in a panel behind another's tab:
    ``focus_chain``), or None (the chain has none)."""
    step = QWidget.nextInFocusChain if forward else QWidget.previousInFocusChain
    widget = step(focus)
    for _ in range(MAX_STOPS):          # the chain is a ring; never walk it without end
        if widget is None or widget is focus:
            return None
        if widget is not panel and not panel.isAncestorOf(widget) and _takes_tab(widget) \
                and _can_take_focus(widget) and widget.window() is focus.window() \
                and not behind_a_tab(widget):
            return widget
        widget = step(widget)
    return None


class ReadingOrderMixin:
    """Tab and Shift+Tab go through the panel's stops in reading order (see the module
    docstring). Put it before ``QWidget`` in the panel's bases."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        focus = QApplication.focusWidget()
        stop = next_stop(self, focus, next)
        if stop is None and focus is not None and self.isAncestorOf(focus):
            stop = stop_outside(self, focus, next)      # past the last (first) stop
        if stop is None:
            return super().focusNextPrevChild(next)
        stop.setFocus(Qt.FocusReason.TabFocusReason if next
                      else Qt.FocusReason.BacktabFocusReason)
        return True
