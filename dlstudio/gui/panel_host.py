"""Building and wiring the panels the main window hosts.

``PanelHostMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) creates the
panels that need the engine once the window has shown: the network editor and the data,
training, compare and lesson controls (docks), the live plots (central tabs, redrawn by one
``PlotRefresher``) and, as further central tabs, the optimizer playground, hyperparameter
search and transfer learning. It
hands the outcome plots the studio's trained networks and validation data. Tool panels that
work on the studio's network (``TOOL_TABS``: the step debugger, the loss landscape, draw a
digit) become central tabs beside the plots. What the window says in words about the run
(the status line's sentence, the note above the plots) is ``gui/window_findings.py``; the
Units and Activations pages' choices that are training settings, ``gui/telemetry_choices.py``.
"""
from __future__ import annotations

import importlib
import logging
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from dlstudio.gui.plots.outcome_provider import NetworkCannotRun
from dlstudio.gui.window_findings import RUN_ENDS

log = logging.getLogger(__name__)

#: central tabs of the studio's own tools beyond the plots: (key, module, class), each built
#: as ``cls(studio)`` and titled by its window title
TOOL_TABS = (("debugger", "dlstudio.gui.debugger", "StepDebuggerPanel"),
             ("landscape", "dlstudio.gui.landscape", "LandscapePanel"),
             ("draw", "dlstudio.gui.drawing", "DrawDigitPanel"))


