"""Whole-network switches for the classroom: one click changes every hidden layer.

The edits themselves are ``dlstudio.engine.spec_edits`` (shared with the lessons and the
CLI); this widget shows the network's current common values ("(mixed)" when the hidden
layers disagree) and emits the edited spec.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel,
                               QPushButton, QWidget)

from dlstudio.engine import spec_edits as edits
from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox
from dlstudio.gui.widgets.param_form import shown_number
from dlstudio.gui.widgets.registry_chooser import RegistryChooserWidget
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.wrapping import WrapCheckBox


class NetworkTogglesWidget(RetranslateMixin, QWidget):
    """Set activation/initializer of all hidden layers; batch norm and dropout on/off."""

    sigSpecEdited = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from dlstudio.engine.activations import ACTIVATIONS
        from dlstudio.engine.initializers import INITIALIZERS

        self.spec = None
        self.activation = RegistryChooserWidget(ACTIVATIONS, parent=self)
        self.activation.setObjectName("toggle_activation")
        self.apply_activation = QPushButton(self)
        self.initializer = RegistryChooserWidget(INITIALIZERS, parent=self)
        self.initializer.setObjectName("toggle_initializer")
        self.apply_initializer = QPushButton(self)
        self.batchnorm = WrapCheckBox(parent=self)
        self.batchnorm.setObjectName("toggle_batchnorm")
        self.dropout = WrapCheckBox(parent=self)
        self.dropout.setObjectName("toggle_dropout")
        self.dropout_rate = ClampingDoubleSpinBox(self)
        self.dropout_rate.setRange(0.0, 0.95)
        self.dropout_rate.setSingleStep(0.05)
        self.dropout_rate.setValue(0.2)
        self.dropout_rate.setKeyboardTracking(False)

        form = QFormLayout(self)
        self.form = form
        #: said when the network has no hidden layer, whose switches then are grey (walker30:
        #: a network of one Dense layer showed "Linear (none)" and live check boxes)
        self.no_hidden_note = QLabel(self)
        self.no_hidden_note.setObjectName("toggle_no_hidden")
        self.no_hidden_note.setWordWrap(True)
        self.no_hidden_note.setProperty("role", "hint")
        self.no_hidden_note.hide()
        form.addRow(self.no_hidden_note)
        # each button under its chooser, not beside it: the dock stays narrow (1366x768)
        # without a horizontal scroll bar or a cut "Set on all hidden laye"
        self.activation_label = QLabel(self)
        form.addRow(self.activation_label, self.activation)
        form.addRow("", self._left(self.apply_activation))
        self.initializer_label = QLabel(self)
        form.addRow(self.initializer_label, self.initializer)
        form.addRow("", self._left(self.apply_initializer))
        form.addRow(self.batchnorm)
        row = QHBoxLayout()
        row.addWidget(self.dropout)
        row.addWidget(self.dropout_rate)
        row.addStretch(1)
        form.addRow(row)

        self.apply_activation.clicked.connect(
            lambda: self._emit(edits.set_hidden_activation(self.spec, self.activation.value())))
        self.apply_initializer.clicked.connect(
            lambda: self._emit(edits.set_hidden_initializer(self.spec, self.initializer.value())))
        self.activation.sigEdited.connect(self._update_buttons)
        self.initializer.sigEdited.connect(self._update_buttons)
        # checkStateChanged, not toggled: partial -> checked is no toggle (still "checked")
        self.batchnorm.checkStateChanged.connect(self._on_batchnorm_toggled)
        self.dropout.checkStateChanged.connect(self._on_dropout_changed)
        self.dropout_rate.valueChanged.connect(self._on_dropout_changed)
        self.retranslate()

    @staticmethod
    def _left(button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        return row

    def retranslate(self) -> None:
        self.no_hidden_note.setText(self.tr("This network has no hidden layer: these switches "
                                            "change hidden layers only. Add a layer before "
                                            "the output layer to use them."))
        self.activation_label.setText(self.tr("Activation"))
        self.initializer_label.setText(self.tr("Initializer"))
        self.apply_activation.setText(self.tr("Set on all hidden layers"))
        self.apply_activation.setToolTip(self.tr("Use this activation in every hidden layer "
                                                 "(the output layer keeps its own)."))
        self.apply_initializer.setText(self.tr("Set on all hidden layers"))
        self.apply_initializer.setToolTip(self.tr("Initialize the weights of every hidden layer "
                                                  "this way, e.g. Glorot for tanh, He for ReLU."))
        self._label_boxes()
        self.batchnorm.setToolTip(self.tr("Normalizes each hidden layer's weighted sums over "
                                          "the mini-batch, before the activation (the layer "
                                          "drops its bias: batch norm's beta replaces it). "
                                          "Keeps activations in a healthy range and lets deep "
                                          "networks train faster."))
        self.dropout.setToolTip(self.tr("Randomly switches off this fraction of units during "
                                        "training so the network cannot rely on any one of "
                                        "them: a regularizer against overfitting."))
        self.activation.retranslate()
        self.initializer.retranslate()

    def _label_boxes(self) -> None:
        """The two boxes' texts; a box in the partial state says how far it holds (walker29:
        a grey square, and nothing in words said "1 of 5 hidden layers")."""
        texts = ((self.batchnorm, self.tr("Batch normalization after every hidden layer"),
                  self.tr("Batch normalization after every hidden layer (now %1 of %2)"),
                  edits.batchnorm_blocks),
                 # ("rate" stays last, next to its box)
                 (self.dropout, self.tr("Dropout after every hidden Dense layer, rate"),
                  self.tr("Dropout after every hidden Dense layer (now %1 of %2), rate"),
                  edits.dropout_blocks))
        for box, text, partial, blocks in texts:
            if self.spec is not None \
                    and box.checkState() == Qt.CheckState.PartiallyChecked:
                done, total = blocks(self.spec)
                text = partial.replace("%1", str(done)).replace("%2", str(total))
            box.setText(text)

    def set_spec(self, spec) -> None:
        """Show ``spec``'s common values without emitting edits."""
        self.spec = spec
        for w in (self.batchnorm, self.dropout, self.dropout_rate):
            w.blockSignals(True)
        for box, state in ((self.batchnorm, edits.batchnorm_coverage(spec)),
                           (self.dropout, edits.dropout_coverage(spec))):
            box.show_state(None if state is edits.MIXED else state)
        rates = [ls.config.get("rate") for ls in spec.layers if ls.type == "Dropout"]
        rate = shown_number(rates[0], self.dropout_rate.minimum(),
                            self.dropout_rate.maximum()) if rates else None
        if rate is not None:
            self.dropout_rate.setValue(rate)
        for w in (self.batchnorm, self.dropout, self.dropout_rate):
            w.blockSignals(False)
        self._label_boxes()
        for chooser, key in ((self.activation, "activation"),
                             (self.initializer, "kernel_initializer")):
            value = edits.hidden_value(spec, key)
            if value is edits.MIXED:
                chooser.set_mixed()
            elif value is not None or key == "activation":
                chooser.set_value(value if value is not None else "linear")
        self._update_buttons()

    def _update_buttons(self, *_) -> None:
        has_hidden = self.spec is not None and bool(edits.hidden_indices(self.spec))
        for chooser, button in ((self.activation, self.apply_activation),
                                (self.initializer, self.apply_initializer)):
            button.setEnabled(has_hidden and not chooser.is_mixed())
        for w in (self.activation, self.initializer, self.batchnorm, self.dropout,
                  self.dropout_rate):
            w.setEnabled(has_hidden)
        self.no_hidden_note.setVisible(self.spec is not None and not has_hidden)

    def _emit(self, spec) -> None:
        if spec is not None and spec != self.spec:
            self.sigSpecEdited.emit(spec)

    def _on_batchnorm_toggled(self, *_) -> None:
        state = self.batchnorm.checkState()
        if self.spec is not None and state != Qt.CheckState.PartiallyChecked:
            self._emit(edits.set_batchnorm(self.spec, state == Qt.CheckState.Checked))

    def _on_dropout_changed(self, *_) -> None:
        if self.spec is not None and self.dropout.checkState() != Qt.CheckState.PartiallyChecked:
            self._emit(edits.set_dropout(self.spec, self.dropout.isChecked(),
                                         round(self.dropout_rate.value(), 3)))
