"""The editor's layer palette: what a new layer starts with and where it goes (no Qt).

Whole-network edits (batch norm or dropout everywhere, one activation for every hidden
layer) are in ``dlstudio.engine.spec_edits``, shared with the lessons and the CLI.
"""
from __future__ import annotations

from dlstudio.engine.spec import LayerSpec, NetworkSpec

#: the palette, in the order shown, with the settings a new layer starts with
NEW_LAYER_CONFIG: dict[str, dict] = {
    "Dense": {"units": 32, "activation": "relu"},
    "Conv2D": {"filters": 16, "kernel_size": 3, "activation": "relu"},
    "MaxPooling2D": {"pool_size": 2},
    "AveragePooling2D": {"pool_size": 2},
    "Flatten": {},
    "Dropout": {"rate": 0.25},
    "BatchNormalization": {},
    "Activation": {"activation": "relu"},
}


def new_layer(layer_type: str) -> LayerSpec:
    return LayerSpec(layer_type, dict(NEW_LAYER_CONFIG.get(layer_type, {})))


#: layer kinds that fix the layer *after* them, so they go before the selection when it
#: needs them (a Flatten in front of a Dense layer that gets images)
FIXES_NEXT_LAYER = {"Flatten": "Dense"}


def default_insert_index(spec: NetworkSpec, selected: int | None,
                         layer_type: str | None = None) -> int:
    """Where a new layer goes: after the selection, else just before the output layer.

    A Flatten goes *before* a selected Dense layer that gets images, where that layer's
    "add a Flatten layer before it" hint asks for it. Any layer goes before a selected
    output layer (the last): hidden layers added there went after the softmax, which only
    Start then called wrong (walker11 W11-10); dragging still puts one anywhere.
    """
    if selected is not None and 0 <= selected < len(spec.layers):
        if needs_before(spec, selected, layer_type) or selected == len(spec.layers) - 1:
            return selected
        return selected + 1
    return max(0, len(spec.layers) - 1)


def needs_before(spec: NetworkSpec, index: int, layer_type: str | None) -> bool:
    """Does a new ``layer_type`` belong right before layer ``index`` (which needs it)?"""
    if spec.layers[index].type != FIXES_NEXT_LAYER.get(layer_type or ""):
        return False
    if index == 0:
        shape = tuple(spec.input_shape)
    else:
        rows = spec.describe_layers()
        shape = rows[index - 1].output_shape if index - 1 < len(rows) else None
    return shape is not None and len(shape) > 1


def move_target(spec: NetworkSpec, index: int, step: int) -> int | None:
    """Where layer ``index`` goes when moved ``step`` places (-1 up, +1 down); None at an end."""
    target = index + step
    if not 0 <= index < len(spec.layers) or not 0 <= target < len(spec.layers):
        return None
    return target


def duplicate_layer(spec: NetworkSpec, index: int) -> NetworkSpec:
    layer = spec.layers[index]
    cfg = {k: v for k, v in layer.config.items() if k != "name"}  # names must stay unique
    return spec.insert_layer(index + 1, LayerSpec(layer.type, cfg))
