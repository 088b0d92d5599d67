"""Write a network as a Keras 3 ``.keras`` file that ``keras.saving.load_model`` opens with any
backend and that predicts what dlstudio predicts.

dlstudio already speaks Keras (NHWC, Keras weight layouts, TensorFlow padding), so every layer
maps to its Keras namesake with the same weights. Two activations need care: Keras's string
'leaky_relu' has a different default slope (0.2) than dlstudio's (0.01), and activations with
non-default settings cannot be named by a string; both become an explicit layer
(``LeakyReLU(negative_slope=...)``, ``ELU(alpha=...)``) right after the linear layer.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from dlstudio.interop import ExportError, require
from dlstudio.interop.plan import Activation, plan


def _keras():
    if "KERAS_BACKEND" not in os.environ:       # whichever backend is installed
        for backend in ("tensorflow", "jax", "torch"):
            if importlib.util.find_spec(backend) is not None:
                os.environ["KERAS_BACKEND"] = backend
                break
    if importlib.util.find_spec("keras") is None:
        return require("keras", "Keras")       # says how to install it
    try:
        import keras
    except ImportError as exc:                   # keras is there, but no backend is
        raise ExportError(f"Keras could not start ({exc}); install a backend: pip install "
                          f"torch (or tensorflow, or jax)") from None
    return keras


def _activation_layers(keras, act: Activation) -> tuple[str | None, list]:
    """(activation string for the layer itself, layers to append after it)."""
    if act.name == "leaky_relu":
        return None, [keras.layers.LeakyReLU(negative_slope=act.config.get("alpha", 0.01))]
    if act.name == "elu" and act.config.get("alpha", 1.0) != 1.0:
        return None, [keras.layers.ELU(alpha=act.config["alpha"])]
    return (None if act.name == "linear" else act.name), []


def to_keras(network):
    """A built ``keras.Sequential`` with the network's weights."""
    keras = _keras()
    L = keras.layers
    model = keras.Sequential([keras.Input(tuple(network.input_shape))], name="dlstudio")
    for step in plan(network):
        extra: list = []
        w = step.weights
        if step.kind in ("dense", "conv"):
            act, extra = _activation_layers(keras, step.activation)
            if step.kind == "dense":
                layer = L.Dense(w["W"].shape[1], activation=act, use_bias="b" in w,
                                name=step.name)
            else:
                layer = L.Conv2D(w["W"].shape[3], step.kernel, strides=step.strides,
                                 padding=step.padding, activation=act, use_bias="b" in w,
                                 name=step.name)
        elif step.kind in ("maxpool", "avgpool"):
            cls = L.MaxPooling2D if step.kind == "maxpool" else L.AveragePooling2D
            layer = cls(step.kernel, strides=step.strides, padding=step.padding, name=step.name)
        elif step.kind == "flatten":
            layer = L.Flatten(name=step.name)
        elif step.kind == "batchnorm":
            layer = L.BatchNormalization(momentum=step.momentum, epsilon=step.epsilon,
                                         name=step.name)
        elif step.kind == "activation":
            act, extra = _activation_layers(keras, step.activation)
            layer = L.Activation(act or "linear", name=step.name)
        else:
            raise ExportError(f"{step.name}: no Keras layer for '{step.kind}'")
        model.add(layer)
        if w:
            order = ("gamma", "beta", "moving_mean", "moving_variance") \
                if step.kind == "batchnorm" else ("W", "b")
            layer.set_weights([w[k] for k in order if k in w])
        for e in extra:
            model.add(e)
    return model


def export_keras(network, path: str | Path) -> Path:
    """Write ``path`` (a ``.keras`` file)."""
    path = Path(path)
    to_keras(network).save(str(path))
    return path
