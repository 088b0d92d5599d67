"""The window's dock layouts: default column widths, the standard layout, the lesson layout
(the lesson text and the plots take the whole window), whole tab titles, and opening a lesson.

``WindowLayoutMixin`` is mixed into :class:`~dlstudio.gui.main_window.MainWindow` and uses its
``docks``, ``plot_tabs``, ``studio`` and ``status_label``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QStyle, QTabBar, QTabWidget


class WindowLayoutMixin:
    """Dock arrangements for ``MainWindow``."""

    #: share of the window's width the lesson text gets in the lesson layout
    LESSON_SHARE = 0.4

    #: default widths of the left and right dock columns: (share of the window's width,
    #: floor, cap) in pixels, so the plots keep most of the middle at 1366 and 1920 pixels
    DOCK_SHARES = {"network": (0.30, 420, 480), "training": (0.29, 400, 470)}
    #: the Data dock beside the lesson text (a step showing the data): wider at 1920, so
    #: that its scatter preview can be seen on a projector (walker10 W10-16)
    #: ... and the Network dock wider too: at 1920 in classroom mode its 480 px cut the
    #: summary's layer names ("max_ pooling2d") and hid its tabs behind scroll arrows
    #: (walker36 W36-3, lesson 13 step 1); at 1366 it keeps its 420 px
    BESIDE_LESSON_SHARES = {"data": (0.31, 420, 640), "network": (0.30, 420, 600)}
    #: with a dock beside the lesson text, the plots keep the width their tabs need in
    #: ``CENTRE_ROWS`` rows (as in the standard layout at 1366), up to ``CENTRE_SHARE`` of
    #: the window; the lesson text gives it up. At 1366 the three columns left the plots
    #: 480 px with their tabs in four rows, and the Network dock 370 px with its tabs behind
    #: scroll arrows (walker27 W27-14)
    CENTRE_ROWS = 3
    CENTRE_SHARE = 0.38
    #: a window narrower than this keeps the dock a tab beside the lessons instead of
    #: opening a column for it. Data: three columns leave the plots their two rows of tabs
    #: only from about 1600 px (a 420 px dock, ~740 px of plots, ~440 px of lesson text).
    #: At 1366 lesson 11's Data column left the plots 488 px, tabs in three rows and the
    #: loss curves short strips (walker37 W37-5); as a tab the Data panel has the lesson
    #: column's whole width and height, one click away, as the step's text asks ("open
    #: the Data panel"). Network: lessons 12 and 13 read its summary beside their text
    #: (W27-14, W36-3), so it keeps its column while the lesson text keeps ~360 px (420 +
    #: 488 of plots + 360); at 1024 the column pushed the lesson text and its Check button
    #: past the window's right edge, and hid the dock's tabs behind scroll arrows.
    TABBED_BELOW = {"data": 1600, "network": 1280}

    #: narrower than this, the standard layout keeps one side column: the plots' least
    #: width and two columns' floors (488 + 420 + 400) do not fit, and at 1024x700 the
    #: right column got ~145 px, its text cut, a scroll bar under it and its tabs behind
    #: scroll arrows, while the Network dock hid its own tabs
    ONE_COLUMN_BELOW = 1320

    def fold_side_columns(self) -> None:
        """In a window narrower than ``ONE_COLUMN_BELOW``, the docks of the right column
        become tabs beside the Network dock in the left one, the Network dock in front."""
        network = self.docks.get("network")
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        if self.width() >= self.ONE_COLUMN_BELOW or network is None \
                or network.isFloating() or self.dockWidgetArea(network) != left:
            return
        for dock in self.docks.values():
            if dock is not network and not dock.isFloating() \
                    and self.dockWidgetArea(dock) == right:
                self.tabifyDockWidget(network, dock)
        network.raise_()

    def resize_docks_to_defaults(self) -> None:
        """Give the dock columns their default widths for this window size."""
        docks = [self.docks[name] for name in self.DOCK_SHARES]
        widths = [min(cap, max(floor, int(self.width() * share)))
                  for share, floor, cap in self.DOCK_SHARES.values()]
        self.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def widen_docks_for_their_tabs(self) -> None:
        """A side dock in sight narrower than its panel's tabs need grows until they show
        whole: in classroom mode at 1920 the standard layout's 480 px Network dock hid
        "Diagram" behind scroll arrows (walker37 W37-15). Once laid out: call it deferred."""
        sides = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        docks, widths = [], []
        for dock in self.docks.values():
            if dock.isFloating() or dock.visibleRegion().isEmpty() \
                    or self.dockWidgetArea(dock) not in sides:
                continue
            lack = max([tabs.tabBar().sizeHint().width() - tabs.width()
                        for tabs in dock.findChildren(QTabWidget) if tabs.isVisible()],
                       default=0)
            if lack > 0:
                docks.append(dock)
                widths.append(dock.width() + lack)
        if docks:
            self.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def tidy_dock_tabs(self) -> None:
        """Dock tabs show their whole title (scroll arrows instead of "Tr..." when crowded)."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)
                bar.setExpanding(False)

    def restore_layout(self, state) -> bool:
        """Put the docks as ``state`` (``saveState``) has them; True when it took.

        The dock tab bars go out of sight first: Qt shows again those the restored layout
        uses and deletes the others, but deletes them while they are shown, and their pixels
        stayed in the window until something painted over them: after a start that restored
        the lesson layout, the start-up layout's "Data / Training / Compare" tabs stood beside
        the restored ones, in the language the window started in (walker35 b02)."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:
                bar.hide()
        restored = self.restoreState(state)
        self.tidy_dock_tabs()
        return restored

    def remember_standard_layout(self) -> None:
        """Keep the current dock arrangement as the one "Standard layout" returns to."""
        self._standard_state = self.saveState()

    def use_lesson_layout(self) -> None:
        """The lesson text and the plots take the whole window: every other dock becomes a
        tab beside the lessons (one click away), the left column closes."""
        lessons = self.docks.get("lessons")
        if lessons is None:
            return
        if getattr(self, "_standard_state", None) is None:
            self.remember_standard_layout()
        right = Qt.DockWidgetArea.RightDockWidgetArea
        if lessons.isFloating() or self.dockWidgetArea(lessons) != right:
            lessons.setFloating(False)
            self.addDockWidget(right, lessons)
        order = ["network", "data", "training", "compare"]
        for name in order + [n for n in self.docks if n not in order]:
            dock = self.docks.get(name)
            if dock is None or dock is lessons:
                continue
            dock.setFloating(False)
            self.tabifyDockWidget(lessons, dock)
        lessons.show()
        lessons.raise_()
        self.resizeDocks([lessons], [int(self.width() * self.LESSON_SHARE)],
                         Qt.Orientation.Horizontal)
        self.tidy_dock_tabs()

    def show_dock(self, name: str) -> None:
        """Bring dock ``name`` forward. In the lesson layout a dock tabbed with the lessons
        would cover the lesson text that says what to look at in it, so it moves to the left
        column instead, beside the plots and the lesson (a step showing the layer stack's
        pre-flight badges, the data, the network summary). A dock an earlier step moved
        there goes back beside the lessons first: two docks stacked in the column left the
        network summary 2-4 rows high under lesson 11's data preview (walker10 W10-9).
        In a window too narrow for a third column (``TABBED_BELOW``) the dock stays a tab
        beside the lessons, behind the lesson text."""
        dock = self.docks[name]
        lessons = self.docks.get("lessons")
        earlier = getattr(self, "_beside_lesson", set()) - {name}
        if earlier and lessons is not None and lessons.isVisible() \
                and not lessons.isFloating():
            for other in earlier:
                if self.docks[other].isFloating() or self.dockWidgetArea(
                        self.docks[other]) != Qt.DockWidgetArea.LeftDockWidgetArea:
                    continue
                self.tabifyDockWidget(lessons, self.docks[other])
            lessons.raise_()                        # (tabifying brought the other forward)
            self._beside_lesson = getattr(self, "_beside_lesson", set()) - earlier
        if lessons is not None and dock is not lessons and lessons.isVisible() \
                and dock in self.tabifiedDockWidgets(lessons):
            left = Qt.DockWidgetArea.LeftDockWidgetArea
            there = [d for d in self.docks.values() if d is not dock and d.isVisible()
                     and not d.isFloating() and self.dockWidgetArea(d) == left]
            if there:
                # the standard layout's Network dock holds the column: a tab beside it
                # gets the column's whole height (stacked under it, lesson 11's preview
                # was below the screen at 1366x768: walker10 W10-20)
                self.tabifyDockWidget(there[0], dock)
            elif self.width() < self.TABBED_BELOW.get(name, 0):
                # a tab beside the lessons, the lesson text in front (``TABBED_BELOW``)
                dock.show()
                lessons.raise_()
                return
            else:
                self.addDockWidget(left, dock)
                self._share_width_beside_lesson(name)
                # and once the middle has settled (its least width grows as the timeline
                # and the tabs take their new widths)
                QTimer.singleShot(0, self, lambda: self._share_width_beside_lesson(name))
            self._beside_lesson = getattr(self, "_beside_lesson", set()) | {name}
        dock.show()
        dock.raise_()

    def centre_least(self) -> int:
        """The least width the plots keep beside two dock columns (``CENTRE_ROWS``), and
        never less than the middle's own least width (a language with shorter tab titles
        asked for less, and the docks were squeezed to fit the middle's minimum)."""
        rows = min(int(self.width() * self.CENTRE_SHARE),
                   self.tab_rows.least_width(self.CENTRE_ROWS))
        return max(rows, self.centralWidget().minimumSizeHint().width())

    def _share_width_beside_lesson(self, name: str) -> None:
        """Dock ``name`` (put in the left column) gets its default width; the lesson text
        narrows so that the plots keep ``centre_least``."""
        dock, lessons = self.docks[name], self.docks.get("lessons")
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        if lessons is None or not lessons.isVisible() or dock.isFloating() \
                or self.dockWidgetArea(dock) != left:
            return
        share, floor, cap = self.BESIDE_LESSON_SHARES.get(
            name, self.DOCK_SHARES.get(name, self.DOCK_SHARES["network"]))
        width = min(cap, max(floor, int(self.width() * share)))
        gap = self.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent,
                                       None, self)
        text = self.width() - width - self.centre_least() - 2 * gap
        text = max(lessons.minimumSizeHint().width(), text)
        self.resizeDocks([dock, lessons], [width, text], Qt.Orientation.Horizontal)

    def return_docks_beside_lesson(self) -> None:
        """Docks ``show_dock`` moved beside the lesson text become tabs beside the lessons
        again, so a later step's plot gets the width the lesson layout gives it."""
        moved, self._beside_lesson = getattr(self, "_beside_lesson", set()), set()
        lessons = self.docks.get("lessons")
        if lessons is None or not moved or not lessons.isVisible() or lessons.isFloating():
            return
        for name in moved:
            dock = self.docks[name]
            if not dock.isFloating() and \
                    self.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea:
                self.tabifyDockWidget(lessons, dock)
        lessons.raise_()
        self.resizeDocks([lessons], [int(self.width() * self.LESSON_SHARE)],
                         Qt.Orientation.Horizontal)

    def use_standard_layout(self) -> None:
        state = getattr(self, "_standard_state", None)
        if state is not None:
            self.restore_layout(state)
        for dock in self.docks.values():
            dock.show()
        self.docks["training"].raise_()
        self.docks["network"].raise_()
        self.tidy_dock_tabs()
        QTimer.singleShot(0, self, self.widen_docks_for_their_tabs)

    def lesson_panel(self):
        """The lesson panel, when the lessons are available."""
        dock = self.docks.get("lessons")
        if dock is None or dock.widget() is None:
            return None
        return getattr(dock.widget(), "panel", None)

    def open_lesson(self, key: str, step: int | None = None, *,
                    ask_first: bool = False) -> bool:
        """Open lesson ``key`` ("03" or its id) at ``step`` (from 0; default: where the student
        left it) in the lesson layout, with the plot the step names in front.

        ``ask_first``: the student chose the lesson (its steps will replace the session):
        ask about changes that are in no file first; Cancel opens nothing."""
        panel = self.lesson_panel()
        if panel is None:
            return False
        if ask_first and not self.may_replace_session():
            return False
        from dlstudio.lessons.loader import find_lesson

        try:
            lesson_id = find_lesson(key).id
            if ask_first:                   # the student's choice: the lesson before goes
                panel.switch_lesson(lesson_id, step)
            else:
                panel.open_lesson(lesson_id, step)
        except (LookupError, KeyError) as exc:
            self.status_label.setText(i18n.render(exc))
            return False
        self.use_lesson_layout()
        if panel.step is not None:
            self.studio.show_panel(panel.step.show.panel)
        return True
