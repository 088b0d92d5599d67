"""Whole-network edits: pure functions ``NetworkSpec -> NetworkSpec``.

The window's "whole network" switches, the lesson files' ``edits`` and the command line all
call these, so that "batch norm after every hidden layer" means one thing everywhere.

Definitions used throughout:

- **weighted layers**: ``Dense`` and ``Conv2D``;
- **hidden layers**: every weighted layer except the last one (the output layer);
- a hidden layer's **block**: the layer and the ``BatchNormalization``/``Activation`` layers
  right after it. With batch norm the block is the textbook placement
  ``Dense/Conv2D (no bias, linear) -> BatchNormalization -> Activation``, and the block's
  activation lives in its ``Activation`` layer; ``set_hidden(spec, "activation", ...)`` and
  ``hidden_value`` look there.
- **dropout** goes at the end of every hidden ``Dense`` block, never after the output and
  not after ``Conv2D`` (neighbouring pixels of a feature map carry nearly the same value, so
  dropping single ones regularizes little; convnets use it before their Dense classifier).

``apply_edits`` reads the lesson files' edit tables (``{op = "add_batchnorm"}``, see
``EDIT_OPS``) and calls the same functions.
"""
from __future__ import annotations

import copy
import math
from typing import Any, Iterable, Mapping

from dlstudio.engine.spec import LayerSpec, NetworkSpec, SpecError

WEIGHTED_TYPES = ("Dense", "Conv2D")
#: layers that belong to the hidden layer before them (see the module docstring)
BLOCK_TYPES = ("BatchNormalization", "Activation")


class EditError(SpecError):
    """An edit that cannot be applied to the network at hand."""


class _Mixed:
    """The value ``hidden_value`` returns when the hidden layers disagree."""

    def __repr__(self) -> str:
        return "MIXED"


#: hidden layers hold different values (``hidden_value``)
MIXED = _Mixed()


# -- which layers ---------------------------------------------------------------------------
def weighted_indices(spec: NetworkSpec) -> list[int]:
    """Indices of the Dense and Conv2D layers."""
    return [i for i, ls in enumerate(spec.layers) if ls.type in WEIGHTED_TYPES]


def hidden_indices(spec: NetworkSpec) -> list[int]:
    """Indices of the hidden layers: every weighted layer except the output layer."""
    return weighted_indices(spec)[:-1]


def block_end(spec: NetworkSpec, index: int) -> int:
    """The position just after layer ``index`` and its BatchNormalization/Activation layers."""
    pos = index + 1
    while pos < len(spec.layers) and spec.layers[pos].type in BLOCK_TYPES:
        pos += 1
    return pos


def _is_linear(activation: Any) -> bool:
    return activation is None or activation == "linear"


def activation_holder(spec: NetworkSpec, index: int) -> int:
    """The index of the layer that applies hidden layer ``index``'s activation: its own, or
    the Activation layer of its block when the layer itself is linear."""
    if _is_linear(spec.layers[index].get("activation")):
        for pos in range(index + 1, block_end(spec, index)):
            if spec.layers[pos].type == "Activation":
                return pos
    return index


def select_layers(spec: NetworkSpec, which: Any) -> list[int]:
    """Indices named by ``which``: ``"hidden"``, ``"output"`` (the last weighted layer),
    ``"weighted"``, ``"all"``, an index or a list of indices (negative counts from the end)."""
    n = len(spec.layers)
    named = {"hidden": hidden_indices, "output": lambda s: weighted_indices(s)[-1:],
             "weighted": weighted_indices, "all": lambda s: list(range(n))}
    if isinstance(which, str) and which in named:
        return named[which](spec)
    out = []
    for item in which if isinstance(which, list) else [which]:
        if not isinstance(item, int) or isinstance(item, bool):
            raise EditError(f"layers must be {', '.join(repr(k) for k in named)}, an index "
                            f"or a list of indices, got {which!r}")
        if not -n <= item < n:
            raise EditError(f"there is no layer {item}: the network has {n} layers")
        out.append(item % n)
    return out


def count_type(spec: NetworkSpec, layer_type: str) -> int:
    return sum(1 for ls in spec.layers if ls.type == layer_type)


def dropout_rate(spec: NetworkSpec) -> float | None:
    """The rate of the network's first Dropout layer (None without one, or when its rate is
    no finite number: a hand-edited file can hold text, a list or NaN there, which the spec's
    validation names; the panels showing the rate got a TypeError: walker25 W25-2)."""
    for ls in spec.layers:
        if ls.type == "Dropout":
            rate = ls.config.get("rate", _default("Dropout", "rate"))
            if isinstance(rate, bool) or not isinstance(rate, (int, float)) \
                    or not math.isfinite(rate):
                return None
            return float(rate)
    return None


