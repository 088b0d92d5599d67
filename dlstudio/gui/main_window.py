"""The main window: it arranges panels, menus and the run toolbar, nothing more.

Left: the network editor. Centre: tabs of live plot panels (from ``dlstudio.gui.plots``)
and of the wide tools (optimizer playground, search, transfer). Right: data, training,
comparison and lesson controls as tabbed docks. Every dock can be closed and brought back
(View > Panels); "Lesson layout" gives the lesson text and the plots the whole window.
Each panel owns its behaviour and talks to the shared ``Studio``. Panels that need the engine
are built just after the window first shows, so it appears at once. Mixins beside this module
hold the parts: building and wiring the panels (``panel_host``), the plot pages' choices that
are training settings (``telemetry_choices``), what the window says in words about the run
(``window_findings``), the dock layouts (``window_layout``), the menu bar with the File menu's
dialogs (``window_menus``), the status bar (``window_status``), the workspace's window side and
the title (``window_workspace``), the settings chosen in the menus (``window_settings``) and
closing (``window_closing``); the note about a session a crash left is ``crash_note``.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QMainWindow, QSizePolicy,
                               QToolBar, QVBoxLayout, QWidget)

from dlstudio.gui import focus_chain, startup_trace
from dlstudio.gui.crash_note import CrashNote
from dlstudio.gui.errors import show_problem
from dlstudio.gui.interop_actions import InteropController
from dlstudio.gui.timeline_bar import TimelineBarWidget
from dlstudio.gui.dock_state import DockStateKeeper
from dlstudio.gui.panel_host import PanelHostMixin
from dlstudio.gui.telemetry_choices import TelemetryChoicesMixin
from dlstudio.gui.window_closing import WindowClosingMixin
from dlstudio.gui.window_findings import WindowFindingsMixin
from dlstudio.gui.window_layout import WindowLayoutMixin
from dlstudio.gui.dock_widths import DockWidthKeeper
from dlstudio.gui.window_menus import WindowMenusMixin
from dlstudio.gui.window_settings import WindowSettingsMixin
from dlstudio.gui.window_status import WindowStatusMixin
from dlstudio.gui.window_workspace import WindowWorkspaceMixin
from dlstudio.gui.studio import Studio
from dlstudio.gui.widgets.page_scroll import PageScrollWidget
from dlstudio.gui.widgets.run_controls import RunActions
from dlstudio.gui.widgets.run_progress import RunProgressWidget
from dlstudio.gui.widgets.status_line import RunNoteWidget
from dlstudio.gui.widgets.tab_rows import RowTabWidget, TabRowsWidget
from dlstudio.gui.widgets.retranslate import RetranslateMixin


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    return label


class MainWindow(RetranslateMixin, PanelHostMixin, TelemetryChoicesMixin, WindowFindingsMixin,
                 WindowLayoutMixin, WindowMenusMixin, WindowStatusMixin, WindowWorkspaceMixin,
                 WindowSettingsMixin, WindowClosingMixin, QMainWindow):
    """The studio window around one ``Studio``."""

    def __init__(self, studio: Studio, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.settings = settings
        self.workspace = None          # a WorkspaceController, attached by app.run
        self.interop = InteropController(studio, self, settings)
        self.interop.sigMessage.connect(self._on_interop_message)
        self.plot_panels: dict[str, QWidget] = {}
        self.tool_tabs: dict[str, QWidget] = {}
        self.setObjectName("MainWindow")
        self.resize(1500, 950)

        self.run_actions = RunActions(studio, self)
        self.run_actions.may_reset = self.may_reset_weights
        self.plot_tabs = RowTabWidget(self)
        self.plot_tabs.setObjectName("plot_tabs")
        self.plot_tabs.setDocumentMode(True)
        # what stands where the panels will be until they are built: on a loaded machine
        # the empty window stayed 12-15 s with no sign of loading (walker32 B0)
        self._loading_notes: list[QLabel] = [_placeholder("")]
        self.plot_tabs.addTab(self._loading_notes[0], "")
        self.timeline_bar = TimelineBarWidget(studio, self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # every plot and tool tab in sight: rows that wrap, not one line behind scroll arrows
        self.tab_rows = TabRowsWidget(self.plot_tabs, central)
        column.addWidget(self.tab_rows)
        # why a run stopped (or which layers stopped learning), wrapped, above the plots
        self.run_note = RunNoteWidget(central)
        # the restored session is what a crash left: said until closed (walker32 B35)
        self.session_note = RunNoteWidget(central)
        self.session_note.setObjectName("session_note")
        self.crash_note = CrashNote(self.session_note)
        column.addWidget(self.session_note)
        column.addWidget(self.run_note)
        # a page taller than the room left scrolls: the window never grows past the screen
        # (a tall note over the Search page made it 1366x891 at 1366x768: walker28 W28-14)
        self.page_scroll = PageScrollWidget(self.plot_tabs, central)
        column.addWidget(self.page_scroll, 1)
        column.addWidget(self.timeline_bar)
        self.setCentralWidget(central)

        self.docks: dict[str, QDockWidget] = {}
        #: the dock columns get their widths back when the window grows again (W19-7)
        self.dock_widths = DockWidthKeeper(self)
        #: the dock layout is saved as it changes: a crash keeps it too (W19-8)
        self.dock_state = DockStateKeeper(self, settings)
        self.add_dock("network", Qt.DockWidgetArea.LeftDockWidgetArea)
        for name in ("data", "training", "compare"):
            self.add_dock(name, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["data"], self.docks["training"])
        self.tabifyDockWidget(self.docks["training"], self.docks["compare"])
        self.docks["training"].raise_()
        self.resizeDocks([self.docks["network"], self.docks["training"]], [430, 380],
                         Qt.Orientation.Horizontal)

        self._build_toolbar()
        self.build_status_bar()
        self.build_menus()
        studio.sigError.connect(self._on_studio_error)
        studio.sigShowPanel.connect(self._on_studio_show_panel)
        # nothing said about the old session stays in the note about a crash either
        studio.sigSessionReplaced.connect(self.session_note.clear)
        studio.sigUndoChanged.connect(self._on_studio_undo)
        self._on_studio_undo()
        self.retranslate()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's name)
        """Tab and Shift+Tab pass over the panels behind another's tab (W21-10)."""
        return focus_chain.move_focus(next, super().focusNextPrevChild)

    # -- layout -----------------------------------------------------------------------------------
    def add_dock(self, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        """A dock ``name`` in ``area``, saying the panels are loading until one is set."""
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        self._loading_notes.append(_placeholder(""))
        dock.setWidget(self._loading_notes[-1])
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        self.dock_widths.watch(dock)
        self.dock_state.watch(dock)
        return dock

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setObjectName("run_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("start", "pause", "step", "stop", "reset"):
            bar.addAction(self.run_actions.actions[name])
        bar.addSeparator()
        self.progress = RunProgressWidget(self.studio, bar, panels_ready=False)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.progress)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def drop_loading_notes(self) -> None:
        """The panels are in place: the notes that said they are loading go (one whose
        panel could not be built says so no longer either)."""
        for note in self._loading_notes:
            note.setText("")
        self._loading_notes = []

    def retranslate(self) -> None:
        for note in self._loading_notes:
            note.setText(self.tr("Loading the panels..."))
        self.update_title()
        if not self.run_note.isHidden():
            self.show_run_note()                 # its sentences in the new language
        self.crash_note.retranslate()
        self.retranslate_menus()
        dock_titles = {"network": self.tr("Network"), "data": self.tr("Data"),
                       "training": self.tr("Training"), "compare": self.tr("Compare"),
                       "search": self.tr("Search"), "transfer": self.tr("Transfer")}
        tool_titles = {"playground": self.tr("Optimizer playground"),
                       "search": self.tr("Search"), "transfer": self.tr("Transfer")}
        for key, panel in self.tool_tabs.items():
            if key in tool_titles:     # other tools are titled by their own window title
                self.plot_tabs.setTabText(self.plot_tabs.indexOf(panel), tool_titles[key])
        for name, dock in self.docks.items():
            if name in dock_titles:
                dock.setWindowTitle(dock_titles[name])
            elif dock.widget() is not None:
                dock.setWindowTitle(self.dock_title(getattr(dock.widget(), "panel",
                                                            dock.widget())))
        if self.plot_panels:
            from dlstudio.gui.plots import panel_tooltip

            for key, panel in self.plot_panels.items():
                index = self.plot_tabs.indexOf(panel)
                self.plot_tabs.setTabToolTip(index, panel_tooltip(key))   # (before the text:
                self.plot_tabs.setTabText(index, self.plot_title(key))   # it updates rows)
        else:
            self.plot_tabs.setTabText(0, self.tr("Plots"))
            if not self._loading_notes:       # the plots could not be built
                self.plot_tabs.widget(0).setText(self.tr("The live plots appear here."))
        self.run_actions.retranslate()
        self.show_run_state()
        tracker = getattr(self, "status_tracker", None)
        if tracker is not None:        # the status sentence in the new language at once
            tracker.refresh(force=True)

    # -- welcome ---------------------------------------------------------------------------------
    def wants_start_page(self) -> bool:
        """Whether the start page opens when the app starts (until the student unticks it)."""
        if self.settings is None:
            return False
        return self.settings.value("show_start_page", True) in (True, "true", "1", 1)

    def show_start_page(self) -> QWidget | None:
        """The start page: lessons by topic and level, the tour, or exploring freely."""
        from dlstudio.gui.widgets.start_page import open_start_page

        self.start_page = open_start_page(self)
        return self.start_page

    def start_tour(self) -> QWidget:
        """A five-step tour of the window's parts."""
        from dlstudio.gui.widgets.tour import open_tour

        self.tour = open_tour(self)
        return self.tour

    # -- studio slots ------------------------------------------------------------------------------
    def _on_studio_error(self, text: str) -> None:
        """A run failed by a bug goes to the error dialog (with the log); a setting or a
        file to fix (also when a run failed on it, e.g. missing data) gets a plain box."""
        self.say_error(text)
        reporter = getattr(QApplication.instance(), "error_reporter", None)
        if self.studio.state == "failed" and reporter is not None \
                and not getattr(self.studio, "run_failure_expected", False):
            reporter.report(text)
        elif self.isVisible():
            show_problem(self, self.tr("Something to fix"), text)

    def _on_studio_show_panel(self, name: str) -> None:
        panel = self.plot_panels.get(name)
        if panel is None:
            for key, p in self.plot_panels.items():
                if key.lower().startswith(name.lower()):
                    panel = p
                    break
        panel = panel or self.tool_tabs.get(name)
        if panel is not None:
            self.return_docks_beside_lesson()
            self.plot_tabs.setCurrentWidget(panel)
            if hasattr(panel, "show_section"):     # from its top, not where it was left
                panel.show_section(None)
        elif name in self.docks:
            self.show_dock(name)

    def _on_studio_undo(self) -> None:
        self.acts["undo"].setEnabled(self.studio.can_undo())
        self.acts["redo"].setEnabled(self.studio.can_redo())

    def _on_interop_message(self, text: str) -> None:
        self.acts["tensorboard"].setChecked(bool(self.studio.tensorboard_dir))
        # in the status line, as the studio's messages: a 10 s message over it went, and the
        # line's older sentence ('Saved the trained network as ...') came back as if it were
        # the news (walker36 c_exported.png)
        self._on_studio_message(text)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.panels_built:
            # after the empty window has painted, so that it appears at once
            startup_trace.after_next_paint(self, self.build_panels, fallback_ms=1000)
