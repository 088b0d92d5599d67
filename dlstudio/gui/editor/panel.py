"""The network editor panel: presets, input shape, palette + layer stack, properties, and tabs
with whole-network switches, the summary table and the diagram.

Bound both ways to ``Studio.network_spec``: every edit becomes ``studio.set_network_spec``
(undoable), and ``sigNetworkChanged`` refreshes every view with its signals blocked.
"""
from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter,
                               QStyle, QTabWidget, QToolButton, QVBoxLayout, QWidget)

from dlstudio.gui import theme
from dlstudio.gui.i18n import render
from dlstudio.gui.run_problems import activation_problem, output_problem
from dlstudio.gui.editor.diagram import NetworkDiagramWidget
from dlstudio.gui.editor.input_note import InputNoteWidget
from dlstudio.gui.editor.layer_stack import LayerStackWidget
from dlstudio.gui.editor.preset_box import PresetBoxWidget
from dlstudio.gui.editor.palette import LayerPaletteWidget
from dlstudio.gui.editor.properties import LayerPropertiesWidget
from dlstudio.gui.editor.summary import NetworkSummaryWidget
from dlstudio.gui.editor.toggles import NetworkTogglesWidget
from dlstudio.gui.editor.trained_state import trained_state
from dlstudio.gui.widgets.param_form import IntsEdit
from dlstudio.gui.widgets.retranslate import RetranslateMixin

log = logging.getLogger(__name__)


