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


def default_insert_index(spec: NetworkSpec, selected: int | None) -> int:
    """Where a new layer goes: after the selection, else just before the output layer."""
    if selected is not None and 0 <= selected < len(spec.layers):
        return selected + 1
    return max(0, len(spec.layers) - 1)


def duplicate_layer(spec: NetworkSpec, index: int) -> NetworkSpec:
    layer = spec.layers[index]
    cfg = {k: v for k, v in layer.config.items() if k != "name"}  # names must stay unique
    return spec.insert_layer(index + 1, LayerSpec(layer.type, cfg))
