"""The controls of a transfer plan: reuse, new head, freezing shortcuts, caching, fine-tuning."""
from __future__ import annotations

from PySide6.QtWidgets import (QGridLayout, QGroupBox, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox, ClampingSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.wrapping import WrapCheckBox


class PlanControlsWidget(RetranslateMixin, QWidget):
    """Spin boxes and buttons for a ``TransferPlan``; the panel connects their signals.
    Every text follows the UI language."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.reuse_spin = ClampingSpinBox()
        self.classes_spin = ClampingSpinBox()
        self.classes_spin.setRange(1, 1000)
        self.classes_spin.setValue(5)
        #: the new head's own epochs (W9-8: it trained for the Training panel's Epochs)
        self.head_epochs_spin = ClampingSpinBox()
        self.head_epochs_spin.setRange(1, 1000)
        self.freeze_all_button = QPushButton()
        self.unfreeze_all_button = QPushButton()
        self.cache_check = WrapCheckBox()
        self.fine_layers_spin = ClampingSpinBox()
        self.fine_layers_spin.setRange(0, 50)
        self.fine_epochs_spin = ClampingSpinBox()
        self.fine_epochs_spin.setRange(0, 1000)
        self.lr_factor_spin = ClampingDoubleSpinBox()
        self.lr_factor_spin.setDecimals(4)
        self.lr_factor_spin.setRange(0.0001, 1.0)
        self.lr_factor_spin.setSingleStep(0.01)
        #: the grid's labels: reuse, classes, unfreeze top layers, epochs, learning-rate
        #: factor, the new head's epochs
        self.labels = [QLabel() for _ in range(6)]

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.labels[0], 0, 0)
        grid.addWidget(self.reuse_spin, 0, 1)
        grid.addWidget(self.labels[1], 0, 2)
        grid.addWidget(self.classes_spin, 0, 3)
        grid.addWidget(self.labels[5], 1, 2)
        grid.addWidget(self.head_epochs_spin, 1, 3)
        grid.addWidget(self.freeze_all_button, 2, 0, 1, 2)
        grid.addWidget(self.unfreeze_all_button, 2, 2, 1, 2)
        grid.addWidget(self.cache_check, 3, 0, 1, 4)
        self.fine_box = QGroupBox()
        fgrid = QGridLayout(self.fine_box)
        fgrid.addWidget(self.labels[2], 0, 0)
        fgrid.addWidget(self.fine_layers_spin, 0, 1)
        fgrid.addWidget(self.labels[3], 0, 2)
        fgrid.addWidget(self.fine_epochs_spin, 0, 3)
        fgrid.addWidget(self.labels[4], 1, 0)
        fgrid.addWidget(self.lr_factor_spin, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.fine_box)
        self.reset()
        self.retranslate()

    def reset(self) -> None:
        """The plan's own settings at their first values: the new head's epochs, cached
        features, no fine-tuning (of 5 epochs at 0.1 x the learning rate when turned on).
        What a source decides (how many layers to reuse, the head's classes) stays."""
        self.head_epochs_spin.setValue(5)
        self.cache_check.setChecked(True)
        self.fine_layers_spin.setValue(0)
        self.fine_epochs_spin.setValue(5)
        self.lr_factor_spin.setValue(0.1)

    def retranslate(self) -> None:
        self.reuse_spin.setToolTip(self.tr("how many of the source's layers to keep (its old "
                                           "output layer is usually dropped)"))
        self.freeze_all_button.setText(self.tr("Freeze all reused"))
        self.unfreeze_all_button.setText(self.tr("Unfreeze all"))
        self.cache_check.setText(self.tr("Cache the frozen layers' outputs (feature "
                                         "extraction: fast, but no augmentation)"))
        self.fine_layers_spin.setToolTip(self.tr("after training the head, unfreeze this many of "
                                                 "the top reused layers (0 = no fine-tuning)"))
        self.lr_factor_spin.setToolTip(self.tr("fine-tuning learning rate = this x the training "
                                               "learning rate (much lower, so that the reused "
                                               "weights are adjusted, not destroyed)"))
        self.head_epochs_spin.setToolTip(self.tr("how many epochs the new head trains (with "
                                                 "the Training panel's optimizer and "
                                                 "learning rate), before any fine-tuning"))
        for label, text in zip(self.labels, (
                self.tr("Reuse layers"), self.tr("New head: classes"),
                self.tr("Unfreeze top layers"), self.tr("Epochs"),
                self.tr("Learning-rate factor"), self.tr("New head: epochs"))):
            label.setText(text)
        self.fine_box.setTitle(self.tr("Then fine-tune"))

    def editors(self) -> list[QWidget]:
        """The widgets to disable while a run trains."""
        return [self.reuse_spin, self.classes_spin, self.head_epochs_spin,
                self.freeze_all_button,
                self.unfreeze_all_button, self.cache_check, self.fine_layers_spin,
                self.fine_epochs_spin, self.lr_factor_spin]
