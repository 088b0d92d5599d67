"""The pre-flight check gives the textbook verdicts for the textbook initializations."""
from __future__ import annotations

import json

import numpy as np
import pytest

from dlstudio.engine.network import Network
from dlstudio.messages import render
from dlstudio.training.diagnosis import DEAD_LIMIT
from dlstudio.training.preflight import preflight, preflight_training
from dlstudio.training.preflight_verdicts import dead_unit_remedies


def _net(depth, act, init, width=64, bias=None, n_in=32):
    layer = {"type": "Dense", "units": width, "activation": act, "kernel_initializer": init}
    if bias is not None:
        layer["bias_initializer"] = bias
    layers = [dict(layer) for _ in range(depth)]
    layers.append({"type": "Dense", "units": 10, "activation": "softmax"})
    return Network.from_spec({"format": "dlstudio.network", "version": 1,
                              "input_shape": [n_in], "layers": layers}, seed=0)


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(0)
    return rng.standard_normal((128, 32)).astype(np.float32), rng.integers(0, 10, 128)


def _check(net, batch, lr=0.01):
    return preflight(net, *batch, learning_rate=lr, optimizer="sgd")


NORMAL_005 = {"class_name": "random_normal", "config": {"stddev": 0.05}}


def test_deep_sigmoid_with_small_init_vanishes(batch):
    r = _check(_net(9, "sigmoid", NORMAL_005), batch)
    assert r.verdicts == ("vanishing",)
    assert r.layer(0).signal_ratio < 1e-6 and "vanishing" in r.layer(0).verdicts
    assert r.layer(0).pass_through > 0.9          # not saturated: sigmoid near z = 0
    assert str(r.notes[0]).startswith("vanishing: layer 1 (dense) receives 10⁻")
    assert str(r.notes[0]).endswith("try ReLU with He initialization or batch normalization")


def test_a_vanishing_relu_network_is_told_what_it_lacks(batch):
    """Walker17 W17-r: 30 ReLU layers with Glorot were told to "try ReLU with He
    initialization, or batch normalization"; they are ReLU already."""
    r = _check(_net(30, "relu", "glorot_uniform"), batch)
    assert "vanishing" in r.verdicts
    note = next(str(n) for n in r.notes if str(n).startswith("vanishing"))
    assert note.endswith("try He initialization or batch normalization"), note


def test_the_same_net_with_relu_and_he_is_healthy(batch):
    r = _check(_net(9, "relu", "he_normal"), batch)
    assert r.verdict == "healthy" and r.healthy
    ratios = [c.signal_ratio for c in r.layers[:-1]]
    assert 0.3 < min(ratios) and max(ratios) < 3


def test_a_healthy_verdict_says_when_the_signal_shrinks_instead_of_similar_size(batch):
    """walker23 W23-1 (lesson 02/1): ten ReLU layers with Glorot weights pass the limits,
    but the first hidden layer gets ~1/20 of the last one's signal; the verdict said the
    signal "reaches every layer at a similar size" beside that chart. With He it does."""
    glorot = _check(_net(10, "relu", "glorot_normal"), batch)
    assert glorot.verdict == "healthy"
    weakest = min(c.signal_ratio for c in glorot.layers[:-1])
    assert 0.01 < weakest <= 0.1
    note = str(glorot.notes[0])
    assert note.startswith("healthy by its limits, but the signal shrinks on its way back: "
                           "layer 1 (dense) receives 0.0"), note
    assert "similar size" not in note and "below 0.01 counts as vanishing" in note
    zh = render(glorot.notes[0], "zh")
    assert zh.startswith("按判定标准算健康，但信号在反向传播中逐层变小") and "相近" not in zh
    he = _check(_net(10, "relu", "he_normal"), batch)
    assert he.verdict == "healthy" and "similar size" in str(he.notes[0])


def test_deep_tanh_with_stddev_3_saturates_or_explodes(batch):
    init = {"class_name": "random_normal", "config": {"stddev": 3.0}}
    r = _check(_net(9, "tanh", init), batch)
    assert set(r.verdicts) & {"saturated", "exploding"}
    assert all(c.pass_through < 0.3 for c in r.layers[:-1])


def test_relu_with_large_negative_bias_has_dead_units(batch):
    bias = {"class_name": "constant", "config": {"value": -5.0}}
    r = _check(_net(4, "relu", "he_normal", bias=bias), batch)
    assert "dead units" in r.verdicts
    assert r.layer(1).dead_fraction == 1.0


