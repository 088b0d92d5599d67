"""Networks every exporter must reproduce: the presets and mixed networks covering both
paddings with strides, both poolings, batch norm, dropout and every activation."""
from __future__ import annotations

import numpy as np

from dlstudio import Network
from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.interop.plan import EXPORTABLE_ACTIVATIONS


def L(kind, **config):
    return LayerSpec(kind, config)


MIXED = {
    # odd sizes and strides make TensorFlow's 'same' padding asymmetric (extra at bottom/right)
    "conv_same_valid_strides": NetworkSpec((11, 9, 2), (
        L("Conv2D", filters=4, kernel_size=3, strides=2, padding="same", activation="elu"),
        L("BatchNormalization"),
        L("Conv2D", filters=5, kernel_size=(2, 3), strides=(1, 2), padding="valid",
          activation="leaky_relu"),
        L("MaxPooling2D", pool_size=2, strides=1, padding="same"),
        L("AveragePooling2D", pool_size=3, strides=2, padding="same"),
        L("Dropout", rate=0.3),
        L("Flatten"),
        L("Dense", units=6, activation="selu", use_bias=False),
        L("BatchNormalization"),
        L("Dense", units=3, activation="softmax"))),
    "pool_valid_avg_then_max": NetworkSpec((10, 10, 3), (
        L("AveragePooling2D", pool_size=2),
        L("Conv2D", filters=3, kernel_size=1, activation="softplus"),
        L("MaxPooling2D", pool_size=3, strides=2),
        L("Activation", activation="tanh"),
        L("Flatten"),
        L("Dense", units=1, activation="sigmoid"))),
    "every_activation_dense": NetworkSpec((5,), tuple(
        L("Dense", units=4, activation=a) for a in EXPORTABLE_ACTIVATIONS if a != "softmax")
        + (L("Dense", units=4, activation={"class_name": "elu", "config": {"alpha": 0.5}}),
           L("Dense", units=4, activation={"class_name": "leaky_relu",
                                            "config": {"alpha": 0.2}}),
           L("Dense", units=3), L("Activation", activation="softmax"))),
    "ends_on_images": NetworkSpec((6, 6, 1), (
        L("Conv2D", filters=2, kernel_size=3, padding="same", activation="softmax"),)),
}

CASES = sorted(PRESETS) + sorted(MIXED)


def trained_like(name: str) -> Network:
    """A network whose batch-norm statistics and biases are not at their initial values, so a
    writer that ignored them would be caught."""
    spec = MIXED.get(name, name)
    net = Network.from_spec(spec, seed=3)
    rng = np.random.default_rng(7)
    for layer in net.layers:
        for key, value in layer.params.items():
            if key in ("b", "beta"):
                value[...] = rng.normal(0, 0.1, value.shape)
            elif key == "gamma":
                value[...] = rng.uniform(0.5, 1.5, value.shape)
        for key, value in (getattr(layer, "state", None) or {}).items():
            value[...] = (rng.uniform(0.5, 2.0, value.shape) if key == "moving_variance"
                          else rng.normal(0, 0.2, value.shape))
    return net


def inputs_for(net: Network, n: int = 5) -> np.ndarray:
    return np.random.default_rng(11).standard_normal((n, *net.input_shape)).astype(np.float32)


def relative_error(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))) / max(np.max(np.abs(b)), 1e-30))
