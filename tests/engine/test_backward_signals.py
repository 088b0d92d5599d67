"""``Network.backward_signals``: the signal dL/dz reaching each layer agrees with central
finite differences (float64) for every layer type and every activation."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine import activations, losses
from dlstudio.engine.activations import ACTIVATIONS
from dlstudio.engine.network import Network

EPS = 1e-6
#: float64 central differences: truncation ~eps^2, rounding ~1e-16/eps
RTOL = 1e-6


def _spec(input_shape, layers):
    return {"format": "dlstudio.network", "version": 1, "input_shape": list(input_shape),
            "layers": layers}


def _loss_from(net, i, perturb, x, y, loss_fn):
    """The mean loss with layer ``i``'s z (or output) replaced by z + perturb, in the same
    modes as ``backward_signals`` (dropout off, batch norm on batch statistics)."""
    h = x
    for j, layer in enumerate(net.layers):
        bn = layer.type_name == "BatchNormalization"
        if j != i:
            h = layer.forward(h, bn)
            continue
        own = getattr(layer, "activation", None)
        if layer.type_name == "Activation":
            h = layer.activation.forward(h + perturb)
        elif own is not None and own.name != "linear":
            out = layer.forward(h, bn)
            z = layer.last_preactivation.reshape(out.shape)
            h = own.forward(z + perturb)
        else:
            h = layer.forward(h, bn) + perturb
    return float(loss_fn.value(activations.get("softmax").forward(h), y))


def _check(net, x, y, seed=0):
    loss_fn = losses.get("sparse_categorical_crossentropy")
    value, signals = net.backward_signals(x, y, "sparse_categorical_crossentropy")
    assert len(signals) == len(net.layers)
    assert value == pytest.approx(_loss_from(net, -1, 0.0, x, y, loss_fn), rel=1e-12)
    rng = np.random.default_rng(seed)
    for i, signal in enumerate(signals):
        v = rng.standard_normal(signal.shape)
        plus = _loss_from(net, i, EPS * v, x, y, loss_fn)
        minus = _loss_from(net, i, -EPS * v, x, y, loss_fn)
        numeric = (plus - minus) / (2 * EPS)
        analytic = float(np.sum(signal * v))
        assert analytic == pytest.approx(numeric, rel=RTOL, abs=1e-9), \
            f"layer {i} ({net.layers[i].type_name})"


HIDDEN = [n for n in ACTIVATIONS.names() if n != "softmax"]


@pytest.mark.parametrize("act", HIDDEN)
def test_dense_signals_for_every_activation(act):
    net = Network.from_spec(_spec((5,), [
        {"type": "Dense", "units": 6, "activation": act},
        {"type": "Dense", "units": 4, "activation": act},
        {"type": "Dense", "units": 3, "activation": "softmax"}]), seed=1, dtype=np.float64)
    rng = np.random.default_rng(2)
    _check(net, rng.standard_normal((7, 5)), rng.integers(0, 3, 7))


def test_signals_through_every_layer_type():
    net = Network.from_spec(_spec((8, 8, 2), [
        {"type": "Conv2D", "filters": 3, "kernel_size": 3, "activation": "tanh"},
        {"type": "MaxPooling2D", "pool_size": 2},
        {"type": "Conv2D", "filters": 4, "kernel_size": 2, "padding": "same",
         "use_bias": False},
        {"type": "BatchNormalization"},
        {"type": "Activation", "activation": "elu"},
        {"type": "AveragePooling2D", "pool_size": 3},
        {"type": "Flatten"},
        {"type": "Dropout", "rate": 0.5},
        {"type": "Dense", "units": 5, "activation": "relu"},
        {"type": "Dense", "units": 3, "activation": "softmax"}]), seed=3, dtype=np.float64)
    rng = np.random.default_rng(4)
    _check(net, rng.standard_normal((6, 8, 8, 2)), rng.integers(0, 3, 6))


def test_signals_have_no_side_effects_on_training_state():
    net = Network.from_spec(_spec((4,), [
        {"type": "Dense", "units": 5, "activation": "relu"}, {"type": "BatchNormalization"},
        {"type": "Dropout", "rate": 0.5}, {"type": "Dense", "units": 2, "activation": "softmax"}
    ]), seed=0)
    before = net.get_weights()
    rng = np.random.default_rng(0)
    net.backward_signals(rng.standard_normal((9, 4)).astype(np.float32), rng.integers(0, 2, 9),
                         "sparse_categorical_crossentropy")
    after = net.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after))   # moving stats too


def _every_backward_path():
    """Direct (3x3x1), tiled (3x3x8, ReLU) and im2col (tanh) convolutions, pooling, batch
    norm, a frozen Dense layer and Dense layers (float32, as the studio trains)."""
    return Network.from_spec(_spec((10, 10, 1), [
        {"type": "Conv2D", "filters": 8, "kernel_size": 3, "activation": "relu"},
        {"type": "Conv2D", "filters": 6, "kernel_size": 3, "activation": "relu"},
        {"type": "MaxPooling2D", "pool_size": 2},
        {"type": "Conv2D", "filters": 4, "kernel_size": 2, "activation": "tanh"},
        {"type": "BatchNormalization"},
        {"type": "Flatten"},
        {"type": "Dense", "units": 7, "activation": "sigmoid", "trainable": False},
        {"type": "Dense", "units": 5, "activation": "relu"},
        {"type": "Dense", "units": 3, "activation": "softmax"}]), seed=5)


def test_signals_without_weight_grads_are_the_same_and_leave_grads_alone():
    net = _every_backward_path()
    rng = np.random.default_rng(6)
    x = rng.standard_normal((9, 10, 10, 1)).astype(np.float32)
    y = rng.integers(0, 3, 9)
    loss = "sparse_categorical_crossentropy"
    other = rng.standard_normal(x.shape).astype(np.float32)
    net.forward_backward(other, rng.integers(0, 3, 9), loss)        # a training step's grads
    refs = net.parameters()
    dicts = [layer.grads for layer in net.layers]
    arrays = [dict(layer.grads) for layer in net.layers]
    values = [{k: v.copy() for k, v in g.items()} for g in arrays]
    value, signals = net.backward_signals(x, y, loss, weight_grads=False)
    for layer, d, a, v in zip(net.layers, dicts, arrays, values):
        assert layer.grads is d and layer.grads.keys() == a.keys()
        assert all(layer.grads[k] is a[k] and np.array_equal(a[k], v[k]) for k in a)
    assert [layer.trainable for layer in net.layers] == [True] * 6 + [False, True, True]
    assert net.layers[0].compute_input_grad
    assert net.parameters() == refs                  # the optimizer's cached list still holds
    value_full, signals_full = net.backward_signals(x, y, loss)
    assert value == value_full
    for s, full in zip(signals, signals_full):       # the same kernels compute them
        assert s.shape == full.shape and np.array_equal(s, full)
    assert not np.array_equal(net.layers[0].grads["W"], values[0]["W"])   # the default fills them


def test_signals_from_the_first_weighted_layer_up():
    net = Network.from_spec(_spec((6, 6, 2), [
        {"type": "MaxPooling2D", "pool_size": 2}, {"type": "Flatten"},
        {"type": "Dense", "units": 5, "activation": "relu"},
        {"type": "Dense", "units": 3, "activation": "softmax"}]), seed=7)
    rng = np.random.default_rng(8)
    x, y = rng.standard_normal((5, 6, 6, 2)).astype(np.float32), rng.integers(0, 3, 5)
    loss = "sparse_categorical_crossentropy"
    value, full = net.backward_signals(x, y, loss)
    value_up, up = net.backward_signals(x, y, loss, weight_grads=False, below_weights=False)
    assert value_up == value and [s.size for s in up[:2]] == [0, 0]
    assert all(np.array_equal(a, b) for a, b in zip(up[2:], full[2:]))
    assert net.layers[2].compute_input_grad
