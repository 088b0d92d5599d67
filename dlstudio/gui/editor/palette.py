"""The layer palette: the layer kinds a student can add, by double-click or drag."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from dlstudio.gui.editor.operations import NEW_LAYER_CONFIG
from dlstudio.gui.widgets.param_form import tr_help
from dlstudio.gui.widgets.retranslate import RetranslateMixin

MIME_LAYER_TYPE = "application/x-dlstudio-layer-type"


def layer_entry(layer_type: str):
    """The ``LAYERS`` registry entry of ``layer_type`` (None while the registry is missing)."""
    try:
        from dlstudio.engine.layers import LAYERS

        return LAYERS.entry(layer_type)
    except (ImportError, KeyError):
        return None


class LayerPaletteWidget(RetranslateMixin, QListWidget):
    """Lists the layer kinds; ``sigAddRequested(type)`` on double-click (drag also works)."""

    sigAddRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("layer_palette")
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for layer_type in NEW_LAYER_CONFIG:
            item = QListWidgetItem(layer_type, self)
            item.setData(Qt.ItemDataRole.UserRole, layer_type)
        self.itemDoubleClicked.connect(self._on_item_double_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        for i in range(self.count()):
            item = self.item(i)
            entry = layer_entry(item.data(Qt.ItemDataRole.UserRole))
            help_text = tr_help(entry.help) if entry is not None else ""
            hint = self.tr("Double-click to add after the selected layer (before it when it is "
                           "the softmax or sigmoid output layer, and a Flatten before a selected "
                           "Dense layer that needs it), or drag into the layer stack.")
            item.setToolTip(f"{help_text}\n\n{hint}" if help_text else hint)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self.fit_width()
        super().changeEvent(event)

    def fit_width(self) -> None:
        """As wide as the longest layer name (fonts grow in classroom mode)."""
        self.setFixedWidth(self.sizeHintForColumn(0) + 2 * self.frameWidth() + 8)

    def showEvent(self, event) -> None:  # noqa: N802
        self.fit_width()
        super().showEvent(event)

    def _on_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.sigAddRequested.emit(item.data(Qt.ItemDataRole.UserRole))

    def startDrag(self, supported_actions) -> None:  # noqa: N802
        item = self.currentItem()
        if item is None:
            return
        mime = QMimeData()
        mime.setData(MIME_LAYER_TYPE, QByteArray(item.data(Qt.ItemDataRole.UserRole).encode()))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)
