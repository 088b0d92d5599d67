"""``RegistryChooserWidget``: picks a family member (an activation, an initializer, an
optimizer...) and shows that member's own parameters below it; its value is a Keras
identifier: ``"relu"`` or ``{"class_name": "leaky_relu", "config": {...}}``."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dlstudio.gui.widgets.eliding_combo import ElidingComboBox
from dlstudio.gui.widgets.param_form import ParamFormWidget, compact, tr_help


def none_member(registry) -> str | None:
    """The registry member that "none" names (an alias: the linear activation), if any."""
    try:
        return registry.resolve("none")
    except KeyError:
        return None


class RegistryChooserWidget(QWidget):
    """Choose a registry member and set its parameters; the value is a Keras identifier."""

    sigEdited = Signal(object)

    def __init__(self, registry, allow_none: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.registry = registry
        self.allow_none = allow_none
        #: the member that no value means, when the registry names one ("none" is an
        #: alias of the linear activation): it stands for None, with no "(none)" item
        #: of its own beside it (walker14 W14-12: "(none)" and "Linear (none)")
        self.none_member = none_member(registry) if allow_none else None
        self.combo = compact(ElidingComboBox(self))
        if allow_none and self.none_member is None:
            self.combo.addItem("", None)
        for entry in registry.entries():
            self.combo.addItem(entry.display, entry.name)
        self.sub = ParamFormWidget(parent=self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        lay.addWidget(self.sub)
        self.combo.activated.connect(self._on_combo_activated)
        self.sub.sigChanged.connect(lambda *_: self.sigEdited.emit(self.value()))
        self._show_entry(self.combo.currentData(), {})
        self.retranslate()

    def retranslate(self) -> None:
        self.combo.setPlaceholderText(QCoreApplication.translate("Param", "(mixed)"))
        if self.allow_none and self.none_member is None:
            self.combo.setItemText(0, QCoreApplication.translate("Param", "(none)"))
        for i in range(self.combo.count()):
            name = self.combo.itemData(i)
            if name is not None:
                entry = self.registry.entry(name)
                self.combo.setItemText(i, QCoreApplication.translate("Registry", entry.display))
                self.combo.setItemData(i, tr_help(entry.help), 3)  # Qt.ToolTipRole
        self.sub.retranslate()

    def _show_entry(self, name: str | None, config: dict) -> None:
        params = self.registry.entry(name).params if name is not None else ()
        self.sub.set_params(params, config)
        self.sub.setVisible(bool(params))

    def _on_combo_activated(self, _index: int) -> None:
        self._show_entry(self.combo.currentData(), {})
        self.sigEdited.emit(self.value())

    def value(self) -> Any:
        name = self.combo.currentData()
        if name is None:
            return None
        entry = self.registry.entry(name)
        config = {k: v for k, v in self.sub.values().items()
                  if k in {p.name for p in entry.params}
                  and v != entry.param(k).default}
        if not config and name == self.none_member:
            return None
        return {"class_name": name, "config": config} if config else name

    def set_mixed(self) -> None:
        """Show "(mixed)" and no member: the things this box stands for disagree."""
        blocker = QSignalBlocker(self.combo)
        self.combo.setCurrentIndex(-1)
        blocker.unblock()
        sub_blocker = QSignalBlocker(self.sub)
        self._show_entry(None, {})
        sub_blocker.unblock()

    def is_mixed(self) -> bool:
        return self.combo.currentIndex() < 0

    def set_value(self, identifier: Any) -> None:
        if identifier is None:
            name, config = ((self.none_member, {}) if self.allow_none
                            else (self.combo.itemData(0), {}))
        else:
            try:
                name, config = self.registry.split_identifier(identifier)
            except (KeyError, ValueError):
                name, config = self.combo.itemData(0), {}
        blocker = QSignalBlocker(self.combo)
        self.combo.setCurrentIndex(max(0, self.combo.findData(name)))
        blocker.unblock()
        sub_blocker = QSignalBlocker(self.sub)
        self._show_entry(name, config)
        sub_blocker.unblock()
