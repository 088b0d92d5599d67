"""Walker19 W19-7: resized to 1024x700 and back to 1366x768, the window gave every regained
pixel to the plots; the Network and Training docks stayed squeezed (~290 and ~235 px)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def _settle(qtbot):
    """Let the resize and the keeper's deferred steps (a zero timer each, one after the
    other) run: a count of event-loop passes, not a time, which a busy machine cut short
    (the suite under load: the dragged width came back as 292 px instead of 330)."""
    from PySide6.QtCore import QCoreApplication

    qtbot.wait(50)
    for _ in range(10):
        QCoreApplication.processEvents()


def test_the_dock_columns_get_their_widths_back_when_the_window_grows(window, qtbot):
    network, training = window.docks["network"], window.docks["training"]
    window.resize(1366, 738)
    _settle(qtbot)
    window.resize_docks_to_defaults()
    _settle(qtbot)
    before = network.width(), training.width()
    assert min(before) >= 380
    window.resize(1024, 670)
    _settle(qtbot)
    assert network.width() < before[0] or training.width() < before[1]   # squeezed
    window.resize(1366, 738)
    _settle(qtbot)
    assert abs(network.width() - before[0]) <= 2
    assert abs(training.width() - before[1]) <= 2


def test_a_dragged_width_is_the_one_kept(window, qtbot):
    """A width the student chose (here set as a drag of the dock's edge sets it) is the one
    the column returns to, not the default."""
    from PySide6.QtCore import Qt

    network = window.docks["network"]
    window.resize(1366, 738)
    _settle(qtbot)
    window.resizeDocks([network], [330], Qt.Orientation.Horizontal)
    _settle(qtbot)
    chosen = network.width()
    window.resize(1024, 670)
    _settle(qtbot)
    window.resize(1366, 738)
    _settle(qtbot)
    assert abs(network.width() - chosen) <= 2
