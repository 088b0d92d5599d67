"""Network changes a lesson step can ask for, applied to the JSON form of a network spec.

A step's ``network`` table may hold, applied in this order:

- ``preset = "deep_sigmoid_mlp"``: start from a preset of ``dlstudio.engine.presets``;
- ``spec = {input_shape = [2], layers = [...]}``: start from a full spec;
- ``mlp = {input_shape = [2], hidden = [16, 16], activation = "tanh", outputs = 2}``: start
  from a multilayer perceptron (``kernel_initializer``, ``output_activation`` optional; a
  ``Flatten`` is added for image inputs);
- ``edits = [...]``: a list of edits, each a table with an ``op``:

  ``{op = "set", layers = "hidden", key = "activation", value = "sigmoid"}``
      set an argument on layers; ``layers`` is ``"hidden"`` (every Dense/Conv2D except the
      last), ``"output"``, ``"weighted"`` (all Dense/Conv2D), ``"all"``, a layer index or a
      list of indices (negative counts from the end); ``value`` may be any TOML value.
  ``{op = "hidden", units = [64, 64]}``
      replace the hidden Dense stack of an MLP (``units = []`` leaves only the output layer);
      the new layers copy activation and initializer from the first old hidden layer unless
      ``activation``/``kernel_initializer`` are given.
  ``{op = "add_batchnorm", momentum = 0.99}``
      after every hidden Dense/Conv2D: the layer loses its activation and bias, then come a
      ``BatchNormalization`` and an ``Activation`` with the old activation.
  ``{op = "add_dropout", rate = 0.5}``
      a ``Dropout`` after every hidden Dense layer (never after the output).
  ``{op = "insert", index = 1, layer = {type = "Dropout", rate = 0.2}}``
  ``{op = "remove", type = "Dropout"}`` (or ``index = 3``)
  ``{op = "input_shape", value = [2]}``

Everything works on plain dicts so the same code serves the headless runner and the GUI.
"""
from __future__ import annotations

import copy
from typing import Any

WEIGHTED = ("Dense", "Conv2D")

#: edit operations and the keys each accepts (for the loader's validation)
EDIT_OPS: dict[str, tuple[set[str], set[str]]] = {
    # op: (required keys, optional keys)
    "set": ({"layers", "key", "value"}, set()),
    "hidden": ({"units"}, {"activation", "kernel_initializer"}),
    "add_batchnorm": (set(), {"momentum", "epsilon"}),
    "add_dropout": ({"rate"}, {"input_rate"}),
    "insert": ({"index", "layer"}, set()),
    "remove": (set(), {"type", "index"}),
    "input_shape": ({"value"}, set()),
}


class EditError(ValueError):
    """An edit that cannot be applied to the network at hand."""


def mlp_spec(input_shape: list[int], hidden: list[int], outputs: int,
             activation: str = "relu", output_activation: str = "softmax",
             kernel_initializer: Any = None, **extra: Any) -> dict:
    """The JSON form of a multilayer perceptron.

    ``extra`` arguments (e.g. ``bias_initializer``) go on every hidden layer.
    """
    layers: list[dict] = []
    if len(input_shape) > 1:
        layers.append({"type": "Flatten"})
    for units in hidden:
        layer = {"type": "Dense", "units": int(units), "activation": activation, **extra}
        if kernel_initializer is not None:
            layer["kernel_initializer"] = copy.deepcopy(kernel_initializer)
        layers.append(layer)
    layers.append({"type": "Dense", "units": int(outputs), "activation": output_activation})
    return {"format": "dlstudio.network", "version": 1, "input_shape": list(input_shape),
            "layers": layers}


def _weighted(layers: list[dict]) -> list[int]:
    return [i for i, layer in enumerate(layers) if layer.get("type") in WEIGHTED]


def select_layers(layers: list[dict], which: Any) -> list[int]:
    """Indices of the layers named by ``which`` (see the module docstring)."""
    weighted = _weighted(layers)
    if which == "hidden":
        return weighted[:-1]
    if which == "output":
        return weighted[-1:]
    if which == "weighted":
        return weighted
    if which == "all":
        return list(range(len(layers)))
    items = which if isinstance(which, list) else [which]
    out = []
    for item in items:
        if not isinstance(item, int) or isinstance(item, bool):
            raise EditError(f"layers must be 'hidden', 'output', 'weighted', 'all', an index "
                            f"or a list of indices, got {which!r}")
        if not -len(layers) <= item < len(layers):
            raise EditError(f"there is no layer {item}: the network has {len(layers)} layers")
        out.append(item % len(layers))
    return out