# -- reading --------------------------------------------------------------------------------
def _default(layer_type: str, key: str) -> Any:
    from dlstudio.engine.layers import LAYERS

    try:
        return LAYERS.entry(layer_type).param(key).default
    except KeyError:
        return None


def hidden_value(spec: NetworkSpec, key: str) -> Any:
    """The value of ``key`` shared by every hidden layer (a setting left out counts as its
    default); ``MIXED`` when they differ, None when there are no hidden layers."""
    values = []
    for i in hidden_indices(spec):
        holder = activation_holder(spec, i) if key == "activation" else i
        ls = spec.layers[holder]
        values.append(ls.config[key] if key in ls.config else _default(ls.type, key))
    if not values:
        return None
    return values[0] if all(v == values[0] for v in values) else MIXED


def batchnorm_blocks(spec: NetworkSpec) -> tuple[int, int]:
    """``(with, of)``: how many of the ``of`` hidden blocks have a BatchNormalization."""
    hidden = hidden_indices(spec)
    covered = [any(spec.layers[p].type == "BatchNormalization"
                   for p in range(i + 1, block_end(spec, i))) for i in hidden]
    return sum(covered), len(hidden)


def batchnorm_coverage(spec: NetworkSpec) -> Any:
    """Whether "batch normalization after every hidden layer" holds: True when every hidden
    block has a BatchNormalization, False when the network has none, ``MIXED`` when only
    some do (one after the first hidden layer only ticked the window's box: walker27 W27-1)."""
    if count_type(spec, "BatchNormalization") == 0:
        return False
    covered, hidden = batchnorm_blocks(spec)
    return True if hidden and covered == hidden else MIXED


def dropout_blocks(spec: NetworkSpec) -> tuple[int, int]:
    """``(with, of)``: how many of the ``of`` hidden Dense blocks end in a Dropout."""
    ends = [block_end(spec, i) for i in hidden_indices(spec) if spec.layers[i].type == "Dense"]
    covered = [e < len(spec.layers) and spec.layers[e].type == "Dropout" for e in ends]
    return sum(covered), len(ends)


def dropout_coverage(spec: NetworkSpec) -> Any:
    """Whether "dropout after every hidden Dense layer" holds: True when every hidden Dense
    block ends in a Dropout, False when the network has none, ``MIXED`` otherwise (e.g. a
    Dropout on the inputs only)."""
    if count_type(spec, "Dropout") == 0:
        return False
    covered, ends = dropout_blocks(spec)
    return True if ends and covered == ends else MIXED


# -- edits ----------------------------------------------------------------------------------
def set_layers(spec: NetworkSpec, which: Any, key: str, value: Any) -> NetworkSpec:
    """Set ``key`` on the layers ``which`` names (``select_layers``); None removes it. On the
    hidden layers an activation goes where the block applies it (``activation_holder``)."""
    layers = list(spec.layers)
    for i in select_layers(spec, which):
        if which == "hidden" and key == "activation":
            i = activation_holder(spec, i)
            if layers[i].type == "Activation" and value is None:
                value = "linear"
        layers[i] = layers[i].with_config(**{key: copy.deepcopy(value)})
    return spec.with_layers(layers)


def with_dropout_rate(spec: NetworkSpec, rate: float) -> NetworkSpec:
    """``spec`` with ``rate`` on every Dropout layer (as a running network takes a live
    dropout rate: ``Network.set_dropout_rate``)."""
    return spec.with_layers(ls.with_config(rate=rate) if ls.type == "Dropout" else ls
                            for ls in spec.layers)


def set_hidden(spec: NetworkSpec, key: str, value: Any) -> NetworkSpec:
    """Set ``key`` (e.g. ``"kernel_initializer"``) on every hidden layer; None removes it."""
    return set_layers(spec, "hidden", key, value)


def set_hidden_activation(spec: NetworkSpec, activation: Any) -> NetworkSpec:
    return set_hidden(spec, "activation", activation)


def set_hidden_initializer(spec: NetworkSpec, initializer: Any) -> NetworkSpec:
    return set_hidden(spec, "kernel_initializer", initializer)


