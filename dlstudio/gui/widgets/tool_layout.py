"""The layout rule of the tool tabs: the plot gets the width.

A tool tab (loss landscape, optimizer playground, hyperparameter search, transfer learning)
shows a plot (or results) and a column of controls. In a wide centre the two stand side by
side. In a narrow one - 1366x768 with the docks open leaves the centre about 520 pixels wide
- a column of controls beside the plot squeezed the plot into a strip 20-200 pixels wide
(walker7 W7-9). There ``ToolLayoutWidget`` puts the controls under (or above) the plot
instead, in as many columns as fit the width, scrolling vertically when they are taller than
their share; the plot keeps the whole width and most of the height.

"Narrow" is measured in the widget's own font (``PLOT_MIN_LINES`` text lines for the plot
plus the controls' column), so classroom mode's large font switches earlier. The boundary
has some slack (``SLACK`` pixels), so a width near it does not flip the arrangement back and
forth. A splitter handle between plot and controls lets the student move the boundary.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (QHBoxLayout, QScrollArea, QSizePolicy, QSplitter, QVBoxLayout,
                               QWidget)

#: the narrowest plot worth drawing beside the controls, in lines of the widget's font
PLOT_MIN_LINES = 26
#: pixels of slack at the boundary between the two arrangements
SLACK = 40
#: the share of the height controls may take below the plot (they scroll beyond it)
STACKED_CONTROLS_SHARE = 0.4
#: a column of controls under the plot is at least this many lines of the font wide
COLUMN_MIN_LINES = 15
#: how long a request to bring the plot into view follows the page's layout (ms)
FOLLOW_MS = 1500


def min_width(widget: QWidget) -> int:
    """The narrowest ``widget`` can be: its own minimum or its layout's, the larger."""
    return widget.minimumSizeHint().expandedTo(widget.minimumSize()).width()


def split_evenly(heights: Sequence[int], columns: int) -> list[int]:
    """Where to cut ``heights`` (in order) into at most ``columns`` runs so that the tallest
    run is as short as possible: the start index of each run after the first."""
    n = len(heights)
    columns = max(1, min(columns, n))
    best: tuple[int, list[int]] | None = None

    def search(start: int, left: int, cuts: list[int], tallest: int) -> None:
        nonlocal best
        if left == 1:
            total = max(tallest, sum(heights[start:]))
            if best is None or total < best[0]:
                best = (total, list(cuts))
            return
        for end in range(start + 1, n - left + 2):
            search(end, left - 1, cuts + [end], max(tallest, sum(heights[start:end])))

    search(0, columns, [], 0)
    return best[1] if best else []


