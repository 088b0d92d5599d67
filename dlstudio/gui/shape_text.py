"""A layer's output shape as a beginner reads it: "batch × 26 × 26 × 32".

Keras prints ``(None, 26, 26, 32)``, where ``None`` is the batch dimension (how many examples
pass through together, not fixed when the network is built). "None" means nothing to a
beginner, so the layer list names it in words, in the UI language (:func:`format_shape`).
Tables, where every row would repeat it and narrow docks have no room for it, show one
example's shape (:func:`format_example_shape`, "26 × 26 × 32") under a header whose tooltip
(:func:`table_shape_tooltip`) says that the batch dimension comes in front. The engine's
``summary()`` text (the command line, exports) keeps the Keras form.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from dlstudio.messages.numbers import dims_text


def format_example_shape(shape: Sequence[int] | None) -> str:
    """``(26, 26, 32)`` -> "26 × 26 × 32": one example's output ("?" when unknown); the
    lesson checks write shapes with the same rule (``messages.numbers.dims_text``)."""
    return dims_text(shape)


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


def table_shape_tooltip() -> str:
    """The header tooltip of a table column of :func:`format_example_shape` shapes."""
    return QCoreApplication.translate(
        "ShapeText", "The output of one example. The network takes a whole mini-batch at "
                     "once, so the full shape has the batch size in front: batch × 26 × 26 × "
                     "32 (Keras prints the batch as None).")
