"""The training panel: optimizer, learning rate and schedule, batches, loss, regularization,
clipping, early stopping and seed, bound both ways to ``Studio.train_spec``.

Settings marked "live" (learning rate, L1/L2, max-norm, clipping, dropout rate) take effect in a
running training at the next mini-batch (``Studio.set_train_spec`` forwards them).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget)

from dlstudio.engine import spec_edits as edits
from dlstudio.gui.i18n import render
from dlstudio.gui.setting_labels import setting_label
from dlstudio.gui.training.lesson_note import LessonSettingsNoteWidget
from dlstudio.gui.training.schedule import SchedulePlotWidget, ScheduleWidget
from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox, ClampingSpinBox
from dlstudio.gui.widgets.wrapping import wrap_form_rows
from dlstudio.gui.widgets.param_form import compact, ParamFormWidget, tr_help
from dlstudio.gui.widgets.sci_spin import SciSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.tab_order import ReadingOrderMixin
from dlstudio.training.control import LIVE_SETTINGS

log = logging.getLogger(__name__)

#: what the learning-rate field accepts: wide enough for every lesson's extremes (the
#: divergence demos use rates far above 1); a spec outside it widens the field, never clips
LEARNING_RATE_RANGE = (1e-7, 1000.0)


class OptionalNumber(QWidget):
    """A check box that turns a number on (value) or off (None): max-norm, clipping."""

    def __init__(self, default: float, low: float, high: float, parent=None):
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.spin = SciSpinBox(parent=self)
        self.spin.setRange(low, high)
        self.spin.setValue(default)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.check)
        lay.addWidget(self.spin, 1)
        self.check.toggled.connect(self.spin.setEnabled)

    def value(self) -> float | None:
        return float(self.spin.value()) if self.check.isChecked() else None

    def set_value(self, value: float | None) -> None:
        with_blocked = [QSignalBlocker(self.check), QSignalBlocker(self.spin)]
        self.check.setChecked(value is not None)
        self.spin.setEnabled(value is not None)
        if value is not None:
            self.spin.setValue(float(value))
        del with_blocked


class TrainingPanel(ReadingOrderMixin, RetranslateMixin, QWidget):
    """Edit how the network is trained."""

    panel_name = "training"

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        from dlstudio.engine.losses import LOSSES
        from dlstudio.engine.optimizers import OPTIMIZERS

        self.studio = studio
        self.optimizers, self.losses = OPTIMIZERS, LOSSES
        self.setObjectName("training_panel")
        self.labels: dict[str, QLabel] = {}

        self.optimizer = compact(QComboBox(self))
        self.optimizer.setObjectName("optimizer_combo")
        for e in OPTIMIZERS.entries():
            self.optimizer.addItem(e.display, e.name)
        self.optimizer.activated.connect(self._on_optimizer_activated)
        self.optimizer_params = ParamFormWidget(parent=self)
        self.optimizer_params.sigChanged.connect(self._on_optimizer_param)
        self.learning_rate = SciSpinBox(log=True, parent=self)
        self.learning_rate.setObjectName("learning_rate")
        self.learning_rate.setRange(*LEARNING_RATE_RANGE)
        self.learning_rate.valueChanged.connect(lambda v: self._edit(learning_rate=float(v)))
        self.schedule = ScheduleWidget(self)
        self.schedule.sigEdited.connect(lambda s: self._edit(schedule=s))
        self.schedule_plot = SchedulePlotWidget(self)

        self.batch_size = ClampingSpinBox(self)
        self.batch_size.setObjectName("batch_size")
        self.batch_size.setRange(1, 8192)
        self.batch_size.setKeyboardTracking(False)
        self.batch_size.valueChanged.connect(lambda v: self._edit(batch_size=int(v)))
        self.epochs = ClampingSpinBox(self)
        self.epochs.setObjectName("epochs")
        self.epochs.setRange(1, 10000)
        self.epochs.setKeyboardTracking(False)
        self.epochs.valueChanged.connect(lambda v: self._edit(epochs=int(v)))
        self.loss = compact(QComboBox(self))
        for e in LOSSES.entries():
            self.loss.addItem(e.display, e.name)
        self.loss.activated.connect(lambda i: self._edit(loss=self.loss.itemData(i)))

        self.l1 = self._penalty("l1")
        self.l2 = self._penalty("l2")
        self.max_norm = OptionalNumber(3.0, 1e-3, 100.0, self)
        self.clipvalue = OptionalNumber(1.0, 1e-4, 1e4, self)
        self.clipnorm = OptionalNumber(1.0, 1e-4, 1e4, self)
        for name in ("max_norm", "clipvalue", "clipnorm"):
            w = getattr(self, name)
            w.check.toggled.connect(lambda _=False, n=name: self._edit(**{n: getattr(self, n).value()}))
            w.spin.valueChanged.connect(lambda _=0.0, n=name: self._edit(**{n: getattr(self, n).value()}))
        self.dropout_rate = ClampingDoubleSpinBox(self)
        self.dropout_rate.setObjectName("live_dropout")
        self.dropout_rate.setRange(0.0, 0.95)
        self.dropout_rate.setSingleStep(0.05)
        self.dropout_rate.setKeyboardTracking(False)
        self.dropout_rate.valueChanged.connect(self._on_dropout_changed)

        self.early = QCheckBox(self)
        self.early.setObjectName("early_stopping")
        self.patience = ClampingSpinBox(self)
        self.patience.setRange(1, 1000)
        self.early.toggled.connect(self._on_early_changed)
        self.patience.valueChanged.connect(self._on_early_changed)
        self.seed = ClampingSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        self.seed.valueChanged.connect(lambda v: self._edit(seed=int(v)))

        self.boxes: dict[str, QGroupBox] = {}
        rows = {
            "optimizer": [("optimizer", self.optimizer), (None, self.optimizer_params),
                          ("learning_rate", self.learning_rate), ("schedule", self.schedule),
                          (None, self.schedule_plot)],
            "batches": [("batch_size", self.batch_size), ("epochs", self.epochs),
                        ("loss", self.loss), ("seed", self.seed)],
            "regularization": [("l1", self.l1), ("l2", self.l2), ("max_norm", self.max_norm),
                               ("dropout_rate", self.dropout_rate),
                               ("clipvalue", self.clipvalue), ("clipnorm", self.clipnorm)],
            "stopping": [("early", self.early), ("patience", self.patience)],
        }
        inner = QWidget(self)
        col = QVBoxLayout(inner)
        for box_name, items in rows.items():
            box = QGroupBox(inner)
            form = wrap_form_rows(QFormLayout(box))
            for key, widget in items:
                if key is None:
                    form.addRow(widget)
                else:
                    label = QLabel(box)
                    self.labels[key] = label
                    form.addRow(label, widget)
            self.boxes[box_name] = box
            col.addWidget(box)
        col.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # whose values these are when a lesson step set them (W26-18)
        self.lesson_note = LessonSettingsNoteWidget(studio, self)
        outer.addWidget(self.lesson_note)
        outer.addWidget(scroll)

        studio.sigTrainChanged.connect(self.refresh)
        studio.sigNetworkChanged.connect(self._refresh_dropout)
        studio.sigDatasetReady.connect(self._on_studio_dataset_ready)
        self.retranslate()
        self.refresh()

    def _penalty(self, name: str) -> SciSpinBox:
        box = SciSpinBox(log=True, parent=self)
        box.setObjectName(name)
        box.setRange(0.0, 10.0)
        box.valueChanged.connect(lambda v: self._edit(**{name: float(v)}))
        return box

    # -- translation --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        live = self.tr("(live)")
        titles = {"optimizer": self.tr("Optimizer and learning rate"),
                  "batches": self.tr("Batches and epochs"),
                  "regularization": self.tr("Regularization and clipping"),
                  "stopping": self.tr("Early stopping")}
        for name, box in self.boxes.items():
            box.setTitle(titles[name])
        tips = {
            "optimizer": self.tr("The rule that turns gradients into weight changes."),
            "learning_rate": self.tr("How big a step the optimizer takes. Too small: slow. "
                                     "Too large: the loss jumps around or becomes NaN."),
            "schedule": self.tr("How the learning rate changes while training; the plot "
                                "shows it over the whole run."),
            "batch_size": self.tr("Examples per gradient step. Small batches give noisier "
                                  "steps."),
            "epochs": self.tr("How many times to go through the whole training set."),
            "loss": self.tr("What the network minimizes. Cross-entropy for classes, mean "
                            "squared error for numbers."),
            "seed": self.tr("Fixes the initial weights and the batch order: the same seed "
                            "repeats the same run."),
            "l1": self.tr("Adds the sum of |weights| to the loss: pushes many weights to "
                          "exactly zero."),
            "l2": self.tr("Adds the sum of squared weights to the loss: keeps weights small "
                          "(weight decay)."),
            "max_norm": self.tr("After each step, shrink every unit's incoming weights to at "
                                "most this length."),
            "dropout_rate": self.tr("The rate of every Dropout layer in the network. Add "
                                    "Dropout layers in the network editor first."),
            "clipvalue": self.tr("Cut every gradient component to [-value, value]."),
            "clipnorm": self.tr("Scale all gradients down together when their overall "
                                "length exceeds this: tames exploding gradients."),
            "early": self.tr("Stop when the validation loss has not improved for a while, "
                             "and go back to the best weights."),
            "patience": self.tr("Epochs without improvement before stopping."),
        }
        # the names come from ``setting_labels``, as in every sentence naming a setting
        texts = {key: (setting_label(key) + (" " + live if key in LIVE_SETTINGS else ""), tip)
                 for key, tip in tips.items()}
        widgets = {"optimizer": self.optimizer, "learning_rate": self.learning_rate,
                   "schedule": self.schedule, "batch_size": self.batch_size,
                   "epochs": self.epochs, "loss": self.loss, "seed": self.seed, "l1": self.l1,
                   "l2": self.l2, "max_norm": self.max_norm, "dropout_rate": self.dropout_rate,
                   "clipvalue": self.clipvalue, "clipnorm": self.clipnorm, "early": self.early,
                   "patience": self.patience}
        for key, (label, tip) in texts.items():
            self.labels[key].setText(label)
            self.labels[key].setToolTip(tip)
            widgets[key].setToolTip(tip)
        for combo, registry in ((self.optimizer, self.optimizers), (self.loss, self.losses)):
            for i in range(combo.count()):
                entry = registry.entry(combo.itemData(i))
                combo.setItemText(i, tr_help(entry.display))
                combo.setItemData(i, tr_help(entry.help), Qt.ItemDataRole.ToolTipRole)
        self.optimizer_params.retranslate()
        self.schedule.retranslate()

    # -- model -> view -------------------------------------------------------------------------------
    def refresh(self) -> None:
        spec = self.studio.train_spec
        widgets = (self.optimizer, self.learning_rate, self.batch_size, self.epochs, self.loss,
                   self.l1, self.l2, self.early, self.patience, self.seed)
        blockers = [QSignalBlocker(w) for w in widgets]
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(
            self.optimizers.resolve(spec.optimizer))))
        if spec.learning_rate > self.learning_rate.maximum():
            self.learning_rate.setMaximum(spec.learning_rate)
        if 0 < spec.learning_rate < self.learning_rate.minimum():
            self.learning_rate.setMinimum(spec.learning_rate)
        self.learning_rate.setValue(spec.learning_rate)
        self.batch_size.setValue(spec.batch_size)
        self.epochs.setValue(spec.epochs)
        self.loss.setCurrentIndex(max(0, self.loss.findData(spec.loss)))
        self.l1.setValue(spec.l1)
        self.l2.setValue(spec.l2)
        self.early.setChecked(spec.early_stopping is not None)
        self.patience.setValue(spec.early_stopping.patience if spec.early_stopping else 3)
        self.patience.setEnabled(spec.early_stopping is not None)
        self.seed.setValue(int(spec.seed))
        del blockers
        for name in ("max_norm", "clipvalue", "clipnorm"):
            getattr(self, name).set_value(getattr(spec, name))
        entry = self.optimizers.entry(spec.optimizer)
        params = tuple(p for p in entry.params if p.name != "learning_rate")
        if self.optimizer_params.params != params:
            self.optimizer_params.set_params(params, spec.optimizer_config)
        else:
            self.optimizer_params.set_values(spec.optimizer_config)
        self.schedule.set_value(spec.schedule)
        self._refresh_dropout()
        self._update_schedule_plot()

    def _refresh_dropout(self) -> None:
        spec = self.studio.network_spec
        has_dropout = edits.count_type(spec, "Dropout") > 0
        rate = edits.dropout_rate(spec)       # None: none, or a file's rate that is no number
        blocker = QSignalBlocker(self.dropout_rate)
        self.dropout_rate.setEnabled(has_dropout)
        self.dropout_rate.setValue(rate if rate is not None else 0.0)
        del blocker

    def _on_studio_dataset_ready(self, _dataset) -> None:
        self._update_schedule_plot()

    def _update_schedule_plot(self) -> None:
        spec = self.studio.train_spec
        dataset = self.studio.dataset
        n = len(dataset.x_train) if dataset is not None else 1000
        steps_per_epoch = max(1, -(-n // max(1, spec.batch_size)))
        self.schedule_plot.show_schedule(spec.learning_rate, spec.schedule,
                                         spec.epochs * steps_per_epoch, steps_per_epoch)

    # -- view -> model -------------------------------------------------------------------------------
    def _edit(self, **changes) -> None:
        try:
            self.studio.set_train_spec(self.studio.train_spec.replace(**changes))
        except (TypeError, ValueError) as exc:
            self.studio.sigError.emit(render(exc))

    def _on_optimizer_activated(self, index: int) -> None:
        name = self.optimizer.itemData(index)
        if name != self.studio.train_spec.optimizer:
            default_lr = self.optimizers.entry(name).defaults().get("learning_rate")
            changes = {"optimizer": name, "optimizer_config": {}}
            if default_lr is not None:
                changes["learning_rate"] = float(default_lr)
            self._edit(**changes)

    def _on_optimizer_param(self, name: str, value) -> None:
        self._edit(optimizer_config={**self.studio.train_spec.optimizer_config, name: value})

    def _on_early_changed(self, *_) -> None:
        self.patience.setEnabled(self.early.isChecked())
        self._edit(early_stopping={"patience": int(self.patience.value())}
                   if self.early.isChecked() else None)

    def _on_dropout_changed(self, value: float) -> None:
        self.studio.set_dropout_rate(round(float(value), 3))