def _op_set(layers: list[dict], edit: dict) -> list[dict]:
    for i in select_layers(layers, edit["layers"]):
        layers[i][edit["key"]] = copy.deepcopy(edit["value"])
    return layers


def _op_hidden(layers: list[dict], edit: dict) -> list[dict]:
    weighted = _weighted(layers)
    if not weighted or any(layers[i]["type"] != "Dense" for i in weighted):
        raise EditError("op 'hidden' works on a multilayer perceptron (Dense layers only)")
    first_hidden, out_index = weighted[0], weighted[-1]
    template = dict(layers[first_hidden]) if len(weighted) > 1 else {
        "type": "Dense", "activation": "relu"}
    template.pop("name", None)
    for key in ("activation", "kernel_initializer"):
        if key in edit:
            template[key] = copy.deepcopy(edit[key])
    new_hidden = [{**copy.deepcopy(template), "units": int(u)} for u in edit["units"]]
    head = layers[:first_hidden]
    return head + new_hidden + [layers[out_index]] + layers[out_index + 1:]


def _op_add_batchnorm(layers: list[dict], edit: dict) -> list[dict]:
    hidden = set(_weighted(layers)[:-1])
    out: list[dict] = []
    for i, layer in enumerate(layers):
        if i not in hidden:
            out.append(layer)
            continue
        activation = layer.get("activation", "linear")
        out.append({**layer, "activation": "linear", "use_bias": False})
        bn = {"type": "BatchNormalization"}
        for key in ("momentum", "epsilon"):
            if key in edit:
                bn[key] = edit[key]
        out.append(bn)
        if activation not in (None, "linear"):
            out.append({"type": "Activation", "activation": activation})
    return out


def _op_add_dropout(layers: list[dict], edit: dict) -> list[dict]:
    hidden = {i for i in _weighted(layers)[:-1] if layers[i]["type"] == "Dense"}
    result: list[dict] = []
    if "input_rate" in edit:
        start = 1 if layers and layers[0].get("type") == "Flatten" else 0
        result = layers[:start] + [{"type": "Dropout", "rate": edit["input_rate"]}]
        layers, hidden = layers[start:], {i - start for i in hidden}
    pending = False  # a hidden block (layer + its BatchNormalization/Activation) is open
    for i, layer in enumerate(layers):
        if pending and layer.get("type") not in ("BatchNormalization", "Activation"):
            result.append({"type": "Dropout", "rate": edit["rate"]})
            pending = False
        result.append(layer)
        pending = pending or i in hidden
    if pending:
        result.append({"type": "Dropout", "rate": edit["rate"]})
    return result


def _op_insert(layers: list[dict], edit: dict) -> list[dict]:
    index = edit["index"]
    if not isinstance(index, int) or not -len(layers) - 1 <= index <= len(layers):
        raise EditError(f"cannot insert at index {index!r}: the network has {len(layers)} layers")
    layer = edit["layer"]
    if not isinstance(layer, dict) or "type" not in layer:
        raise EditError("op 'insert' needs layer = {type = ..., ...}")
    layers.insert(index, copy.deepcopy(layer))
    return layers


def _op_remove(layers: list[dict], edit: dict) -> list[dict]:
    if "index" in edit:
        index = select_layers(layers, edit["index"])
        return [layer for i, layer in enumerate(layers) if i not in index]
    if "type" in edit:
        return [layer for layer in layers if layer.get("type") != edit["type"]]
    raise EditError("op 'remove' needs a type or an index")


_OPS = {"set": _op_set, "hidden": _op_hidden, "add_batchnorm": _op_add_batchnorm,
        "add_dropout": _op_add_dropout, "insert": _op_insert, "remove": _op_remove}


def apply_edits(spec: dict, edits: list[dict] | tuple[dict, ...]) -> dict:
    """A new spec dict with ``edits`` applied in order (``spec`` is not modified)."""
    spec = copy.deepcopy(spec)
    layers = list(spec.get("layers", []))
    for n, edit in enumerate(edits):
        op = edit.get("op")
        try:
            if op == "input_shape":
                spec["input_shape"] = list(edit["value"])
            elif op in _OPS:
                layers = _OPS[op]([dict(layer) for layer in layers], edit)
            else:
                raise EditError(f"unknown op {op!r}; known: {', '.join(EDIT_OPS)}")
        except EditError as exc:
            raise EditError(f"edit {n + 1} ({op}): {exc}") from None
    spec["layers"] = layers
    return spec
