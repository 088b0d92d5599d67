"""Building and wiring the panels the main window hosts.

``PanelHostMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) creates the
panels that need the engine once the window has shown: the network editor and the data,
training, compare and lesson controls (docks), the live plots (central tabs, redrawn by one
``PlotRefresher``) and, as further central tabs, the optimizer playground, hyperparameter
search and transfer learning. It
hands the outcome plots the studio's trained networks and validation data, and runs the
status line that explains telemetry in words. Tool panels that work on the studio's
network (``TOOL_TABS``: the step debugger, the loss landscape, draw a digit) become central
tabs beside the plots. What the note above the plots says after a run is
``gui/run_end_note.py``.
"""
from __future__ import annotations

import importlib
import logging
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from dlstudio.gui.run_end_note import comparison_to_train_on, run_end_note

log = logging.getLogger(__name__)

#: run states that end a run: the plots then draw everything pending at once
RUN_ENDS = ("finished", "stopped", "diverged", "failed")
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
        self.tidy_dock_tabs()
        self.remember_standard_layout()
        from dlstudio.gui.widgets.focus import take_frames_out_of_tab_chain

        take_frames_out_of_tab_chain(self)     # Tab stops at controls only (W8-11)
        QTimer.singleShot(0, self._make_plot_colors)

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
        self._build_status_tracker()
        self.studio.sigRunStarted.connect(self.run_note.clear)
        self.run_note.sigAction.connect(self.studio.continue_run)
        self.studio.store.sigCleared.connect(self.run_note.clear)
        self.studio.store.sigCleared.connect(self._on_store_cleared)
        # curves whose trained weights are not here (an edit after the run, damaged weights)
        self.studio.sigNetworkChanged.connect(self._on_studio_curves)
        self.studio.sigWeightsChanged.connect(self._on_studio_curves)
        # raising Epochs after a finished run offers to train it on (W9-1)
        self.studio.sigTrainChanged.connect(self._on_studio_curves)
        self._on_studio_curves()
        for signal in (self.studio.sigNetworkChanged, self.studio.sigWeightsChanged,
                       self.studio.sigRunStateChanged):
            signal.connect(self._say_untrained)

    def _build_status_tracker(self) -> None:
        """The status line explains the newest telemetry in words (vanishing gradients...)."""
        try:
            from dlstudio.gui.plots.status import StatusTracker
        except ImportError:
            return
        self.status_tracker = StatusTracker(self.studio.store, self)
        self.status_tracker.sigStatusChanged.connect(self._on_status_changed)
        self.studio.sigPreflight.connect(self._on_studio_preflight)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(250)
        self._status_timer.timeout.connect(self.status_tracker.refresh)
        self._status_timer.start()

    # The studio's signals go to bound methods of the window, never to closures over it: the
    # studio keeps a closure alive (and what it captured), so a window closed before its
    # studio would live on, with every plot page, for as long as the studio does.
    def _connect_units_panel(self, panel: QWidget) -> None:
        """The Units panel offers the network's layers and sets the one telemetry follows,
        and the unit it follows over time (``telemetry.unit_index``, saved in workspaces)."""
        self._units_panel = panel
        self.studio.sigNetworkChanged.connect(self._offer_unit_layers)
        self.studio.sigTrainChanged.connect(self._offer_unit_layers)
        panel.sigUnitLayerChosen.connect(self._choose_unit_layer)
        panel.sigUnitChosen.connect(self._choose_unit)
        self._offer_unit_layers()

    def _offer_unit_layers(self, *_: object) -> None:
        spec = self.studio.network_spec
        telemetry = self.studio.train_spec.telemetry
        self._units_panel.set_layer_names(list(spec.layer_names()), telemetry.unit_layer)
        self._units_panel.set_unit(telemetry.unit_index)

    def _choose_unit(self, index: int) -> None:
        self.studio.set_train_spec(self.studio.train_spec.replace(
            telemetry={"unit_index": index}))

    def _choose_unit_layer(self, index) -> None:
        self.studio.set_train_spec(self.studio.train_spec.replace(
            telemetry={"unit_layer": index}))
        self._show_trained_units(index)

    def _show_trained_units(self, index) -> None:
        """A layer chosen after a finished run: the page shows its units on each variant's
        trained network now (one pass over the validation batch), not only from the next
        Start, which trains a new network from step 0 (walker22 W22-5): also after a run
        that followed another layer, after an A/B run, and after a run restored when
        dlstudio closed during it (walker23 W23-12)."""
        from dlstudio.gui.trained_network import resumed_network
        from dlstudio.gui.trained_units import trained_unit_fields
        from dlstudio.training.telemetry import SINGLE_RUN

        studio, store = self.studio, self.studio.store
        dataset = studio.dataset
        if index is None or studio.is_active() or dataset is None:
            return
        for variant in store.variants():
            if studio.shown_weights(variant) is not None:
                network = studio.network_for(variant) \
                    if studio.trained_on(variant) == dataset.spec else None
            else:           # restored after dlstudio closed during the run (W23-12)
                network = resumed_network(studio) \
                    if variant == SINGLE_RUN and studio.data_spec == dataset.spec else None
            if network is None:
                continue
            fields = trained_unit_fields(network, dataset, index, studio.train_spec.telemetry)
            last = store.latest(variant, live=True)
            if fields is not None and last is not None:
                self._units_panel.show_trained(variant, index, fields, last.step)

    def _connect_saturation_margin(self, panel: QWidget) -> None:
        """The Activations panel's saturation margin is the training spec's
        ``telemetry.saturation_margin`` (saved in workspaces; a running run follows it)."""
        self._activations_panel = panel
        self.studio.sigTrainChanged.connect(self._offer_saturation_margin)
        panel.sigSaturationMarginChosen.connect(self._choose_saturation_margin)
        self._offer_saturation_margin()

    def _offer_saturation_margin(self, *_: object) -> None:
        self._activations_panel.set_saturation_margin(
            self.studio.train_spec.telemetry.saturation_margin)

    def _choose_saturation_margin(self, margin: float) -> None:
        self.studio.set_train_spec(self.studio.train_spec.replace(
            telemetry={"saturation_margin": margin}))

    def _on_studio_preflight(self, result) -> None:
        from dlstudio.gui.preflight_check import status_note

        self.status_tracker.set_note(status_note(result))

    def _on_status_changed(self, text: str) -> None:
        from dlstudio.gui.plots.status import run_end_findings

        scale = self.input_scale_note()
        if scale and text and not self.studio.is_active() \
                and run_end_findings(self.studio.store):
            text = f"{scale} · {text}"     # the cause of what the run found (W8-13)
        note = self.studio.curves_note()
        if note:       # first: the curves' sentence would read as the network's
            text = f"{note} · {text}" if text else note
        if text:
            self.status_label.setText(text)

    def _on_store_cleared(self) -> None:
        """The curves went (a new run, Reset weights, a lesson step's new network): so does
        the status line's sentence about them (a run's verdict, a diagnosis)."""
        self.status_label.setText("")

    def _on_studio_curves(self, *_: object) -> None:
        """Say on the page and in the status line when the curves' trained weights are not
        the ones the pages draw (``Studio.curves_note``); take the sentence back after."""
        if self.studio.is_active():
            return
        if self.studio.curves_note() or not self.run_note.isHidden() \
                or self.studio.resume_point() is not None or comparison_to_train_on(self.studio):
            self.show_run_note()
        tracker = getattr(self, "status_tracker", None)
        if tracker is not None:
            tracker.refresh(force=True)
            self._on_status_changed(tracker.text)

    def _on_studio_scrubbed(self, _step: int) -> None:
        self.refresher.draw_all_soon()

    def _on_studio_run_state(self, state: str) -> None:
        self.refresher.set_training(state in ("preparing", "running"))
        if state in RUN_ENDS:
            self.refresher.draw_run_end()
            self.show_run_note()
            if state != "failed" and self.input_scale_note():
                # after the studio's own end sentence, which it says right after this
                QTimer.singleShot(0, self._say_status_again)
        elif state == "preparing":          # a run starts or continues: the note was its end's
            self.run_note.clear()

    def show_run_note(self) -> None:
        """Above the plots, in full, what the run's end is worth saying
        (``run_end_note``); hidden when all went well."""
        note = run_end_note(self.studio, self.input_scale_note)
        self.run_note.set_action(note.action)
        self.run_note.show_note(note.heading, note.lines, error=note.error, aside=note.aside)

    def _say_status_again(self) -> None:
        tracker = getattr(self, "status_tracker", None)
        if tracker is not None and not self.studio.is_active():
            tracker.refresh(force=True)
            self._on_status_changed(tracker.text)

    def input_scale_note(self) -> str:
        """Why the first layer starts saturated or dead when the loaded training inputs are
        far from unit scale (``data.preprocess.large_inputs``), in the window's language;
        "" otherwise. Judged once per loaded dataset."""
        from dlstudio.gui.i18n import render

        dataset = self.studio.dataset
        if dataset is None:
            return ""
        judged = self._judge_input_scale(dataset)
        return render(judged) if judged is not None else ""

    def _judge_input_scale(self, dataset):
        """``large_inputs`` of ``dataset``'s training inputs, judged once per dataset: when
        it is loaded (``_on_studio_dataset_ready``), not at a run's first status line."""
        from dlstudio.data.preprocess import large_inputs

        kept = getattr(self, "_input_scale", None)
        if kept is None or kept[0] is not dataset:
            kept = self._input_scale = (dataset, large_inputs(dataset.x_train))
        return kept[1]

    def _on_studio_appearance(self) -> None:
        self.refresher.set_classroom(self.studio.classroom)
        playground = self.tool_tabs.get("playground")
        if playground is not None:          # built without the studio: told here (W9-12)
            playground.set_classroom(self.studio.classroom)

    def _connect_plot_panel(self, panel: QWidget) -> None:
        """Give panels that can use them the studio's trained networks and dataset."""
        if hasattr(panel, "sigUnitLayerChosen"):
            self._connect_units_panel(panel)
        if hasattr(panel, "sigSaturationMarginChosen"):
            self._connect_saturation_margin(panel)
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
        return lambda: studio.network_for(variant)

    def _on_studio_dataset_ready(self, dataset) -> None:
        """Outcome plots evaluate on the validation split (the training split if empty); the
        inputs' scale is judged now, before a run's status lines ask for it."""
        self._judge_input_scale(dataset)
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
