"""The property panel of the selected layer, generated from the ``LAYERS`` registry.

Each setting of the layer kind (its ``Param`` list) becomes an editor with the parameter's help
as tooltip. ``activation`` gets a chooser over ``ACTIVATIONS`` and every ``*_initializer`` one
over ``INITIALIZERS``, each with the chosen member's own parameters. Edits are emitted as a new
``LayerSpec`` (``sigLayerEdited(index, layer_spec)``); showing a spec never emits.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dlstudio.gui import theme
from dlstudio.gui.i18n import render
from dlstudio.gui.editor.palette import layer_entry
from dlstudio.gui.widgets.param_form import ParamFormWidget, tr_help
from dlstudio.gui.widgets.registry_chooser import RegistryChooserWidget
from dlstudio.gui.widgets.retranslate import RetranslateMixin


def _registry_for(param_name: str):
    """The registry whose members a parameter names, if any."""
    try:
        if param_name == "activation":
            from dlstudio.engine.activations import ACTIVATIONS

            return ACTIVATIONS, False
        if param_name.endswith("_initializer"):
            from dlstudio.engine.initializers import INITIALIZERS

            return INITIALIZERS, False
        if param_name.endswith("_regularizer"):
            from dlstudio.engine.regularizers import REGULARIZERS

            return REGULARIZERS, True
        if param_name.endswith("_constraint"):
            from dlstudio.engine.regularizers import CONSTRAINTS

            return CONSTRAINTS, True
    except ImportError:
        return None
    return None


def editor_factory(param):
    """Registry choosers for activation/initializer/regularizer/constraint parameters."""
    found = _registry_for(param.name)
    if found is None:
        return None
    registry, allow_none = found
    allow_none = allow_none or param.default is None
    return RegistryChooserWidget(registry, allow_none=allow_none)


class LayerPropertiesWidget(RetranslateMixin, QWidget):
    """Edits the settings of one layer."""

    sigLayerEdited = Signal(int, object)   # index, new LayerSpec

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("layer_properties")
        self.index = -1
        self.layer = None
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.form = ParamFormWidget(factory=editor_factory, parent=self)
        self.form.sigChanged.connect(self._on_form_changed)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "problem")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.header)
        lay.addWidget(self.form)
        lay.addWidget(self.problem)
        lay.addStretch(1)
        self.show_layer(-1, None)

    def retranslate(self) -> None:
        self.form.retranslate()
        for editor in self.form.editors.values():
            if isinstance(editor, RegistryChooserWidget):
                editor.retranslate()
        self._update_header()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # the description's grey follows the theme and classroom mode (a darker one there)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange) \
                and hasattr(self, "header"):
            self._update_header()
        super().changeEvent(event)

    def _update_header(self) -> None:
        if self.layer is None:
            self.header.setText(self.tr("Select a layer to see and change its settings."))
            return
        entry = layer_entry(self.layer.type)
        help_text = tr_help(entry.help) if entry is not None else ""
        self.header.setText(f"<b>{self.index + 1}. {self.layer.type}</b><br>"
                            f"<span style='color:{theme.hint_color()}'>{help_text}</span>")

    def show_layer(self, index: int, layer, problems: tuple[str, ...] = ()) -> None:
        """Show ``layer`` (a ``LayerSpec`` at ``index``) without emitting edits."""
        old_type = self.layer.type if self.layer is not None else None
        self.index, self.layer = index, layer
        blocker = QSignalBlocker(self.form)
        try:
            if layer is None:
                self.form.set_params((), {})
            else:
                entry = layer_entry(layer.type)
                params = entry.params if entry is not None else ()
                if layer.type != old_type or self.form.params != tuple(params):
                    self.form.set_params(params, layer.config)
                else:
                    self.form.set_values(layer.config)
        finally:
            blocker.unblock()
        self.problem.setStyleSheet(f"color: {theme.error_color()};")
        self.problem.setText("\n".join(f"⚠ {render(p)}" for p in problems))
        self.problem.setVisible(bool(problems))
        self._update_header()

    def _on_form_changed(self, name: str, value) -> None:
        if self.layer is None:
            return
        entry = layer_entry(self.layer.type)
        config = dict(self.layer.config)
        config[name] = value
        if value is None or value == "":
            config.pop(name, None)
        new = type(self.layer)(self.layer.type, config)
        self.layer = new
        self.sigLayerEdited.emit(self.index, new)
