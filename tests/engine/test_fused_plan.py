"""The fused pass's plan (engine/fused_plan.py): which networks get one, and its check that
the network's arrays are still the ones it holds."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio import Network
from dlstudio.engine.fused_plan import Plan, build_plan
from dlstudio.engine.spec import LayerSpec, NetworkSpec


def _net(layers, shape=(3,)):
    return Network.from_spec(NetworkSpec(shape, tuple(LayerSpec(k, p) for k, p in layers)),
                             seed=0)


def test_a_dense_chain_gets_a_plan_that_stays_valid_until_new_arrays():
    net = _net([("Dense", {"units": 4, "activation": "tanh"}),
                ("Dense", {"units": 2, "activation": "softmax"})])
    plan = build_plan(net)
    assert isinstance(plan, Plan) and plan.valid(net)
    assert plan.macs == 3 * 4 + 4 * 2
    net.set_weights(net.get_weights())                   # in place: same arrays
    assert plan.valid(net)
    net.reset_parameters(np.random.default_rng(1))      # new arrays
    assert not plan.valid(net)


def test_a_convolution_gets_no_plan():
    net = _net([("Conv2D", {"filters": 2, "kernel_size": 3}), ("Flatten", {}),
                ("Dense", {"units": 2, "activation": "softmax"})], shape=(5, 5, 1))
    assert build_plan(net) is None


def test_for_batch_keeps_one_entry_per_batch_size():
    net = _net([("Dense", {"units": 4, "activation": "relu"}),
                ("Dense", {"units": 2, "activation": "softmax"})])
    plan = build_plan(net)
    assert plan.for_batch(8) is plan.for_batch(8)
    assert plan.for_batch(5) is not plan.for_batch(8)


def _replace_W(layer):
    layer.params["W"] = layer.params["W"].copy()


def _drop_b(layer):
    del layer.params["b"]


def _replace_gW(layer):
    layer.grads["W"] = layer.grads["W"].copy()


def _drop_gb(layer):
    del layer.grads["b"]


def _freeze(layer):
    layer.trainable = False


def _regularize(layer):
    from dlstudio.engine import regularizers

    layer.kernel_regularizer = regularizers.get("l2")


def _new_activation(layer):
    from dlstudio.engine import activations

    layer.activation = activations.get("relu")


@pytest.mark.parametrize("change", [_replace_W, _drop_b, _replace_gW, _drop_gb, _freeze,
                                    _regularize, _new_activation])
def test_valid_sees_every_change_of_a_layer(change):
    net = _net([("Dense", {"units": 4, "activation": "tanh"}),
                ("Dense", {"units": 2, "activation": "softmax"})])
    plan = build_plan(net)
    assert plan.valid(net)
    change(net.layers[0])
    assert not plan.valid(net)


def test_valid_sees_a_bias_added_to_a_layer_without_one():
    net = _net([("Dense", {"units": 4, "activation": "tanh", "use_bias": False}),
                ("Dense", {"units": 2, "activation": "softmax"})])
    plan = build_plan(net)
    assert plan.valid(net)
    net.layers[0].params["b"] = np.zeros(4, np.float32)
    assert not plan.valid(net)
