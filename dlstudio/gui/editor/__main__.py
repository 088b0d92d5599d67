"""``python -m dlstudio.gui.editor``: the NetworkEditorPanel on its own, bound to a fresh Studio."""
import sys

from dlstudio.gui.editor import NetworkEditorPanel
from dlstudio.gui.widgets.standalone import run_panel

sys.exit(run_panel(NetworkEditorPanel, "dlstudio network editor"))
