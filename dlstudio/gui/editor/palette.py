"""The layer palette: the layer kinds a student can add, by double-click, drag, or from the
keyboard: Enter (Return, the keypad's Enter) or Insert on an entry, or its context menu
(Shift+F10, the Menu key). Without these a network could not be built without a mouse
(walker33 W33-14). Space stays the studio's pause key here (``widgets/space_key.py``)."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QDrag, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QMenu, QWidget

from dlstudio.gui.editor.operations import NEW_LAYER_CONFIG
from dlstudio.gui.widgets.param_form import tr_help
from dlstudio.gui.widgets.retranslate import RetranslateMixin

MIME_LAYER_TYPE = "application/x-dlstudio-layer-type"
#: the keys that add the current entry, as a double-click does (listed in Help > Keyboard
#: shortcuts)
ADD_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Insert)


def layer_entry(layer_type: str):
    """The ``LAYERS`` registry entry of ``layer_type`` (None while the registry is missing)."""
    try:
        from dlstudio.engine.layers import LAYERS

        return LAYERS.entry(layer_type)
    except (ImportError, KeyError):
        return None


class LayerPaletteWidget(RetranslateMixin, QListWidget):
    """Lists the layer kinds; ``sigAddRequested(type)`` on double-click, Enter or Insert
    (drag also works)."""

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
            hint = self.tr("Double-click or press Enter to add after the selected layer "
                           "(before it when it is the softmax or sigmoid output layer, and a "
                           "Flatten before a selected Dense layer that needs it), or drag into "
                           "the layer stack.")
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

    def add_current(self) -> None:
        """Ask for the current entry's layer kind to be added (nothing when none is current)."""
        item = self.currentItem()
        if item is not None:
            self.sigAddRequested.emit(item.data(Qt.ItemDataRole.UserRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in ADD_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
            self.add_current()
            event.accept()          # not on to the window: the list's own Enter ignores it
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            item = self.itemAt(event.pos())
            if item is None:
                return
            self.setCurrentItem(item)
            self.show_context_menu(event.globalPos())
        else:                       # Shift+F10, the Menu key: beside the current entry
            self.show_context_menu(None)

    def show_context_menu(self, where: QPoint | None) -> None:
        """The context menu of the current entry (``context_menu``) at ``where`` (global;
        None: on the current entry)."""
        menu = self.context_menu()
        if menu is None:
            return
        if where is None:
            where = self.viewport().mapToGlobal(self.visualItemRect(self.currentItem()).center())
        menu.exec(where)
        menu.deleteLater()

    def context_menu(self) -> QMenu | None:
        """A menu with "Add <kind> to the network" for the current entry (None: no entry is
        current)."""
        item = self.currentItem()
        if item is None:
            return None
        menu = QMenu(self)
        # the key beside the entry (after a tab, as a menu shows shortcuts), to learn it
        key = QKeySequence(Qt.Key.Key_Return).toString(QKeySequence.SequenceFormat.NativeText)
        add = menu.addAction(self.tr("Add %1 to the network").replace("%1", item.text())
                             + "\t" + key)
        add.triggered.connect(self.add_current)
        return menu
