"""Telemetry probes: histograms, dead and saturated units, gradients, side effects."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.training import TrainSpec, probes
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_nice_bound_and_histogram():
    assert [probes.nice_bound(x) for x in (0.0, 0.7, 1.0, 1.3, 3.0, 7.0, 0.003)] == \
        pytest.approx([1.0, 1.0, 1.0, 2.0, 5.0, 10.0, 0.005])
    h = probes.histogram(np.array([-5.0, 0.05, 0.2, 0.95, 3.0, np.nan]), 0.0, 1.0, 10)
    assert h.counts.sum() == 5                       # NaN not counted
    assert h.counts[0] == 2 and h.counts[-1] == 2    # outliers in the end bins
    assert len(h.edges) == 11 and h.edges[0] == 0.0 and h.edges[-1] == 1.0
    s = probes.symmetric_histogram(np.array([-0.03, 0.01, 0.02]), 4)
    assert s.edges[0] == -0.05 and s.edges[-1] == 0.05 and s.counts.sum() == 3


def test_subsample_visits_every_channel():
    a = np.zeros((64, 13, 13, 32), np.float32)
    a[..., :] = np.arange(32)
    sample = probes.subsample(a, 4096)
    assert sample.size <= 4096 * 1.1
    assert set(np.unique(sample).astype(int)) == set(range(32))


def _net(layers, input_shape=(2,), seed=0):
    return build({"format": "dlstudio.network", "version": 1, "input_shape": list(input_shape),
                  "layers": layers}, seed)


def test_dead_relu_units_and_saturated_sigmoids():
    x = np.random.default_rng(0).normal(size=(64, 2)).astype(np.float32)
    dead = _net([{"type": "Dense", "units": 8, "activation": "relu"},
                 {"type": "Dense", "units": 3, "activation": "softmax"}])
    b = dead.layers[0].params["b"]
    b[:3] = -100.0                                    # 3 of 8 units never fire
    lt = probes.probe_layers(dead, x)[0]
    assert lt.dead_fraction == pytest.approx(3 / 8)
    assert lt.saturated_fraction is None and lt.activation == "relu"

    big = {"class_name": "random_normal", "config": {"stddev": 20.0}}
    sat = _net([{"type": "Dense", "units": 32, "activation": "sigmoid",
                 "kernel_initializer": big},
                {"type": "Dense", "units": 3, "activation": "softmax"}])
    calm = _net([{"type": "Dense", "units": 32, "activation": "sigmoid",
                  "kernel_initializer": {"class_name": "random_normal",
                                         "config": {"stddev": 0.1}}},
                 {"type": "Dense", "units": 3, "activation": "softmax"}])
    s_sat = probes.probe_layers(sat, x)[0]
    s_calm = probes.probe_layers(calm, x)[0]
    assert s_sat.saturated_fraction > 0.6 > 0.01 > s_calm.saturated_fraction
    assert s_sat.dead_fraction is None
    # fixed bins over the sigmoid's range; the saturated layer piles up at both ends
    assert s_sat.act_hist.edges[0] == 0.0 and s_sat.act_hist.edges[-1] == 1.0
    c = s_sat.act_hist.counts
    assert c[0] + c[-1] > 0.5 * c.sum()
    assert s_sat.pre_std > 10 * s_calm.pre_std


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_saturation_curve_counts_like_the_mask_at_every_recorded_margin(activation):
    from dlstudio.engine.activations import get
    from dlstudio.training.telemetry import SATURATION_MARGINS, saturated_share

    x = np.random.default_rng(2).normal(size=(64, 2)).astype(np.float32)
    net = _net([{"type": "Dense", "units": 32, "activation": activation,
                 "kernel_initializer": {"class_name": "random_normal",
                                        "config": {"stddev": 2.0}}},
                {"type": "Dense", "units": 3, "activation": "softmax"}])
    a = net.probe(x)[0][1]
    act = get(activation)
    lt = probes.probe_layers(net, x, saturation_margin=0.05)[0]
    assert lt.saturation_curve.shape == SATURATION_MARGINS.shape
    expected = [np.mean(act.saturated_mask(a, m)) for m in SATURATION_MARGINS]
    np.testing.assert_allclose(lt.saturation_curve, expected, rtol=1e-6)
    assert np.all(np.diff(lt.saturation_curve) >= 0)        # a wider margin counts more
    assert 0.0 < lt.saturation_curve[0] < lt.saturation_curve[-1] < 1.0
    # read back at any recorded margin; outside the recorded ones, the run's own share
    assert saturated_share(lt, 0.05) == pytest.approx(lt.saturated_fraction, rel=1e-6)
    assert saturated_share(lt, 0.2) == pytest.approx(np.mean(act.saturated_mask(a, 0.2)),
                                                     rel=1e-6)
    assert saturated_share(lt, 0.4) == saturated_share(lt, None) == lt.saturated_fraction
    assert probes.probe_layers(net, x)[1].saturation_curve is None     # softmax


def test_conv_dead_units_are_channels():
    x = np.random.default_rng(1).random((16, 8, 8, 1)).astype(np.float32)
    net = _net([{"type": "Conv2D", "filters": 4, "kernel_size": 3, "activation": "relu"},
                {"type": "Flatten"},
                {"type": "Dense", "units": 2, "activation": "softmax"}], (8, 8, 1))
    conv = net.layers[0]
    conv.params["W"][..., 1] = 0.0
    conv.params["b"][1] = -1.0                        # channel 1 is zero everywhere
    telemetry = probes.probe_layers(net, x)
    assert telemetry[0].dead_fraction == pytest.approx(1 / 4)
    assert telemetry[1].kind == "Flatten" and telemetry[1].weight_norm is None
    # inherits relu's range, which follows the data
    assert telemetry[1].act_hist.edges[0] == telemetry[0].act_hist.edges[0] == 0.0
    assert telemetry[1].act_hist.edges[-1] == telemetry[0].act_hist.edges[-1]
    assert telemetry[2].activation == "softmax"


def test_probing_has_no_side_effects():
    x = np.random.default_rng(2).normal(size=(32, 2)).astype(np.float32)
    net = _net([{"type": "Dense", "units": 8, "activation": "relu"},
                {"type": "BatchNormalization"},
                {"type": "Dropout", "rate": 0.5},
                {"type": "Dense", "units": 3, "activation": "softmax"}])
    before = net.get_weights()
    rng_state = net.layers[2]._rng.bit_generator.state
    telemetry = probes.probe_layers(net, x)
    after = net.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after))   # incl. moving stats
    assert net.layers[2]._rng.bit_generator.state == rng_state
    bn = telemetry[1]
    assert bn.bn_moving_mean is not None and bn.bn_moving_variance.shape == (8,)
    # batch norm normalizes with the probe batch's statistics (as in training)
    assert abs(bn.act_mean) < 0.05 and bn.act_std == pytest.approx(1.0, abs=0.05)
    # ... which the probe reports next to the moving averages: those of the dense output
    dense_out = np.maximum(x.astype(np.float64) @ net.layers[0].params["W"].astype(np.float64)
                           + net.layers[0].params["b"], 0.0)
    # float32 forward pass: values of order 1, so a few float32 ulps
    np.testing.assert_allclose(bn.bn_batch_mean, dense_out.mean(axis=0), atol=1e-5)
    np.testing.assert_allclose(bn.bn_batch_variance, dense_out.var(axis=0), atol=1e-5)
    assert telemetry[0].bn_batch_mean is None


def test_update_ratio_is_the_relative_size_of_the_step():
    from dlstudio.engine import optimizers

    x = np.random.default_rng(3).normal(size=(16, 2)).astype(np.float32)
    y = np.arange(16) % 3
    net = _net([{"type": "Dense", "units": 4, "activation": "tanh"},
                {"type": "Dense", "units": 3, "activation": "softmax"}])
    net.forward_backward(x, y, "sparse_categorical_crossentropy")
    grads = probes.capture_gradients(net, 20)
    kernels = probes.copy_kernels(net)
    g0 = net.layers[0].grads["W"].copy()
    optimizers.get("sgd").apply(net.parameters(), 0.1)
    lt = probes.probe_layers(net, x, 20, grads, kernels)[0]
    expected = 0.1 * np.linalg.norm(g0) / np.linalg.norm(kernels[0])
    assert lt.update_ratio == pytest.approx(expected, rel=1e-5)
    assert lt.grad_norm == pytest.approx(float(np.linalg.norm(g0)), rel=1e-5)


def test_kernel_copies_are_written_over_when_passed_back():
    net = _net([{"type": "Dense", "units": 4, "activation": "tanh"},
                {"type": "Dense", "units": 3, "activation": "softmax"}])
    first = probes.copy_kernels(net)
    net.layers[0].params["W"] += 1.0                          # a step changes the kernels
    again = probes.copy_kernels(net, first)
    assert again[0] is first[0] and again[1] is first[1]      # the same arrays, new values
    np.testing.assert_array_equal(again[0], net.layers[0].params["W"])
    assert again[0] is not net.layers[0].params["W"]
    stale = {0: np.zeros((1, 1), np.float32)}                  # another shape: a new copy
    fresh = probes.copy_kernels(net, stale)
    assert fresh[0] is not stale[0]
    np.testing.assert_array_equal(fresh[0], net.layers[0].params["W"])


def _first_last_grad_ratio(net_spec, data, steps=30):
    spec = TrainSpec(epochs=1, batch_size=16, optimizer="sgd", learning_rate=0.01,
                     telemetry={"snapshots_per_second": 1000.0})
    snaps = [s for s in Trainer(build(net_spec), data, spec).run()
             if s.step > 0 and s.layers and s.layers[0].grad_norm is not None]
    ratios = [s.layers[0].grad_norm / s.layers[-1].grad_norm for s in snaps]
    return float(np.median(ratios))


def test_deep_sigmoid_gradients_vanish_but_he_relu_gradients_do_not(blobs):
    small = {"class_name": "random_normal", "config": {"stddev": 0.05}}
    sigmoid = mlp(units=(32,) * 9, activation="sigmoid", init=small)     # 10 Dense layers
    relu = mlp(units=(32,) * 9, activation="relu", init="he_normal")
    r_sigmoid = _first_last_grad_ratio(sigmoid, blobs)
    r_relu = _first_last_grad_ratio(relu, blobs)
    assert r_sigmoid < 1e-4                           # orders of magnitude below
    assert 1e-2 < r_relu < 1e2                        # the same order of magnitude


def test_probes_report_the_signal_dl_dz_pass_through_and_per_unit_statistics():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 2)).astype(np.float32)
    y = rng.integers(0, 3, 64)
    net = _net([{"type": "Dense", "units": 8, "activation": "relu"},
                {"type": "Dropout", "rate": 0.3},
                {"type": "Dense", "units": 6, "activation": "sigmoid"},
                {"type": "Dense", "units": 3, "activation": "softmax"}])
    net.layers[0].params["b"][:2] = -100.0            # 2 of 8 units never fire
    grads_before = [{k: v.copy() for k, v in layer.grads.items()} for layer in net.layers]
    layers = probes.probe_layers(net, x, 20, y_probe=y,
                                 loss="sparse_categorical_crossentropy", unit_layer=0,
                                 saturation_margin=0.49)
    # the probe's backward pass leaves the training gradients as they were
    for layer, before in zip(net.layers, grads_before):
        assert all(np.array_equal(layer.grads[k], v) for k, v in before.items())
    _, signals = net.backward_signals(x, y, "sparse_categorical_crossentropy")
    for i in (0, 2, 3):
        s = signals[i].astype(np.float64)
        assert layers[i].signal_norm == pytest.approx(np.sqrt((s ** 2).sum()), rel=1e-6)
        assert layers[i].signal_rms == pytest.approx(layers[i].signal_norm / np.sqrt(s.size),
                                                     rel=1e-12)
    assert layers[1].signal_rms is None               # dropout has no weights
    # ReLU passes its share of active values; 2 dead units show in the unit map
    assert 0.0 < layers[0].pass_through < 1.0
    assert layers[0].unit_active.shape == (8,) and np.all(layers[0].unit_active[:2] == 0)
    assert layers[0].unit_mean.shape == (8,) and layers[2].unit_mean is None
    assert layers[0].unit_value == layers[0].unit_mean[0] == 0.0   # unit 0 is dead
    # a wide margin calls most sigmoid outputs saturated; the default (0.02) calls none
    assert layers[2].saturated_fraction > 0.8
    assert probes.probe_layers(net, x)[2].saturated_fraction < 0.05
    assert layers[3].pass_through is None             # the output layer


def test_captured_gradients_have_norms_rms_and_bias_terms():
    net = _net([{"type": "Dense", "units": 4, "activation": "tanh"},
                {"type": "Dense", "units": 3, "activation": "softmax"}])
    rng = np.random.default_rng(0)
    net.forward_backward(rng.normal(size=(16, 2)).astype(np.float32), rng.integers(0, 3, 16),
                         "sparse_categorical_crossentropy")
    got = probes.capture_gradients(net, 10)[0]
    gw, gb = net.layers[0].grads["W"].astype(np.float64), net.layers[0].grads["b"]
    assert got["grad_norm"] == pytest.approx(np.linalg.norm(gw), rel=1e-6)
    assert got["grad_rms"] == pytest.approx(np.linalg.norm(gw) / np.sqrt(gw.size), rel=1e-6)
    assert got["bias_grad_norm"] == pytest.approx(np.linalg.norm(gb.astype(np.float64)),
                                                  rel=1e-6)


def test_unbounded_activation_histograms_follow_the_data():
    """A ReLU layer whose outputs stay below 0.1 fills its histogram (bins over [0, 0.1]), one
    spreading to 3 gets bins over [0, 5]; linear outputs with negative values get [-b, b];
    a sigmoid keeps [0, 1]."""
    rng = np.random.default_rng(3)
    small = np.maximum(rng.normal(0, 0.03, 1000), 0)
    small[0] = 0.09
    assert probes.data_range(small, 0.0, 6.0) == (0.0, pytest.approx(0.1))
    wide = np.maximum(rng.normal(0, 1.0, 1000), 0)
    wide[0] = 3.0
    assert probes.data_range(wide, 0.0, 6.0) == (0.0, 5.0)
    assert probes.data_range(np.array([-0.3, 0.2, np.nan]), -6.0, 6.0) == (-0.5, 0.5)
    assert probes.data_range(np.array([0.0, 0.0]), 0.0, 6.0) == (0.0, 1.0)   # a dead layer
    assert probes.data_range(np.array([0.2, 0.4]), 0.0, 1.0) == (0.0, 1.0)
    counts = probes.histogram(small, *probes.data_range(small, 0.0, 6.0), 20).counts
    assert np.count_nonzero(counts) >= 5 and counts.sum() == small.size


def test_small_weight_share_counts_every_weight():
    """The share of kernel weights below SMALL_WEIGHT in size (what tells L1's exact zeros
    from L2's small weights when their histograms look alike; walker10 W10-6)."""
    net = _net([{"type": "Dense", "units": 4, "activation": "relu"},
                {"type": "Dense", "units": 2, "activation": "softmax"}])
    w = net.layers[0].params["W"]                    # (2, 4): 8 weights
    w[...] = 0.5
    w[0, :3] = 0.0                                   # 3 exact zeros
    w[1, 0] = -5e-4                                  # 1 small one
    x = np.random.default_rng(0).normal(size=(16, 2)).astype(np.float32)
    telemetry = probes.probe_layers(net, x)
    assert telemetry[0].weight_small_fraction == pytest.approx(4 / 8)
    assert probes.small_fraction(np.array([1e-3, -2e-3, 0.0])) == pytest.approx(1 / 3)
    assert np.isnan(probes.small_fraction(np.zeros(0)))


def test_probed_and_unprobed_runs_give_the_same_weights(blobs):
    """The probe's backward pass computes no weight gradients and leaves the step's arrays
    alone: probing every step changes nothing (batch norm and RMSprop's slots included)."""
    from dataclasses import replace

    from training_helpers import weights_equal

    spec = TrainSpec(epochs=2, batch_size=16, optimizer="rmsprop", learning_rate=0.01, seed=3)
    net_spec = mlp(units=(8, 6), activation="relu", extra={"type": "BatchNormalization"})
    runs = []
    for enabled in (True, False):
        trainer = Trainer(build(net_spec, seed=4), blobs,
                          spec.replace(telemetry=replace(spec.telemetry, enabled=enabled)))
        for _ in trainer.run():
            pass
        runs.append(trainer)
    assert runs[0].probes > 30 and runs[1].probes == 0
    assert weights_equal(runs[0].network, runs[1].network)
