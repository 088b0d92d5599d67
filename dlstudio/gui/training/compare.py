"""Compare: variants B, C, D of the current setup, each changing one thing, trained in
lockstep with variant A (same data order and seed); every plot overlays them.

The panel edits ``Studio.variants``; pressing Start while variants exist trains them all.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from dlstudio.engine import spec_edits as edits
from dlstudio.gui.widgets.param_form import compact, RegistryChooserWidget, SciSpinBox, tr_help


def _ident_name(identifier) -> str:
    if isinstance(identifier, dict):
        return str(identifier.get("class_name") or identifier.get("name"))
    return str(identifier)


def describe_difference(base, variant) -> list[str]:
    """Short phrases naming what ``variant`` changes relative to ``base`` (both Variants)."""
    out = []
    a, b = base.network_spec, variant.network_spec
    for key, label in (("activation", "activation"), ("kernel_initializer", "initializer")):
        va, vb = edits.hidden_value(a, key), edits.hidden_value(b, key)
        if va != vb:
            out.append(f"{label} {'mixed' if vb is edits.MIXED else _ident_name(vb)}")
    for kind, label in (("BatchNormalization", "batch norm"), ("Dropout", "dropout")):
        na, nb = edits.count_type(a, kind), edits.count_type(b, kind)
        if (na > 0) != (nb > 0):
            out.append(f"{label} {'on' if nb else 'off'}")
    ta, tb = base.train_spec, variant.train_spec
    if ta.optimizer != tb.optimizer:
        out.append(f"optimizer {tb.optimizer}")
    if ta.learning_rate != tb.learning_rate:
        out.append(f"learning rate {tb.learning_rate:g}")
    if not out and (a != b or ta != tb):
        out.append("other settings")
    return out


class ComparePanel(QWidget):
    """Create and edit comparison variants."""

    panel_name = "compare"

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        from dlstudio.engine.activations import ACTIVATIONS
        from dlstudio.engine.initializers import INITIALIZERS
        from dlstudio.engine.optimizers import OPTIMIZERS

        self.studio = studio
        self.optimizers = OPTIMIZERS
        self.setObjectName("compare_panel")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setProperty("role", "hint")
        self.duplicate = QPushButton(self)
        self.duplicate.setObjectName("duplicate_variant")
        self.duplicate.clicked.connect(self._on_duplicate_clicked)
        self.remove = QPushButton(self)
        self.remove.clicked.connect(self._on_remove_clicked)
        self.list = QListWidget(self)
        self.list.setObjectName("variant_list")
        self.list.currentRowChanged.connect(lambda *_: self._show_selected())

        self.activation = RegistryChooserWidget(ACTIVATIONS, parent=self)
        self.activation.sigEdited.connect(
            lambda v: self._edit_net(lambda s: edits.set_hidden_activation(s, v)))
        self.initializer = RegistryChooserWidget(INITIALIZERS, parent=self)
        self.initializer.sigEdited.connect(
            lambda v: self._edit_net(lambda s: edits.set_hidden_initializer(s, v)))
        self.batchnorm = QCheckBox(self)
        self.batchnorm.toggled.connect(lambda on: self._edit_net(
            lambda s: edits.set_batchnorm(s, on)))
        self.dropout = QCheckBox(self)
        self.dropout_rate = QDoubleSpinBox(self)
        self.dropout_rate.setRange(0.05, 0.9)
        self.dropout_rate.setSingleStep(0.05)
        self.dropout_rate.setValue(0.2)
        self.dropout.toggled.connect(self._on_dropout_changed)
        self.dropout_rate.valueChanged.connect(self._on_dropout_changed)
        self.optimizer = compact(QComboBox(self))
        for e in OPTIMIZERS.entries():
            self.optimizer.addItem(e.display, e.name)
        self.optimizer.activated.connect(lambda i: self._edit_train(
            optimizer=self.optimizer.itemData(i), optimizer_config={}))
        self.learning_rate = SciSpinBox(log=True, parent=self)
        self.learning_rate.setRange(1e-7, 10.0)
        self.learning_rate.valueChanged.connect(
            lambda v: self._edit_train(learning_rate=float(v)))

        self.editor_box = QGroupBox(self)
        form = QFormLayout(self.editor_box)
        self.form_labels = [QLabel(self) for _ in range(5)]
        drop_row = QHBoxLayout()
        drop_row.addWidget(self.dropout)
        drop_row.addWidget(self.dropout_rate)
        for label, field in zip(self.form_labels, (self.activation, self.initializer,
                                                   self.optimizer, self.learning_rate)):
            form.addRow(label, field)
        form.addRow(self.batchnorm)
        form.addRow(drop_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.duplicate)
        buttons.addWidget(self.remove)
        inner = QWidget(self)
        lay = QVBoxLayout(inner)
        lay.addWidget(self.intro)
        lay.addLayout(buttons)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.editor_box, 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        studio.sigVariantsChanged.connect(self.refresh)
        studio.sigNetworkChanged.connect(self.refresh)
        studio.sigTrainChanged.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Duplicate the current setup as variant B (then C, D), change one thing, and "
            "press Start: all variants train in lockstep on the same data order and seed, "
            "and every plot overlays them. Remove the variants to train alone again."))
        self.duplicate.setText(self.tr("Duplicate as new variant"))
        self.remove.setText(self.tr("Remove variant"))
        self.editor_box.setTitle(self.tr("What this variant changes"))
        for label, text in zip(self.form_labels, (self.tr("Activation (hidden layers)"),
                                                  self.tr("Initializer (hidden layers)"),
                                                  self.tr("Optimizer"),
                                                  self.tr("Learning rate"))):
            label.setText(text)
        self.batchnorm.setText(self.tr("Batch normalization after every hidden layer"))
        self.dropout.setText(self.tr("Dropout after every hidden Dense layer, rate"))
        for i in range(self.optimizer.count()):
            self.optimizer.setItemText(i, tr_help(self.optimizers.entry(
                self.optimizer.itemData(i)).display))
        self.activation.retranslate()
        self.initializer.retranslate()
        self.refresh()

    # -- model -> view ------------------------------------------------------------------------------
    def refresh(self) -> None:
        variants = self.studio.variants
        current = self.list.currentRow()
        blocker = QSignalBlocker(self.list)
        self.list.clear()
        base = variants[0]
        for v in variants:
            if v.name == "A":
                text = self.tr("A: the current setup")
            else:
                diff = describe_difference(base, v)
                text = f"{v.name}: " + (", ".join(diff) if diff else self.tr("same as A (change "
                                                                            "something below)"))
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, v.name)
        if current < 0 and len(variants) > 1:
            current = len(variants) - 1
        self.list.setCurrentRow(min(current, len(variants) - 1))
        del blocker
        self.duplicate.setEnabled(len(variants) < 4)
        self._show_selected()

    def selected(self):
        item = self.list.currentItem()
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((v for v in self.studio.variants if v.name == name and name != "A"), None)

    def _show_selected(self) -> None:
        v = self.selected()
        self.remove.setEnabled(v is not None)
        self.editor_box.setEnabled(v is not None)
        if v is None:
            return
        widgets = (self.batchnorm, self.dropout, self.dropout_rate, self.optimizer,
                   self.learning_rate)
        blockers = [QSignalBlocker(w) for w in widgets]
        spec, train = v.network_spec, v.train_spec
        for chooser, key in ((self.activation, "activation"),
                             (self.initializer, "kernel_initializer")):
            value = edits.hidden_value(spec, key)
            if value is edits.MIXED:
                chooser.set_mixed()
            else:
                chooser.set_value(value if value is not None else "linear" if key == "activation"
                                  else "glorot_uniform")
        self.batchnorm.setChecked(edits.count_type(spec, "BatchNormalization") > 0)
        self.dropout.setChecked(edits.count_type(spec, "Dropout") > 0)
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(train.optimizer)))
        self.learning_rate.setValue(train.learning_rate)
        del blockers

    # -- view -> model ------------------------------------------------------------------------------
    def _on_duplicate_clicked(self) -> None:
        try:
            self.studio.add_variant()
        except ValueError as exc:
            self.studio.sigError.emit(str(exc))
            return
        self.list.setCurrentRow(self.list.count() - 1)

    def _on_remove_clicked(self) -> None:
        v = self.selected()
        if v is not None:
            self.studio.remove_variant(v.name)

    def _edit_net(self, change) -> None:
        v = self.selected()
        if v is not None:
            self.studio.set_variant(v.name, network_spec=change(v.network_spec))

    def _edit_train(self, **changes) -> None:
        v = self.selected()
        if v is not None:
            self.studio.set_variant(v.name, train_spec=v.train_spec.replace(**changes))

    def _on_dropout_changed(self, *_) -> None:
        rate = round(float(self.dropout_rate.value()), 3)
        on = self.dropout.isChecked()
        self._edit_net(lambda s: edits.set_dropout(s, on, rate))
