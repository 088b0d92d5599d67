"""Which gradient the gradients page plots per layer, as chosen above its plots.

Two gradients: the **signal reaching each layer (dL/dz)**, what back-propagation delivers to
the layer (the default), or the **weight gradients (dL/dW)**, what the optimizer uses; each
per value (RMS, the default: it does not grow with the layer's size) or as a norm over the
whole array. ``QUANTITIES`` names the telemetry series of each choice; ``GradientChoice``
holds the controls that choose (a combo box, a check box, the note that tells the two apart)
and the plot's title and axis label for each series (``titles``).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QComboBox, QLabel, QSizePolicy, QWidget

#: the per-layer series the norm plot can show: (what, per value) -> series name
QUANTITIES = {("signal", True): "signal_rms", ("signal", False): "signal_norm",
              ("weights", True): "grad_rms", ("weights", False): "grad_norm"}


class GradientChoice(QObject):
    """The controls choosing the gradient series (``QUANTITIES``), owned by ``parent``, the
    page; ``sigChanged`` when the choice changes. The page puts them in place
    (``place``) and calls ``retranslate`` when the language changes."""

    sigChanged = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.what_box = QComboBox()
        self.what_box.addItem("", "signal")
        self.what_box.addItem("", "weights")
        self.rms_box = QCheckBox()
        self.rms_box.setChecked(True)
        self.what_note = QLabel()
        self.show_label = QLabel()
        self.retranslate()
        self.what_note.setWordWrap(True)
        self.what_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.what_note.setContentsMargins(6, 0, 6, 0)
        self.what_note.setProperty("role", "hint")
        self.what_box.currentIndexChanged.connect(self._on_control_changed)
        self.rms_box.toggled.connect(self._on_control_changed)

    def place(self, controls: QBoxLayout, page: QBoxLayout, note_index: int) -> None:
        """The label, combo box and check box at the end of ``controls``; the note on its
        own line in ``page`` at ``note_index`` (below the controls)."""
        controls.addWidget(self.show_label)
        controls.addWidget(self.what_box)
        controls.addWidget(self.rms_box)
        page.insertWidget(note_index, self.what_note)

    def retranslate(self) -> None:
        self.what_box.setItemText(0, self.tr("signal reaching each layer (dL/dz)"))
        self.what_box.setItemText(1, self.tr("weight gradients (dL/dW)"))
        self.rms_box.setText(self.tr("per value (RMS)"))
        self.rms_box.setToolTip(self.tr(
            "Root mean square: the typical size of one value, which does not grow with the "
            "layer's size. Off: the norm of the whole array, larger for wider layers."))
        self.what_note.setText(self.tr(
            "dL/dz is the signal backpropagation delivers to a layer; dL/dW is that signal "
            "times the layer's input, the step the optimizer takes, and can hide a vanishing "
            "signal."))
        self.show_label.setText(self.tr("Show"))

    def chosen(self) -> str:
        """The series name the controls ask for."""
        return QUANTITIES[(self.what_box.currentData(), self.rms_box.isChecked())]

    def choose(self, name: str) -> None:
        """Set the controls to series ``name`` (one of ``QUANTITIES``' values)."""
        for (what, per_value), series in QUANTITIES.items():
            if series == name:
                self.what_box.setCurrentIndex(self.what_box.findData(what))
                self.rms_box.setChecked(per_value)
                return
        raise ValueError(f"unknown gradient quantity {name!r}")

    def titles(self, name: str) -> tuple[str, str]:
        """(plot title, y-axis label) for series ``name``."""
        return {
            "signal_rms": (self.tr("Signal dL/dz reaching each layer"),
                           self.tr("dL/dz per value, RMS (log)")),
            "signal_norm": (self.tr("Signal dL/dz reaching each layer"),
                            self.tr("dL/dz, norm (log)")),
            "grad_rms": (self.tr("Weight gradient dL/dW per layer"),
                         self.tr("dL/dW per weight, RMS (log)")),
            "grad_norm": (self.tr("Weight gradient dL/dW per layer"),
                          self.tr("dL/dW, norm (log)")),
        }[name]

    def _on_control_changed(self, *_: object) -> None:
        self.sigChanged.emit()
