"""The wheel over an unfocused spin box, combo box or slider scrolls the panel around it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (QApplication, QComboBox, QScrollArea, QSlider, QSpinBox,
                               QVBoxLayout, QWidget)

from dlstudio.gui.widgets import wheel_guard


def wheel_down(widget: QWidget) -> QWheelEvent:
    """One notch of the wheel towards the student, over the middle of ``widget``."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


@pytest.fixture
def panel(qapp, qtbot):
    """A short scroll area holding a long column of spin boxes, a combo box and a slider."""
    wheel_guard.install(qapp)
    area = QScrollArea()
    inner = QWidget()
    column = QVBoxLayout(inner)
    boxes = []
    for _ in range(20):
        box = QSpinBox()
        box.setRange(0, 100)
        box.setValue(50)
        column.addWidget(box)
        boxes.append(box)
    combo = QComboBox()
    combo.addItems(["a", "b", "c"])
    combo.setCurrentIndex(1)
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 10)
    slider.setValue(5)
    column.addWidget(combo)
    column.addWidget(slider)
    area.setWidget(inner)
    area.resize(240, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, boxes, combo, slider


def test_wheel_over_an_unfocused_spin_box_scrolls_the_panel(panel):
    area, boxes, _combo, _slider = panel
    box = boxes[2]
    assert not box.hasFocus()
    wheel_down(box)
    assert box.value() == 50
    assert area.verticalScrollBar().value() > 0


def test_a_focused_spin_box_still_takes_the_wheel(panel, qtbot):
    area, boxes, _combo, _slider = panel
    box = boxes[2]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    wheel_down(box)
    assert box.value() == 49
    assert area.verticalScrollBar().value() == 0


def test_combo_box_and_slider_ignore_an_unfocused_wheel(panel):
    area, _boxes, combo, slider = panel
    area.ensureWidgetVisible(slider)
    wheel_down(combo)
    wheel_down(slider)
    assert combo.currentIndex() == 1
    assert slider.value() == 5
    # the wheel cannot give them the focus either (only a click or Tab does)
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus


def _wheel_over_plot(plot, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = plot.viewport()
    centre = QPointF(viewport.rect().center())
    event = QWheelEvent(centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


@pytest.fixture
def plot_page(qapp, qtbot):
    """A short scroll area holding a tall page with a plot in its middle (the Transfer
    page's accuracy plot)."""
    import pyqtgraph as pg

    wheel_guard.install(qapp)
    area = QScrollArea()
    area.setWidgetResizable(True)
    inner = QWidget()
    column = QVBoxLayout(inner)
    column.addSpacing(150)
    plot = pg.PlotWidget()
    plot.setMinimumHeight(200)
    plot.setYRange(0, 1, padding=0)
    column.addWidget(plot)
    column.addSpacing(300)
    area.setWidget(inner)
    area.resize(300, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.verticalScrollBar().setValue(100)
    return area, plot


def test_the_wheel_over_a_plot_in_a_scrolling_page_scrolls_the_page(plot_page):
    """walker33 W33-7: the wheel zoomed the Transfer page's plot instead of scrolling."""
    area, plot = plot_page
    before = plot.getPlotItem().viewRange()[1]
    _wheel_over_plot(plot)
    assert area.verticalScrollBar().value() > 100
    assert plot.getPlotItem().viewRange()[1] == before
    # at the page's end the wheel does nothing (it never falls back to a zoom)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    _wheel_over_plot(plot)
    assert plot.getPlotItem().viewRange()[1] == before


def test_ctrl_wheel_zooms_a_plot_in_a_scrolling_page(plot_page):
    area, plot = plot_page
    before = plot.getPlotItem().viewRange()[1]
    _wheel_over_plot(plot, Qt.KeyboardModifier.ControlModifier)
    assert area.verticalScrollBar().value() == 100
    assert plot.getPlotItem().viewRange()[1] != before


def test_a_plot_in_a_page_that_fits_still_zooms_on_the_wheel(plot_page):
    area, plot = plot_page
    area.resize(300, 900)
    area.widget().resize(area.viewport().size())
    assert area.verticalScrollBar().maximum() == 0
    before = plot.getPlotItem().viewRange()[1]
    _wheel_over_plot(plot)
    assert plot.getPlotItem().viewRange()[1] != before
