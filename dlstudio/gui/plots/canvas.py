"""``PlotCanvasWidget``: the scrolling page a plot panel draws on.

A page of many plots that would be squeezed below readable sizes asks for a minimum height
(``set_minimum_height``) and scrolls instead; the mouse wheel then scrolls the page, and
Ctrl + wheel zooms the plot under the mouse. The graphics widget inside
(``TimedGraphicsWidget``) remembers how long its last paint took, which the panel's redraw
budget counts.
"""
from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget


class TimedGraphicsWidget(pg.GraphicsLayoutWidget):
    """The panel's plot canvas; ``paint_seconds`` is how long its last paint took,
    ``paints`` how many paints it has made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paint_seconds = 0.0
        self.paints = 0

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        start = time.perf_counter()
        super().paintEvent(event)
        self.paint_seconds = time.perf_counter() - start
        self.paints += 1


class PlotCanvasWidget(QScrollArea):
    """A frameless, vertically scrolling area holding ``graphics`` (a
    ``TimedGraphicsWidget``) at the full width."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.graphics = TimedGraphicsWidget()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(self.graphics)
        self.graphics.viewport().installEventFilter(self)

    def set_minimum_height(self, height: int) -> None:
        """Keep the plots at least ``height`` pixels tall; a shorter window scrolls the page
        (the mouse wheel scrolls it, Ctrl + wheel zooms a plot). 0: fit the window.

        The page never gets less than its layout's own minimum (every plot's least height
        plus titles, axes and spacing), so the last rows are not cut off at the bottom."""
        if height > 0:
            layout_min = self.graphics.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).height()
            height = max(int(height), int(layout_min) + 2)
        self.graphics.setMinimumHeight(max(0, int(height)))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Wheel and watched is self.graphics.viewport()
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            bar = self.verticalScrollBar()
            if bar.maximum() > 0:                 # the page scrolls: the wheel moves it
                QApplication.sendEvent(bar, event)
                return True
        return super().eventFilter(watched, event)