def test_a_healthy_verdict_names_the_largest_dead_share_instead_of_denying_it(batch):
    """Thirty ReLU layers with He weights: deep layers have many units that are off for the
    whole batch, though fewer than half; the sentence must say so (walker3 W3-25)."""
    r = _check(_net(30, "relu", "he_normal"), batch)
    assert r.healthy
    shares = [c.dead_fraction for c in r.layers if c.dead_fraction is not None]
    worst = max(r.layers, key=lambda c: c.dead_fraction or 0.0)
    assert 0.1 < worst.dead_fraction <= DEAD_LIMIT and worst.dead_fraction == max(shares)
    text = str(r.notes[0])
    assert text.startswith("healthy: the signal reaches every layer at a similar size; ")
    assert "no units are dead" not in text
    assert f"{worst.label} has the most units" in text
    assert f"{worst.dead_fraction:.0%}" in text and "50% that counts as dead" in text
    zh = render(r.notes[0], "zh")
    assert "没有死亡" not in zh and f"{worst.dead_fraction:.0%}" in zh and "第 " in zh
    # a network without dead or saturated outputs keeps the short sentence
    tanh = _check(_net(3, "tanh", "glorot_uniform"), batch)
    if all(not c.saturated_fraction for c in tanh.layers):
        assert str(tanh.notes[0]).endswith("no units are dead or saturated")


MINUS_ONE = {"class_name": "constant", "config": {"value": -1.0}}


@pytest.mark.parametrize("act, init, has, lacks", [
    # lesson 05 step 3: He weights, bias -1: He is in place, the bias is the cause
    ("relu", "he_normal", ["a bias closer to 0 (it starts at -1)", "Leaky ReLU"],
     ["He initialization", "batch normalization"]),
    ("relu", "glorot_uniform", ["a bias closer to 0", "He initialization", "Leaky ReLU"], []),
    ("leaky_relu", "he_normal", ["a bias closer to 0"], ["He initialization", "Leaky ReLU"]),
])
def test_dead_unit_advice_leaves_out_what_the_network_already_uses(batch, act, init, has,
                                                                   lacks):
    r = _check(_net(4, act, init, bias=MINUS_ONE), batch)
    note = next(n for n in r.notes if n.id == "preflight.dead")
    advice = str(note).split("; try ", 1)[1]
    for words in has:
        assert words in advice
    for words in lacks:
        assert words not in advice
    zh = render(note, "zh")
    assert ("He 初始化" in zh) == ("He initialization" in advice)
    assert "负偏置" not in zh and "更接近 0 的偏置" in zh


def test_dead_unit_remedies_without_a_negative_bias_skip_the_bias_and_he():
    # zero bias: the weight scale does not decide which ReLU units are off, so no He advice
    net = _net(3, "relu", "glorot_uniform")
    ids = [m.id for m in dead_unit_remedies(net, 1)]
    assert ids == ["preflight.remedy.leaky_relu", "preflight.remedy.batch_norm"]
    leaky = _net(3, "leaky_relu", "he_normal")
    assert [m.id for m in dead_unit_remedies(leaky, 1)] == ["preflight.remedy.batch_norm"]


def test_thirty_relu_layers_vanish_with_glorot_and_not_with_he(batch):
    glorot = _check(_net(30, "relu", "glorot_uniform"), batch)
    he = _check(_net(30, "relu", "he_normal"), batch)
    assert glorot.verdicts == ("vanishing",)
    assert he.verdict == "healthy"
    assert glorot.layer(0).signal_ratio < 1e-3 < he.layer(0).signal_ratio


def test_a_huge_learning_rate_explodes_and_the_network_is_left_unchanged(batch):
    net = _net(2, "relu", "he_normal")
    before = net.get_weights()
    r = _check(net, batch, lr=50.0)
    assert "exploding" in r.verdicts and "learning rate 50" in " ".join(map(str, r.notes))
    assert all(np.array_equal(a, b) for a, b in zip(before, net.get_weights()))


def test_weights_far_above_the_he_scale_are_named_before_the_learning_rate(batch):
    # as in lesson 04 (sigma = 1 on 784 inputs: ~20x the He scale): sigma = 3 on 64 inputs is
    # ~17x; the fix is the initialization, so the verdict must not point at the learning rate
    init = {"class_name": "random_normal", "config": {"stddev": 3.0}}
    r = _check(_net(6, "relu", init, n_in=32), batch)
    ids = [n.id for n in r.notes]
    assert "exploding" in r.verdicts
    assert ids[0] == "preflight.init_scale" and "preflight.big_update" not in ids
    assert "smaller initialization" in str(r.notes[0]) and "smaller learning rate" not in \
        " ".join(str(n) for n in r.notes[1:])
    # He weights with a huge learning rate keep the learning-rate advice (test above)
    assert "preflight.init_scale" not in [n.id for n in
                                          _check(_net(2, "relu", "he_normal"), batch, 50.0).notes]


def test_report_as_json_and_from_a_training_setup(blobs):
    from dlstudio.training import TrainSpec

    net = Network.from_spec({"format": "dlstudio.network", "version": 1, "input_shape": [2],
                             "layers": [{"type": "Dense", "units": 8, "activation": "tanh"},
                                        {"type": "Dense", "units": 3, "activation": "softmax"}]})
    r = preflight_training(net, blobs, TrainSpec(learning_rate=0.01, optimizer="adam"))
    d = json.loads(json.dumps(r.to_dict()))
    assert d["verdict"] == r.verdict and len(d["layers"]) == 2
    assert d["optimizer"] == "adam" and d["batch_size"] == min(128, len(blobs.x_train))


