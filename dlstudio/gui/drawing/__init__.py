"""Draw a digit for a 28x28x1 network: canvas, MNIST-style preprocessing, live prediction bars
and feature maps. ``DrawDigitPanel(studio)`` is what the window hosts; run it alone with
``python -m dlstudio.gui.drawing``.
"""
from __future__ import annotations

__all__ = ["DrawDigitPanel"]


def __getattr__(name: str):
    if name == "DrawDigitPanel":
        from dlstudio.gui.drawing.panel import DrawDigitPanel

        return DrawDigitPanel
    raise AttributeError(f"module 'dlstudio.gui.drawing' has no attribute {name!r}")
