"""Every layer type's hand-written backward against central finite differences (float64)."""
from __future__ import annotations

import zlib

import numpy as np
import pytest

from dlstudio.engine.activations import ACTIVATIONS
from dlstudio.engine.gradcheck import check_layer, numeric_gradient, relative_error
from dlstudio.engine.layers import (Activation, AveragePooling2D, BatchNormalization, Conv2D,
                                    Dense, Dropout, Flatten, MaxPooling2D)

TOL = 1e-6

CASES = [
    ("dense", lambda: Dense(4, activation="tanh"), (5,)),
    ("dense_linear_nobias", lambda: Dense(3, use_bias=False), (4,)),
    ("dense_l2", lambda: Dense(3, activation="elu", kernel_regularizer={"l2": 0.1}), (4,)),
    ("conv_valid_s1_k3", lambda: Conv2D(3, 3, activation="relu"), (6, 6, 2)),
    ("conv_same_s1_k3", lambda: Conv2D(3, 3, padding="same", activation="sigmoid"), (5, 5, 2)),
    ("conv_valid_s2_k3", lambda: Conv2D(2, 3, strides=2, activation="tanh"), (7, 7, 2)),
    ("conv_same_s2_k3", lambda: Conv2D(2, 3, strides=2, padding="same"), (6, 6, 3)),
    ("conv_same_s2_k2", lambda: Conv2D(2, 2, strides=2, padding="same", activation="elu"),
     (5, 5, 1)),
    ("conv_valid_k5", lambda: Conv2D(2, 5, activation="selu"), (6, 6, 1)),
    ("conv_same_k4_rect", lambda: Conv2D(2, (4, 2), strides=(1, 2), padding="same"),
     (5, 6, 2)),
    # 3x3x4 = 36 terms per output: the tile-by-tile kernels (kernels/conv_tiles.py)
    ("conv_tiled_relu", lambda: Conv2D(3, 3, activation="relu"), (6, 6, 4)),
    ("conv_tiled_same_s2", lambda: Conv2D(2, 3, strides=2, padding="same"), (7, 6, 4)),
    ("conv_1x1", lambda: Conv2D(3, 1, activation="softplus"), (3, 3, 4)),
    ("conv_1x1_s2", lambda: Conv2D(2, 1, strides=2), (5, 5, 2)),
    ("maxpool_valid", lambda: MaxPooling2D(2), (6, 6, 2)),
    ("maxpool_same_s1", lambda: MaxPooling2D(3, strides=1, padding="same"), (4, 5, 2)),
    ("maxpool_same", lambda: MaxPooling2D(2, padding="same"), (5, 5, 2)),
    ("avgpool_valid", lambda: AveragePooling2D(2), (6, 6, 2)),
    ("avgpool_same_overlap", lambda: AveragePooling2D(3, strides=2, padding="same"), (6, 5, 2)),
    ("flatten", lambda: Flatten(), (3, 2, 2)),
    ("bn_dense", lambda: BatchNormalization(), (5,)),
    ("bn_conv", lambda: BatchNormalization(), (3, 3, 2)),
    ("bn_no_center_scale", lambda: BatchNormalization(center=False, scale=False), (4,)),
    ("dropout_fixed_mask", lambda: Dropout(0.4), (8,)),
    ("dropout_images", lambda: Dropout(0.5), (3, 3, 2)),
]


@pytest.mark.parametrize("shape", [(5,), (3, 3, 2)])
def test_batchnorm_gradients_through_the_parallel_passes(shape, monkeypatch):
    """Small batches take the one-call kernels (W11-7); the parallel passes of large ones
    are checked here by lowering the bound."""
    from dlstudio.engine.layers import batchnorm

    monkeypatch.setattr(batchnorm, "SERIAL_MAX_VALUES", 0)
    rng = np.random.default_rng(11)
    layer = BatchNormalization()
    errors = check_layer(layer, shape, rng, batch=4)
    assert set(errors) == {"input", "gamma", "beta"}
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("name, make, shape", CASES, ids=[c[0] for c in CASES])
def test_layer_gradients_training_mode(name, make, shape):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    layer = make()
    if layer.type_name == "MaxPooling2D":
        # distinct values: no ties, no kinks within eps
        x = rng.permutation(4 * int(np.prod(shape))).reshape(4, *shape) * 0.01
        errors = check_layer(layer, shape, rng, x=x)
    else:
        errors = check_layer(layer, shape, rng, batch=4)
    assert set(errors) == {"input", *layer.params}
    for key, err in errors.items():
        assert err < TOL, f"{name}: {key} relative error {err:.2e}"


@pytest.mark.parametrize("shape", [(5,), (3, 3, 2)])
def test_batchnorm_inference_mode_gradients(shape):
    rng = np.random.default_rng(7)
    layer = BatchNormalization()
    layer.build(shape, rng, dtype=np.float64)
    layer.state["moving_mean"][...] = rng.standard_normal(shape[-1])
    layer.state["moving_variance"][...] = rng.uniform(0.5, 2.0, shape[-1])
    errors = check_layer(layer, shape, rng, training=False)
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("make, shape", [
    (lambda: Dense(3, activation="relu", trainable=False), (4,)),
    (lambda: Conv2D(2, 3, padding="same", trainable=False), (4, 4, 2)),
    (lambda: BatchNormalization(trainable=False), (4,)),
])
def test_frozen_layers_still_pass_the_input_gradient(make, shape):
    rng = np.random.default_rng(8)
    layer = make()
    errors = check_layer(layer, shape, rng)
    assert list(errors) == ["input"] and errors["input"] < TOL
    assert layer.grads == {}


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_every_activation_inside_a_dense_layer(name):
    rng = np.random.default_rng(9)
    errors = check_layer(Dense(4, activation=name), (3,), rng)
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_every_activation_as_a_layer(name):
    rng = np.random.default_rng(10)
    errors = check_layer(Activation(name), (6,), rng)
    assert errors["input"] < TOL


def test_regularization_gradient_is_added_by_the_hook():
    rng = np.random.default_rng(11)
    layer = Dense(3, kernel_regularizer={"l2": 0.05})
    layer.build((4,), rng, dtype=np.float64)
    x = rng.standard_normal((2, 4))
    proj = rng.standard_normal((2, 3))

    def loss(_):
        return float(np.sum(proj * layer.forward(x)) + layer.regularization_loss())

    layer.forward(x)
    layer.backward(proj)
    layer.add_regularization_grads()
    numeric = numeric_gradient(loss, layer.params["W"])
    assert relative_error(layer.grads["W"], numeric) < TOL


def test_gradcheck_detects_a_wrong_backward():
    class Broken(Dense):
        def backward(self, grad_out):
            dx = super().backward(grad_out)
            self.grads["W"] *= 1.01
            return dx

    errors = check_layer(Broken(3), (4,), np.random.default_rng(12))
    assert errors["W"] > 1e-3 and errors["input"] < TOL
