"""Keras Sequential models read as dlstudio network specs.

A teacher's course notes hold Keras models; ``model.to_json()`` (or the ``config.json`` inside
a ``.keras`` file) describes a Sequential model as ``{"class_name": "Sequential", "config":
{"layers": [...]}}``. dlstudio's own spec already uses Keras's layer class names and argument
names, so reading one is mostly a matter of dropping what only Keras needs (dtype policies,
``module``/``registered_name`` wrappers), taking the input shape from the ``InputLayer`` (Keras
3) or ``batch_input_shape`` (Keras 2), and naming initializers as dlstudio does
(``GlorotUniform`` -> ``glorot_uniform``).

What dlstudio cannot represent is listed layer by layer with what to do, in one
``KerasFormatError``:
unknown layer types, ``channels_first`` data, dilation, groups, bias or activity regularizers.
Weights stored in a ``.keras`` file are read by ``read_keras_file`` (needs ``h5py``).
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import numpy as np



class KerasFormatError(ValueError):
    """A Keras model or file dlstudio cannot read, listing what to change."""

#: Keras layer class names dlstudio reads, and the dlstudio type each becomes
LAYER_TYPES = {"Dense": "Dense", "Conv2D": "Conv2D", "Convolution2D": "Conv2D",
               "MaxPooling2D": "MaxPooling2D", "MaxPool2D": "MaxPooling2D",
               "AveragePooling2D": "AveragePooling2D", "AvgPool2D": "AveragePooling2D",
               "Flatten": "Flatten", "Dropout": "Dropout", "Activation": "Activation",
               "BatchNormalization": "BatchNormalization"}
#: arguments each dlstudio layer type takes from a Keras config (others must be at defaults)
KEPT = {
    "Dense": ("units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
              "kernel_regularizer", "kernel_constraint"),
    "Conv2D": ("filters", "kernel_size", "strides", "padding", "activation", "use_bias",
               "kernel_initializer", "bias_initializer", "kernel_regularizer",
               "kernel_constraint"),
    "MaxPooling2D": ("pool_size", "strides", "padding"),
    "AveragePooling2D": ("pool_size", "strides", "padding"),
    "Flatten": (),
    "Dropout": ("rate",),
    "Activation": ("activation",),
    "BatchNormalization": ("momentum", "epsilon", "center", "scale", "beta_initializer",
                           "gamma_initializer"),
}
#: Keras arguments dlstudio does not have, with the value it implicitly uses and what to do
IMPLICIT = {
    "data_format": ("channels_last", "dlstudio works in channels_last (NHWC); rebuild the "
                                     "model with data_format='channels_last'"),
    "dilation_rate": ((1, 1), "dilated convolutions are not available; use dilation_rate=1"),
    "groups": (1, "grouped convolutions are not available; use groups=1"),
    "bias_regularizer": (None, "only kernels can be regularized; remove the bias regularizer"),
    "activity_regularizer": (None, "activity regularization is not available; remove it"),
    "bias_constraint": (None, "only kernels can be constrained; remove the bias constraint"),
    "axis": (-1, "batch normalization is over the last (channel) axis; use axis=-1"),
    "noise_shape": (None, "dropout drops single values; remove noise_shape"),
    "beta_regularizer": (None, "batch-norm weights cannot be regularized; remove it"),
    "gamma_regularizer": (None, "batch-norm weights cannot be regularized; remove it"),
    "beta_constraint": (None, "batch-norm weights cannot be constrained; remove it"),
    "gamma_constraint": (None, "batch-norm weights cannot be constrained; remove it"),
}


def is_keras_config(data: Any) -> bool:
    """True for a Keras model config dict (``model.to_json()`` / ``config.json``)."""
    return isinstance(data, dict) and "class_name" in data and isinstance(data.get("config"),
                                                                           dict)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _plain(value: Any) -> Any:
    """A Keras 3 serialized object without its ``module``/``registered_name`` wrappers;
    initializers' class names in dlstudio's spelling."""
    if isinstance(value, dict):
        if "class_name" in value:
            config = {k: v for k, v in (value.get("config") or {}).items() if v is not None}
            name = value["class_name"]
            if value.get("module", "").endswith("initializers") or name.endswith(
                    ("Uniform", "Normal", "Zeros", "Ones", "Constant", "Scaling")):
                name = _snake(name)
            return {"class_name": name, "config": {k: _plain(v) for k, v in config.items()}} \
                if config else name
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    if isinstance(a, (list, tuple)) and not isinstance(b, (list, tuple)):
        return all(x == b for x in a)
    if isinstance(b, (list, tuple)):
        return all(a == y for y in b)
    return a == b or (b == -1 and a == 3)    # axis=3 on NHWC images is the channel axis


def _input_shape(model_cfg: dict, layers: list) -> list[int] | None:
    candidates = [model_cfg.get("build_input_shape")]
    for layer in layers[:1]:
        cfg = layer.get("config", {})
        candidates += [cfg.get("batch_shape"), cfg.get("batch_input_shape"),
                       ([None, *cfg["input_shape"]] if cfg.get("input_shape") else None)]
    for shape in candidates:
        if isinstance(shape, (list, tuple)) and len(shape) >= 2:
            return [int(s) for s in shape[1:]]
    return None


def spec_from_keras_config(data: dict, source: str = "the Keras model") -> dict:
    """A dlstudio network spec dict from a Keras Sequential config.

    Raises ``KerasFormatError`` listing every layer or setting dlstudio cannot represent,
    and for a config that is damaged (entries of the wrong type).
    """
    try:
        return _spec_from_config(data, source)
    except KerasFormatError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError,
            RecursionError) as exc:
        raise KerasFormatError(f"{source}: the Keras model config is damaged ({exc!r})") \
            from None


def _spec_from_config(data: dict, source: str) -> dict:
    """``spec_from_keras_config`` without the translation of unexpected errors.

    Raises ``KerasFormatError`` listing every layer or setting dlstudio cannot represent.
    """
    if data.get("class_name") != "Sequential":
        raise KerasFormatError(f"{source}: dlstudio reads Keras Sequential models; this is a "
                        f"{data.get('class_name')!r} (rebuild it as keras.Sequential)")
    model_cfg = data["config"]
    layers = model_cfg.get("layers")
    if not isinstance(layers, list):
        raise KerasFormatError(f"{source}: the Sequential config has no list of layers")
    shape = _input_shape(model_cfg, layers)
    problems, out = [], []
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict):
            problems.append(f"entry {i + 1} is not a layer")
            continue
        kind, cfg = layer.get("class_name"), dict(layer.get("config") or {})
        name = cfg.get("name", kind)
        if kind == "InputLayer":
            continue
        if kind not in LAYER_TYPES:
            problems.append(f"layer '{name}' ({kind}): dlstudio has no such layer; it has "
                            f"{', '.join(sorted(set(LAYER_TYPES.values())))}")
            continue
        target = LAYER_TYPES[kind]
        for key, (default, advice) in IMPLICIT.items():
            if key in cfg and cfg[key] is not None and not _same(cfg[key], default):
                problems.append(f"layer '{name}' ({kind}): {key}={cfg[key]!r}: {advice}")
        entry = {"type": target, "name": name}
        entry.update({k: _plain(cfg[k]) for k in KEPT[target] if k in cfg and cfg[k] is not None})
        if cfg.get("trainable") is False:
            entry["trainable"] = False
        out.append(entry)
    if shape is None:
        problems.append("the input shape is unknown: build the model (or give the first layer "
                        "input_shape) before saving its config")
    if problems:
        raise KerasFormatError(f"{source} cannot be opened in dlstudio:\n"
                        + "\n".join(f"  - {p}" for p in problems))
    return {"input_shape": shape, "layers": out}


#: largest config.json / weights member read from a .keras file
MAX_MEMBER_BYTES = 512 * 2**20


def read_keras_file(path: str | Path, weights: bool = True
                    ) -> tuple[dict, list[np.ndarray] | None]:
    """The spec dict and the weights (Keras order per layer, or None when the file has none or
    ``weights`` is False) of a ``.keras`` file (Keras 3: a zip of config.json and
    model.weights.h5)."""
    from dlstudio.engine.fileio import Archive
    from dlstudio.messages import Message

    path = Path(path)
    with Archive(path, KerasFormatError,                # regular file, size limits, damage
                 kind=Message("file.kind.keras")) as zf:
        if "config.json" not in zf.names:
            raise KerasFormatError(f"{path}: not a Keras 3 .keras file (no config.json inside)")
        config = zf.json("config.json")
        blob = (zf.read("model.weights.h5", MAX_MEMBER_BYTES)
                if weights and "model.weights.h5" in zf.names else None)
    if not isinstance(config, dict):
        raise KerasFormatError(f"{path}: config.json does not hold a Keras model config")
    spec = spec_from_keras_config(config, source=str(path))
    if blob is None:
        return spec, None
    by_layer = _read_weights(blob, path)
    weights = []
    for layer in spec["layers"]:
        weights.extend(by_layer.get(layer["name"], []))
    return spec, weights


def _read_weights(blob: bytes, path: Path) -> dict[str, list[np.ndarray]]:
    """Each layer's variables by layer name from Keras 3's ``model.weights.h5`` (groups
    ``.../layers/<name>/vars/<i>``)."""
    try:
        import h5py
    except ImportError:
        raise KerasFormatError(f"{path}: reading the weights of a .keras file needs the 'h5py' "
                        f"package: pip install h5py (or open its config.json for the "
                        f"architecture alone)") from None
    found: dict[str, list[np.ndarray]] = {}

    def visit(name: str, group, depth: int = 0) -> None:
        if depth > 32:
            raise ValueError("groups nested too deeply")
        if "vars" in group and isinstance(group["vars"], h5py.Group) and len(group["vars"]):
            keys = sorted(group["vars"].keys(), key=int)
            arrays = [np.asarray(group["vars"][k]) for k in keys]
            for a in arrays:
                if a.dtype.kind != "f" or not np.isfinite(a).all():
                    raise ValueError(f"layer {name!r} holds weights of type {a.dtype} or "
                                     f"NaN/infinite values")
            found[name] = arrays
        for key in group.keys():
            if key != "vars" and isinstance(group[key], h5py.Group):
                visit(key, group[key], depth + 1)

    try:
        with h5py.File(io.BytesIO(blob), "r") as h5:
            visit("", h5)
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise KerasFormatError(f"{path}: the weights in model.weights.h5 cannot be read "
                               f"({exc})") from None
    return found
