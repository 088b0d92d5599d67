"""Compare: variants B, C, D of the current setup, each changing one thing, trained in
lockstep with variant A (same data order and seed); every plot overlays them.

The panel edits ``Studio.variants``; pressing Start while variants exist trains them all.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from dlstudio.engine import spec_edits as edits
from dlstudio.gui.i18n import render
from dlstudio.gui.setting_labels import LABELS, setting_label
from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox
from dlstudio.training import variants
from dlstudio.gui.widgets.param_form import compact, tr_help
from dlstudio.gui.widgets.registry_chooser import RegistryChooserWidget
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.sci_spin import SciSpinBox
from dlstudio.gui.widgets.tab_order import ReadingOrderMixin
from dlstudio.gui.widgets.wrapping import WrapCheckBox

translate = QCoreApplication.translate


def _display(registry, identifier) -> str:
    """A registry member's display name in the UI language ("Random normal")."""
    name = identifier.get("class_name") or identifier.get("name") \
        if isinstance(identifier, dict) else identifier
    try:
        return tr_help(registry.entry(str(name)).display)
    except KeyError:
        return str(name)


def _setting_name(key: str) -> str:
    """Training setting ``key`` as the Training panel and the branch dialog name it, inside a
    phrase ("batch size 8", "L2 penalty 0.001"; in Chinese "批大小 8"): walker20 W20-10, the
    zh list read the key "batch size". A setting without a form label keeps its key."""
    if key not in LABELS:
        return key.replace("_", " ")
    name = setting_label(key)
    # a capital that only starts the form label goes ("Batch size" -> "batch size");
    # one that is part of the name stays ("L2 penalty")
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def describe_difference(base, variant) -> list[str]:
    """Short phrases, in the UI language, naming what ``variant`` changes relative to
    ``base`` (both studio Variants): every network edit and every training setting that
    differs, so that nothing meant to be shared differs unseen."""
    from dlstudio.engine.activations import ACTIVATIONS
    from dlstudio.engine.initializers import INITIALIZERS
    from dlstudio.engine.optimizers import OPTIMIZERS

    diff = variants.difference(base.network_spec, base.train_spec, variant.network_spec,
                               variant.train_spec)
    out = []
    for edit, value in diff.network:
        if edit == "activation":
            text = QCoreApplication.translate("ComparePanel", "activation: %1").replace(
                "%1", _display(ACTIVATIONS, value))
        elif edit == "kernel_initializer":
            text = QCoreApplication.translate("ComparePanel", "initializer: %1").replace(
                "%1", _display(INITIALIZERS, value))
        elif edit == "batchnorm" and value:
            text = QCoreApplication.translate("ComparePanel", "batch norm on")
        elif edit == "batchnorm":
            text = QCoreApplication.translate("ComparePanel", "batch norm off")
        elif value is None:
            text = QCoreApplication.translate("ComparePanel", "dropout off")
        else:
            text = QCoreApplication.translate("ComparePanel", "dropout %1").replace(
                "%1", f"{value:g}")
        out.append(text)
    if not diff.reproducible:
        out.append(QCoreApplication.translate("ComparePanel", "other network changes"))
    for name, value in diff.train:
        label = _setting_name(name)
        if name == "optimizer":
            text = QCoreApplication.translate("ComparePanel", "optimizer: %1").replace(
                "%1", _display(OPTIMIZERS, value))
        elif name == "learning_rate":
            text = QCoreApplication.translate("ComparePanel", "learning rate %1").replace(
                "%1", f"{value:g}")
        elif name == "optimizer_config" and any(n == "optimizer" for n, _ in diff.train):
            continue            # comes with the optimizer
        elif isinstance(value, float):
            text = f"{label} {value:g}"
        elif isinstance(value, (int, str)) and not isinstance(value, bool):
            text = f"{label} {value}"
        else:
            text = QCoreApplication.translate("ComparePanel", "%1 changed").replace(
                "%1", label)
        out.append(text)
    return out


def variant_line(studio, variant) -> str:
    """How the Compare list names ``variant`` (a studio Variant), in the UI language: "A: the
    current setup", "B: activation: ReLU, initializer: He normal", a lesson's tag after the
    letter ("B ReLU + He: ..."), a branch's origin. Other lists of the variants name them
    the same way (the Loss landscape's network box: walker33 W33-9, it listed bare "A", "B",
    "C")."""
    tags = studio.variant_tags()
    name = f"{variant.name} {tags[variant.name]}" if variant.name in tags else variant.name
    if variant.name == "A":
        return translate("ComparePanel", "%1: the current setup").replace("%1", name)
    origin = studio.branch_origin(variant.name)
    # the language's list separator: "批大小 8、L2 惩罚 0.001", not "8, L2"
    diff = render(describe_difference(studio.variants[0], variant))
    if origin is not None:
        # a branch continues a run from one of its moments (W17-h: it read like a
        # comparison that a new Start would train from scratch)
        return (translate("ComparePanel", "%1: branch of %2 from step %3, %4 (a new Start "
                                          "leaves it out)")
                .replace("%1", name).replace("%2", origin[0]).replace("%3", f"{origin[1]:,}")
                .replace("%4", diff or translate("ComparePanel", "nothing changed")))
    return translate("ComparePanel", "%1: %2").replace("%1", name).replace(
        "%2", diff or translate("ComparePanel", "same as A (change something below)"))


