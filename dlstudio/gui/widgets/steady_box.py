"""``SteadyBoxWidget``: holds a widget whose text changes often, without relaying out the window.

A ``QLabel`` given new text asks its parent's layout to recompute, and Qt passes the request
up to the window whether or not any size changed (``QLayout::activate`` ends with the parent's
``updateGeometry``). While a run trained the 784-300-100-10 MLP, the progress line, the
timeline's "live (step N)" and the status sentence made the main window lay itself out ~13
times a second, 0.5-0.6 ms of the GUI thread each (docks, toolbar, central widget, and the
dock separators repainted), time in which the training thread mostly waited for the GIL
(issue 13).

The box has no layout of its own: it keeps its one child at its own size, answers with a size
hint that only grows (the largest its child has asked for since ``settle``), and asks its
parent for a new layout only when that hint grew. A text that fits the room it had costs a
repaint of the child alone. ``settle()`` takes the child's present hint again, shorter or not
(when a run ended, say), and lays out once.

    where = QLabel()
    row.addWidget(SteadyBoxWidget(where))      # where.setText(...) no longer relays out
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QWidget


class SteadyBoxWidget(QWidget):
    """One child widget, filling the box; see the module docstring."""

    def __init__(self, child: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.child = child
        child.setParent(self)
        self.setSizePolicy(child.sizePolicy())
        self._hint = QSize(0, 0)
        self._minimum = QSize(0, 0)
        self._take_hints(grow_only=False)
        self.setFocusProxy(child)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self._hint)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._minimum)

    def settle(self) -> None:
        """Take the child's present size hints, smaller ones too, and lay out again if they
        changed."""
        if self._take_hints(grow_only=False):
            self.updateGeometry()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:     # the child's content changed
            if self._take_hints(grow_only=True):
                self.updateGeometry()
            return True
        return super().event(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.child.setGeometry(self.rect())

    def _take_hints(self, grow_only: bool) -> bool:
        """Remember the child's size hints (at least the remembered ones when
        ``grow_only``); whether they changed."""
        child = self.child
        hint = child.sizeHint().expandedTo(child.minimumSize())
        minimum = child.minimumSizeHint().expandedTo(child.minimumSize())
        if grow_only:
            hint, minimum = hint.expandedTo(self._hint), minimum.expandedTo(self._minimum)
        changed = hint != self._hint or minimum != self._minimum
        self._hint, self._minimum = hint, minimum
        return changed
