"""A network as a list of framework-neutral steps: the common ground of every exporter.

dlstudio works in NHWC with Keras weight layouts and TensorFlow's 'same' padding (the extra
zero, when the padding is odd, goes to the bottom/right). PyTorch and ONNX work in NCHW with
symmetric padding arguments. ``plan(network)`` resolves all of that once:

- every Conv2D and pooling step carries explicit pads ``(top, bottom, left, right)``;
- weights keep Keras layouts (``W`` is (in, out) for Dense, (KH, KW, C_in, C_out) for Conv2D);
  writers convert them to their own layout;
- Dropout becomes nothing (it is the identity at inference); batch normalization carries its
  moving statistics (inference mode); a layer's activation is kept with the layer;
- a layer or activation no exporter knows is refused with ``ExportError`` naming it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dlstudio.engine import activations
from dlstudio.engine.kernels.conv import conv_geometry
from dlstudio.interop import ExportError

#: activations every exporter writes, with the settings each needs
EXPORTABLE_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu",
                          "softplus", "softmax")


@dataclass(frozen=True)
class Activation:
    """An activation by registry name, with its settings (e.g. ``{"alpha": 0.2}``)."""

    name: str
    config: dict = field(default_factory=dict)

    @classmethod
    def of(cls, identifier: Any, where: str) -> "Activation":
        act = activations.get(identifier)
        if act.name not in EXPORTABLE_ACTIVATIONS:
            raise ExportError(f"{where}: the activation '{act.name}' cannot be exported; "
                              f"use one of {', '.join(EXPORTABLE_ACTIVATIONS)}")
        return cls(act.name, dict(act.config))


@dataclass(frozen=True)
class Step:
    """One exported operation.

    kind: "dense", "conv", "maxpool", "avgpool", "flatten", "batchnorm" or "activation".
    in_shape / out_shape: without the batch axis, NHWC for images.
    """

    kind: str
    name: str
    in_shape: tuple[int, ...]
    out_shape: tuple[int, ...]
    weights: dict[str, np.ndarray] = field(default_factory=dict)
    activation: Activation = Activation("linear")
    kernel: tuple[int, int] = (1, 1)
    strides: tuple[int, int] = (1, 1)
    pads: tuple[int, int, int, int] = (0, 0, 0, 0)   # top, bottom, left, right
    padding: str = "valid"                          # as the user wrote it (Keras writer)
    epsilon: float = 1e-3
    momentum: float = 0.99


def tf_pads(in_hw, kernel, strides, padding) -> tuple[tuple[int, int, int, int], tuple[int, int]]:
    """TensorFlow's padding as explicit (top, bottom, left, right) pads, and the output size."""
    (h, w), (kh, kw), (sh, sw) = in_hw, kernel, strides
    oh, ow, top, left = conv_geometry(h, w, kh, kw, sh, sw, padding)
    if padding != "same":
        return (0, 0, 0, 0), (oh, ow)
    bottom = max((oh - 1) * sh + kh - h - top, 0)
    right = max((ow - 1) * sw + kw - w - left, 0)
    return (top, bottom, left, right), (oh, ow)


def plan(network) -> list[Step]:
    """The steps that compute ``network.predict`` (inference mode), in order."""
    steps: list[Step] = []
    shape = tuple(network.input_shape)
    for index, layer in enumerate(network.layers):
        cfg = layer.get_config()
        kind = type(layer).__name__
        where = f"layer {index + 1} {kind} '{layer.name}'"
        out = tuple(layer.output_shape(shape))
        act = Activation.of(cfg.get("activation"), where) if "activation" in cfg else None
        common = dict(name=layer.name, in_shape=shape, out_shape=out)
        if kind == "Dense":
            if len(shape) != 1:
                raise ExportError(f"{where}: Dense on a {len(shape)}-D input cannot be exported; "
                                  f"put a Flatten layer before it")
            steps.append(Step("dense", weights=_copies(layer.params), activation=act, **common))
        elif kind == "Conv2D":
            pads, _ = tf_pads(shape[:2], layer.kernel_size, layer.strides, layer.padding)
            steps.append(Step("conv", weights=_copies(layer.params), activation=act,
                              kernel=tuple(layer.kernel_size), strides=tuple(layer.strides),
                              pads=pads, padding=layer.padding, **common))
        elif kind in ("MaxPooling2D", "AveragePooling2D"):
            pads, _ = tf_pads(shape[:2], layer.pool_size, layer.strides, layer.padding)
            steps.append(Step("maxpool" if kind == "MaxPooling2D" else "avgpool",
                              kernel=tuple(layer.pool_size), strides=tuple(layer.strides),
                              pads=pads, padding=layer.padding, **common))
        elif kind == "Flatten":
            steps.append(Step("flatten", **common))
        elif kind == "Dropout":
            pass                                        # the identity at inference
        elif kind == "BatchNormalization":
            c = shape[-1]
            weights = {"gamma": layer.params.get("gamma", np.ones(c, np.float32)),
                       "beta": layer.params.get("beta", np.zeros(c, np.float32)),
                       "moving_mean": layer.state["moving_mean"],
                       "moving_variance": layer.state["moving_variance"]}
            steps.append(Step("batchnorm", weights=_copies(weights), epsilon=layer.epsilon,
                              momentum=layer.momentum, **common))
        elif kind == "Activation":
            steps.append(Step("activation", activation=act, **common))
        else:
            raise ExportError(f"{where}: the layer type {kind} cannot be exported yet")
        shape = out
    return steps


def _copies(arrays: dict) -> dict[str, np.ndarray]:
    return {k: np.array(v, dtype=np.float32) for k, v in arrays.items()}


def load_model(source: Any, seed: int = 0):
    """A network from a ``.dlsnet`` model (its trained weights), a spec file, a preset name or
    a spec dict (fresh weights drawn with ``seed``)."""
    from pathlib import Path

    from dlstudio.engine.network import Network
    from dlstudio.engine.serialize import load_network

    if isinstance(source, (str, Path)) and str(source).endswith(".dlsnet"):
        return load_network(source).network
    if hasattr(source, "layers") and hasattr(source, "predict"):
        return source
    return Network.from_spec(source, seed=seed)
