"""``python -m dlstudio.gui.debugger``: the step debugger alone, on the default network's
initial weights (press Step inside once the data has loaded)."""
from __future__ import annotations

import sys

from dlstudio.gui.widgets.standalone import run_panel


def main() -> int:
    from dlstudio.gui.debugger.panel import StepDebuggerPanel

    return run_panel(StepDebuggerPanel, "Step debugger", size=(1000, 700))


if __name__ == "__main__":
    sys.exit(main())
