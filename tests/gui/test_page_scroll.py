"""``PageScrollWidget``: a page that fits fills the view; a taller one keeps its least height
and scrolls vertically; only the page's least width counts towards the window's minimum."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from dlstudio.gui.widgets.page_scroll import MIN_LINES, PageScrollWidget


def _page(least_height: int) -> QWidget:
    page = QWidget()
    inner = QWidget(page)
    inner.setMinimumSize(300, least_height)
    QVBoxLayout(page).addWidget(inner)
    return page


def test_a_page_that_fits_fills_the_view_and_a_taller_one_scrolls(qtbot):
    page = _page(400)
    view = PageScrollWidget(page)
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.show()
    qtbot.waitExposed(view)
    assert page.size() == view.viewport().size()
    assert not view.verticalScrollBar().isVisible()
    view.resize(500, 200)
    qtbot.waitUntil(view.verticalScrollBar().isVisible, timeout=5000)
    assert page.height() >= page.minimumSizeHint().height()
    assert page.width() == view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()


def test_only_a_few_lines_of_the_page_count_towards_the_least_height(qtbot):
    page = _page(900)
    view = PageScrollWidget(page)
    qtbot.addWidget(view)
    hint = view.minimumSizeHint()
    assert hint.height() == MIN_LINES * view.fontMetrics().lineSpacing()
    bar = view.verticalScrollBar().sizeHint().width()
    assert hint.width() == page.minimumSizeHint().width() + bar
    # the page's least width grows: the view asks for it
    page.findChild(QWidget).setMinimumWidth(450)
    qtbot.waitUntil(lambda: view.minimumSizeHint().width() >= 450 + bar, timeout=5000)
