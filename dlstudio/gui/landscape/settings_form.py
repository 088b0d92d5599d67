"""``LandscapeSettingsWidget``: what landscape to compute - the network, the directions, the
grid's points per axis and span, the training examples and the seed."""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel,
                               QVBoxLayout, QWidget)

from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox, ClampingSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.wrapping import wrap_form_rows

#: directions: random 2-D plane, random 1-D line, the run's principal plane
MODES = ("random_2d", "random_1d", "run_plane")


class LandscapeSettingsWidget(RetranslateMixin, QWidget):
    """The form: ``variant_combo`` (network), ``mode_combo`` (one of ``MODES``, as item
    data), ``resolution_spin``, ``span_spin``, ``examples_spin``, ``seed_spin``; its labels
    follow the UI language."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.variant_combo = QComboBox()
        self.variant_combo.addItem("A", "A")
        self.mode_combo = QComboBox()
        for mode in MODES:
            self.mode_combo.addItem("", mode)
        for combo in (self.variant_combo, self.mode_combo):    # narrow panels stay narrow
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.resolution_spin = ClampingSpinBox()
        self.resolution_spin.setRange(5, 61)
        self.resolution_spin.setSingleStep(2)
        self.resolution_spin.setValue(21)
        self.span_spin = ClampingDoubleSpinBox()
        self.span_spin.setRange(0.05, 5.0)
        self.span_spin.setSingleStep(0.1)
        self.span_spin.setValue(1.0)
        self.examples_spin = ClampingSpinBox()
        self.examples_spin.setRange(32, 8192)
        self.examples_spin.setSingleStep(128)
        self.examples_spin.setValue(512)
        self.seed_spin = ClampingSpinBox()
        self.seed_spin.setRange(0, 9999)

        self.form = wrap_form_rows(QFormLayout())    # fits beside the plot at 1366 pixels
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels = {key: QLabel() for key in ("variant", "mode", "resolution", "span",
                                                  "examples", "seed")}
        for key, field in (("variant", self.variant_combo),
                           ("resolution", self.resolution_spin),
                           ("span", self.span_spin), ("examples", self.examples_spin),
                           ("seed", self.seed_spin)):
            self.form.addRow(self.labels[key], field)
        # the directions above their box, which gets the column's whole width: "Plane of the
        # run's path (PCA)" is read whole (it was cut beside its label: W7-18)
        settings = QVBoxLayout(self)
        settings.setContentsMargins(0, 0, 0, 0)
        settings.addWidget(self.labels["mode"])
        settings.addWidget(self.mode_combo)
        settings.addLayout(self.form)
        self.show_variant_choice(False)     # one network: nothing to choose (walker32)
        self.retranslate()

    def show_variant_choice(self, shown: bool) -> None:
        """Show the Network row only when there are networks to choose from (a
        comparison): alone, "Network: A" named a comparison there is not, as the other
        pages do not."""
        self.form.setRowVisible(self.variant_combo, shown)

    def set_variants(self, names: list[str], lines: Mapping[str, str]) -> None:
        """The networks to choose from (``names``, as item data), each named by its line in
        ``lines`` (``name_variants``); the one chosen stays chosen while it is there (else the
        first), without a signal. The Network row shows with more than one."""
        combo = self.variant_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for name in names:
            combo.addItem(name, name)
        self.name_variants(lines)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)
        self.show_variant_choice(len(names) > 1)

    def name_variants(self, lines: Mapping[str, str]) -> None:
        """Name each network by its line in ``lines`` (variant name -> text: the Compare
        list's "B: activation: ReLU, initializer: He normal", not the bare letter: walker33
        W33-9); the whole line is its tooltip, as the box is narrow."""
        combo = self.variant_combo
        for i in range(combo.count()):
            text = lines.get(combo.itemData(i))
            if text is not None:
                combo.setItemText(i, text)
                combo.setItemData(i, text, Qt.ItemDataRole.ToolTipRole)

    def retranslate(self) -> None:
        """The directions' names, the labels and the span's tooltip in the current
        language."""
        for i, text in enumerate((self.tr("Random plane (2-D)"), self.tr("Random line (1-D)"),
                                  self.tr("Plane of the run's path (PCA)"))):
            self.mode_combo.setItemText(i, text)
        self.labels["variant"].setText(self.tr("Network"))
        self.labels["mode"].setText(self.tr("Directions"))
        self.labels["resolution"].setText(self.tr("Points per axis"))
        self.labels["span"].setText(self.tr("Span"))
        self.labels["examples"].setText(self.tr("Training examples"))
        self.labels["seed"].setText(self.tr("Seed"))
        self.span_spin.setToolTip(self.tr(
            "How far the grid reaches: 1 moves every filter by as much again as its own size"))

    def settings(self, mode: str) -> tuple:
        """``(mode, resolution, span, examples, seed)``: landscapes computed with equal
        settings share a colour scale."""
        return (mode, self.resolution_spin.value(), round(self.span_spin.value(), 6),
                self.examples_spin.value(), self.seed_spin.value())

    def job_arguments(self, mode: str) -> dict:
        """The grid's keyword arguments for ``training.landscape.landscape_job`` in
        ``mode`` (without the path's snapshots)."""
        return dict(dims=1 if mode == "random_1d" else 2,
                    resolution=self.resolution_spin.value(), span=self.span_spin.value(),
                    seed=self.seed_spin.value(), examples=self.examples_spin.value())