def _scrolling(panel: QWidget) -> QScrollArea:
    """Wrap a wide panel so that its dock (tabbed with the narrow ones) can stay narrow."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(panel)
    area.setWindowTitle(panel.windowTitle())
    area.panel = panel
    return area


class PanelHostMixin:
    """Panel construction for ``MainWindow`` (uses its docks, tabs and studio)."""

    #: the panels that need the engine are built (``build_panels``)
    _panels_built = False

    @property
    def panels_built(self) -> bool:
        """Whether the panels that need the engine are built (``build_panels``)."""
        return self._panels_built

    def build_panels(self) -> None:
        """Create the panels that need the engine (called right after the window shows)."""
        if self._panels_built:
            return
        self._panels_built = True
        self._set_dock_panel("network", "dlstudio.gui.editor", "NetworkEditorPanel")
        self._set_dock_panel("data", "dlstudio.gui.data", "DataPanel")
        self._set_dock_panel("training", "dlstudio.gui.training", "TrainingPanel")
        self._set_dock_panel("compare", "dlstudio.gui.training.compare", "ComparePanel")
        self._build_plot_tabs()
        self._build_lesson_docks()
        self._build_tool_panels()
        self.drop_loading_notes()
        self.progress.set_panels_ready()
        self.retranslate()
        self.resize_docks_to_defaults()
        self.fold_side_columns()
        self.tidy_dock_tabs()
        QTimer.singleShot(0, self, self.widen_docks_for_their_tabs)
        self.remember_standard_layout()
        from dlstudio.gui.widgets.focus import take_frames_out_of_tab_chain

        take_frames_out_of_tab_chain(self)     # Tab stops at controls only (W8-11)
        QTimer.singleShot(0, self, self._make_plot_colors)

    def _make_plot_colors(self) -> None:
        """The layer pages' colours are worked out once idle after start-up, not in the first
        run (``style.make_depth_colors``)."""
        from dlstudio.gui.plots import style

        style.make_depth_colors()

    def _set_dock_panel(self, dock: str, module: str, cls_name: str) -> None:
        panel = self._make(module, cls_name, lambda cls: cls(self.studio))
        if panel is not None:
            self.docks[dock].setWidget(panel)

    def _make(self, module: str, cls_name: str, build: Callable[[Any], QWidget]):
        try:
            cls = getattr(importlib.import_module(module), cls_name)
        except (ImportError, AttributeError):
            log.info("panel %s.%s is not available", module, cls_name, exc_info=True)
            return None
        return build(cls)

    def _build_plot_tabs(self) -> None:
        """Tabs from ``dlstudio.gui.plots.PANELS`` ((key, title, class) built on the store),
        redrawn by one ``PlotRefresher`` timer."""
        try:
            plots = importlib.import_module("dlstudio.gui.plots")
            table = list(plots.PANELS)
        except Exception:
            log.warning("plot panels are not available", exc_info=True)
            return
        while self.plot_tabs.count():        # the "plots appear here" placeholder goes
            page = self.plot_tabs.widget(0)
            self.plot_tabs.removeTab(0)
            page.deleteLater()
        self.refresher = plots.PlotRefresher(parent=self)
        self._outcome_panels: list[QWidget] = []
        self._untrained_panels: list[QWidget] = []
        self._preflight_panels: list[QWidget] = []
        for key, _title, cls in table:
            try:
                panel = cls(self.studio.store)
            except Exception:
                log.warning("plot panel %s failed to build", key, exc_info=True)
                continue
            self._connect_plot_panel(panel)
            self.plot_panels[key] = panel
            self.plot_tabs.addTab(panel, key)
            self.refresher.add(panel)
        self.refresher.set_classroom(self.studio.classroom)
        self.studio.sigAppearanceChanged.connect(self._on_studio_appearance)
        self.studio.sigRunStateChanged.connect(self._on_studio_run_state)
        # a scrub or Live shows its step complete at the next tick (walker12 W12-10)
        self.studio.sigScrubbed.connect(self._on_studio_scrubbed)
        self.refresher.start()
        self.studio.sigDatasetReady.connect(self._on_studio_dataset_ready)
        self.build_findings()
        for signal in (self.studio.sigNetworkChanged, self.studio.sigWeightsChanged,
                       self.studio.sigRunStateChanged):
            signal.connect(self._say_untrained)

    def _on_studio_scrubbed(self, _step: int) -> None:
        self.refresher.draw_all_soon()

    def _on_studio_run_state(self, state: str) -> None:
        self.refresher.set_training(state in ("preparing", "running"))
        if state in RUN_ENDS:
            self.refresher.draw_run_end()
        self.tell_run_state(state)

    def _on_studio_appearance(self) -> None:
        self.refresher.set_classroom(self.studio.classroom)
        playground = self.tool_tabs.get("playground")
        if playground is not None:          # built without the studio: told here (W9-12)
            playground.set_classroom(self.studio.classroom)

    # The studio's signals go to bound methods of the window, never to closures over it: the
    # studio keeps a closure alive (and what it captured), so a window closed before its
    # studio would live on, with every plot page, for as long as the studio does.
    def _connect_plot_panel(self, panel: QWidget) -> None:
        """Give panels that can use them the studio's trained networks and dataset."""
        if hasattr(panel, "sigUnitLayerChosen"):
            self.connect_units_panel(panel)
        if hasattr(panel, "sigSaturationMarginChosen"):
            self.connect_saturation_margin(panel)
        if hasattr(panel, "set_preflight"):      # the last "Check before training"
            self.studio.sigPreflight.connect(panel.set_preflight)
            self.studio.sigLessonLeft.connect(panel.start_afresh)
            if self.studio.preflight is not None:
                panel.set_preflight(self.studio.preflight)
        if hasattr(panel, "set_variant_preflights"):   # every variant's check, named
            if not self._preflight_panels:
                for signal in (self.studio.sigPreflight, self.studio.sigVariantPreflight,
                               self.studio.sigVariantsChanged, self.studio.sigNetworkChanged,
                               self.studio.sigTrainChanged):
                    signal.connect(self._tell_variant_preflights)
            self._preflight_panels.append(panel)
            self._tell_variant_preflights()
        if hasattr(panel, "set_network_getter"):
            for name in "ABCD":
                panel.set_network_getter(self._network_getter(name), name)
        if hasattr(panel, "set_untrained"):   # the network drawn is not the run's (W15-14)
            self._untrained_panels.append(panel)
            panel.set_untrained(self.studio.untrained_since_run())
        if hasattr(panel, "set_dataset"):
            self._outcome_panels.append(panel)
            if self.studio.dataset is not None:
                self._on_studio_dataset_ready(self.studio.dataset)

    def _say_untrained(self, *_: object) -> None:
        untrained = self.studio.untrained_since_run()
        for panel in self._untrained_panels:
            panel.set_untrained(untrained)

    def _tell_variant_preflights(self, *_: object) -> None:
        """The pre-flight pages learn every variant's check and its name ("A (Glorot
        normal)", as the lesson tags it)."""
        results, names = self.studio.variant_preflights(), self.studio.variant_names()
        for panel in self._preflight_panels:
            panel.set_variant_preflights(results, names)

    def _network_getter(self, variant: str):
        studio = self.studio

        def get():
            net = studio.network_for(variant)
            if net is None:
                problem = network_problem(studio, variant)
                if problem:      # it cannot be built: say why, instead of waiting for ever
                    raise NetworkCannotRun(problem)   # (walker37 W37-26)
            return net
        return get

    def _on_studio_dataset_ready(self, dataset) -> None:
        """Outcome plots evaluate on the validation split (the training split if empty); the
        inputs' scale is judged now, before a run's status lines ask for it."""
        self.judge_input_scale(dataset)
        x, y = dataset.x_val, dataset.y_val
        if len(x) == 0:
            x, y = dataset.x_train, dataset.y_train
        names = list(getattr(dataset.info, "class_names", ()) or ()) or None
        for panel in self._outcome_panels:
            panel.set_dataset(x, y, names)

    def plot_title(self, key: str) -> str:
        """The tab title of the plot panel ``key`` in the current language."""
        try:
            from dlstudio.gui.plots import panel_title

            return panel_title(key)
        except (ImportError, KeyError):
            return key

    def _build_lesson_docks(self) -> None:
        try:
            lessons = importlib.import_module("dlstudio.gui.lessons")
        except ImportError:
            return
        for cls in getattr(lessons, "PANELS", ()):
            panel = cls(self.studio)
            if hasattr(panel, "may_change_lesson"):     # unsaved work: asked first
                panel.may_change_lesson = self.may_replace_session
                panel.may_apply_step = self.may_replace_session
            key = getattr(panel, "panel_name", None) or type(panel).__name__
            dock = self.add_dock(key, Qt.DockWidgetArea.RightDockWidgetArea)
            dock.setWidget(_scrolling(panel))
            self.tabifyDockWidget(self.docks["compare"], dock)
            self.panels_menu.addAction(dock.toggleViewAction())

    def _build_tool_panels(self) -> None:
        """The optimizer playground, the tool tabs (``TOOL_TABS``), hyperparameter search
        and transfer learning: central tabs beside the plots (they are wide, with plots of
        their own; a dock column would make them scroll sideways)."""
        playground = self._make("dlstudio.gui.playground", "PlaygroundPanel", lambda cls: cls())
        if playground is not None:
            self.tool_tabs["playground"] = playground
            self.plot_tabs.addTab(playground, "")
            if self.studio.classroom:
                playground.set_classroom(True)
        for key, module, cls_name in TOOL_TABS:
            panel = self._make(module, cls_name, lambda cls: cls(self.studio))
            if panel is not None:
                self._add_tool_tab(key, panel)
        for key, module, cls_name in (("search", "dlstudio.gui.search", "SearchPanel"),
                                      ("transfer", "dlstudio.gui.transfer", "TransferPanel")):
            panel = self._make(module, cls_name, lambda cls: cls(self.studio))
            if panel is not None:
                if hasattr(panel, "may_replace_network"):   # unsaved work: asked first
                    panel.may_replace_network = self.may_replace_session
                self.tool_tabs[key] = panel
                self.plot_tabs.addTab(panel, "")
        # the tools get a row of their own, led by the check before training (it draws no
        # live telemetry; beside the live plots it wrapped onto a row of its own at 1366 px)
        first_tool = self.plot_panels.get("preflight") or \
            self.plot_tabs.widget(len(self.plot_panels))
        if first_tool is not None and hasattr(self.plot_tabs, "start_row_at"):
            self.plot_tabs.start_row_at(first_tool)
        self.docks["training"].raise_()

    def _add_tool_tab(self, key: str, panel: QWidget) -> None:
        """A central tab titled by the panel's (translated) window title."""
        self.tool_tabs[key] = panel
        self.plot_tabs.addTab(panel, panel.windowTitle())
        panel.windowTitleChanged.connect(
            lambda title, p=panel: self.plot_tabs.setTabText(self.plot_tabs.indexOf(p), title))

    @staticmethod
    def dock_title(panel: QWidget) -> str:
        """The title of a dock holding ``panel``: its ``title``, else its window title."""
        title = getattr(panel, "title", None)
        title = title() if callable(title) else title
        return str(title or panel.windowTitle() or type(panel).__name__)


def network_problem(studio: Any, variant: str) -> str:
    """The first problem of ``variant``'s network spec, as the Network panel says it (in
    the window's language), or "" when it has none (or there is no such variant)."""
    from dlstudio.engine.validation import check
    from dlstudio.gui.i18n import render

    spec = next((v.network_spec for v in studio.variants if v.name == variant), None)
    if spec is None:
        return ""
    problems = check(spec).problems
    return render(problems[0].describe()) if problems else ""