def test_cli_prints_one_line_per_layer_then_the_verdict(capsys):
    from dlstudio.cli import main

    assert main(["preflight", "deep_sigmoid_mlp", "--data", "digits:n_samples=300",
                 "--batch-size", "64"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "verdict: vanishing"
    net = Network.from_spec("deep_sigmoid_mlp")
    layer_lines = [ln for ln in lines if ln[:3].strip().isdigit()]
    assert len(layer_lines) == len(net.layers)
    assert main(["preflight", "deep_sigmoid_mlp", "--data", "digits:n_samples=300",
                 "--json", "--lang", "zh"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "vanishing" and "梯度消失" in out["notes"][0]
    assert main(["preflight", "deep_sigmoid_mlp", "--data", "digits:n_samples=300",
                 "--batch-size", "0"]) == 2
    capsys.readouterr()
    # in Chinese, the heading and the verdict too (they stayed English)
    assert main(["preflight", "deep_sigmoid_mlp", "--data", "digits:n_samples=300",
                 "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("训练前检查 deep_sigmoid_mlp：digits") and lines[-1] == "结论：梯度消失"


def test_the_report_carries_each_layers_pre_activation_spread_as_numpy_computes_it(batch):
    """Walker18 W18-3: lesson 04 says the output scores are tens of thousands of times too
    large, but the report only had the softmax's probabilities (std below 1). Each layer
    with an activation now reports the spread of z it receives; for the output layer, the
    scores. Checked against a plain NumPy forward pass in float64."""
    init = {"class_name": "random_normal", "config": {"stddev": 1.0}}
    net = _net(3, "relu", init)
    r = _check(net, batch)
    h = batch[0].astype(np.float64)
    for i, layer in enumerate(net.layers):
        z = h @ layer.params["W"].astype(np.float64) + layer.params["b"].astype(np.float64)
        c = r.layer(i)
        assert c.pre_mean == pytest.approx(z.mean(), rel=1e-4, abs=1e-4 * z.std())
        assert c.pre_std == pytest.approx(z.std(), rel=1e-4)
        h = np.maximum(z, 0.0)
    scores = r.layers[-1]
    assert scores.act_std < 1 and scores.pre_std > 100 * scores.act_std   # probabilities hide it


CONSTANT_03 = {"class_name": "constant", "config": {"value": 0.3}}
ZEROS = {"class_name": "zeros", "config": {}}


def _lesson01_net(init):
    """Lesson 01's network (2 inputs, two tanh layers of 16, softmax over 2) with every
    kernel from ``init``."""
    layers = [{"type": "Dense", "units": 16, "activation": "tanh", "kernel_initializer": init},
              {"type": "Dense", "units": 16, "activation": "tanh", "kernel_initializer": init},
              {"type": "Dense", "units": 2, "activation": "softmax",
               "kernel_initializer": init}]
    return Network.from_spec({"format": "dlstudio.network", "version": 1,
                              "input_shape": [2], "layers": layers}, seed=0)


def test_no_signal_at_all_is_not_healthy_and_the_sentence_says_why():
    """Walker23 W23-1: lesson 01 step 1 (every weight 0.3) was "healthy: the signal reaches
    every layer at a similar size" over a chart marking dL/dz of layers 1-2 as zero: the two
    output units have the same weights, so the errors they pass back (which sum to 0 under
    softmax) cancel, and nothing reaches the hidden layers."""
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((64, 2)).astype(np.float32), rng.integers(0, 2, 64)
    r = preflight(_lesson01_net(CONSTANT_03), x, y, learning_rate=0.3, optimizer="sgd")
    assert r.layer(0).signal_rms == 0 and r.layer(1).signal_rms == 0
    assert not r.healthy and r.verdicts == ("vanishing",)
    assert "vanishing" in r.layer(0).verdicts and "vanishing" in r.layer(1).verdicts
    assert r.layer(2).verdict == "healthy"
    text = str(r.notes[0])
    assert text.startswith("vanishing: layers 1-2: gradient exactly 0. Every unit of layer 3 "
                           "(dense_2) has the same weights"), text
    assert "random" in text and "healthy" not in text
    zh = render(r.notes[0], "zh")
    assert zh.startswith("梯度消失：第 1-2 层") and "权重都相同" in zh, zh
    # all-zero weights: the output layer passes nothing back either
    r = preflight(_lesson01_net(ZEROS), x, y, learning_rate=0.3, optimizer="sgd")
    assert r.verdicts == ("vanishing",)
    assert "The weights of layer 3 (dense_2) are all 0" in str(r.notes[0])


@pytest.mark.parametrize("layers", [3, 4])          # one dead layer, two
def test_the_dead_units_note_counts_layers_in_proper_english(batch, layers):
    """walker26: "(4 layer(s) with more than half dead)": one layer, or several layers;
    Chinese has no plural."""
    r = _check(_net(layers, "relu", "he_normal", bias=MINUS_ONE), batch)
    note = next(n for n in r.notes if n.id == "preflight.dead")
    assert "(s)" not in str(note)
    dead = sum("dead units" in c.verdicts for c in r.layers)
    word = "layer" if dead == 1 else "layers"
    assert f"({dead} {word} with more than half dead)" in str(note), str(note)
    assert f"共 {dead} 层超过一半死亡" in render(note, "zh")
