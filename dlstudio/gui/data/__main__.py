"""``python -m dlstudio.gui.data``: the DataPanel on its own, bound to a fresh Studio."""
import sys

from dlstudio.gui.data import DataPanel
from dlstudio.gui.widgets.standalone import run_panel

sys.exit(run_panel(DataPanel, "dlstudio data"))
