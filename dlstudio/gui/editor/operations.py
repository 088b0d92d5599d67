"""Whole-network edits for the classroom, as pure functions on ``NetworkSpec`` (no Qt).

"Hidden layers" are the layers with weights and an activation except the output layer
(``NetworkSpec.hidden_indices``). Every function returns a new spec.
"""
from __future__ import annotations

from typing import Any

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


def set_hidden(spec: NetworkSpec, key: str, value: Any) -> NetworkSpec:
    """Set ``key`` (e.g. ``"activation"``) on every hidden layer; None removes it."""
    for i in spec.hidden_indices():
        spec = spec.replace_layer(i, spec.layers[i].with_config(**{key: value}))
    return spec


def set_hidden_activation(spec: NetworkSpec, activation: Any) -> NetworkSpec:
    return set_hidden(spec, "activation", activation)


def set_hidden_initializer(spec: NetworkSpec, initializer: Any) -> NetworkSpec:
    return set_hidden(spec, "kernel_initializer", initializer)


def _after(spec: NetworkSpec, index: int, skip: tuple[str, ...]) -> int:
    """The position just after layer ``index`` and any following layers of types ``skip``."""
    pos = index + 1
    while pos < len(spec.layers) and spec.layers[pos].type in skip:
        pos += 1
    return pos


def count_type(spec: NetworkSpec, layer_type: str) -> int:
    return sum(1 for ls in spec.layers if ls.type == layer_type)


def remove_type(spec: NetworkSpec, layer_type: str) -> NetworkSpec:
    return spec.with_layers(ls for ls in spec.layers if ls.type != layer_type)


def add_batchnorm(spec: NetworkSpec) -> NetworkSpec:
    """Insert BatchNormalization after every hidden layer that has none yet."""
    for i in reversed(spec.hidden_indices()):
        nxt = spec.layers[i + 1] if i + 1 < len(spec.layers) else None
        if nxt is None or nxt.type != "BatchNormalization":
            spec = spec.insert_layer(i + 1, LayerSpec("BatchNormalization", {}))
    return spec


def add_dropout(spec: NetworkSpec, rate: float) -> NetworkSpec:
    """Dropout with ``rate`` after every hidden layer (after its batch norm, if any); existing
    Dropout layers get the new rate."""
    spec = spec.with_layers(ls.with_config(rate=rate) if ls.type == "Dropout" else ls
                            for ls in spec.layers)
    for i in reversed(spec.hidden_indices()):
        pos = _after(spec, i, ("BatchNormalization", "Activation"))
        if pos < len(spec.layers) and spec.layers[pos].type == "Dropout":
            continue
        spec = spec.insert_layer(pos, LayerSpec("Dropout", {"rate": rate}))
    return spec


def hidden_value(spec: NetworkSpec, key: str) -> Any:
    """The common value of ``key`` over the hidden layers, or None when they differ."""
    values = [spec.layers[i].config.get(key) for i in spec.hidden_indices()]
    if values and all(v == values[0] for v in values):
        return values[0]
    return None
