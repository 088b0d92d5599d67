"""Every panel starts alone with demo data (``python -m dlstudio.gui.plots.<module>``)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from dlstudio.gui.plots import PANELS
from dlstudio.gui.plots.demo import run_demo
from dlstudio.gui.plots.outcome import _demo_setup
from dlstudio.gui.plots.preflight import demo_setup as preflight_setup


def distinct_colours(path, top=40) -> int:
    image = QImage(str(path))
    return len({image.pixel(x, y) for x in range(0, image.width(), 7)
                for y in range(top, image.height(), 7)})


@pytest.mark.parametrize("index", range(len(PANELS)), ids=[k for k, _, _ in PANELS])
def test_demo_shows_live_plots(qapp, tmp_path, index):
    key, _, cls = PANELS[index]
    shot = tmp_path / f"{key}.png"
    setup = {"outcome": _demo_setup, "preflight": preflight_setup}.get(key)
    code = run_demo(cls, ["--variants", "2", "--screenshot", str(shot), "--seconds", "1.0",
                          "--size", "800x600"], setup=setup)
    assert code == 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (800, 600)
    assert distinct_colours(shot) > 30            # plots, not the placeholder text


def test_module_runs_alone(tmp_path):
    shot = tmp_path / "convergence.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "dlstudio.gui.plots.convergence", "--screenshot", str(shot),
         "--seconds", "1.0", "--size", "640x480"],
        env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr
    assert distinct_colours(shot) > 30
