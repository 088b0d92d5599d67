"""``python -m dlstudio.gui.drawing``: draw a digit alone (open a trained network, a
``.dlsnet`` or a workspace ``.dlsw``, with 'Open model...', or it uses the default network's
initial weights)."""
from __future__ import annotations

import sys

from dlstudio.gui.widgets.standalone import run_panel


def main() -> int:
    from dlstudio.gui.drawing.panel import DrawDigitPanel

    return run_panel(DrawDigitPanel, "Draw a digit", size=(1000, 600))


if __name__ == "__main__":
    sys.exit(main())
