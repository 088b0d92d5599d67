"""``python -m dlstudio.gui.training``: the TrainingPanel on its own, bound to a fresh Studio."""
import sys

from dlstudio.gui.training import TrainingPanel
from dlstudio.gui.widgets.standalone import run_panel

sys.exit(run_panel(TrainingPanel, "dlstudio training settings"))
