"""The transfer-learning panel: reuse a trained network's layers on a new task.

Load a saved network (or take the studio's current one with its trained weights), choose how
many of its layers to reuse and which of them to freeze, give the new head its number of
classes, and train on the studio's current data: first the new top (optionally on cached
outputs of the frozen layers, which is much faster), then, optionally, fine-tune the top
reused layers with a lower learning rate. Each run adds a line to a comparison table
(reuse, frozen, cached, accuracy, time), so "reuse 4 vs 5 layers", "frozen vs unfrozen" and
"cached vs not" can be compared side by side. "Send to studio" installs the result.

Choosing the source is ``source_choice.py``, the plan being edited ``plan_editor.py``, the
panel's sentences ``plan_sentences.py``, a lesson step's source and runs ``lesson_runs.py``,
its worker job ``transfer_job.py``, the comparison table's rows ``run_history.py``. Run it
alone with a demo source network: ``python -m dlstudio.gui.transfer.demo``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from dlstudio.gui.drawing.variant_choice import VariantChoiceWidget
from dlstudio.gui.errors import first_line
from dlstudio.gui.i18n import render
from dlstudio.gui.transfer.layer_table import LayerTableWidget
from dlstudio.gui.transfer.plan_controls import PlanControlsWidget
from dlstudio.gui.transfer.plan_editor import PlanEditor
from dlstudio.gui.transfer.plan_sentences import PlanSentencesMixin
from dlstudio.gui.transfer.results_view import HistoryTableWidget, PhaseCurveWidget
from dlstudio.gui.transfer.lesson_runs import LessonRunsMixin
from dlstudio.gui.transfer.run_history import final_accuracy, history_entry
from dlstudio.gui.transfer.source_choice import SourceChoiceMixin
from dlstudio.gui.transfer.transfer_job import transfer_job
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.tool_layout import ToolLayoutWidget
from dlstudio.gui.widgets.status_line import SentenceLabelWidget
from dlstudio.gui.worker import GeneratorWorker
from dlstudio.training import transfer


class TransferPanel(SourceChoiceMixin, PlanSentencesMixin, LessonRunsMixin, RetranslateMixin,
                    QWidget):
    """Transfer-learning controls bound to a ``Studio``; every text follows the UI language.

    Signals
    -------
    sigStateChanged(str) : "idle" or "running".
    """

    sigStateChanged = Signal(str)

    def __init__(self, studio: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.source = None
        #: the source's name as shown (a function of no arguments when it is translated)
        self.source_name: str | Callable[[], str] = ""
        self.result: dict | None = None
        self.history: list[dict] = []
        self.state = "idle"
        self.worker = GeneratorWorker("transfer-learning", self)
        self.worker.sigYielded.connect(self._on_worker_telemetry)
        self.worker.sigFinished.connect(self._on_worker_finished)
        self.worker.sigFailed.connect(self._on_worker_failed)
        #: asked before Send to studio replaces the studio's network (the window asks about
        #: work that is in no file, as Open Keras model does: W9-25): False sends nothing;
        #: None: nothing to ask
        self.may_replace_network: Any = None
        self._plan: transfer.TransferPlan | None = None
        self._build_ui()
        self.retranslate()
        self.update_buttons()

    # -- layout ----------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.load_button = QPushButton()
        self.load_button.clicked.connect(self._on_load_clicked)
        self.current_button = QPushButton()
        self.current_button.clicked.connect(self.use_studio_network)
        # which of the studio's variants (shown with several; the best-scoring until the
        # student picks one, as Draw a digit asks): it always took A (walker33 W33-8)
        self.variant_choice = VariantChoiceWidget(self.studio)
        self.variant_choice.box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.variant_choice.box.activated.connect(self._on_variant_picked)
        for name in ("sigVariantsChanged", "sigRunStateChanged", "sigWeightsChanged"):
            getattr(self.studio, name).connect(self.variant_choice.refill)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setTextFormat(Qt.TextFormat.RichText)

        self.layers = LayerTableWidget()

        self.controls = PlanControlsWidget()
        c = self.controls
        self.reuse_spin, self.classes_spin, self.cache_check = \
            c.reuse_spin, c.classes_spin, c.cache_check
        self.fine_layers_spin, self.fine_epochs_spin, self.lr_factor_spin = \
            c.fine_layers_spin, c.fine_epochs_spin, c.lr_factor_spin
        self.head_epochs_spin = c.head_epochs_spin
        for spin in (c.head_epochs_spin, c.fine_layers_spin, c.fine_epochs_spin,
                     c.lr_factor_spin):      # the sentence before Train says what it does
            spin.valueChanged.connect(self._update_data_label)
        #: the plan the controls and the layer table show, for the source's layers
        self.plan_editor = PlanEditor(c, self.layers, self)

        self.data_label = QLabel()
        self.data_label.setWordWrap(True)
        self.train_button = QPushButton()
        self.train_button.clicked.connect(self.train)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        self.studio.sigBackgroundChanged.connect(self._on_studio_background)
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send_to_studio)
        buttons = QHBoxLayout()
        for b in (self.train_button, self.stop_button, self.send_button):
            buttons.addWidget(b)
        self.status_label = SentenceLabelWidget()

        source_box, run_box = QWidget(), QWidget()
        source = QVBoxLayout(source_box)
        source.setContentsMargins(0, 0, 0, 0)
        source.addWidget(self.load_button)
        source.addWidget(self.current_button)
        source.addWidget(self.variant_choice)
        source.addWidget(self.source_label)
        source.addWidget(self.layers, 1)
        run = QVBoxLayout(run_box)
        run.setContentsMargins(0, 0, 0, 0)
        run.addWidget(self.controls)
        run.addWidget(self.data_label)
        buttons_box = QWidget()
        buttons_box.setLayout(buttons)
        buttons.setContentsMargins(0, 0, 0, 0)

        self.plot = PhaseCurveWidget()
        self.curves = self.plot.curves
        self.history_table = HistoryTableWidget()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.plot)
        right.addWidget(self.history_table)
        self.arrangement = ToolLayoutWidget(
            right, [source_box, run_box, buttons_box, self.status_label],
            # 440: room for "26 × 26 × 16" on one line beside "tuned" (classroom: walker35)
            controls_first=True, controls_width=440, pinned=buttons_box,
            whole_controls=True)   # the setup is the point, read whole (W22-8, walker30)
        layout = QVBoxLayout(self)
        layout.addWidget(self.arrangement)
        for name in ("sigDataChanged", "sigTrainChanged"):
            sig = getattr(self.studio, name, None)
            if sig is not None:
                sig.connect(self._update_data_label)
        # before a source is chosen, the new head has as many classes as the studio's data
        # (it said 5 for 2-class spirals and 10-class MNIST: walker7 W7-10, W7-12)
        self._classes_from_data = True
        ready = getattr(self.studio, "sigDatasetReady", None)
        if ready is not None:
            ready.connect(self._on_studio_dataset_ready)
        self._on_studio_dataset_ready(getattr(self.studio, "dataset", None))
        if hasattr(self.studio, "sigAppearanceChanged"):
            self.studio.sigAppearanceChanged.connect(self._on_studio_appearance_changed)
        if hasattr(self.studio, "sigSessionReplaced"):
            self.studio.sigSessionReplaced.connect(self._on_studio_session_replaced)
        self._on_studio_appearance_changed()     # built after classroom mode was chosen

    def retranslate(self) -> None:
        """Every text of the panel in the current language (the layer table, the plan
        controls, the plot, the history and the status sentence retranslate themselves)."""
        self.load_button.setText(self.tr("Load a saved network…"))
        self.current_button.setText(self.tr("Use the studio's network"))
        self.train_button.setText(self.tr("Train"))
        self.stop_button.setText(self.tr("Stop"))
        self.send_button.setText(self.tr("Send to studio"))
        self.send_button.setToolTip(self.tr("make the trained network (with its frozen layers) "
                                            "the studio's network"))
        self._show_source_label()
        self._update_data_label()

    @Slot()
    def _on_studio_appearance_changed(self) -> None:
        self.plot.set_classroom(bool(getattr(self.studio, "classroom", False)))

    @Slot()
    def _on_studio_session_replaced(self) -> None:
        """A new workspace: results trained from the old one, and the old studio network
        as the source, are gone (a saved network file stays the source) (W7-19)."""
        if self.state != "idle":
            self.worker.cancel()
            self._set_state("idle")
        self.forget_results()
        if callable(self.source_name):          # the studio's network, not a file
            self.forget_source()
        self.update_buttons()
        self.say(lambda: "")

    def forget_results(self) -> None:
        """No trained result, no rows in the comparison table, no curves."""
        self.result = None
        self.history = []
        self.history_table.clear_entries()
        self.plot.clear_points()
        self.lesson_runs_shown = False

    def forget_source(self) -> None:
        """No source: the layer table is empty and the new head has as many classes as the
        studio's data again."""
        self.source, self.source_name = None, ""
        self.source_from_lesson = False
        self._show_source_label()
        self.plan_editor.clear()
        self._classes_from_data = True
        self._on_studio_dataset_ready(getattr(self.studio, "dataset", None))

    # -- plan ------------------------------------------------------------------------------
    def plan(self) -> transfer.TransferPlan:
        """The ``TransferPlan`` the controls and the layer table show."""
        return self.plan_editor.plan()

    def set_plan(self, reuse: int, frozen: Iterable[int], cache: bool,
                 fine_tune_layers: int = 0, fine_tune_epochs: int | None = None,
                 lr_factor: float | None = None, head_epochs: int | None = None) -> None:
        """Set the controls to a plan (a lesson step's set-up): ``reuse`` source layers,
        ``frozen`` of them (indices), cached features or not, the new head's epochs, then
        fine-tuning of the top ``fine_tune_layers`` weighted layers. The source must be
        loaded."""
        self.plan_editor.set_plan(reuse, frozen, cache, fine_tune_layers, fine_tune_epochs,
                                  lr_factor, head_epochs)

    # -- training --------------------------------------------------------------------------
    def train(self) -> bool:
        if self.state != "idle":
            return False
        if self.source is None:
            self.say(lambda: self.tr("Load or choose a source network first."), error=True)
            return False
        if self.data_problem():
            self.say(self.data_problem, error=True)
            return False
        try:
            plan = self.plan()
            transfer.build_transfer_network(self.source, plan)   # checks the plan early
        except ValueError as exc:
            self.say(lambda exc=exc: render(exc), error=True)
            return False
        self.plot.clear_points()
        self._plan = plan
        self.source_from_lesson = False         # trained from: the student's own work
        self.lesson_runs_shown = False
        source, train_spec = self.source, self.studio.train_spec
        dataset, data_spec = getattr(self.studio, "dataset", None), self.studio.data_spec
        self.worker.start(lambda job: transfer_job(source, plan, train_spec, dataset,
                                                   data_spec, job), controlled=True)
        self._set_state("running")
        self.say(lambda: self.tr("Training the new head…"))
        return True

    def busy_text(self) -> str:
        """What runs now, for the Quit question ("" when nothing runs)."""
        return "" if self.state == "idle" else self.tr("Transfer learning is training a "
                                                         "new head.")

    def stop(self) -> None:
        """Stop this page's training, or else the lesson check training in the background
        (the toolbar's Stop did, while this one stayed grey: walker30, lesson 15)."""
        if self.state != "idle":
            self.worker.stop()
        else:
            self.studio.stop_background()

    def _on_studio_background(self, running: bool) -> None:
        if not running and self.runs_coming:   # ended (its runs come next) or stopped
            self.say(lambda: "")
        self.update_buttons()

    def send_to_studio(self) -> bool:
        """Make the trained transfer network the studio's network (spec and weights), once
        ``may_replace_network`` allows it (unsaved work is asked about first: W9-25)."""
        if self.result is None:
            self.say(lambda: self.tr("Train first."), error=True)
            return False
        if self.may_replace_network is not None and not self.may_replace_network():
            return False
        net = self.result["network"]
        self.studio.install_trained_network(net.spec, net.get_weights())
        accuracy = final_accuracy(self.result["val_accuracy"])
        frozen = sum(1 for r in net.spec.describe_layers() if r.frozen)
        self.say(lambda: self.sent_text(accuracy, frozen))
        return True

    def shutdown(self, timeout_ms: int = 30000) -> None:
        self.worker.shutdown(timeout_ms)

    # -- worker slots ----------------------------------------------------------------------
    @Slot(object)
    def _on_worker_telemetry(self, snap) -> None:
        phase = snap.extra.get("phase", "head")
        if snap.event == "epoch_end" and snap.val_accuracy is not None:
            self.plot.add_point(phase, snap.epoch, snap.val_accuracy)
            epoch, accuracy = snap.epoch + 1, snap.val_accuracy
            self.say(lambda: self.tr("%s: epoch %d, validation accuracy %.1f%%")
                      % (self.tr("new head") if phase == "head" else self.tr("fine-tuning"),
                         epoch, 100 * accuracy))

    @Slot(object)
    def _on_worker_finished(self, summary: dict) -> None:
        self.result = summary
        entry = history_entry(self._plan, summary)
        self.history.append(entry)
        self.history_table.add_entry(entry)
        self._set_state("idle")
        self.say(lambda: self.tr("Done in %.1f s (training %.2f s, caching %.2f s).")
                  % (summary["seconds"], entry["train_seconds"], entry["cache_seconds"]))

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._set_state("idle")
        first = first_line(message)
        self.say(lambda: self.tr("Training failed: %s") % first, error=True)

    # -- small slots -----------------------------------------------------------------------
    @Slot(object)
    def _on_studio_dataset_ready(self, dataset) -> None:
        n_classes = getattr(dataset, "n_classes", None)
        if n_classes and self._classes_from_data and self.source is None:
            self.classes_spin.setValue(int(n_classes))
        self._update_data_label()
        self.update_buttons()

    def _set_state(self, state: str) -> None:
        self.state = state
        self.update_buttons()
        self.sigStateChanged.emit(state)

    def update_buttons(self) -> None:
        """Enable what the panel's state allows (Train with a source and usable data, Stop
        while something trains, Send with a result, the set-up while idle)."""
        idle = self.state == "idle"
        has_source = self.source is not None
        self.train_button.setEnabled(idle and has_source and not self.data_problem())
        self.stop_button.setEnabled(not idle or self.studio.background_running)
        self.send_button.setEnabled(idle and self.result is not None)
        for w in [self.load_button, self.current_button, self.layers] + self.controls.editors():
            w.setEnabled(idle)

    def say(self, make: Callable[[], str], error: bool = False) -> None:
        """The status sentence, made by ``make`` now and again after a language change."""
        self.runs_coming = False
        self.status_label.say(make, error)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.shutdown()
        super().closeEvent(event)
