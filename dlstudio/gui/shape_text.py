"""A layer's output shape as a beginner reads it: "batch × 26 × 26 × 32".

Keras prints ``(None, 26, 26, 32)``, where ``None`` is the batch dimension (how many examples
pass through together, not fixed when the network is built). "None" means nothing to a
beginner, so every list and table of the window names it in words, in the UI language, and
:func:`shape_tooltip` explains it. The engine's ``summary()`` text (the command line,
exports) keeps the Keras form.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

def format_shape(shape: Sequence[int] | None) -> str:
    """``(26, 26, 32)`` -> "batch × 26 × 26 × 32" ("?" when the shape is unknown)."""
    if shape is None:
        return "?"
    batch = QCoreApplication.translate("ShapeText", "batch")
    return " × ".join([batch] + [str(d) for d in shape])


def shape_tooltip() -> str:
    """What "batch" in a shape means (for the tooltips of shape columns and rows)."""
    return QCoreApplication.translate(
        "ShapeText", "Output shape: \"batch\" is the number of examples that go through the "
                  "network together (a mini-batch); it is not fixed when the network is "
                  "built, so Keras prints it as None.")