class ToolLayoutWidget(QWidget):
    """``plot`` and the ``sections`` of its controls, arranged by the width available.

    Parameters
    ----------
    plot : QWidget
        What the tab is for (a plot, or plots and a results table).
    sections : list of QWidget
        The controls, in reading order: one column beside the plot when wide; as many
        columns as fit the width (each section whole) under the plot when narrow.
    controls_width : int
        The controls column's width beside the plot, in pixels at the normal font (scaled
        with the font; never narrower than the sections need).
    controls_first : bool
        Controls left of / above the plot (search, transfer: set up, then read results)
        instead of right of / below it (landscape, playground: look first).
    pinned : QWidget, optional
        One of ``sections`` (the row of action buttons) that, when stacked, leaves the
        scrolling controls and stays in sight next to the plot.
    stacked_share : float
        The share of the height the controls may take when stacked.
    whole_controls : bool
        Stacked, the controls keep their whole height and the page around the tab scrolls
        instead of them (``widgets/page_scroll.py``); the share then does not count. For a
        tab whose controls end in a sentence that must be read whole (transfer: the
        "Train: ..." sentence was cut at the bottom of the scrolling controls while the
        plot kept ~90 px: walker30).

    Signals
    -------
    sigArrangementChanged(bool) : True when the controls went under/over the plot.
    """

    sigArrangementChanged = Signal(bool)

    def __init__(self, plot: QWidget, sections: Sequence[QWidget], *,
                 controls_width: int = 300, controls_first: bool = False,
                 pinned: QWidget | None = None,
                 stacked_share: float = STACKED_CONTROLS_SHARE,
                 whole_controls: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.stacked_share = float(stacked_share)
        self.whole_controls = bool(whole_controls)
        self.plot = plot
        self.sections = list(sections)
        self.controls_width = int(controls_width)
        self.controls_first = bool(controls_first)
        self.pinned = pinned
        self.stacked = False
        self.columns = 1
        self._sized_for: tuple | None = None
        self.controls = QWidget()
        self.row = QHBoxLayout(self.controls)
        self.row.setContentsMargins(0, 0, 0, 0)
        self._columns: list[QWidget] = []
        #: the page that scrolls to the plot while it settles (``bring_plot_into_view``)
        self._following: QScrollArea | None = None
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.timeout.connect(self._stop_following)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.controls)
        if self.whole_controls:       # a wrapped text grew or shrank: their height again
            self.controls.installEventFilter(self)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # the plot's pane: the plot, and the pinned section when stacked
        self.plot_pane = QWidget()
        self._pane = QVBoxLayout(self.plot_pane)
        self._pane.setContentsMargins(0, 0, 0, 0)
        self._pane.addWidget(plot, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self._insert_parts()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._place_sections(1)

    # -- the rule ----------------------------------------------------------------------------
    def _order(self) -> list[QWidget]:
        pane = self.plot_pane
        return [self.scroll, pane] if self.controls_first else [pane, self.scroll]

    def _insert_parts(self) -> None:
        """(Re-)insert plot and controls in order; the plot takes any extra room."""
        for i, w in enumerate(self._order()):
            self.splitter.insertWidget(i, w)
            self.splitter.setStretchFactor(i, 1 if w is self.plot_pane else 0)

    def _line(self) -> int:
        return max(1, self.fontMetrics().height())

    def side_width(self) -> int:
        """The controls column's width beside the plot (font-scaled ``controls_width``, at
        least what the widest section needs, plus room for a vertical scroll bar)."""
        scale = self._line() / 17.0
        need = max([min_width(s) for s in self.sections] + [0])
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        return max(int(self.controls_width * max(scale, 1.0)), need) + bar

    def wide_enough(self, width: int) -> bool:
        """Whether plot and controls fit side by side in ``width`` pixels (with slack
        against the current arrangement)."""
        need = self.side_width() + PLOT_MIN_LINES * self._line()
        return width >= need + (SLACK if self.stacked else 0)

    def column_count(self, width: int) -> int:
        """How many columns of controls fit under the plot in ``width`` pixels."""
        widest = max([min_width(s) for s in self.sections if s is not self.pinned] + [1])
        column = max(COLUMN_MIN_LINES * self._line(), widest)
        spacing = max(self.row.spacing(), 0)
        return max(1, min(len(self.sections), (width + spacing) // (column + spacing)))

    def arrange(self, width: int | None = None, height: int | None = None) -> None:
        """Apply the rule for a ``width`` x ``height`` widget (default: its size)."""
        width = self.width() if width is None else int(width)
        height = self.height() if height is None else int(height)
        stacked = not self.wide_enough(width)
        columns = self.column_count(width) if stacked else 1
        changed = stacked != self.stacked
        self.stacked = stacked
        if columns != self.columns or changed:
            self._place_sections(columns)
        # stacked, the controls' share follows the height: a window that grew, or a lesson
        # banner that came or went, re-shares it (it stayed the share of the first, often
        # small, height and every later pixel went to the plot: walker22 W22-8)
        key = (stacked, columns, self._line(), height if stacked else None)
        if self.whole_controls:
            self._hold_controls(width)
            key += (width,)       # a new width wraps their texts to another height
        if changed:
            self.splitter.setOrientation(Qt.Orientation.Vertical if stacked
                                         else Qt.Orientation.Horizontal)
            self._insert_parts()
        if key != self._sized_for and width > 0 and height > 0:
            self._sized_for = key
            self._size_parts(width, height)
        if changed:
            self.sigArrangementChanged.emit(stacked)
        if self._following is not None:
            self._scroll_to_plot()

    def _place_sections(self, columns: int) -> None:
        """Put the sections, in order, into ``columns`` columns of even height (the pinned
        one beside the plot when stacked)."""
        for column in self._columns:
            for s in self.sections:
                column.layout().removeWidget(s)
        if self.pinned is not None:
            self._pane.removeWidget(self.pinned)
        placed = [s for s in self.sections if not (self.stacked and s is self.pinned)]
        if self.stacked and self.pinned is not None:
            self._pane.insertWidget(0 if self.controls_first else 1, self.pinned)
        while len(self._columns) < min(columns, len(placed)):
            column = QWidget()
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            box.addStretch(1)                 # the sections keep to the top
            self.row.addWidget(column, 1)
            self._columns.append(column)
        heights = [s.sizeHint().height() for s in placed]
        cuts = [0] + split_evenly(heights, columns) + [len(placed)]
        for k, column in enumerate(self._columns):
            box = column.layout()
            if k < len(cuts) - 1:
                for i, s in enumerate(placed[cuts[k]:cuts[k + 1]]):
                    box.insertWidget(i, s)
            column.setVisible(k < len(cuts) - 1)
        self.columns = len(cuts) - 1

    def controls_height(self, width: int) -> int:
        """The height the controls need under the plot at ``width`` (their tallest column,
        wrapped text included)."""
        spacing = max(self.row.spacing(), 0)
        column_width = max(1, (width - spacing * (self.columns - 1)) // max(self.columns, 1))
        tallest = 0
        for column in self._columns[:self.columns]:
            box = column.layout()
            parts = [box.itemAt(i).widget() for i in range(box.count())]
            heights = [w.heightForWidth(column_width) if w.hasHeightForWidth()
                       else w.sizeHint().height() for w in parts if w is not None]
            tallest = max(tallest, sum(heights) + max(box.spacing(), 0) * len(heights))
        return tallest + 4

    def _size_parts(self, width: int, height: int) -> None:
        """Give the plot the room: side by side, the controls get their column; stacked,
        they get their height up to ``stacked_share`` of the whole."""
        handle = self.splitter.handleWidth()
        if self.stacked:
            want = self.controls_height(width)
            share = height if self.whole_controls else int(self.stacked_share * height)
            part = max(1, min(want, share))
            other = max(1, height - part - handle)
        else:
            part = min(self.side_width(), width // 2)
            other = max(1, width - part - handle)
        sizes = [part, other] if self.controls_first else [other, part]
        self.splitter.setSizes(sizes)

    def _hold_controls(self, width: int) -> None:
        """``whole_controls``: stacked, the controls' view is at least as tall as they
        are at ``width``, so the tab's least height holds them and the page scrolls; side
        by side, no least height (the column scrolls)."""
        need = self.controls_height(width) if self.stacked and width > 0 else 0
        if self.scroll.minimumHeight() != need:
            self.scroll.setMinimumHeight(need)

    def bring_into_view(self, section: QWidget) -> None:
        """Scroll the controls so that ``section`` (or a widget inside one) is in sight."""
        if self.scroll.isAncestorOf(section):
            self.scroll.ensureWidgetVisible(section, 0, 0)

    def bring_plot_into_view(self) -> None:
        """Scroll the page around the tab (``whole_controls``: stacked, the page scrolls,
        not the controls) so that the plot's pane, with the pinned section, starts at the
        top of the view: a search's scatter and results came in below the settings, out of
        sight (walker33 W33-3). Nothing to do when no page around it scrolls.

        The request holds while the page settles (``FOLLOW_MS``): a lesson step brings the
        tab forward and starts its search at once, before the page has its new height, and
        the scroll was clamped to the other tab's range, leaving the settings in sight and
        only the scatter's top strip below them (walker35). Each later change of the page's
        range (or of this arrangement) scrolls again, until the student scrolls the page."""
        page = self._page()
        if page is None:
            return
        bar = page.verticalScrollBar()
        if self._following is not page:
            self._stop_following()
            self._following = page
            bar.rangeChanged.connect(self._scroll_to_plot)
            bar.actionTriggered.connect(self._stop_following)    # the student's own scroll
        self._follow_timer.start(FOLLOW_MS)
        self._scroll_to_plot()

    def _page(self) -> QScrollArea | None:
        """The scrolling page around the tab, or None."""
        page = self.parentWidget()
        while page is not None and not (isinstance(page, QScrollArea) and page.widget()
                                        is not None and page.widget().isAncestorOf(self)):
            page = page.parentWidget()
        return page

    def _scroll_to_plot(self, *_range: int) -> None:
        page = self._following
        if page is None or not self.stacked or not self.isVisible():
            return
        top = self.plot_pane.mapTo(page.widget(), QPoint(0, 0)).y()
        page.verticalScrollBar().setValue(top)

    def _stop_following(self, *_action: int) -> None:
        page, self._following = self._following, None
        self._follow_timer.stop()
        if page is not None:
            bar = page.verticalScrollBar()
            bar.rangeChanged.disconnect(self._scroll_to_plot)
            bar.actionTriggered.disconnect(self._stop_following)

    # -- Qt ----------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        # (getattr: the filter can still be called while the widget is being torn down,
        # its Python attributes gone: a teardown error in the suite)
        if watched is getattr(self, "controls", None) and \
                event.type() == QEvent.Type.LayoutRequest:
            self._sized_for = None          # their height changed: the parts again
            QTimer.singleShot(0, self, self.arrange)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.arrange(event.size().width(), event.size().height())

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:   # classroom mode switched
            self._sized_for = None
            self.arrange()
        elif event.type() == QEvent.Type.LanguageChange:
            # the texts change width once the panel has retranslated (after this event)
            QTimer.singleShot(0, self, self._rearrange)    # (not after self is gone)

    def sections_changed(self) -> None:
        """The sections' sizes changed (new content, a new minimum width): arrange and size
        the parts again."""
        self._rearrange()

    def _rearrange(self) -> None:
        self._sized_for = None
        if self.stacked:
            self._place_sections(self.column_count(self.width()))
        self.arrange()
