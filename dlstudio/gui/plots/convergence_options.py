"""The convergence page's options, above its plots: how strongly the bold curves smooth
(0 to 0.99), a log scale for the loss, and the x axis in steps or epochs.

``ConvergenceOptions`` holds the controls and their labels, puts them in the page's row of
controls (``place``: each label beside its box, the three apart: W25-9) and writes their
texts (``retranslate``; the texts are the panel's, translation context
``ConvergencePanel``). The page connects their signals to what it redraws.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QComboBox, QLabel

from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox
from dlstudio.gui.widgets.control_gap import ControlGapWidget


class ConvergenceOptions:
    """The smoothing box, the log-scale box and the x-axis box, with their labels."""

    def __init__(self, smoothing: float) -> None:
        self.smoothing_box = ClampingDoubleSpinBox()
        self.smoothing_box.setRange(0.0, 0.99)
        self.smoothing_box.setSingleStep(0.05)
        self.smoothing_box.setDecimals(2)
        self.smoothing_box.setValue(smoothing)
        self.log_box = QCheckBox()
        self.x_box = QComboBox()
        self.x_box.addItem("", "step")
        self.x_box.addItem("", "epoch")
        self.smoothing_label, self.x_label = QLabel(), QLabel()

    def place(self, controls: QBoxLayout) -> None:
        """The controls at the end of the page's row ``controls``."""
        controls.addWidget(self.smoothing_label)
        controls.addWidget(self.smoothing_box)
        # the three controls apart, each label beside its box (W25-9)
        controls.addWidget(ControlGapWidget())
        controls.addWidget(self.log_box)
        controls.addWidget(ControlGapWidget())
        controls.addWidget(self.x_label)
        controls.addWidget(self.x_box)

    def retranslate(self) -> None:
        # each call written out whole: ``pyside6-lupdate`` collects only those, and a helper
        # taking the text hid these strings from the catalogue (the zh page said "Smoothing")
        self.smoothing_label.setText(QCoreApplication.translate(
            "ConvergencePanel", "Smoothing"))
        self.smoothing_box.setToolTip(QCoreApplication.translate(
            "ConvergencePanel",
            "How strongly the bold curve averages the noisy mini-batch values: 0 = no "
            "smoothing, 0.99 = very smooth. The faint raw curve is always shown too."))
        self.log_box.setText(QCoreApplication.translate(
            "ConvergencePanel", "Log scale loss"))
        self.log_box.setToolTip(QCoreApplication.translate(
            "ConvergencePanel", "Show the loss on a logarithmic axis: small improvements "
            "late in training become visible"))
        self.x_label.setText(QCoreApplication.translate(
            "ConvergencePanel", "x axis"))
        self.x_box.setItemText(0, QCoreApplication.translate(
            "ConvergencePanel", "Steps"))
        self.x_box.setItemText(1, QCoreApplication.translate(
            "ConvergencePanel", "Epochs"))
        self.x_box.setToolTip(QCoreApplication.translate(
            "ConvergencePanel", "Measure training time in mini-batch steps or in epochs"))
