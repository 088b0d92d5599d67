"""``PlotCanvasWidget``: the scrolling page a plot panel draws on.

A page of many plots that would be squeezed below readable sizes asks for a minimum height
(``set_minimum_height``) and scrolls instead; the mouse wheel then scrolls the page, and
Ctrl + wheel zooms the plot under the mouse. The graphics widget inside
(``TimedGraphicsWidget``) remembers how long its last paint took, which the panel's redraw
budget counts.

A page can be asked to keep a part of it in view (``keep_in_view``: the top, or a section a
lesson step names): it scrolls there now and again whenever its layout changes (the plots are
built anew for each run), until the user scrolls it.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsItem, QScrollArea, QWidget

from dlstudio.gui.plots.scene_index import unindexed

#: what ``keep_in_view`` keeps in view: the items where the part begins and where the next
#: part begins (None: the page's end), or None for the page's top; the function returns
#: None while the part is not built
Part = Callable[[], "tuple[QGraphicsItem, QGraphicsItem | None] | None"]


class TimedGraphicsWidget(pg.GraphicsLayoutWidget):
    """The panel's plot canvas; ``paint_seconds`` is how long its last paint took,
    ``paints`` how many paints it has made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unindexed(self)
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
        # the plots' own least heights grow after the build (titles wrap to the width they
        # get): the page's minimum follows them (``set_minimum_height``)
        self.graphics.ci.installEventFilter(self)
        #: the least height asked for (0: fit the window)
        self._asked = 0
        #: the part kept in view until the user scrolls (``keep_in_view``), or None
        self._kept: Part | None = None
        bar = self.verticalScrollBar()
        bar.actionTriggered.connect(self._on_user_scroll)      # wheel, keys, clicks, drags
        bar.rangeChanged.connect(self.follow_kept)

    def keep_in_view(self, part: Part | None = None) -> None:
        """Scroll to ``part`` (None: the page's top) now, and again whenever the page's
        layout changes, until the user scrolls. A part taller than the window shows its
        top; a shorter one is scrolled to as little as it takes to show all of it."""
        self._kept = part if part is not None else (lambda: None)
        self.follow_kept()

    def keeps_in_view(self) -> bool:
        """Whether a part is kept in view (the user has not scrolled since it was asked)."""
        return self._kept is not None

    def follow_kept(self, *_: object) -> None:
        """Scroll to the part kept in view, where the layout puts it now."""
        if self._kept is None:
            return
        bar = self.verticalScrollBar()
        items = self._kept()
        if items is None:
            bar.setValue(0)
            return
        start, end = items
        top = self._page_y(start)
        bottom = self._page_y(end) if end is not None else float(self.graphics.height())
        value = min(max(0.0, bottom - self.viewport().height()), top)
        bar.setValue(int(round(value)))

    def _page_y(self, item: QGraphicsItem) -> float:
        """The page's y (pixels from its top) of ``item``'s top edge."""
        rect = item.sceneBoundingRect()
        return float(self.graphics.mapFromScene(QPointF(rect.left(), rect.top())).y())

    def _on_user_scroll(self, *_: object) -> None:
        self._kept = None

    def set_minimum_height(self, height: int) -> None:
        """Keep the plots at least ``height`` pixels tall; a shorter window scrolls the page
        (the mouse wheel scrolls it, Ctrl + wheel zooms a plot). 0: fit the window.

        The page never gets less than its layout's own minimum (every plot's least height
        plus titles, axes and spacing), so the last rows are not cut off at the bottom; that
        minimum is followed when it changes later (a title wrapped to three lines once the
        page had its width: walker21 W21-5's weight histograms were left no height at all)."""
        self._asked = max(0, int(height))
        self._fit_minimum()

    def _fit_minimum(self) -> None:
        height = self._asked
        if height > 0:
            layout_min = self.graphics.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).height()
            height = max(height, int(layout_min) + 2)
        if height != self.graphics.minimumHeight():
            self.graphics.setMinimumHeight(height)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.graphics.ci and event.type() == QEvent.Type.LayoutRequest \
                and self._asked > 0:
            self._fit_minimum()
            return False
        if (event.type() == QEvent.Type.Wheel and watched is self.graphics.viewport()
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            bar = self.verticalScrollBar()
            if bar.maximum() > 0:                 # the page scrolls: the wheel moves it
                QApplication.sendEvent(bar, event)
                return True
        return super().eventFilter(watched, event)
