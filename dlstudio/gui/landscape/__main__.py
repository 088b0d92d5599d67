"""``python -m dlstudio.gui.landscape``: the landscape panel alone, around the default
network's initial weights (train in the studio to see a real minimum and a path)."""
from __future__ import annotations

import sys

from dlstudio.gui.widgets.standalone import run_panel


def main() -> int:
    from dlstudio.gui.landscape.panel import LandscapePanel

    return run_panel(LandscapePanel, "Loss landscape", size=(900, 700))


if __name__ == "__main__":
    sys.exit(main())
