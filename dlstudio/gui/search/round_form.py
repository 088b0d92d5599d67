"""``RoundFormWidget``: how big one search round is - runs, epochs per run, worker processes
and the sampling seed - as four labelled spin boxes in two columns."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from dlstudio.gui.widgets.clamping_spin import ClampingSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.training.search import default_workers


class RoundFormWidget(RetranslateMixin, QWidget):
    """The round's size: ``runs_spin`` (1-500, 12), ``epochs_spin`` (epochs per run, 1-200,
    3), ``workers_spin`` (processes, the machine's default) and ``seed_spin`` (sampling seed);
    the labels follow the UI language."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs_spin = ClampingSpinBox()
        self.runs_spin.setRange(1, 500)
        self.runs_spin.setValue(12)
        self.epochs_spin = ClampingSpinBox()
        self.epochs_spin.setRange(1, 200)
        self.epochs_spin.setValue(3)
        self.workers_spin = ClampingSpinBox()
        self.workers_spin.setRange(1, max(8, default_workers()))
        self.workers_spin.setValue(default_workers())
        self.seed_spin = ClampingSpinBox()
        self.seed_spin.setRange(0, 1_000_000)
        #: the form's labels: runs, epochs per run, processes, sampling seed
        self.labels = [QLabel() for _ in range(4)]
        form = QGridLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for i, (label, spin) in enumerate(zip(self.labels, (
                self.runs_spin, self.epochs_spin, self.workers_spin, self.seed_spin))):
            form.addWidget(label, i // 2, 2 * (i % 2))
            form.addWidget(spin, i // 2, 2 * (i % 2) + 1)
        self.retranslate()

    def retranslate(self) -> None:
        """The labels and the processes' tooltip in the current language."""
        for label, text in zip(self.labels, (self.tr("Runs"), self.tr("Epochs per run"),
                                             self.tr("Processes"), self.tr("Sampling seed"))):
            label.setText(text)
        self.workers_spin.setToolTip(self.tr("runs trained at the same time, each in its own "
                                             "process with one thread"))
