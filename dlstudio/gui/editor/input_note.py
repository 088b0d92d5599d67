"""``InputNoteWidget``: under the Input shape, a note when the data's examples have another
shape than the network's Input, with a button that makes the Input take them.

The Input follows a change of data by itself when it took the data before
(``gui/input_follow.py``); an Input the student set by hand, or a network opened from a file,
stays as it is, and this note says why the network cannot train on the data and offers the
fix in one click (an undoable network edit). It watches the studio's network, data spec and
loaded data; it is hidden when the shapes agree or the data's shape is not known yet.
"""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from dlstudio.gui import input_follow
from dlstudio.gui.i18n import tidy
from dlstudio.gui.specs import dataset_name
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.messages.numbers import dims_text


class InputNoteWidget(RetranslateMixin, QWidget):
    """Says that the data do not fit the Input, and matches them on a click."""

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.setObjectName("input_note")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setProperty("role", "problem")
        self.button = QPushButton(self)
        self.button.setObjectName("match_input_button")
        self.button.clicked.connect(self._on_button_clicked)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        #: the data's example shape the note offers (None: the note is hidden)
        self.shape: tuple[int, ...] | None = None
        studio.sigNetworkChanged.connect(self.refresh)
        studio.sigDataChanged.connect(self.refresh)
        studio.sigDatasetReady.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.refresh()

    def refresh(self, *_: object) -> None:
        studio = self.studio
        shape = input_follow.data_shape(studio.data_spec, studio.dataset)
        have = tuple(studio.network_spec.input_shape)
        self.shape = shape if shape is not None and shape != have else None
        if self.shape is not None:
            self.label.setText(tidy(self.tr("The examples of %1 have shape %2, but the Input "
                                            "shape is %3: the network cannot train on them. "
                                            "Use their shape, or choose other data in the "
                                            "Data panel.")
                               .replace("%1", dataset_name(studio.data_spec.dataset))
                               .replace("%2", dims_text(self.shape))
                               .replace("%3", dims_text(have))))
            self.button.setText(self.tr("Use %1").replace("%1", dims_text(self.shape)))
            self.button.setToolTip(self.tr("Set the Input shape to the data's (Ctrl+Z puts "
                                           "it back)."))
        self.setVisible(self.shape is not None)

    def _on_button_clicked(self) -> None:
        if self.shape is not None:
            self.studio.set_network_spec(self.studio.network_spec.with_input_shape(self.shape))
