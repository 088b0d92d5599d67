"""The main window: it arranges panels, menus and the run toolbar, nothing more.

Left: the network editor. Centre: tabs of live plot panels (from ``dlstudio.gui.plots``)
and of the wide tools (optimizer playground, search, transfer). Right: data, training,
comparison and lesson controls as tabbed docks. Every dock can be closed and brought back
(View > Panels); "Lesson layout" gives the lesson text and the plots the whole window.
Each panel owns its behaviour and talks to the shared ``Studio``. Panels that need the engine
are built just after the window first shows, so it appears at once. Mixins beside this module
hold the parts: building and wiring the panels (``panel_host``), the dock layouts
(``window_layout``) and the menu bar with the File menu's dialogs (``window_menus``).
"""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QApplication, QDialog, QDockWidget, QLabel, QMainWindow,
                               QSizePolicy, QToolBar, QVBoxLayout, QWidget)

from dlstudio.gui import focus_chain, i18n, startup_trace, theme
from dlstudio.gui.errors import show_problem
from dlstudio.gui.i18n import sentences
from dlstudio.gui.interop_actions import InteropController
from dlstudio.gui.timeline_bar import TimelineBarWidget
from dlstudio.gui.dock_state import DockStateKeeper, save_dock_state
from dlstudio.gui.panel_host import PanelHostMixin
from dlstudio.gui.window_layout import WindowLayoutMixin
from dlstudio.gui.dock_widths import DockWidthKeeper
from dlstudio.gui.window_menus import WindowMenusMixin
from dlstudio.gui.studio import Studio
from dlstudio.gui.widgets.page_scroll import PageScrollWidget
from dlstudio.gui.widgets.run_controls import RunActions, RunProgressWidget
from dlstudio.gui.widgets.status_line import RunNoteWidget, StatusLineWidget
from dlstudio.gui.widgets.tab_rows import RowTabWidget, TabRowsWidget
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.steady_box import SteadyBoxWidget


#: how long (ms) a window told to stop its run and close waits for the run to end
CLOSE_WAIT_MS = 15_000


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    return label


