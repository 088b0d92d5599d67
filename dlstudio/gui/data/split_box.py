"""``SplitBoxWidget``: the data panel's "Splits and preprocessing" box - the validation and
test fractions, the preprocessing step and the data seed - with the note on how many
examples the validation split took."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel,
                               QWidget)

from dlstudio.gui.data.data_notes import SplitNoteWidget
from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox, ClampingSpinBox
from dlstudio.gui.widgets.param_form import compact, tr_help
from dlstudio.gui.widgets.retranslate import RetranslateMixin

#: preprocessing choices: (stored value, label)
PREPROCESSING = (
    (None, "none"),
    ("standardize", "standardize (mean 0, std 1 per feature)"),
    ("minmax", "scale to [0, 1]"),
)


def preprocessing_choices() -> list[tuple[str | None, str, str]]:
    """(stored name, display, help) of every preprocessing step, "none" first."""
    out: list[tuple[str | None, str, str]] = [(None, "none", "")]
    try:
        from dlstudio.data.preprocess import PREPROCESSORS
    except ImportError:
        return out + [(name, label, "") for name, label in PREPROCESSING[1:]]
    return out + [(e.name, e.display, e.help) for e in PREPROCESSORS.entries()]


class SplitBoxWidget(RetranslateMixin, QGroupBox):
    """The fields ``val_split``, ``test_split`` (fractions), ``preprocessing`` (the step's
    name as item data, None for none) and ``seed``, labelled by ``split_labels``, and
    ``split_note``; the owner connects the fields' signals. Texts follow the UI language."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.val_split = self._fraction_box("validation_split")
        self.test_split = self._fraction_box("test_split")
        self.seed = ClampingSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        self.preprocessing = compact(QComboBox(self))
        self.preprocessing.setObjectName("preprocessing_combo")
        self._preprocessing = preprocessing_choices()
        for value, _label, _help in self._preprocessing:
            self.preprocessing.addItem("", value)
        self.split_form = QFormLayout(self)
        self.split_labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(self.split_labels, (self.val_split, self.test_split,
                                                    self.preprocessing, self.seed)):
            self.split_form.addRow(label, field)
        self.split_note = SplitNoteWidget(self)
        self.split_form.addRow(self.split_note)
        #: test examples the dataset brings itself (0: the Test fraction splits them off)
        self.own_test = 0
        self.retranslate()

    def _fraction_box(self, name: str) -> QDoubleSpinBox:
        box = ClampingDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(0.0, 0.9)
        box.setSingleStep(0.05)
        box.setDecimals(2)
        box.setKeyboardTracking(False)
        return box

    def retranslate(self) -> None:
        """The title, labels, tooltips and preprocessing names in the current language."""
        self.setTitle(self.tr("Splits and preprocessing"))
        texts = (self.tr("Validation fraction"), self.tr("Test fraction"),
                 self.tr("Preprocessing"), self.tr("Seed"))
        for label, text in zip(self.split_labels, texts):
            label.setText(text)
        self.val_split.setToolTip(self.tr("Part of the training data held out to check how "
                                          "well the network does on examples it never "
                                          "trains on."))
        self.show_own_test(self.own_test)
        self.seed.setToolTip(self.tr("The same seed gives the same data, split and order."))
        for i, (value, label, help_text) in enumerate(self._preprocessing):
            self.preprocessing.setItemText(i, self.tr("none") if value is None
                                           else tr_help(label))
            self.preprocessing.setItemData(i, tr_help(help_text), Qt.ItemDataRole.ToolTipRole)
        self.preprocessing.setToolTip(self.tr("Statistics are fitted on the training split "
                                              "only, then applied to every split."))

    def set_spec(self, spec: Any) -> None:
        """Show the data spec's fractions, seed and first preprocessing step (the fields'
        signals blocked)."""
        blockers = [QSignalBlocker(w) for w in (self.val_split, self.test_split, self.seed,
                                                self.preprocessing)]
        self.val_split.setValue(spec.validation_split)
        self.test_split.setValue(spec.test_split)
        self.seed.setValue(int(spec.seed))
        steps = [s.get("type") for s in spec.preprocessing]
        self.preprocessing.setCurrentIndex(max(0, self.preprocessing.findData(
            steps[0] if steps else None)))
        del blockers

    def show_own_test(self, own: int) -> None:
        """The Test fraction is greyed out, and says why, for data with its own test set of
        ``own`` examples (0: none)."""
        self.own_test = own
        self.test_split.setEnabled(own == 0)
        self.split_labels[1].setEnabled(own == 0)
        if own:
            self.test_split.setToolTip(self.tr(
                "Not used: this dataset brings its own test set of %1 examples, which the "
                "final test uses.").replace("%1", f"{own:,}"))
        else:
            self.test_split.setToolTip(self.tr("Part held out for a final test, used only "
                                               "when the dataset has no test set of its own."))
