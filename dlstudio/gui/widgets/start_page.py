"""The start page: a welcome that offers the lessons by topic and level, a short tour of the
window, exploring freely, or going back to the student's own work (the workspaces opened or
saved last, and "Open a saved workspace..."). Shown at start (until the student unticks it)
and from Help > Lessons and start page; ``open_start_page(window)`` wires it to a
``MainWindow``."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from dlstudio.gui import file_choice, i18n, recent_files
from dlstudio.gui.lessons.strings import ui
from dlstudio.gui.run_end_note import offered_resume_point
from dlstudio.lessons.path import number_text, numbers
from dlstudio.lessons.topics import by_topic, topic_name

LESSON_ROLE = Qt.ItemDataRole.UserRole
#: the item data holding a recent workspace's path
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class StartPageDialog(QDialog):
    """Choose a lesson (``sigLessonChosen(id)``), the tour (``sigTourWanted``), a recent
    workspace (``sigWorkspaceChosen(path)``), the open dialog (``sigOpenWorkspaceWanted``) or
    nothing. ``recent``: ``recent_files.RecentWorkspace`` entries, newest first.

    ``resume``: the sentence about a run of the restored session that can be continued
    ("" when there is none): shown first, with "Continue the run" (``sigContinueWanted``)
    and "Back to it" (closes the page). ``current``: the workspace file the session came
    from, with unsaved changes (its recent entry says so: opening it replaces them)."""

    sigLessonChosen = Signal(str)
    sigTourWanted = Signal()
    sigWorkspaceChosen = Signal(str)
    sigOpenWorkspaceWanted = Signal()
    sigContinueWanted = Signal()
    #: a recent workspace whose file has gone, removed from the list by the student
    sigRecentRemoved = Signal(str)

    def __init__(self, lessons: list, progress=None, lang: str = "en",
                 parent: QWidget | None = None, recent: list | None = None,
                 resume: str = "", current: str = ""):
        super().__init__(parent)
        self.current = current
        self.setObjectName("start_page")
        self.lessons, self.progress, self.lang = lessons, progress, lang
        self.recent = list(recent or [])
        self._asking = False
        self.setWindowTitle(self.tr("Welcome to dlstudio"))
        self.resize(760, 560)
        heading = QLabel(self.tr("<h2>Watch neural networks learn</h2>"), self)
        intro = QLabel(self.tr(
            "Each lesson sets up a network, trains it and shows you the plot where the effect "
            "appears, with a question to predict it first. Start with a lesson, take a "
            "one-minute tour of the window, or explore on your own."), self)
        intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("start_lessons")
        self.tree.setHeaderLabels([self.tr("Lesson"), self.tr("Level"), self.tr("Time"),
                                   self.tr("Done")])
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        # the title takes the room the level, time and progress leave: fitted to the titles
        # once, in the font of that moment, the columns after it kept Qt's default widths
        # ("interme…" at classroom size, walker23 W23-15)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.open_button = QPushButton(self.tr("Open lesson"), self)
        self.open_button.setObjectName("open_lesson")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.tour_button = QPushButton(self.tr("Take the tour"), self)
        self.tour_button.clicked.connect(self._on_tour_clicked)
        self.explore_button = QPushButton(self.tr("Explore freely"), self)
        self.explore_button.setObjectName("explore_freely")
        self.explore_button.clicked.connect(self.reject)
        self.open_workspace_button = QPushButton(self.tr("Open a saved workspace..."), self)
        self.open_workspace_button.setObjectName("open_workspace")
        self.open_workspace_button.setToolTip(self.tr(
            "Continue your own work: a workspace (.dlsw) you saved"))
        self.open_workspace_button.clicked.connect(self._on_open_workspace_clicked)
        # a run of the restored session waiting to be continued comes first (W9-9)
        self.resume_label = QLabel(self)
        self.resume_label.setObjectName("start_resume")
        self.resume_label.setWordWrap(True)
        self.resume_label.setText(self.tr("<b>Your last session:</b> %1").replace(
            "%1", html.escape(resume)))
        self.continue_button = QPushButton(self.tr("Continue the run"), self)
        self.continue_button.setObjectName("start_continue")
        self.continue_button.clicked.connect(self._on_continue_clicked)
        self.back_button = QPushButton(self.tr("Back to it"), self)
        self.back_button.setToolTip(self.tr("Close this page and look at your last session"))
        self.back_button.clicked.connect(self.reject)
        resume_row = QHBoxLayout()
        resume_row.addWidget(self.resume_label, 1)
        resume_row.addWidget(self.continue_button)
        resume_row.addWidget(self.back_button)
        for widget in (self.resume_label, self.continue_button, self.back_button):
            widget.setVisible(bool(resume))
        self.recent_title = QLabel(self.tr("<b>Your recent workspaces</b>"), self)
        self.recent_list = self._recent_list()
        self.tree.itemDoubleClicked.connect(self._on_tree_double_clicked)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self._fill()
        self.show_again = QCheckBox(self.tr("Show this page when dlstudio starts"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_again)
        buttons.addStretch(1)
        for b in (self.open_workspace_button, self.tour_button, self.explore_button,
                  self.open_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(intro)
        lay.addLayout(resume_row)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.recent_title)
        lay.addWidget(self.recent_list)
        self.recent_title.setVisible(bool(self.recent))
        self.recent_list.setVisible(bool(self.recent))
        lay.addLayout(buttons)
        # Tab goes as one reads: down the page, then the buttons left to right (they were
        # made right to left: walker38 W38-19)
        chain = [self.continue_button, self.back_button, self.tree, self.recent_list,
                 self.show_again, self.open_workspace_button, self.tour_button,
                 self.explore_button, self.open_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self._on_tree_current_changed(self.tree.currentItem(), None)

    def _fill(self) -> None:
        """The lessons by topic; the first one with steps still to do is chosen (the first
        lesson when all are done or none is begun: a returning student goes on where they
        stopped, walker30 W30-19)."""
        first = unfinished = None
        shown = numbers(lesson.id for lesson in self.lessons)
        for topic, lessons in by_topic(self.lessons):
            top = QTreeWidgetItem([topic_name(topic, self.lang)])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            for lesson in lessons:
                n = len(lesson.steps)
                done = 0
                if self.progress is not None:
                    done = len(self.progress.done_steps(lesson.id, [s.id for s in lesson.steps]))
                number = number_text(shown[lesson.id])
                item = QTreeWidgetItem([f"{number}  {lesson.title.get(self.lang)}",
                                        ui(lesson.level, self.lang),
                                        f"{lesson.minutes} {ui('min', self.lang)}",
                                        f"{done}/{n}"])
                item.setData(0, LESSON_ROLE, lesson.id)
                item.setToolTip(0, lesson.summary.get(self.lang))
                top.addChild(item)
                first = first or item
                if unfinished is None and done < n:
                    unfinished = item
            top.setExpanded(True)
        if unfinished is not None or first is not None:
            self.tree.setCurrentItem(unfinished or first)

    def _recent_list(self) -> QTreeWidget:
        """The recent workspaces: name, folder, when saved; a file that has gone is shown
        greyed as "file not found": choosing it says where it was and offers to remove it
        from the list (W9-15)."""
        view = QTreeWidget(self)
        view.setObjectName("start_recent")
        view.setRootIsDecorated(False)
        view.setHeaderLabels([self.tr("Workspace"), self.tr("Folder"), self.tr("Saved")])
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)     # long folders keep both ends
        for entry in self.recent:
            found = entry.exists
            when = entry.date_text() if found else self.tr("file not found")
            if found and self.current and str(entry.path) == self.current:
                # the restored session came from it: opening it again replaces the changes
                when = self.tr("open now, with unsaved changes")
            item = QTreeWidgetItem([entry.name, entry.folder, when])
            item.setData(0, PATH_ROLE, str(entry.path))
            item.setToolTip(0, str(entry.path))
            item.setToolTip(1, str(entry.path))
            if not found:
                grey = view.palette().color(QPalette.ColorGroup.Disabled,
                                            QPalette.ColorRole.Text)
                for column in range(3):
                    item.setForeground(column, grey)
            view.addTopLevelItem(item)
        header = view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self._fit_recent_height(view)
        # one click opens (a list of links), as do Enter and a double click: once
        view.itemClicked.connect(self._on_recent_activated)
        view.itemActivated.connect(self._on_recent_activated)
        return view

    def _fit_recent_height(self, view: QTreeWidget) -> None:
        rows = max(1, view.topLevelItemCount())
        row_height = view.sizeHintForRow(0) if view.topLevelItemCount() \
            else view.fontMetrics().height()
        view.setFixedHeight(view.header().sizeHint().height() + rows * row_height
                            + 2 * view.frameWidth() + 2)

    def _on_recent_activated(self, item, _column=0) -> None:
        path = item.data(0, PATH_ROLE)
        if not path or not self.isVisible() or self._asking:
            return
        if Path(path).is_file():
            self.accept()
            self.sigWorkspaceChosen.emit(path)
            return
        self._asking = True             # a double click's second half asks nothing
        try:
            answer = file_choice.ask_missing_recent(self, path)
        finally:
            self._asking = False
        if answer == "open":
            self._on_open_workspace_clicked()
        elif answer == "remove":
            view = self.recent_list
            view.takeTopLevelItem(view.indexOfTopLevelItem(item))
            self.recent = [r for r in self.recent if str(r.path) != path]
            self._fit_recent_height(view)
            self.recent_title.setVisible(bool(self.recent))
            view.setVisible(bool(self.recent))
            self.sigRecentRemoved.emit(path)

    def _on_continue_clicked(self) -> None:
        self.accept()
        self.sigContinueWanted.emit()

    def _on_open_workspace_clicked(self) -> None:
        self.accept()
        self.sigOpenWorkspaceWanted.emit()

    def chosen_lesson(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, LESSON_ROLE) if item is not None else None

    def _on_tree_current_changed(self, current, _previous) -> None:
        self.open_button.setEnabled(current is not None
                                    and current.data(0, LESSON_ROLE) is not None)

    def _on_tree_double_clicked(self, item, _column) -> None:
        if item.data(0, LESSON_ROLE) is not None:
            self._on_open_clicked()

    def _on_open_clicked(self) -> None:
        lesson_id = self.chosen_lesson()
        if lesson_id:
            self.accept()
            self.sigLessonChosen.emit(lesson_id)

    def _on_tour_clicked(self) -> None:
        self.accept()
        self.sigTourWanted.emit()


def open_start_page(window) -> StartPageDialog | None:
    """Show the start page over ``window`` (a ``MainWindow``): a chosen lesson opens in the
    lesson layout, the tour starts, and the "show at start" choice is remembered."""
    panel = window.lesson_panel()
    if panel is None:
        return None
    studio, workspace = window.studio, getattr(window, "workspace", None)
    moment = offered_resume_point(studio)      # as the run note offers it (walker21 W21-8)
    resume = "" if moment is None else QCoreApplication.translate(
        "StartPageDialog", "a run you can continue from epoch %1 of %2; its curves and "
        "weights are here.").replace("%1", f"{studio.resume_epoch(moment):,}").replace(
        "%2", f"{studio.planned_epochs(moment):,}")
    current = str(workspace.path) if workspace is not None and workspace.path is not None \
        and workspace.modified else ""
    dialog = StartPageDialog(panel.lessons, panel.progress, i18n.current_language(), window,
                             recent=recent_files.recent_workspaces(window.settings),
                             resume=resume, current=current)
    dialog.sigContinueWanted.connect(studio.continue_run)
    dialog.show_again.setChecked(window.wants_start_page() or window.settings is None)
    dialog.sigLessonChosen.connect(lambda lesson_id: window.open_lesson(lesson_id,
                                                                     ask_first=True))
    dialog.sigTourWanted.connect(window.start_tour)
    dialog.sigWorkspaceChosen.connect(window.open_workspace_file)
    dialog.sigOpenWorkspaceWanted.connect(window.open_workspace_dialog)
    dialog.sigRecentRemoved.connect(lambda path: recent_files.remove_recent(window.settings,
                                                                            path))
    dialog.finished.connect(
        lambda _: window.save_setting("show_start_page", dialog.show_again.isChecked()))
    # the window takes the keyboard back, so that F5, Space and Shift+F5 work at once (W9-16:
    # without a window manager the focus went nowhere); a tour or dialog opened after it
    # takes it in turn
    dialog.finished.connect(lambda _: take_keyboard(window))
    # a larger screen gives the lessons and the recent workspaces more room
    width, height = window.width(), window.height()
    dialog.resize(max(min(int(0.6 * width), width - 40), 760),
                  max(min(int(0.75 * height), height - 40), 560))
    # Quit works with the page open too: the window's own Ctrl+Q waits behind a modal page
    # (walker32: Ctrl+Q did nothing until the page was closed)
    quit_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), dialog)
    quit_key.activated.connect(lambda: (dialog.reject(), window.acts["quit"].trigger()))
    dialog.setModal(True)
    dialog.show()
    return dialog


def take_keyboard(window) -> None:
    """Raise ``window`` and make it the active window (it gets the keyboard focus); when
    nothing in it had the focus before, the Network dock's layers get it, framed, so that
    the keyboard starts somewhere one can see (walker38 W38-19: after "Explore freely" the
    focus was nowhere, and the first Tab landed on a dock's tab bar)."""
    if window.focusWidget() is None:
        first = first_stop(window)
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)
    window.raise_()
    window.activateWindow()


def first_stop(window) -> QWidget | None:
    """Where the keyboard starts in ``window``: the Network dock's layer list when it is
    there and shown, else the first widget Tab stops at."""
    dock = getattr(window, "docks", {}).get("network")
    panel = dock.widget() if dock is not None else None
    stack = getattr(panel, "stack", None)
    if isinstance(stack, QWidget) and stack.isVisible():
        return stack
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window:
        if widget.isVisible() and widget.isEnabled() \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return widget
        widget = widget.nextInFocusChain()
    return None