def add_batchnorm(spec: NetworkSpec, momentum: float | None = None,
                  epsilon: float | None = None) -> NetworkSpec:
    """Batch normalization in every hidden block, the textbook way: the layer loses its
    activation and its bias (BatchNormalization's beta takes the bias's place), then come a
    ``BatchNormalization`` and an ``Activation`` with the old activation. Blocks that already
    have batch norm are left as they are."""
    bn_config = {k: v for k, v in (("momentum", momentum), ("epsilon", epsilon)) if v is not None}
    out: list[LayerSpec] = []
    hidden = set(hidden_indices(spec))
    for i, ls in enumerate(spec.layers):
        nxt = spec.layers[i + 1] if i + 1 < len(spec.layers) else None
        if i not in hidden or (nxt is not None and nxt.type == "BatchNormalization"):
            out.append(ls)
            continue
        activation = ls.get("activation")
        out.append(ls.with_config(activation=None, use_bias=False))
        out.append(LayerSpec("BatchNormalization", dict(bn_config)))
        if not _is_linear(activation):
            out.append(LayerSpec("Activation", {"activation": copy.deepcopy(activation)}))
    return spec.with_layers(out)


def remove_batchnorm(spec: NetworkSpec) -> NetworkSpec:
    """Every BatchNormalization removed; a Dense/Conv2D right before one gets its bias back
    and, if an Activation follows, that activation (undoing ``add_batchnorm``)."""
    layers = list(spec.layers)
    out: list[LayerSpec] = []
    i = 0
    while i < len(layers):
        ls = layers[i]
        if ls.type != "BatchNormalization":
            out.append(ls)
            i += 1
            continue
        i += 1
        prev = out[-1] if out else None
        if prev is not None and prev.type in WEIGHTED_TYPES:
            restored = prev.with_config(use_bias=None)
            nxt = layers[i] if i < len(layers) else None
            if (nxt is not None and nxt.type == "Activation" and _is_linear(prev.get("activation"))
                    and set(nxt.config) <= {"activation"}):
                restored = restored.with_config(activation=nxt.get("activation"))
                i += 1
            out[-1] = restored
    return spec.with_layers(out)


def add_dropout(spec: NetworkSpec, rate: float, input_rate: float | None = None) -> NetworkSpec:
    """Dropout with ``rate`` at the end of every hidden Dense block (see the module
    docstring); Dropout layers already there get the new rate. ``input_rate`` also puts one
    on the inputs (after a leading Flatten)."""
    layers = [ls.with_config(rate=rate) if ls.type == "Dropout" else ls for ls in spec.layers]
    spec = spec.with_layers(layers)
    ends = {block_end(spec, i) for i in hidden_indices(spec) if spec.layers[i].type == "Dense"}
    out: list[LayerSpec] = []
    if input_rate is not None:
        start = 1 if layers and layers[0].type == "Flatten" else 0
        out += layers[:start] + [LayerSpec("Dropout", {"rate": input_rate})]
        layers, ends = layers[start:], {e - start for e in ends}
    for pos, ls in enumerate(layers):
        if pos in ends and ls.type != "Dropout":
            out.append(LayerSpec("Dropout", {"rate": rate}))
        out.append(ls)
    if len(layers) in ends:
        out.append(LayerSpec("Dropout", {"rate": rate}))
    return spec.with_layers(out)


def remove_type(spec: NetworkSpec, layer_type: str) -> NetworkSpec:
    """Every layer of ``layer_type`` removed (batch norm: use ``remove_batchnorm``)."""
    return spec.with_layers(ls for ls in spec.layers if ls.type != layer_type)


def remove_dropout(spec: NetworkSpec) -> NetworkSpec:
    return remove_type(spec, "Dropout")


def set_batchnorm(spec: NetworkSpec, on: bool) -> NetworkSpec:
    """The window's batch-norm switch."""
    return add_batchnorm(spec) if on else remove_batchnorm(spec)


def set_dropout(spec: NetworkSpec, on: bool, rate: float) -> NetworkSpec:
    """The window's dropout switch."""
    return add_dropout(spec, rate) if on else remove_dropout(spec)


def replace_hidden(spec: NetworkSpec, units: Iterable[int], activation: Any = None,
                   kernel_initializer: Any = None) -> NetworkSpec:
    """A multilayer perceptron's hidden Dense stack replaced by layers of ``units``; the new
    layers copy the first old hidden layer's settings unless ``activation`` or
    ``kernel_initializer`` is given (an empty ``units`` leaves only the output layer)."""
    weighted = weighted_indices(spec)
    if not weighted or any(spec.layers[i].type != "Dense" for i in weighted):
        raise EditError("replacing the hidden layers works on a multilayer perceptron "
                        "(Dense layers only)")
    first, out_index = weighted[0], weighted[-1]
    template = (dict(spec.layers[first].config) if len(weighted) > 1
                else {"activation": "relu"})
    template.pop("name", None)
    for key, value in (("activation", activation), ("kernel_initializer", kernel_initializer)):
        if value is not None:
            template[key] = copy.deepcopy(value)
    new = [LayerSpec("Dense", {**copy.deepcopy(template), "units": int(u)}) for u in units]
    return spec.with_layers(spec.layers[:first] + tuple(new) + spec.layers[out_index:])


