"""The network editor: palette, layer stack, properties, whole-network toggles, summary,
diagram and presets. ``NetworkEditorPanel(studio)`` is the panel the window docks."""
from dlstudio.gui.editor.panel import NetworkEditorPanel

__all__ = ["NetworkEditorPanel"]
