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
    """Where a new layer goes: after the selection, else at the end; but never after the
    classifier head (see ``output_head``): into it or with no selection, before it.

    A Flatten goes *before* a selected Dense layer that gets images, where that layer's
    "add a Flatten layer before it" hint asks for it. Hidden layers added at a selected
    softmax output went after it, which only Start then called wrong (walker11 W11-10); but a
    last Flatten, pooling or conv layer is no output: Flatten then Dense, built in that order,
    put the Dense above the Flatten (walker14 W14-9). Dragging still puts one anywhere.
    """
    head = output_head(spec)
    if selected is not None and 0 <= selected < len(spec.layers):
        if needs_before(spec, selected, layer_type):
            return selected
        if head is not None and selected >= head:
            return head
        return selected + 1
    return len(spec.layers) if head is None else head


#: activations that make a last layer the classifier's output
OUTPUT_ACTIVATIONS = ("softmax", "sigmoid")


def output_head(spec: NetworkSpec) -> int | None:
    """Where the classifier head starts: a last Dense layer with a softmax or sigmoid, or a
    last softmax/sigmoid Activation layer (with the Dense layer right before it); None when
    the last layer is no such output (a Flatten, pooling or conv layer, a linear Dense)."""
    layers = spec.layers
    if not layers:
        return None

    def activation(layer: LayerSpec) -> str:
        act = layer.config.get("activation")
        return act.lower() if isinstance(act, str) else ""

    last = layers[-1]
    if activation(last) not in OUTPUT_ACTIVATIONS or last.type not in ("Dense", "Activation"):
        return None
    if last.type == "Activation" and len(layers) > 1 and layers[-2].type == "Dense" \
            and activation(layers[-2]) in ("", "linear"):
        return len(layers) - 2
    return len(layers) - 1


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
