"""The tour bubble fits each step's text and stays on the screen."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def test_tour_bubble_grows_to_each_text_and_stays_on_screen(qtbot):
    from PySide6.QtWidgets import QLabel

    from dlstudio.gui.widgets.tour import TourDialog

    target = QLabel("target")
    qtbot.addWidget(target)
    target.show()
    area = target.screen().availableGeometry()
    target.move(area.right() - target.width(), area.bottom() - target.height())
    long_text = " ".join(["A sentence long enough to need several lines in the bubble."] * 6)
    tour = TourDialog([("Short.", lambda: target), (long_text, lambda: target)])
    qtbot.addWidget(tour)
    tour.show()
    for index in (0, 1):
        tour.go(index)
        label = tour.text
        assert label.height() >= label.heightForWidth(label.width()), index
        geo = tour.frameGeometry()
        assert area.contains(geo.topLeft()) and geo.right() <= area.right() + 1, index



def test_enter_presses_next_in_the_tour_opened_from_the_start_page(window, qtbot, qapp):
    """Walker14 W14-3: the start page gave the keyboard back to the window as it closed,
    and the tour bubble never took it: Enter did nothing, only a click went on. The
    bubble takes the keyboard when it opens and at each step (a step brings a part of the
    window forward), so Enter presses Next and Esc closes it."""
    from PySide6.QtCore import Qt

    from dlstudio.gui.widgets.start_page import open_start_page, take_keyboard

    page = open_start_page(window)
    qtbot.waitUntil(lambda: qapp.activeWindow() is page)
    page.tour_button.click()
    tour = window.tour
    qtbot.waitUntil(lambda: qapp.activeWindow() is tour)
    assert qapp.focusWidget() is tour.next_button
    qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Return)
    assert tour.index == 1
    take_keyboard(window)                   # the window had the keyboard for a moment
    qtbot.waitUntil(lambda: qapp.activeWindow() is window)
    tour.go(2)
    qtbot.waitUntil(lambda: qapp.activeWindow() is tour)
    qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Return)
    assert tour.index == 3
    qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Escape)
    assert not tour.isVisible()
    qtbot.waitUntil(lambda: qapp.activeWindow() is window)   # F5 works at once


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_tour_names_panels_not_sides(window, qtbot, qapp, language):
    """Walker19 W19-20: step 1 said "On the left you build it" (zh 在左边搭建网络) while a fresh
    window tabs the Network panel on the right, and step 2 "On the right" for the same dock.
    The panels move, so the tour names them instead of a side."""
    from dlstudio.gui import i18n

    side = {"en": ("the left", "the right", "On the left", "On the right"),
            "zh_CN": ("左边", "右边")}[language]
    panel = {"en": "Network panel", "zh_CN": "“网络”面板"}[language]
    try:
        i18n.set_language(language)
        tour = window.start_tour()
        texts = []
        for index in range(len(tour.steps)):
            tour.go(index)
            texts.append(tour.text.text())
        tour.close()
    finally:
        i18n.set_language("en")
    assert not [t for t in texts if any(s in t for s in side)], texts
    assert panel in texts[0]


def test_every_tour_step_frames_the_part_it_talks_about(window, qtbot, qapp):
    """Walker37 W37-29: the bubble of step 1 ("The network...") stood beside the Network
    dock, over the plots' tab bar, and nothing showed that it meant the dock. At every step
    a frame in the highlight colour lies round the part the bubble talks about (the
    Network dock, the Training dock, the run buttons, the plots, the lessons), drawn over
    the window; it goes when the tour closes."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QWidget

    window.resize(1366, 738)
    qapp.processEvents()
    tour = window.start_tour()
    frame = tour.target_frame
    line = frame.line_width()
    colour = frame.palette().color(QPalette.ColorRole.Highlight)
    expected = [window.docks["network"], window.docks["training"], window.toolbar,
                window.plot_tabs, window.docks["lessons"]]
    assert len(tour.steps) == len(expected)
    for index, part in enumerate(expected):
        tour.go(index)
        qapp.processEvents()
        assert tour.target is part, index
        assert frame.isVisible(), index
        place = QRect(part.mapTo(window, QPoint(0, 0)), part.size()) & window.rect()
        assert frame.geometry().contains(place), index
        assert place.contains(frame.geometry().adjusted(line, line, -line, -line)), index
        shown = [c for c in window.children() if isinstance(c, QWidget)
                 and not c.isWindow() and c.isVisible()]
        assert shown[-1] is frame, index                        # over the window's parts
        image = window.grab().toImage()
        ratio = window.devicePixelRatioF()
        middle = frame.geometry().center()
        edge = QPoint(frame.x() + line // 2, middle.y())         # on the left line
        pixel = image.pixelColor(int(edge.x() * ratio), int(edge.y() * ratio))
        assert pixel == colour, (index, pixel.name(), colour.name())
    tour.close()
    qapp.processEvents()
    assert not frame.isVisible()
    again = window.start_tour()                     # opened again: the same frame
    assert again.target_frame is frame and frame.isVisible()
    again.close()
    assert not frame.isVisible()
