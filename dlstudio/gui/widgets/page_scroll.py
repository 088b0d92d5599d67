"""A page that never makes its window taller than the screen: it scrolls vertically instead.

A top-level window grows to its layout's minimum height. The middle of the main window holds
a page (a plot, a tool) under a run note; a tall note over a page whose parts need their
height (the Search page's scatter, results table and its own "other data" note) asked for
more than a 1366x768 screen has, and the window grew to 1366x891 with its status bar, its
timeline and the docks' tabs below the screen (walker28 W28-14).

``PageScrollWidget`` holds such a page. While the page gets at least its least height, it
fills the view exactly (no scroll bar, as if it were not wrapped); when it would get less,
it keeps its least height and scrolls vertically. The page's least width still counts (no
panel needs a horizontal scroll bar): the view is at least that wide, plus room for the
vertical scroll bar. Only a few lines of height count towards the window's least size.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

#: the least height of the view, in lines of its font (the page scrolls below it)
MIN_LINES = 8


class PageScrollWidget(QScrollArea):
    """A frameless, vertically scrolling view of one ``page`` that takes the view's width."""

    def __init__(self, page: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page_scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)

    def _bar_width(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        page = self.widget()
        lines = MIN_LINES * self.fontMetrics().lineSpacing()
        if page is None:
            return QSize(0, lines)
        need = page.minimumSizeHint().expandedTo(page.minimumSize())
        return QSize(need.width() + self._bar_width(), min(need.height(), lines))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        page = self.widget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def event(self, event) -> bool:
        # the page's least size changed (new content, another tab in front): the window's
        # layout asks again for this view's least width
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().event(event)
