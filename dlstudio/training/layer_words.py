"""How sentences name a layer and its activation: "layer 3 (dense_2)", "Leaky ReLU".

Layers are numbered from 1 in everything a student reads, as the network editor numbers them
("7. Dense dense"); code keeps the 0-based index (``layer_number`` turns one into the other,
``layer_label`` writes the ``Message`` a sentence names a layer with). An activation is named
as the window's menus name it, not by its registry key (``activation_name``). The run's
diagnoses, the pre-flight check, the lesson checks and the Transfer page's layer table all
name layers through these, so that one layer reads the same everywhere.
"""
from __future__ import annotations

from dlstudio.messages import Message


def layer_number(index: int) -> int:
    """The number people read for the 0-based layer ``index``: layers count from 1, as the
    editor ("7. Dense dense") and ``layer_label`` do."""
    return index + 1


def layer_label(index: int, name: str = "") -> Message:
    """ "layer 3 (dense_2)" for the 0-based ``index`` (without the name when it is empty)."""
    if name:
        return Message("layer.named", number=layer_number(index), name=name)
    return Message("layer.numbered", number=layer_number(index))


def activation_name(name: str | None) -> str:
    """An activation as the window's menus name it ("ReLU", "Leaky ReLU"), not by its
    registry key: "its relu outputs 0 ... or Leaky ReLU" mixed the two (W11-15)."""
    from dlstudio.engine.activations import ACTIVATIONS

    if not name:
        return ""
    try:
        return ACTIVATIONS.entry(name).display or name
    except (KeyError, ValueError):
        return name
