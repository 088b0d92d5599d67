"""Keras: export to .keras and back, and Keras configs (written by Keras itself) opened."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from dlstudio import Network
from dlstudio.engine.keras_format import KerasFormatError, spec_from_keras_config
from dlstudio.engine.spec import NetworkSpec, SpecError
from dlstudio.interop.plan import plan

from interop_cases import inputs_for, relative_error

# a Sequential config as Keras 3.15 writes it (model.to_json(), trimmed to two layers)
KERAS3_CONFIG = {
    "module": "keras", "class_name": "Sequential", "config": {
        "name": "sequential", "trainable": True,
        "dtype": {"module": "keras", "class_name": "DTypePolicy",
                  "config": {"name": "float32"}, "registered_name": None},
        "layers": [
            {"module": "keras.layers", "class_name": "InputLayer",
             "config": {"batch_shape": [None, 8, 8, 1], "dtype": "float32", "sparse": False,
                        "ragged": False, "name": "input_layer", "optional": False},
             "registered_name": None},
            {"module": "keras.layers", "class_name": "Conv2D", "config": {
                "name": "conv2d", "trainable": True, "filters": 2, "kernel_size": [3, 3],
                "strides": [1, 1], "padding": "same", "data_format": "channels_last",
                "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": True,
                "kernel_initializer": {"module": "keras.initializers",
                                       "class_name": "GlorotUniform",
                                       "config": {"seed": None, "input_axes": None,
                                                  "output_axes": None},
                                       "registered_name": None},
                "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros",
                                     "config": {}, "registered_name": None},
                "kernel_regularizer": None, "bias_regularizer": None,
                "activity_regularizer": None, "kernel_constraint": None,
                "bias_constraint": None},
             "registered_name": None, "build_config": {"input_shape": [None, 8, 8, 1]}},
            {"module": "keras.layers", "class_name": "Flatten",
             "config": {"name": "flatten", "trainable": True, "data_format": "channels_last"}},
            {"module": "keras.layers", "class_name": "Dense",
             "config": {"name": "dense", "units": 3, "activation": "softmax",
                        "use_bias": True, "kernel_regularizer": {
                            "module": "keras.regularizers", "class_name": "L2",
                            "config": {"l2": 0.01}, "registered_name": None}}},
        ]}}


def test_a_keras3_config_becomes_a_dlstudio_spec():
    spec = NetworkSpec.from_dict(KERAS3_CONFIG)
    assert spec.input_shape == (8, 8, 1)
    assert [ls.type for ls in spec.layers] == ["Conv2D", "Flatten", "Dense"]
    assert spec.layers[0].config["kernel_initializer"] == "glorot_uniform"
    assert not spec.validate()
    net = Network.from_spec(spec)
    assert net.n_params == 3 * 3 * 1 * 2 + 2 + 8 * 8 * 2 * 3 + 3      # as Keras counts


def test_unsupported_layers_and_settings_are_listed_with_what_to_do():
    cfg = json.loads(json.dumps(KERAS3_CONFIG))
    layers = cfg["config"]["layers"]
    layers.insert(2, {"class_name": "LSTM", "config": {"name": "lstm", "units": 4}})
    layers[1]["config"]["dilation_rate"] = [2, 2]
    with pytest.raises(KerasFormatError) as err:
        spec_from_keras_config(cfg)
    text = str(err.value)
    assert "layer 'lstm' (LSTM): dlstudio has no such layer" in text
    assert "dilation_rate=[2, 2]: dilated convolutions are not available" in text
    with pytest.raises(SpecError, match="reads Keras Sequential models"):     # via any spec path
        NetworkSpec.from_dict({"class_name": "Functional", "config": {}})


keras_needed = pytest.mark.skipif(
    not any(__import__("importlib").util.find_spec(m) for m in ("tensorflow", "jax", "torch"))
    or __import__("importlib").util.find_spec("keras") is None,
    reason="Keras 3 with a backend is not installed (pip install keras torch)")


@keras_needed
def test_keras_loads_the_export_and_predicts_the_same(network, tmp_path):
    from dlstudio.interop.keras_export import export_keras, _keras

    keras = _keras()
    if keras.backend.backend() == "torch" and any(
            s.kind == "avgpool" and s.padding == "same"
            and any(k > n for k, n in zip(s.kernel, s.in_shape[:2])) for s in plan(network)):
        pytest.xfail("Keras's torch backend averages a 'same' pooling window that is larger "
                     "than its input differently from TensorFlow (and from dlstudio, ONNX and "
                     "the PyTorch export, which all follow TensorFlow)")
    path = export_keras(network, tmp_path / "net.keras")
    model = keras.saving.load_model(str(path))
    x = inputs_for(network)
    out = np.asarray(keras.ops.convert_to_numpy(model(x, training=False)))
    assert relative_error(out, network.predict(x)) < 1e-5


@keras_needed
def test_a_keras_file_written_by_keras_opens_with_its_weights(tmp_path):
    from dlstudio.interop.keras_export import _keras

    keras = _keras()
    model = keras.Sequential([keras.Input((8, 8, 1)),
                              keras.layers.Conv2D(3, 3, strides=2, padding="same",
                                                  activation="tanh"),
                              keras.layers.BatchNormalization(),
                              keras.layers.MaxPooling2D(),
                              keras.layers.Flatten(),
                              keras.layers.Dropout(0.3),
                              keras.layers.Dense(4, activation="softmax")])
    bn = model.layers[1]
    bn.set_weights([w + np.random.default_rng(0).uniform(0.1, 0.5, w.shape).astype(np.float32)
                    for w in bn.get_weights()])
    model.save(str(tmp_path / "k.keras"))
    net = Network.from_spec(tmp_path / "k.keras")           # architecture and weights
    x = np.random.default_rng(1).standard_normal((6, 8, 8, 1)).astype(np.float32)
    want = np.asarray(keras.ops.convert_to_numpy(model(x, training=False)))
    assert relative_error(net.predict(x), want) < 1e-5
    # and its config.json, as model.to_json() gives it
    assert NetworkSpec.from_dict(json.loads(model.to_json())) == net.spec
    assert NetworkSpec.coerce(tmp_path / "k.keras") == net.spec
