"""The loss-landscape panel: contours of the training loss around the current weights, with
the run's path. ``LandscapePanel(studio)`` is what the window hosts; run it alone with
``python -m dlstudio.gui.landscape``.
"""
from __future__ import annotations

__all__ = ["LandscapePanel"]


def __getattr__(name: str):
    if name == "LandscapePanel":
        from dlstudio.gui.landscape.panel import LandscapePanel

        return LandscapePanel
    raise AttributeError(f"module 'dlstudio.gui.landscape' has no attribute {name!r}")