class ComparePanel(ReadingOrderMixin, RetranslateMixin, QWidget):
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
        # a long entry wraps inside the dock: a branch's "(a new Start leaves it out)", the
        # part that says what Start will do, showed only after scrolling sideways (W20-1)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.currentRowChanged.connect(lambda *_: self._show_selected())

        self.activation = RegistryChooserWidget(ACTIVATIONS, parent=self)
        self.activation.sigEdited.connect(
            lambda v: self._edit_net(lambda s: edits.set_hidden_activation(s, v)))
        self.initializer = RegistryChooserWidget(INITIALIZERS, parent=self)
        self.initializer.sigEdited.connect(
            lambda v: self._edit_net(lambda s: edits.set_hidden_initializer(s, v)))
        self.batchnorm = WrapCheckBox(parent=self)
        # checkStateChanged, not toggled: partial -> checked is no toggle (still "checked")
        self.batchnorm.checkStateChanged.connect(self._on_batchnorm_changed)
        self.dropout = WrapCheckBox(parent=self)
        self.dropout_rate = ClampingDoubleSpinBox(self)
        self.dropout_rate.setRange(0.05, 0.9)
        self.dropout_rate.setSingleStep(0.05)
        self.dropout_rate.setValue(0.2)
        self.dropout.checkStateChanged.connect(self._on_dropout_changed)
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

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Duplicate the current setup as variant B (then C, D), change one thing, and "
            "press Start: all variants train in lockstep on the same data order and seed, "
            "and every plot overlays them. Settings you change for A (epochs, layers...) "
            "carry over to the variants, except what a variant changes itself; the list "
            "names every difference. Remove the variants to train alone again."))
        self.duplicate.setText(self.tr("Duplicate as new variant"))
        self.remove.setText(self.tr("Remove variant"))
        self.editor_box.setTitle(self.tr("What this variant changes"))
        for label, text in zip(self.form_labels, (self.tr("Activation (hidden layers)"),
                                                  self.tr("Initializer (hidden layers)"),
                                                  setting_label("optimizer"),
                                                  setting_label("learning_rate"))):
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
        for v in variants:
            text = variant_line(self.studio, v)
            item = QListWidgetItem(text, self.list)
            item.setToolTip(text)               # the dock may be narrower than the line
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
        """Show the selected variant's settings; A's too (read only: A is the setup the
        Network and Training docks edit), also with no row selected (the greyed editor
        showed the widgets' own 'Linear (none)', 'Zeros', 'SGD', 1e-07), never values left
        over from another row."""
        v = self.selected()
        self.remove.setEnabled(v is not None)
        self.editor_box.setEnabled(v is not None)
        if v is None:
            v = self.studio.variants[0]
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
        for box, state in ((self.batchnorm, edits.batchnorm_coverage(spec)),
                           (self.dropout, edits.dropout_coverage(spec))):
            box.show_state(None if state is edits.MIXED else state)
        # the rate the variant has (walker14 W14-15: B, inheriting A's dropout 0.25, showed
        # the box's own 0.20)
        rate = edits.dropout_rate(spec)
        if rate is not None:
            self.dropout_rate.setValue(rate)
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(train.optimizer)))
        self.learning_rate.setValue(train.learning_rate)
        del blockers

    # -- view -> model ------------------------------------------------------------------------------
    def _on_duplicate_clicked(self) -> None:
        try:
            self.studio.add_variant()
        except ValueError as exc:
            self.studio.sigError.emit(render(exc))
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

    def _on_batchnorm_changed(self, *_) -> None:
        state = self.batchnorm.checkState()
        if state != Qt.CheckState.PartiallyChecked:
            self._edit_net(lambda s: edits.set_batchnorm(s, state == Qt.CheckState.Checked))

    def _on_dropout_changed(self, *_) -> None:
        if self.dropout.checkState() == Qt.CheckState.PartiallyChecked:
            return
        rate = round(float(self.dropout_rate.value()), 3)
        on = self.dropout.isChecked()
        self._edit_net(lambda s: edits.set_dropout(s, on, rate))