def mlp(input_shape: Iterable[int], hidden: Iterable[int], outputs: int,
        activation: Any = "relu", output_activation: Any = "softmax",
        kernel_initializer: Any = None, **extra: Any) -> NetworkSpec:
    """A multilayer perceptron (a Flatten first for image inputs). ``extra`` settings (e.g.
    ``bias_initializer``) go on every hidden layer."""
    input_shape = tuple(input_shape)
    layers = [LayerSpec("Flatten", {})] if len(input_shape) > 1 else []
    for units in hidden:
        config = {"units": int(units), "activation": activation, **copy.deepcopy(extra)}
        if kernel_initializer is not None:
            config["kernel_initializer"] = copy.deepcopy(kernel_initializer)
        layers.append(LayerSpec("Dense", config))
    layers.append(LayerSpec("Dense", {"units": int(outputs), "activation": output_activation}))
    return NetworkSpec(input_shape, tuple(layers))


# -- the lesson files' edit tables ----------------------------------------------------------
def _op_insert(spec: NetworkSpec, edit: Mapping) -> NetworkSpec:
    index, layer = edit["index"], edit["layer"]
    n = len(spec.layers)
    if not isinstance(index, int) or isinstance(index, bool) or not -n - 1 <= index <= n:
        raise EditError(f"cannot insert at index {index!r}: the network has {n} layers")
    if not isinstance(layer, Mapping) or "type" not in layer:
        raise EditError("op 'insert' needs layer = {type = ..., ...}")
    layers = list(spec.layers)
    layers.insert(index, LayerSpec.from_dict(copy.deepcopy(dict(layer))))
    return spec.with_layers(layers)


def _op_remove(spec: NetworkSpec, edit: Mapping) -> NetworkSpec:
    if "index" in edit:
        drop = set(select_layers(spec, edit["index"]))
        return spec.with_layers(ls for i, ls in enumerate(spec.layers) if i not in drop)
    if "type" in edit:
        if edit["type"] == "BatchNormalization":
            return remove_batchnorm(spec)
        return remove_type(spec, edit["type"])
    raise EditError("op 'remove' needs a type or an index")


#: op -> (required keys, optional keys, function(spec, edit))
EDIT_OPS: dict[str, tuple[set[str], set[str], Any]] = {
    "set": ({"layers", "key", "value"}, set(),
            lambda s, e: set_layers(s, e["layers"], e["key"], e["value"])),
    "hidden": ({"units"}, {"activation", "kernel_initializer"},
               lambda s, e: replace_hidden(s, e["units"], e.get("activation"),
                                           e.get("kernel_initializer"))),
    "add_batchnorm": (set(), {"momentum", "epsilon"},
                      lambda s, e: add_batchnorm(s, e.get("momentum"), e.get("epsilon"))),
    "add_dropout": ({"rate"}, {"input_rate"},
                    lambda s, e: add_dropout(s, e["rate"], e.get("input_rate"))),
    "insert": ({"index", "layer"}, set(), _op_insert),
    "remove": (set(), {"type", "index"}, _op_remove),
    "input_shape": ({"value"}, set(), lambda s, e: s.with_input_shape(e["value"])),
}


def apply_edit(spec: NetworkSpec, edit: Mapping) -> NetworkSpec:
    """One edit table (``{"op": "add_dropout", "rate": 0.5}``) applied to ``spec``."""
    op = edit.get("op")
    if op not in EDIT_OPS:
        raise EditError(f"unknown op {op!r}; known: {', '.join(EDIT_OPS)}")
    required, _optional, function = EDIT_OPS[op]
    missing = sorted(required - set(edit))
    if missing:
        raise EditError(f"op {op!r} needs {', '.join(missing)}")
    try:
        return function(spec, edit)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, EditError):
            raise
        raise EditError(str(exc)) from None


def apply_edits(spec: NetworkSpec, edits: Iterable[Mapping]) -> NetworkSpec:
    """``edits`` applied in order; errors name the edit (``edit 2 (set): ...``)."""
    for n, edit in enumerate(edits):
        try:
            spec = apply_edit(spec, edit)
        except EditError as exc:
            raise EditError(f"edit {n + 1} ({edit.get('op')}): {exc}") from None
    return spec
