"""The main window's menu bar: File, Edit, Run, View and Help, and the File menu's dialogs.

``WindowMenusMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) builds the
menus and their actions (``menus``, ``acts``; the run actions are the toolbar's), fills File >
Open recent when it opens, and sets their texts in the current language
(``retranslate_menus``, called by the window's ``retranslate``; the texts keep the
``MainWindow`` translation context). The actions call the window (workspace, view settings,
layouts, start page) and the window's ``InteropController``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from dlstudio.gui import i18n, theme
from dlstudio.gui.lessons.strings import LESSON_KEYS
from dlstudio.gui.widgets.about import PAGE_KEYS, show_about, show_shortcuts

translate = QCoreApplication.translate


class WindowMenusMixin:
    """The main window's menus and File-menu dialogs (mixed into ``MainWindow``)."""

    def build_menus(self) -> None:
        mb = self.menuBar()
        self.menus = {name: mb.addMenu("") for name in ("file", "edit", "run", "view", "help")}
        a = self.acts = {}

        def act(name: str, slot, shortcut=None, menu: str | None = None, checkable=False):
            action = QAction(self)
            action.setObjectName(f"action_{name}")
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setCheckable(checkable)
            action.triggered.connect(slot)
            if menu:
                self.menus[menu].addAction(action)
            a[name] = action
            return action

        act("new", lambda: self.workspace_call("new"), QKeySequence.StandardKey.New, "file")
        act("new_window", self.open_new_window, "Ctrl+Shift+N", "file")
        act("open", self.open_workspace_dialog, QKeySequence.StandardKey.Open, "file")
        self.recent_menu = self.menus["file"].addMenu("")
        self.recent_menu.setObjectName("recent_menu")
        self.recent_menu.setToolTipsVisible(True)          # each file's whole path
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        act("save", lambda: self.workspace_call("save"), QKeySequence.StandardKey.Save, "file")
        act("save_as", lambda: self.workspace_call("save_as_dialog"),
            QKeySequence.StandardKey.SaveAs, "file")
        self.menus["file"].addSeparator()
        act("open_network", lambda: self.workspace_call("open_network_dialog"), None, "file")
        act("save_network", lambda: self.workspace_call("save_network_dialog"), None, "file")
        act("save_trained", self.save_trained_network_dialog, None, "file")
        act("export_metrics", lambda: self.workspace_call("export_metrics_dialog"), None, "file")
        act("open_keras", self.interop.open_keras_dialog, None, "file")
        act("export_network", self.interop.export_dialog, None, "file")
        self.menus["file"].addSeparator()
        act("quit", self.close, QKeySequence.StandardKey.Quit, "file")

        act("undo", self.studio.undo, QKeySequence.StandardKey.Undo, "edit")
        act("redo", self.studio.redo, QKeySequence.StandardKey.Redo, "edit")

        for name in ("start", "pause", "step", "stop", "reset"):
            self.menus["run"].addAction(self.run_actions.actions[name])
            if name == "start":
                self.menus["run"].addAction(self.run_actions.continue_action)
        self.menus["run"].addSeparator()
        act("tensorboard", self.interop.choose_tensorboard_dir, None, "run", checkable=True)
        a["tensorboard"].setChecked(bool(self.studio.tensorboard_dir))
        act("train_in_process", self.set_train_in_process, None, "run", checkable=True)
        a["train_in_process"].setChecked(self.studio.train_in_process)
        self.menus["run"].setToolTipsVisible(True)

        act("classroom", self.set_classroom, "F11", "view", checkable=True)
        self.theme_menu = self.menus["view"].addMenu("")
        group = QActionGroup(self)
        for name in theme.THEMES:
            action = act(f"theme_{name}", lambda _=False, n=name: self.set_theme(n),
                         checkable=True)
            group.addAction(action)
            self.theme_menu.addAction(action)
        self.language_menu = self.menus["view"].addMenu("")
        group = QActionGroup(self)
        for code, label in i18n.LANGUAGES.items():
            action = act(f"lang_{code}", lambda _=False, c=code: self.set_language(c),
                         checkable=True)
            action.setText(label)  # a language's own name is never translated
            group.addAction(action)
            self.language_menu.addAction(action)
        self.menus["view"].addSeparator()
        self.panels_menu = self.menus["view"].addMenu("")
        for dock in self.docks.values():
            self.panels_menu.addAction(dock.toggleViewAction())
        act("lesson_layout", self.use_lesson_layout, LESSON_KEYS["layout"], "view")
        act("standard_layout", self.use_standard_layout, None, "view")
        self.menus["view"].addSeparator()
        # the plot pages from the keyboard, wherever the focus is (walker21 W21-9)
        act("next_page", lambda: self.turn_plot_page(1), PAGE_KEYS["next"], "view")
        act("previous_page", lambda: self.turn_plot_page(-1), PAGE_KEYS["previous"], "view")

        act("start_page", self.show_start_page, None, "help")
        act("tour", self.start_tour, "F1", "help")      # the help one expects on F1 (W38-19)
        self.menus["help"].addSeparator()
        act("shortcuts", lambda: show_shortcuts(self), None, "help")
        act("about", lambda: show_about(self), None, "help")
        self.acts[f"theme_{self.studio.theme}"].setChecked(True)
        self.acts[f"lang_{i18n.current_language()}"].setChecked(True)
        # --classroom or the saved setting: the menu shows the mode the window started in
        self.acts["classroom"].setChecked(bool(self.studio.classroom))

    def turn_plot_page(self, step: int) -> None:
        """View > Next / Previous plot page: the page ``step`` pages after the one shown
        (from the last back to the first)."""
        tabs = self.plot_tabs
        if tabs.count():
            tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())

    def fill_recent_menu(self) -> None:
        """File > Open recent: the workspaces opened or saved last (a file that has gone is
        listed as not found: choosing it says so, ``open_recent_workspace``), the previous
        session when one was kept, then "Clear list"."""
        from dlstudio.gui import recent_files

        menu = self.recent_menu
        menu.clear()
        entries = recent_files.recent_workspaces(self.settings)
        metrics = menu.fontMetrics()
        for number, entry in enumerate(entries, start=1):
            # "&" in a file name is shown, not taken as a shortcut key; a long folder keeps
            # both ends
            name = entry.name.replace("&", "&&")
            folder = metrics.elidedText(entry.folder, Qt.TextElideMode.ElideMiddle,
                                        48 * metrics.averageCharWidth()).replace("&", "&&")
            if entry.exists:
                text = translate("MainWindow", "&%1 %2 — %3").replace(
                    "%1", str(number)).replace("%2", name).replace("%3", folder)
            else:
                text = translate("MainWindow", "%1 (file not found)").replace("%1", name)
            action = menu.addAction(text)
            action.setToolTip(str(entry.path))
            action.triggered.connect(lambda _=False, p=str(entry.path):
                                     self.open_recent_workspace(p))
        if not entries:
            menu.addAction(translate("MainWindow", "No recent workspaces")).setEnabled(False)
        recovery = getattr(self.workspace, "recovery", None)
        kept = recovery.previous_session_path() if recovery is not None else None
        if kept is not None:        # where the status line says it is (W8-14 c)
            from dlstudio.gui.session_recovery import saved_at_text

            menu.addSeparator()
            previous = menu.addAction(translate(
                "MainWindow", "Previous session (autosaved at %1)").replace(
                "%1", saved_at_text(kept)))
            previous.setObjectName("action_previous_session")
            previous.setToolTip(translate(
                "MainWindow", "The session dlstudio kept when it last started without it "
                "(with a workspace file, a preset or --fresh)"))
            previous.triggered.connect(recovery.open_previous_session)
        menu.addSeparator()
        clear = menu.addAction(translate("MainWindow", "Clear list"))
        clear.setObjectName("action_clear_recent")
        clear.setEnabled(bool(entries))
        clear.triggered.connect(lambda: recent_files.clear_recent(self.settings))

    def save_trained_network_dialog(self) -> bool:
        """File > Save trained network (.dlsnet)."""
        from dlstudio.gui.trained_network import save_trained_network_dialog

        return save_trained_network_dialog(self, self.studio, self.settings)

    def open_new_window(self) -> bool:
        """File > New window: dlstudio started again, as from the command line
        (``gui/new_window.py``); it starts fresh, this window keeps the session."""
        from dlstudio.gui.new_window import start_new_window

        started = start_new_window()
        self.status_label.setText(
            translate("MainWindow", "A new dlstudio window is starting; it opens with a fresh "
                      "workspace (this window keeps your session).") if started else
            translate("MainWindow", "A new dlstudio window could not be started."))
        return started

    def open_workspace_dialog(self) -> None:
        """File > Open workspace (asks about unsaved changes, then the file dialog)."""
        self.workspace_call("open_dialog")

    def open_recent_workspace(self, path: str) -> bool:
        """Open the recent workspace ``path``; when its file has gone, say where it was and
        offer to remove it from the list or to look for it (W9-15)."""
        from dlstudio.gui import file_choice, recent_files

        if Path(path).is_file():
            return self.open_workspace_file(path)
        answer = file_choice.ask_missing_recent(self, path)
        if answer == "remove":
            recent_files.remove_recent(self.settings, path)
        elif answer == "open":
            self.open_workspace_dialog()
        return False

    def retranslate_menus(self) -> None:
        """The menus' titles, actions and tooltips in the current language."""
        titles = {"file": translate("MainWindow", "&File"),
                  "edit": translate("MainWindow", "&Edit"),
                  "run": translate("MainWindow", "&Run"),
                  "view": translate("MainWindow", "&View"),
                  "help": translate("MainWindow", "&Help")}
        for name, menu in self.menus.items():
            menu.setTitle(titles[name])
        texts = {
            "new": translate("MainWindow", "New workspace"),
            "open": translate("MainWindow", "Open workspace..."),
            "new_window": translate("MainWindow", "New window"),
            "save": translate("MainWindow", "Save workspace"),
            "save_as": translate("MainWindow", "Save workspace as..."),
            "open_network": translate("MainWindow", "Open network JSON..."),
            "save_network": translate("MainWindow", "Save network JSON..."),
            "save_trained": translate("MainWindow", "Save trained network (.dlsnet)..."),
            "export_metrics": translate("MainWindow", "Export run metrics (CSV)..."),
            "open_keras": translate("MainWindow", "Open Keras model..."),
            "export_network": translate("MainWindow",
                                        "Export network to PyTorch, Keras or ONNX..."),
            "tensorboard": translate("MainWindow", "Write TensorBoard logs..."),
            "train_in_process": translate("MainWindow", "Train in a separate process"),
            "quit": translate("MainWindow", "Quit"),
            "undo": translate("MainWindow", "Undo network edit"),
            "redo": translate("MainWindow", "Redo network edit"),
            "classroom": translate("MainWindow", "Classroom mode"),
            "theme_light": translate("MainWindow", "Light"),
            "theme_dark": translate("MainWindow", "Dark"),
            "shortcuts": translate("MainWindow", "Keyboard shortcuts"),
            "about": translate("MainWindow", "About dlstudio"),
            "lesson_layout": translate("MainWindow", "Lesson layout"),
            "start_page": translate("MainWindow", "Lessons and start page..."),
            "tour": translate("MainWindow", "Tour of the window"),
            "standard_layout": translate("MainWindow", "Standard layout"),
            "next_page": translate("MainWindow", "Next plot page"),
            "previous_page": translate("MainWindow", "Previous plot page"),
        }
        for name, text in texts.items():
            self.acts[name].setText(text)
        self.acts["lesson_layout"].setToolTip(translate(
            "MainWindow",
            "The lesson text beside the plots; the other panels become tabs next to it"))
        self.acts["standard_layout"].setToolTip(translate(
            "MainWindow",
            "Network editor on the left, plots in the middle, settings on the right"))
        self.acts["save_trained"].setToolTip(translate(
            "MainWindow", "The network with its trained weights, for Draw a digit, Transfer "
            "or the terminal (dlstudio evaluate)"))
        self.acts["classroom"].setToolTip(translate(
            "MainWindow", "Larger text and thicker lines for a projector"))
        self.acts["train_in_process"].setToolTip(translate(
            "MainWindow", "Runs train in a process of their own, so that drawing the plots "
            "does not slow them down"))
        self.recent_menu.setTitle(translate("MainWindow", "Open recent"))
        self.theme_menu.setTitle(translate("MainWindow", "Theme"))
        self.language_menu.setTitle(translate("MainWindow", "Language"))
        self.panels_menu.setTitle(translate("MainWindow", "Panels"))
