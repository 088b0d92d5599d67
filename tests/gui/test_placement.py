"""A box stands beside a rectangle, not over it (``gui/widgets/placement.py``): the tour's
bubble beside the part of the window it talks about, the data-loading box beside the start
page (walker20: the tour's first bubble covered layers 5-7 of the layer stack it described;
the loading box covered the start page's lesson table)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

from dlstudio.gui.widgets.placement import GAP, beside

AREA = QRect(0, 0, 1366, 768)
BOX = QSize(340, 110)


def _covers(corner: QPoint, size: QSize, target: QRect) -> bool:
    return QRect(corner, size).intersects(target)


def test_a_box_stands_right_of_a_target_with_room_there_at_its_top():
    network_dock = QRect(0, 55, 420, 680)
    corner = beside(network_dock, BOX, AREA)
    assert corner == QPoint(420 + GAP, 55)


def test_a_box_goes_left_then_below_then_above_when_the_right_has_no_room():
    right_dock = QRect(966, 55, 400, 680)
    assert beside(right_dock, BOX, AREA) == QPoint(966 - GAP - 340, 55)
    toolbar = QRect(0, 22, 1366, 30)
    assert beside(toolbar, BOX, AREA) == QPoint(0, 52 + GAP)
    bottom_bar = QRect(0, 700, 1366, 68)
    assert beside(bottom_bar, BOX, AREA) == QPoint(0, 700 - GAP - 110)


def test_a_box_stays_inside_the_area_and_covers_the_least_when_nothing_has_room():
    start_page = QRect(263, 55, 820, 580)      # the start page at 1366x768
    loading = QSize(230, 90)
    corner = beside(start_page, loading, AREA)
    assert not _covers(corner, loading, start_page)
    assert AREA.contains(QRect(corner, loading))
    everything = QRect(-10, -10, 1400, 800)
    corner = beside(everything, BOX, AREA)
    assert AREA.contains(QRect(corner, BOX))


def test_the_first_tour_bubble_stands_beside_the_network_panel(window, qtbot):
    from dlstudio.gui.widgets.placement import global_rect

    window.resize(1366, 768)
    tour = window.start_tour()
    try:
        dock = window.docks["network"]
        qtbot.waitUntil(lambda: dock.isVisible())
        tour.go(0)
        area = dock.screen().availableGeometry()
        bubble = tour.frameGeometry()
        target = global_rect(dock)
        assert area.contains(bubble), (bubble, area)
        assert not bubble.intersects(target), (bubble, target)
    finally:
        tour.close()


def test_the_watching_bubble_stands_over_the_plots_it_talks_about(window, qtbot):
    """walker21 W21-13: beside the plots (the middle of the window), step 4's bubble covered
    the Training panel on the right; over the middle it stands over the plots it names."""
    from dlstudio.gui.widgets.placement import global_rect

    window.resize(1366, 768)
    tour = window.start_tour()
    try:
        tour.go(3)
        plots = global_rect(window.plot_tabs)
        bubble = tour.frameGeometry()
        assert plots.contains(global_rect(window).center())
        assert plots.contains(bubble.center()), (bubble, plots)
    finally:
        tour.close()
