"""Tabs laid out in rows that wrap, so that every tab is in sight.

A ``QTabBar`` keeps its tabs on one line: with a dozen tabs in a 540-pixel column most of them
sat behind a scroll arrow, and students never found the step debugger or the loss landscape.
``RowTabWidget`` is a ``QTabWidget`` whose own bar is hidden; ``TabRowsWidget`` shows its tabs
as buttons in rows that wrap to the width they get (``FlowLayout``), a group (the tools)
starting on a row of its own. The tab widget's API (``setCurrentWidget``, ``tabText``,
``indexOf``...) is unchanged, so callers do not know the bar is different.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (QButtonGroup, QLayout, QSizePolicy, QTabWidget, QToolButton,
                               QWidget, QWidgetItem)


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto a new row when the next one does not fit; a
    widget with the property ``row_start`` set begins a new row.

    It does not report a height for width to the layout around it (a box layout would then
    ask for the height at the *narrowest* width, one button per row, and make the window
    taller than the screen): its widget fixes its own height when it is resized."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 1):
        super().__init__(parent)
        self._items: list[QWidgetItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(2, 2, 2, 2)

    def addItem(self, item) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def rows_at(self, width: int) -> int:
        """How many rows the items take in a layout ``width`` pixels wide."""
        m: QMargins = self.contentsMargins()
        inner = width - m.left() - m.right()
        rows, widths = 0, []
        for item in self._items:
            widget = item.widget()
            if widget is not None and not widget.isVisibleTo(widget.parentWidget()):
                continue
            if widths and widget is not None and bool(widget.property("row_start")):
                rows, widths = rows + rows_needed(widths, inner, self.spacing()), []
            widths.append(item.sizeHint().width())
        return rows + (rows_needed(widths, inner, self.spacing()) if widths else 0)

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in ``rect`` (or only measure); return the height they need.

        A group of items (up to the next ``row_start``) that needs several rows fills them
        evenly rather than greedily: the narrowest width that keeps its number of rows (a
        greedy wrap left "Transfer" alone on a third row in classroom mode: walker7 W7-12)."""
        m: QMargins = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self.spacing()
        shown = [(item, item.sizeHint()) for item in self._items
                 if item.widget() is None
                 or item.widget().isVisibleTo(item.widget().parentWidget())]
        groups: list[list] = []
        for item, hint in shown:
            widget = item.widget()
            if not groups or (widget is not None and bool(widget.property("row_start"))):
                groups.append([])
            groups[-1].append((item, hint))
        y = area.y()
        for group in groups:
            widths = [hint.width() for _, hint in group]
            limit = balanced_width(widths, area.width(), gap)
            x, row_height = area.x(), 0
            for item, hint in group:
                if row_height and x + hint.width() > area.x() + limit:
                    x, y, row_height = area.x(), y + row_height + gap, 0
                if move:
                    item.setGeometry(QRect(QPoint(x, y), hint))
                    if item.widget() is not None:
                        drop_stale_hover(item.widget())
                x += hint.width() + gap
                row_height = max(row_height, hint.height())
            y += row_height + gap
        y -= gap if groups else 0
        return y - rect.y() + m.bottom()


def rows_needed(widths: list[int], limit: int, gap: int) -> int:
    """Rows a greedy left-to-right wrap of items ``widths`` wide takes within ``limit``."""
    rows, x = 1, 0
    for w in widths:
        if x and x + w > limit:
            rows, x = rows + 1, 0
        x += w + gap
    return rows


def balanced_width(widths: list[int], limit: int, gap: int) -> int:
    """The narrowest width up to ``limit`` that wraps ``widths`` into no more rows than
    ``limit`` does: the rows come out about equally long."""
    if not widths:
        return limit
    rows = rows_needed(widths, limit, gap)
    if rows == 1:
        return limit
    lo, hi = max(widths), max(limit, max(widths))
    while lo < hi:
        mid = (lo + hi) // 2
        if rows_needed(widths, mid, gap) <= rows:
            hi = mid
        else:
            lo = mid + 1
    return lo


def drop_stale_hover(widget: QWidget) -> None:
    """Forget that the mouse is over ``widget`` when it no longer is.

    Qt marks a widget "under the mouse" when the pointer enters it and forgets it when the
    pointer leaves it; a widget that the layout moves away from a still pointer (the rows
    re-wrap when tabs are added, renamed in another language or the window is resized) keeps
    its hover frame, so a tab that is not selected looked pressed (walker4: "超参数搜索" framed
    on every lesson screen)."""
    if not widget.testAttribute(Qt.WidgetAttribute.WA_UnderMouse):
        return
    if not widget.rect().contains(widget.mapFromGlobal(QCursor.pos())):
        widget.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
        widget.update()


