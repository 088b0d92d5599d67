"""Every panel starts alone with demo data (``python -m dlstudio.gui.plots.<module>``).

Each demo runs in its own process, as a user starts it: a demo runs the application's
event loop and, on leaving, destroys every object waiting for deletion, which inside the
shared test process would include other tests' pyqtgraph items (it crashed the suite).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from dlstudio.gui.plots import PANELS


def distinct_colours(path, top=40) -> int:
    image = QImage(str(path))
    return len({image.pixel(x, y) for x in range(0, image.width(), 7)
                for y in range(top, image.height(), 7)})


@pytest.mark.parametrize("index", range(len(PANELS)), ids=[k for k, _, _ in PANELS])
def test_demo_shows_live_plots(qapp, tmp_path, index):
    key, _, cls = PANELS[index]
    shot = tmp_path / f"{key}.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", cls.__module__, "--variants", "2", "--screenshot", str(shot),
         "--seconds", "1.0", "--size", "800x600"],
        env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (800, 600)
    assert distinct_colours(shot) > 30            # plots, not the placeholder text
