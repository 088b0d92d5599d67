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