class RowTabWidget(QTabWidget):
    """A ``QTabWidget`` for :class:`TabRowsWidget`: its own bar is hidden and it says when
    its tabs change (added, removed, renamed)."""

    sigTabsChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tabBar().hide()
        self._row_starts: set[int] = set()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As tall as the page shown needs (a ``QTabWidget`` asks for its tallest page: with
        the rows of tabs above it, the tools' tall pages made the window taller than a
        768-pixel screen even while a short plot page was shown)."""
        hint = super().minimumSizeHint()
        page = self.currentWidget()
        if page is None:
            return hint
        own = page.minimumSizeHint().expandedTo(page.minimumSize())
        return QSize(hint.width(), min(hint.height(), own.height() + 2))

    def start_row_at(self, widget: QWidget) -> None:
        """The tab of ``widget`` begins a new row (the first tab of a group)."""
        self._row_starts.add(id(widget))
        self.sigTabsChanged.emit()

    def starts_row(self, index: int) -> bool:
        widget = self.widget(index)
        return widget is not None and id(widget) in self._row_starts

    def setTabText(self, index: int, text: str) -> None:  # noqa: N802
        super().setTabText(index, text)
        self.sigTabsChanged.emit()

    def tabInserted(self, index: int) -> None:  # noqa: N802
        super().tabInserted(index)
        self.sigTabsChanged.emit()

    def tabRemoved(self, index: int) -> None:  # noqa: N802
        super().tabRemoved(index)
        self.sigTabsChanged.emit()


class TabRowsWidget(QWidget):
    """Every tab of a :class:`RowTabWidget` as a button, in rows that wrap."""

    def __init__(self, tabs: RowTabWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.tabs = tabs
        self.setObjectName("tab_rows")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setStyleSheet(
            "QToolButton { padding: 1px 5px; border: 1px solid transparent; }"
            "QToolButton:hover { border-color: palette(mid); border-radius: 3px; }"
            "QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border-radius: 3px; }")
        self.flow = FlowLayout(self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QToolButton] = []
        tabs.sigTabsChanged.connect(self._on_tabs_changed)
        tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._on_tabs_changed()

    def _on_tabs_changed(self) -> None:
        tabs = self.tabs
        while len(self.buttons) < tabs.count():
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(True)
            index = len(self.buttons)
            button.clicked.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.group.addButton(button)
            self.flow.addWidget(button)
            self.buttons.append(button)
        for i, button in enumerate(self.buttons):
            shown = i < tabs.count()
            button.setVisible(shown)
            if shown:
                button.setText(tabs.tabText(i).replace("&", "&&"))
                button.setToolTip(tabs.tabToolTip(i))
                button.setProperty("row_start", tabs.starts_row(i))
        self._on_tabs_current_changed(tabs.currentIndex())
        self.flow.invalidate()
        self._fit_height()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_height()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # a button's text or font changed (classroom mode, a new language): the rows may
        # need another height
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange) and hasattr(self, "flow"):
            self._fit_height()
        return handled

    def _fit_height(self) -> None:
        """Exactly as tall as the rows the buttons need at the current width."""
        height = self.flow.heightForWidth(max(1, self.width()))
        if height != self.height() or height != self.minimumHeight():
            self.setFixedHeight(height)

    def least_width(self, rows: int) -> int:
        """The narrowest width at which the tabs take no more than ``rows`` rows (as few as
        the groups allow, when they cannot take so few)."""
        widths = [b.sizeHint().width() for b in self.buttons if not b.isHidden()]
        if not widths:
            return 0
        lo, hi = max(widths), sum(widths) + self.flow.spacing() * len(widths) + 16
        if self.flow.rows_at(hi) > rows:
            rows = self.flow.rows_at(hi)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.flow.rows_at(mid) <= rows:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _on_tabs_current_changed(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)

    def button_for(self, widget: QWidget) -> QToolButton | None:
        """The button that shows the tab of ``widget``."""
        index = self.tabs.indexOf(widget)
        return self.buttons[index] if 0 <= index < len(self.buttons) else None