class NetworkEditorPanel(RetranslateMixin, QWidget):
    """Assemble and edit the network of a ``Studio``."""

    panel_name = "network"

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.setObjectName("network_editor")
        self.preset_label = QLabel(self)
        self.preset = PresetBoxWidget(studio, self)
        style = self.style()
        self.undo_button = QToolButton(self)
        self.undo_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.undo_button.clicked.connect(studio.undo)
        self.redo_button = QToolButton(self)
        self.redo_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self.redo_button.clicked.connect(studio.redo)

        self.input_label = QLabel(self)
        self.input_shape = IntsEdit(self)
        self.input_shape.setObjectName("input_shape")
        self.input_shape.sigEdited.connect(self._on_input_shape_edited)
        #: the data's examples have another shape: said, with a button that matches them
        self.input_note = InputNoteWidget(studio, self)
        self.network_problem = QLabel(self)
        self.network_problem.setWordWrap(True)
        self.network_problem.setProperty("role", "problem")
        #: shown while a run trains the network as it was before the student's edits
        self.run_note = QLabel(self)
        self.run_note.setObjectName("network_run_note")
        self.run_note.setWordWrap(True)
        self.run_note.setProperty("role", "hint")
        self.run_note.setVisible(False)

        self.palette_view = LayerPaletteWidget(self)
        self.stack = LayerStackWidget(self)
        #: move the selected layer without drag and drop (the stack's actions: text, tip, state);
        #: made before the check button below them, as Tab goes in the order widgets are
        #: made: list, Up, Down, Check (Up and Down came after Check: walker33 W33-14)
        self.move_up_button = self._move_button(self.stack.move_up_action,
                                                QStyle.StandardPixmap.SP_ArrowUp)
        self.move_down_button = self._move_button(self.stack.move_down_action,
                                                  QStyle.StandardPixmap.SP_ArrowDown)
        #: runs the pre-flight check; its verdict shows on the layers until the network changes
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("preflight_button")
        self.check_button.clicked.connect(studio.check_network)
        self.properties = LayerPropertiesWidget()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.properties)
        self.toggles = NetworkTogglesWidget()
        toggles_scroll = QScrollArea(self)
        toggles_scroll.setWidgetResizable(True)
        toggles_scroll.setWidget(self.toggles)
        self.summary_view = NetworkSummaryWidget(studio, self)
        #: the table of the network chosen above it (A unless the student picks a variant)
        self.summary = self.summary_view.table
        self.diagram = NetworkDiagramWidget(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(toggles_scroll, "")
        self.tabs.addTab(self.summary_view, "")
        self.tabs.addTab(self.diagram, "")

        top = QHBoxLayout()
        top.addWidget(self.preset_label)
        top.addWidget(self.preset, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        shape_row = QHBoxLayout()
        shape_row.addWidget(self.input_label)
        shape_row.addWidget(self.input_shape, 1)
        upper = QWidget(self)
        lists = QHBoxLayout(upper)
        lists.setContentsMargins(0, 0, 0, 0)
        lists.addWidget(self.palette_view)
        stack_column = QVBoxLayout()
        stack_column.setContentsMargins(0, 0, 0, 0)
        stack_column.addWidget(self.stack, 1)
        # Up/Down on their own row: beside the check button they widened the dock and cut
        # the plot titles at 1920 classroom (walker6 W6-29)
        moves = QHBoxLayout()
        # the two buttons close together: at the style's default gap they were still 3 px
        # wider than anything else in the column (light and dark themes, 9-pt font)
        moves.setSpacing(1)
        moves.addWidget(self.move_up_button)
        moves.addWidget(self.move_down_button)
        moves.addStretch(1)
        stack_column.addLayout(moves)
        stack_column.addWidget(self.check_button)
        # what is wrong with the network, and the note while a run trains, under the layers:
        # above the palette, the first layer added took the "no layers" line away and the
        # palette moved up a row under the mouse, so the next double-click added the layer
        # of the row below (W16-21)
        stack_column.addWidget(self.network_problem)
        stack_column.addWidget(self.run_note)
        lists.addLayout(stack_column, 1)
        self.split = split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(upper)
        split.addWidget(self.tabs)
        # the layer stack gets most of the height (a deep network's layers and their
        # pre-flight badges); the settings below scroll
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addLayout(shape_row)
        lay.addWidget(self.input_note)
        lay.addWidget(split, 1)

        self.palette_view.sigAddRequested.connect(self.stack.insert_type)
        self.stack.sigSpecEdited.connect(self._on_spec_edited)
        self.stack.sigSelected.connect(self._show_selected)
        # only a selection the user makes brings the Layer settings tab forward; the stack's
        # refresh after an edit (e.g. from the Whole network tab) leaves the tab alone
        self.stack.currentRowChanged.connect(self._on_stack_row_changed)
        self.properties.sigLayerEdited.connect(self._on_layer_edited)
        self.toggles.sigSpecEdited.connect(self._on_spec_edited)
        studio.sigNetworkChanged.connect(self.refresh)
        studio.sigDataChanged.connect(self.refresh)          # the output layer's classes
        studio.sigTrainChanged.connect(self.refresh)         # ... and its loss (W38-9)
        studio.sigDatasetReady.connect(self.refresh)
        studio.sigRunStateChanged.connect(self._show_run_note)
        studio.sigRunStateChanged.connect(self._show_trained_state)
        studio.store.sigCleared.connect(self._show_trained_state)    # reset, opened workspace
        studio.sigPreflight.connect(self.stack.set_preflight)
        studio.sigUndoChanged.connect(self._on_studio_undo)
        self.rows = []
        self.retranslate()
        self.refresh()
        self._on_studio_undo()

    def _move_button(self, action, icon) -> QToolButton:
        button = QToolButton(self)
        action.setIcon(self.style().standardIcon(icon))
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    # -- translation ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.preset_label.setText(self.tr("Preset"))
        self.undo_button.setToolTip(self.tr("Undo network edit (Ctrl+Z)"))
        self.redo_button.setToolTip(self.tr("Redo network edit (Ctrl+Shift+Z)"))
        self.input_label.setText(self.tr("Input shape"))
        self.input_shape.setToolTip(self.tr("The size of one example: [2] for points in the "
                                            "plane, [28, 28, 1] for a grey 28x28 image."))
        for i, text in enumerate((self.tr("Layer settings"), self.tr("Whole network"),
                                  self.tr("Summary"), self.tr("Diagram"))):
            self.tabs.setTabText(i, text)
        self.palette_view.setToolTip(self.tr("Layer kinds: double-click one, press Enter on "
                                             "it, or drag it into the stack on the right."))
        self.check_button.setText(self.tr("Check before training"))
        self.stack.move_up_action.setIconText(self.tr("Up"))
        self.stack.move_down_action.setIconText(self.tr("Down"))
        self._show_run_note()
        self.check_button.setToolTip(self.tr(
            "One forward and backward pass at the initial weights: does the gradient reach "
            "every layer (healthy), shrink (vanishing) or grow (exploding)? Are units dead or "
            "saturated? The verdict stays on the layers until the network changes."))

    # -- model -> view --------------------------------------------------------------------------
    def refresh(self) -> None:
        spec = self.studio.network_spec
        try:
            self.rows = spec.describe_layers()
            problems = [p for p in spec.validate() if p.layer_index is None]
            self.rows = self._with_output_problem(spec, self.rows)
        except Exception as exc:  # a registry that is not there yet, or a broken spec
            log.warning("cannot describe the network", exc_info=True)
            self.rows, problems = [], [render(exc)]
        blocker = QSignalBlocker(self.input_shape)
        self.input_shape.set_value(tuple(spec.input_shape))
        blocker.unblock()
        self.network_problem.setStyleSheet(f"color: {theme.error_color()};")
        self.network_problem.setText("\n".join(f"⚠ {render(p)}" for p in problems))
        self.network_problem.setVisible(bool(problems))
        self.stack.set_spec(spec, self.rows)
        self.summary_view.refresh()
        self.diagram.set_rows(spec.input_shape, self.rows)
        self.toggles.set_spec(spec)
        self._show_selected(self.stack.currentRow())
        self._show_run_note()
        self._show_trained_state()

    def _with_output_problem(self, spec, rows: list) -> list:
        """``rows`` with, on the output layer, why it cannot give the loaded data's classes
        (walker34 W34-5: said only by Start, and only once the other problems were fixed)."""
        studio = self.studio
        found = [p for p in (output_problem(spec, studio.dataset, studio.data_spec.dataset),
                             activation_problem(spec, studio.train_spec.loss)) if p is not None]
        if not found or not rows:
            return rows
        last = rows[-1]
        return rows[:-1] + [dataclasses.replace(last, problems=(*last.problems, *found))]

    def _show_trained_state(self, *_: object) -> None:
        """The layer stack's rows say what the newest run of this network left in its
        layers (``trained_state``), when a run changed state or the network did."""
        studio = self.studio
        self.stack.set_trained(trained_state(studio.store, studio.curve_networks(),
                                             studio.network_spec))

    def _show_run_note(self, *_state) -> None:
        """Say so while the run goes on with the network as it was before an edit."""
        edited = self.studio.edited_since_run()
        if self.studio.is_active():
            self.run_note.setText(self.tr(
                "The run in progress keeps training the network as it was when it started; "
                "your edits are for the next run (press Start again when it ends)."))
        else:
            self.run_note.setText(self.tr(
                "The plots show the network the last run trained; press Start to train the "
                "network as you edited it."))
        self.run_note.setVisible(bool(edited))

    def _show_selected(self, index: int) -> None:
        spec = self.studio.network_spec
        if 0 <= index < len(spec.layers):
            problems = self.rows[index].problems if index < len(self.rows) else ()
            self.properties.show_layer(index, spec.layers[index], problems)
        else:
            self.properties.show_layer(-1, None)

    def select_view(self, key: str) -> None:
        """Bring a tab forward for a lesson step: "summary" (the table with output shapes,
        parameters and receptive fields, showing variant A) or "diagram"."""
        if key == "summary":
            self.summary_view.show_variant("A")
            self.tabs.setCurrentWidget(self.summary_view)
            # once the dock has its place and the rows their heights
            QTimer.singleShot(0, self, self.show_whole_summary)
        elif key == "diagram":
            self.tabs.setCurrentWidget(self.diagram)

    #: the largest share of the panel's height the tabs take to show the whole summary
    SUMMARY_SHARE = 0.65

    def show_whole_summary(self) -> None:
        """Make the tabs under the layer stack tall enough for the whole summary table (up
        to ``SUMMARY_SHARE`` of the height; the layer stack above scrolls): a lesson step
        that points at the totals showed the "Total params" row half cut at the bottom of a
        scrolled table (walker27 W27-14)."""
        sizes = self.split.sizes()
        if len(sizes) != 2 or sum(sizes) <= 0:
            return
        page = self.tabs.currentWidget()
        need = self.tabs.height() - page.height() + self.summary_view.full_height()
        tabs = min(need, int(self.SUMMARY_SHARE * sum(sizes)))
        if tabs > sizes[1]:
            self.split.setSizes([sum(sizes) - tabs, tabs])

    def _on_studio_undo(self) -> None:
        self.undo_button.setEnabled(self.studio.can_undo())
        self.redo_button.setEnabled(self.studio.can_redo())

    # -- view -> model --------------------------------------------------------------------------
    def _on_stack_row_changed(self, index: int) -> None:
        if index >= 0:
            self.tabs.setCurrentIndex(0)

    def _on_spec_edited(self, spec) -> None:
        self.studio.set_network_spec(spec)

    def _on_layer_edited(self, index: int, layer) -> None:
        spec = self.studio.network_spec
        if 0 <= index < len(spec.layers):
            self.studio.set_network_spec(spec.replace_layer(index, layer))

    def _on_input_shape_edited(self, value) -> None:
        if isinstance(value, int):
            value = (value,)
        # the field shows the shape in use once the edit is done: "2, x" (x separates, as
        # in 28x28x1) read as 2 but stayed on screen, and a refused value stayed there while
        # Start trained the old shape (walker23 W23-8)
        in_use = tuple(self.studio.network_spec.input_shape)
        if not isinstance(value, tuple):
            blocker = QSignalBlocker(self.input_shape)
            self.input_shape.set_value(in_use)
            blocker.unblock()
            self.network_problem.setStyleSheet(f"color: {theme.error_color()};")
            self.network_problem.setText(
                self.tr("⚠ The input shape must be whole numbers separated by commas, e.g. "
                        "28, 28, 1: “%1” is not; the network keeps %2")
                .replace("%1", str(value)).replace("%2", ", ".join(map(str, in_use))))
            self.network_problem.setVisible(True)
            return
        if value == in_use:
            self.refresh()              # nothing changed: the field shows the shape again
            return
        self.studio.set_network_spec(self.studio.network_spec.with_input_shape(value))
