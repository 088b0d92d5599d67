"""The optimizer playground: optimizer paths over 2-D loss surfaces.

``PlaygroundPanel(parent=None)`` is the panel the window hosts; run it alone with
``python -m dlstudio.gui.playground.panel``.
"""
from __future__ import annotations

__all__ = ["PlaygroundPanel"]


def __getattr__(name: str):
    if name == "PlaygroundPanel":
        from dlstudio.gui.playground.panel import PlaygroundPanel

        return PlaygroundPanel
    raise AttributeError(f"module 'dlstudio.gui.playground' has no attribute {name!r}")
