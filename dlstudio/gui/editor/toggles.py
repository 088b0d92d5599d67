"""Whole-network switches for the classroom: one click changes every hidden layer."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QPushButton, QWidget)

from dlstudio.gui.editor import operations as ops
from dlstudio.gui.widgets.param_form import RegistryChooserWidget


class NetworkTogglesWidget(QWidget):
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
        self.batchnorm = QCheckBox(self)
        self.batchnorm.setObjectName("toggle_batchnorm")
        self.dropout = QCheckBox(self)
        self.dropout.setObjectName("toggle_dropout")
        self.dropout_rate = QDoubleSpinBox(self)
        self.dropout_rate.setRange(0.0, 0.95)
        self.dropout_rate.setSingleStep(0.05)
        self.dropout_rate.setValue(0.2)
        self.dropout_rate.setKeyboardTracking(False)

        form = QFormLayout(self)
        self.form = form
        row = QHBoxLayout()
        row.addWidget(self.activation, 1)
        row.addWidget(self.apply_activation)
        self.activation_label = QLabel(self)
        form.addRow(self.activation_label, row)
        row = QHBoxLayout()
        row.addWidget(self.initializer, 1)
        row.addWidget(self.apply_initializer)
        self.initializer_label = QLabel(self)
        form.addRow(self.initializer_label, row)
        form.addRow(self.batchnorm)
        row = QHBoxLayout()
        row.addWidget(self.dropout)
        row.addWidget(self.dropout_rate)
        row.addStretch(1)
        form.addRow(row)

        self.apply_activation.clicked.connect(
            lambda: self._emit(ops.set_hidden_activation(self.spec, self.activation.value())))
        self.apply_initializer.clicked.connect(
            lambda: self._emit(ops.set_hidden_initializer(self.spec, self.initializer.value())))
        self.batchnorm.toggled.connect(self._on_batchnorm_toggled)
        self.dropout.toggled.connect(self._on_dropout_changed)
        self.dropout_rate.valueChanged.connect(self._on_dropout_changed)
        self.retranslate()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.activation_label.setText(self.tr("Activation"))
        self.initializer_label.setText(self.tr("Initializer"))
        self.apply_activation.setText(self.tr("Set on all hidden layers"))
        self.apply_activation.setToolTip(self.tr("Use this activation in every hidden layer "
                                                 "(the output layer keeps its own)."))
        self.apply_initializer.setText(self.tr("Set on all hidden layers"))
        self.apply_initializer.setToolTip(self.tr("Initialize the weights of every hidden layer "
                                                  "this way, e.g. Glorot for tanh, He for ReLU."))
        self.batchnorm.setText(self.tr("Batch normalization after every hidden layer"))
        self.batchnorm.setToolTip(self.tr("Normalizes each hidden layer's outputs over the "
                                          "mini-batch: keeps activations in a healthy range "
                                          "and lets deep networks train faster."))
        self.dropout.setText(self.tr("Dropout after every hidden layer, rate"))
        self.dropout.setToolTip(self.tr("Randomly switches off this fraction of units during "
                                        "training so the network cannot rely on any one of "
                                        "them: a regularizer against overfitting."))
        self.activation.retranslate()
        self.initializer.retranslate()

    def set_spec(self, spec) -> None:
        self.spec = spec
        for w in (self.batchnorm, self.dropout, self.dropout_rate):
            w.blockSignals(True)
        self.batchnorm.setChecked(ops.count_type(spec, "BatchNormalization") > 0)
        n_drop = ops.count_type(spec, "Dropout")
        self.dropout.setChecked(n_drop > 0)
        rates = [ls.config.get("rate") for ls in spec.layers if ls.type == "Dropout"]
        if rates and rates[0] is not None:
            self.dropout_rate.setValue(float(rates[0]))
        for w in (self.batchnorm, self.dropout, self.dropout_rate):
            w.blockSignals(False)
        act = ops.hidden_value(spec, "activation")
        if act is not None:
            self.activation.set_value(act)
        init = ops.hidden_value(spec, "kernel_initializer")
        if init is not None:
            self.initializer.set_value(init)

    def _emit(self, spec) -> None:
        if spec is not None and spec != self.spec:
            self.sigSpecEdited.emit(spec)

    def _on_batchnorm_toggled(self, on: bool) -> None:
        if self.spec is None:
            return
        self._emit(ops.add_batchnorm(self.spec) if on
                   else ops.remove_type(self.spec, "BatchNormalization"))

    def _on_dropout_changed(self, *_) -> None:
        if self.spec is None:
            return
        if self.dropout.isChecked():
            self._emit(ops.add_dropout(self.spec, round(self.dropout_rate.value(), 3)))
        else:
            self._emit(ops.remove_type(self.spec, "Dropout"))