class MainWindow(RetranslateMixin, PanelHostMixin, WindowLayoutMixin, WindowMenusMixin,
                 QMainWindow):
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
        self._crash_saved_at = ""
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
        self._add_dock("network", Qt.DockWidgetArea.LeftDockWidgetArea)
        for name in ("data", "training", "compare"):
            self._add_dock(name, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["data"], self.docks["training"])
        self.tabifyDockWidget(self.docks["training"], self.docks["compare"])
        self.docks["training"].raise_()
        self.resizeDocks([self.docks["network"], self.docks["training"]], [430, 380],
                         Qt.Orientation.Horizontal)

        self._build_toolbar()
        self._build_status_bar()
        self._build_menus()
        studio.sigMessage.connect(self._on_studio_message)
        studio.sigError.connect(self._on_studio_error)
        studio.sigDatasetFailed.connect(self._on_studio_dataset_failed)
        self._status_is_error = False
        for signal in (studio.sigNetworkChanged, studio.sigTrainChanged,
                       studio.sigVariantsChanged, studio.sigDataChanged):
            signal.connect(self._on_studio_settings_changed)
        studio.sigShowPanel.connect(self._on_studio_show_panel)
        studio.sigSessionReplaced.connect(self._on_studio_session_replaced)
        studio.sigRunStateChanged.connect(self._on_studio_state)
        studio.sigBackgroundChanged.connect(self._on_studio_background)
        studio.sigUndoChanged.connect(self._on_studio_undo)
        self._on_studio_undo()
        self.retranslate()
        self._panels_built = False
        self._close_asked = False        # "Stop it and quit?" was answered: close on its own
        self._close_timer: QTimer | None = None
        self._ending = False             # the system ends the window: no questions

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's name)
        """Tab and Shift+Tab pass over the panels behind another's tab (W21-10)."""
        return focus_chain.move_focus(next, super().focusNextPrevChild)

    # -- layout -----------------------------------------------------------------------------------
    def _add_dock(self, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
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

    def _build_status_bar(self) -> None:
        # opaque, as the progress line: each new sentence (four a second while a run
        # trains) repainted the window's own background under the bar too (issue 13)
        self.statusBar().setBackgroundRole(QPalette.ColorRole.Window)
        self.statusBar().setAutoFillBackground(True)
        # long sentences: two lines, then "…" and a tooltip (W26-12)
        self.status_label = StatusLineWidget(self, max_lines=2)
        self.status_label.setProperty("role", "status")
        box = SteadyBoxWidget(self.status_label)
        self.statusBar().addWidget(box, 1)   # see the box
        # back to one line once the sentence fits it (the box only grows by itself)
        self.status_label.sigLinesChanged.connect(box.settle)
        self.state_label = QLabel(self)
        self.state_label.setProperty("role", "status")
        self.statusBar().addPermanentWidget(self.state_label)

    def open_workspace_file(self, path: str) -> bool:
        """Open the workspace file ``path`` as File > Open does once a file is chosen: ask
        about unsaved changes first; a file that cannot be read is said in a dialog."""
        if self.workspace is None:
            return False
        return bool(self.workspace.open_replacing(path))

    def attach_workspace(self, controller) -> None:
        """Use ``controller`` (a ``WorkspaceController``) for the File menu; the title
        names its file and shows "*" while the session has changes in no file."""
        self.workspace = controller
        controller.sigFileStateChanged.connect(self._on_workspace_file_state)
        controller.sigViewOpened.connect(self._on_workspace_view_opened)
        controller.recovery.sigCrashRestored.connect(self._on_recovery_crash_restored)
        self._on_workspace_file_state()

    def _on_recovery_crash_restored(self, saved_at: str) -> None:
        """Keep in sight, until closed, that the restored session is what a crash left: a
        status line is missed and goes at the next status (walker32 B35)."""
        self._crash_saved_at = saved_at
        self._show_session_note()

    def _show_session_note(self) -> None:
        from dlstudio.gui.session_recovery import crash_note

        heading, text = crash_note(self._crash_saved_at)
        self.session_note.show_note(heading, [text], error=False)

    def _on_workspace_view_opened(self, ui: dict) -> None:
        """Follow an opened workspace's classroom mode and language where
        ``workspace_view`` says (not remembered for the next start)."""
        from dlstudio.gui.workspace_view import view_to_follow

        follow = view_to_follow(ui, classroom=self.studio.classroom,
                                language=i18n.current_language(),
                                language_chosen=i18n.language_chosen())
        if "classroom" in follow:
            self.set_classroom(True, remember=False)
        if "language" in follow:
            self.set_language(follow["language"], chosen=False)

    def _on_workspace_file_state(self) -> None:
        """One title pattern (W9-18): "<file name or untitled>[*]<second-window mark> —
        dlstudio"; "[*]" shows "*" while the session has changes in no file."""
        path = getattr(self.workspace, "path", None)
        name = path.name if path is not None else self.tr("untitled")
        # another window has the last session; this one's is not restored (W7-7)
        mark = "" if getattr(self.workspace, "owns_session", True) \
            else self.tr(" (second window)")
        self.setWindowTitle(self.tr("%1[*]%2 — dlstudio").replace("%1", name).replace(
            "%2", mark))
        self.setWindowModified(bool(getattr(self.workspace, "modified", False)))

    def drop_loading_notes(self) -> None:
        """The panels are in place: the notes that said they are loading go (one whose
        panel could not be built says so no longer either)."""
        for note in self._loading_notes:
            note.setText("")
        self._loading_notes = []

    def retranslate(self) -> None:
        for note in self._loading_notes:
            note.setText(self.tr("Loading the panels..."))
        self._on_workspace_file_state()
        if not self.run_note.isHidden():
            self.show_run_note()                 # its sentences in the new language
        if not self.session_note.isHidden():
            self._show_session_note()
        self._retranslate_menus()
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
                dock.setWindowTitle(self._panel_title(getattr(dock.widget(), "panel",
                                                              dock.widget())))
        if self.plot_panels:
            from dlstudio.gui.plots import panel_tooltip

            for key, panel in self.plot_panels.items():
                index = self.plot_tabs.indexOf(panel)
                self.plot_tabs.setTabToolTip(index, panel_tooltip(key))   # (before the text:
                self.plot_tabs.setTabText(index, self._plot_title(key))   # it updates rows)
        else:
            self.plot_tabs.setTabText(0, self.tr("Plots"))
            if not self._loading_notes:       # the plots could not be built
                self.plot_tabs.widget(0).setText(self.tr("The live plots appear here."))
        self.run_actions.retranslate()
        self._on_studio_state(self.studio.state)
        tracker = getattr(self, "status_tracker", None)
        if tracker is not None:        # the status sentence in the new language at once
            tracker.refresh(force=True)

    # -- view settings ---------------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        self.studio.set_theme(name)
        theme.apply(QApplication.instance(), name, self.studio.classroom,
                    theme.screen_height(self))
        self.acts[f"theme_{name}"].setChecked(True)
        self.save_setting("theme", name)

    def _on_classroom_toggled(self, on: bool) -> None:
        self.set_classroom(on)

    def set_train_in_process(self, on: bool, remember: bool = True) -> None:
        """Runs train in a child process (Run > Train in a separate process) or on the
        worker's thread; ``remember``: also for the next start. The next run uses it."""
        self.studio.train_in_process = bool(on)
        self.acts["train_in_process"].setChecked(bool(on))
        if on:
            from dlstudio.gui.training_process import start_spare

            start_spare()               # ready by the time the student presses Start
        if remember:
            self.save_setting("train_in_process", bool(on))

    def set_classroom(self, on: bool, remember: bool = True) -> None:
        """Classroom mode on or off; ``remember``: also for the next start (the user's
        choice, not an opened workspace's)."""
        self.studio.set_classroom(on)
        theme.apply(QApplication.instance(), self.studio.theme, on, theme.screen_height(self))
        if self._panels_built:
            self.tidy_dock_tabs()
        self.acts["classroom"].setChecked(on)
        if remember:
            self.save_setting("classroom", on)

    def set_language(self, code: str, chosen: bool = True) -> None:
        """Use language ``code``; ``chosen``: the user chose it (remembered for the next
        start), not an opened workspace."""
        i18n.set_language(code, chosen=chosen)
        self.acts[f"lang_{code}"].setChecked(True)
        if chosen:
            self.save_setting("language", code)

    def save_setting(self, key: str, value: Any) -> None:
        """Remember a user setting for the next start (no-op without settings)."""
        if self.settings is not None:
            self.settings.setValue(key, value)

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
    def _on_studio_message(self, text: str) -> None:
        self._status_is_error = False
        self.status_label.setText(text)

    def _on_studio_session_replaced(self) -> None:
        """Nothing said about the old session stays in the status line (W7-19), nor in
        the note about a session a crash left."""
        self._status_is_error = False
        self.status_label.setText("")
        self.session_note.clear()

    def _on_studio_settings_changed(self) -> None:
        """An error leaves the status bar once the settings change (an undo included): it
        described settings (or a failed run of settings, or data) that no longer exist."""
        if self._status_is_error:
            self._status_is_error = False
            self.status_label.setText("")

    def _on_studio_dataset_failed(self, text: str) -> None:
        """Data that cannot be loaded is said in the Data dock's preview and here, without a
        dialog: it may be a file restored from the last session, no longer in use."""
        self._status_is_error = True
        self.status_label.setText(text.splitlines()[0] if text else "")

    def _on_studio_error(self, text: str) -> None:
        """A run failed by a bug goes to the error dialog (with the log); a setting or a
        file to fix (also when a run failed on it, e.g. missing data) gets a plain box."""
        self._status_is_error = True
        self.status_label.setText(text.splitlines()[0] if text else "")
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

    def _on_studio_state(self, state: str) -> None:
        names = {"idle": self.tr("idle"), "preparing": self.tr("preparing"),
                 "running": self.tr("running"), "paused": self.tr("paused"),
                 "finished": self.tr("finished"), "stopped": self.tr("stopped"),
                 "diverged": self.tr("diverged"), "failed": self.tr("failed")}
        text = names.get(state, state)
        if self.studio.background_running and not self.studio.is_active():
            # a lesson's check trains in the background: not "idle" (walker26 W26-6)
            text = self.tr("checking a lesson step")
        self.state_label.setText(text)
        starting = self.studio.is_active()
        for panel in self.plot_panels.values():
            if hasattr(panel, "set_run_starting"):
                panel.set_run_starting(starting)

    def _on_studio_background(self, _running: bool) -> None:
        self._on_studio_state(self.studio.state)

    def _on_studio_undo(self) -> None:
        self.acts["undo"].setEnabled(self.studio.can_undo())
        self.acts["redo"].setEnabled(self.studio.can_redo())

    def _on_interop_message(self, text: str) -> None:
        self.acts["tensorboard"].setChecked(bool(self.studio.tensorboard_dir))
        self.statusBar().showMessage(text, 10000)

    def _workspace_call(self, method: str) -> None:
        if self.workspace is not None:
            getattr(self.workspace, method)()

    def may_replace_session(self, parts: Collection[str] | None = None) -> bool:
        """Whether the session (its ``parts``: ``WorkspaceController.may_replace``) may be
        replaced (asks about unsaved changes; True when there is no workspace controller)."""
        return self.workspace is None or self.workspace.may_replace(parts)

    # -- closing -------------------------------------------------------------------------------------
    def end_for_system(self) -> None:
        """Close as File > Quit does, without questions: the system ends dlstudio (SIGTERM
        at a logout or shutdown, ``kill``; ``gui/end_signals.py``). Open dialogs are
        cancelled, a run is stopped and kept as Quit keeps it, the session is saved, and
        the next start does not take it for a crash."""
        self._ending = True
        while (dialog := QApplication.activeModalWidget()) is not None and dialog is not self:
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
            if QApplication.activeModalWidget() is dialog:     # it refused: leave it
                break
        # once the dialogs' own event loops have returned
        QTimer.singleShot(0, self.close)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.workspace is not None and not self._close_asked and not self._ending \
                and not self._may_stop_tools():
            event.ignore()
            return
        if self.workspace is not None:
            if self.studio.is_active() and not self._close_asked:
                event.ignore()
                if self._ending or self.workspace.may_close():   # "Stop it and quit?" (W7-14)
                    self._close_when_run_ended()
                return
            if self._close_timer is not None:     # the run ended (or never stopped in time)
                self._close_timer.stop()
                self._close_timer = None
                self.studio.sigRunStateChanged.disconnect(self._on_studio_state_closing)
            self._close_asked = False
            if not self._ending and not self.workspace.may_close_unsaved():   # W7-7
                event.ignore()
                return
        if self.studio.is_active():
            self.status_label.setText(self.tr("Stopping the training before closing..."))
        if self.workspace is not None:
            # ended by the system, a second window keeps its unsaved work's autosave: the
            # next start offers it
            self.workspace.close(keep_unsaved=self._ending)
        self.studio.shutdown(timeout_ms=15000)
        for tab in self.tool_tabs.values():
            if hasattr(tab, "shutdown"):          # panels with their own background worker
                tab.shutdown(5000)
        if self.settings is not None:
            save_dock_state(self, self.settings)
        super().closeEvent(event)

    def _may_stop_tools(self) -> bool:
        """Whether a tool's long job (a hyperparameter search, transfer learning) may stop
        for Quit: at once when none runs, else once the student chose "Stop and quit"
        (W9-19: Quit during a search closed at once and its results were gone)."""
        busy = [tab.busy_text() for tab in self.tool_tabs.values() if hasattr(tab, "busy_text")]
        busy = [text for text in busy if text]
        if not busy:
            return True
        return bool(self.workspace.ask_stop_run(
            self, self.tr("%1 Stop it and quit?").replace("%1", sentences(*busy)),
            self.tr("Its results are not kept: a workspace does not hold them, so they are "
                    "gone when dlstudio closes. Cancel keeps it running.")))

    def _close_when_run_ended(self) -> None:
        """Stop the run and close once it has ended: its last moment then reaches the
        studio, and the final autosave keeps it to continue later. A run that does not stop
        in time (a first kernel compilation) is left behind after ``CLOSE_WAIT_MS``."""
        self._close_asked = True
        self.status_label.setText(self.tr("Stopping the training before closing..."))
        self.studio.sigRunStateChanged.connect(self._on_studio_state_closing)
        self.studio.stop()
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self.close)
        self._close_timer.start(CLOSE_WAIT_MS)

    def _on_studio_state_closing(self, _state: str) -> None:
        if not self.studio.is_active() and self._close_timer is not None:
            self._close_timer.start(0)          # close now, once (the timer closes)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._panels_built:
            # after the empty window has painted, so that it appears at once
            startup_trace.after_next_paint(self, self.build_panels, fallback_ms=1000)
