"""The step debugger's numbers: ``trace_batch`` and ``unit_detail`` against the engine's own."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec as L
from dlstudio.engine.spec import NetworkSpec
from dlstudio.engine.trace import trace_batch
from dlstudio.engine.trace_units import unit_detail

LOSS = "sparse_categorical_crossentropy"
SPEC = NetworkSpec((6, 6, 2), (
    L("Conv2D", {"filters": 3, "kernel_size": 3, "padding": "same", "activation": "relu"}),
    L("BatchNormalization"),
    L("MaxPooling2D", {"pool_size": 2}),
    L("Conv2D", {"filters": 2, "kernel_size": 2, "activation": "tanh"}),
    L("AveragePooling2D", {"pool_size": 2}),
    L("Flatten"),
    L("Dense", {"units": 5, "activation": "elu"}),
    L("Dense", {"units": 3, "activation": "softmax"})))
RTOL = 1e-10     # float64, same operations, possibly in another order


@pytest.fixture(scope="module")
def traced():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 6, 6, 2))
    y = rng.integers(0, 3, 4)
    trace = trace_batch(Network.from_spec(SPEC, seed=1, dtype=np.float64), x, y, LOSS)
    return trace, x, y


def test_loss_and_gradients_equal_loss_and_grads(traced):
    trace, x, y = traced
    net = Network.from_spec(SPEC, seed=1, dtype=np.float64)
    value, grads = net.loss_and_grads(x, y, LOSS)
    assert trace.loss == pytest.approx(value, rel=RTOL)
    ours = [t.grads[k] if k in t.grads else np.zeros_like(t.state[k])
            for t, layer in zip(trace.layers, net.layers) for k in layer.weight_keys
            if k in t.params or k in t.state]
    assert len(ours) == len(grads)
    for a, b in zip(ours, grads):
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=1e-14)


def test_activations_equal_the_layers_own_forward(traced):
    trace, x, _ = traced
    net = Network.from_spec(SPEC, seed=1, dtype=np.float64)
    h = x
    for t, layer in zip(trace.layers, net.layers):
        np.testing.assert_array_equal(t.x, h)
        h = layer.forward(h, training=True)
        if t is trace.layers[-1]:
            np.testing.assert_allclose(t.z, h, rtol=RTOL)                # logits
            np.testing.assert_allclose(t.a.sum(axis=1), 1.0, rtol=RTOL)  # softmax
        else:
            np.testing.assert_array_equal(t.a, h)


def test_dense_unit_chain_rule(traced):
    trace, _, _ = traced
    d = [unit_detail(trace, "dense", n, 2) for n in range(4)]
    for u in d:
        v = u.values
        assert u.rule == "weighted_sum" and u.activation == "elu"
        assert v["z_recomputed"] == pytest.approx(v["z"], rel=RTOL)
        z = v["z"]
        assert v["a"] == pytest.approx(z if z > 0 else np.expm1(z), rel=RTOL)
        assert v["grad_z"] == pytest.approx(v["grad_a"] * v["fprime"], rel=RTOL)
        assert v["fprime"] == pytest.approx(1.0 if z > 0 else np.exp(z), rel=1e-8)
    np.testing.assert_allclose(sum(u.values["grad_w_example"] for u in d),
                               d[0].values["grad_w_batch"], rtol=RTOL, atol=1e-15)
    assert sum(u.values["grad_z"] for u in d) == pytest.approx(d[0].values["grad_b_batch"],
                                                              rel=RTOL)
    out = unit_detail(trace, 7, 1, 0)                 # softmax output: dL/dz = (p - y) / N
    y = trace.y[1]
    assert out.activation == "softmax"
    assert out.values["grad_z"] == pytest.approx((out.values["a"] - (y == 0)) / 4, rel=1e-9)
    # what the debugger writes for it (W23-13): exp(zⱼ) / Σ exp(zₖ), and (p − y) / N
    v = out.values
    assert v["fused_matches"] and v["batch"] == 4 and v["target"] == float(y == 0)
    assert v["exp_z"] / v["exp_sum"] == pytest.approx(v["a"], rel=RTOL)
    assert v["exp_z"] == pytest.approx(np.exp(v["z"]), rel=RTOL)


def test_conv_unit_shares_add_up_over_examples_and_positions(traced):
    trace, _, _ = traced
    t = trace.layers[0]
    k = 1
    total = np.zeros(3 * 3 * 2)
    for n in range(4):
        for r in range(6):
            for c in range(6):
                v = unit_detail(trace, 0, n, (r, c, k)).values
                assert v["z_recomputed"] == pytest.approx(v["z"], rel=1e-9, abs=1e-12)
                total += v["grad_w_example"]
    np.testing.assert_allclose(total, t.grads["W"][..., k].ravel(), rtol=1e-9, atol=1e-14)


def test_batchnorm_and_pooling_rules(traced):
    trace, _, _ = traced
    bn = unit_detail(trace, 1, 2, (3, 4, 1)).values
    assert bn["gamma"] * bn["xhat"] + bn["beta"] == pytest.approx(bn["y"], rel=1e-9)
    t = trace.layers[1]
    xhat = (t.x[..., 1] - bn["mean"]) / np.sqrt(bn["var"] + bn["epsilon"])
    assert np.sum(t.grad_a[..., 1] * xhat) == pytest.approx(bn["grad_gamma_batch"], rel=1e-9)
    assert bn["count"] == 4 * 6 * 6

    mp = unit_detail(trace, 2, 0, (1, 2, 0)).values
    assert mp["y"] == mp["window"][mp["winner"]] == max(mp["window"])
    expected = np.zeros(4)
    expected[mp["winner"]] = mp["grad_y"]
    np.testing.assert_array_equal(mp["grad_window"], expected)  # windows do not overlap

    ap = unit_detail(trace, 4, 3, (0, 0, 1)).values
    assert ap["y"] == pytest.approx(np.mean(ap["window"]), rel=RTOL)
    np.testing.assert_allclose(ap["grad_window"], ap["grad_y"] / 4, rtol=RTOL)


def test_bad_addresses():
    trace = trace_batch(Network.from_spec(SPEC, seed=1, dtype=np.float64),
                        np.zeros((2, 6, 6, 2)), np.array([0, 1]), LOSS)
    with pytest.raises(ValueError, match="outside"):
        unit_detail(trace, "dense", 0, 9)
    with pytest.raises(ValueError, match="no layer named"):
        unit_detail(trace, "nope", 0, 0)
    with pytest.raises(ValueError, match="not in the batch"):
        unit_detail(trace, 0, 5, (0, 0, 0))


def test_signals_equal_backward_signals_and_the_network_is_untouched(traced):
    trace, x, y = traced
    net = Network.from_spec(SPEC, seed=1, dtype=np.float64)
    before = net.get_weights()
    value, signals = net.backward_signals(x, y, LOSS)
    assert trace.loss == pytest.approx(value, rel=RTOL)
    for t, s in zip(trace.layers, signals):
        mine = t.grad_z if t.grad_z is not None else t.grad_a
        np.testing.assert_allclose(mine, s, rtol=RTOL, atol=1e-15)
    trace_batch(net, x, y, LOSS)
    for a, b in zip(before, net.get_weights()):              # moving statistics included
        np.testing.assert_array_equal(a, b)
