"""The step debugger: one mini-batch layer by layer with the chain rule in numbers, and a
finite-difference check of chosen gradients. ``StepDebuggerPanel(studio)`` is what the window
hosts; run it alone with ``python -m dlstudio.gui.debugger``.
"""
from __future__ import annotations

__all__ = ["StepDebuggerPanel"]


def __getattr__(name: str):
    if name == "StepDebuggerPanel":
        from dlstudio.gui.debugger.panel import StepDebuggerPanel

        return StepDebuggerPanel
    raise AttributeError(f"module 'dlstudio.gui.debugger' has no attribute {name!r}")
