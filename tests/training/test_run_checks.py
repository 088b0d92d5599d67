"""Issue 12.6: checks before training and diagnoses that name the real cause (data, a NaN
setting, the initial scale or the learning rate); the last good weights are kept."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dlstudio.training import TrainSpec
from dlstudio.training.trainer import Trainer, TrainingSetupError

from training_helpers import build, mlp

SPEC = TrainSpec(epochs=3, batch_size=16, optimizer="sgd", learning_rate=0.05)


def _messages(trainer):
    return " | ".join(str(s.message) for s in trainer.run() if s.message)


def test_nan_in_the_data_is_named_before_training(blobs):
    x = blobs.x_train.copy()
    x[5, 0] = np.nan
    with pytest.raises(TrainingSetupError, match="NaN or infinite inputs .* example 5"):
        Trainer(build(mlp()), replace(blobs, x_train=x), SPEC)


def test_negative_labels_are_refused_before_training(blobs):
    y = blobs.y_train.copy()
    y[0] = -1
    with pytest.raises(TrainingSetupError, match="found the label -1"):
        Trainer(build(mlp()), replace(blobs, y_train=y), SPEC)


def test_one_hot_cross_entropy_on_class_numbers_is_refused_before_training(blobs):
    """It was a ValueError from inside the loss at the first step (walker18 W18-8)."""
    spec = SPEC.replace(loss="categorical_crossentropy")
    with pytest.raises(TrainingSetupError, match="use the loss Sparse categorical cross-entropy"):
        Trainer(build(mlp()), blobs, spec)


def test_one_class_is_a_warning(blobs):
    one = replace(blobs, y_train=np.zeros_like(blobs.y_train))
    assert "has the label 0" in _messages(Trainer(build(mlp()), one, SPEC.replace(epochs=1)))


@pytest.mark.parametrize("layer, setting", [
    ({"type": "BatchNormalization", "epsilon": float("nan")}, "epsilon"),
    ({"type": "Dense", "units": 4, "kernel_initializer":
      {"class_name": "random_normal", "config": {"stddev": float("nan")}}}, "stddev"),
])
def test_a_nan_setting_is_named_as_such(blobs, layer, setting):
    spec = mlp(units=(8,))
    spec["layers"].insert(1, layer)
    try:
        net = build(spec)
    except ValueError as exc:          # refused by the spec's own validation: fine too
        assert setting in str(exc)
        return
    with pytest.raises(TrainingSetupError, match=setting) as info:
        Trainer(net, blobs, SPEC)
    assert "learning rate" not in str(info.value)


def test_a_huge_learning_rate_is_named(blobs):
    trainer = Trainer(build(mlp(activation="tanh")), blobs,
                      SPEC.replace(learning_rate=1e6))
    text = _messages(trainer)
    assert "learning rate 10⁶ is too high" in text
    assert trainer.history == [] or "loss grew" in text or "diverged" in text


def test_a_huge_initial_scale_is_named_not_the_learning_rate():
    """The issue's case: init stddev 100 on the tanh toy net ends at chance level."""
    from dlstudio.data import load

    circles = load("circles", seed=0)
    init = {"class_name": "random_normal", "config": {"stddev": 100.0}}
    net = build(mlp(units=(8, 8, 8), activation="tanh", init=init, n_out=2))
    text = _messages(Trainer(net, circles, TrainSpec(epochs=5, batch_size=32)))
    assert "chance level" in text and "initial weights" in text and "He scale" in text, text
    assert "learning rate" not in text


def test_nan_made_by_augmentation_is_blamed_on_the_data(blobs):
    def poison(xb, rng):
        xb = xb.copy()
        xb[0, 0] = np.nan
        return xb

    net = build(mlp())
    before = net.get_weights()
    trainer = Trainer(net, replace(blobs, augmenter=poison), SPEC)
    snaps = list(trainer.run())
    assert snaps[-1].event == "diverged"
    assert "the data (or its augmentation) is the cause" in snaps[-1].message
    assert all(np.array_equal(a, b) for a, b in zip(before, net.get_weights()))


@pytest.mark.parametrize("ratio,named", [(6e-9, "gradients vanish"), (0.5, "did not learn"),
                                         (None, "did not learn")])
def test_chance_level_names_vanishing_gradients_when_the_ratio_says_so(ratio, named):
    """Lesson 03 step 2 blamed the learning rate or the labels for a deep sigmoid network
    whose first layer got 10⁻⁸ of the last layer's gradient."""
    from dlstudio.messages import render
    from dlstudio.training.run_checks import end_of_run_warnings

    history = [{"loss": 2.3, "accuracy": 0.09}] * 3
    out = end_of_run_warnings(history, 2.3, 10, (1.0, None), None, 0.1, ratio)
    assert len(out) == 1 and "chance level" in out[0] and named in out[0], out
    if ratio is not None and ratio < 1e-3:
        assert "10⁻⁸" in out[0] and "label" not in out[0]
        assert "梯度消失" in render(out[0], "zh")


def test_chance_level_without_a_hidden_layer_names_the_straight_border():
    """Lesson 16 step 2 (rings, no hidden layer) was told to try more epochs."""
    from types import SimpleNamespace

    from dlstudio.messages import render
    from dlstudio.training.run_checks import end_of_run_warnings

    linear = SimpleNamespace(layers=[SimpleNamespace(params={"W": 0, "b": 0}),
                                     SimpleNamespace(params={})])
    history = [{"loss": 0.69, "accuracy": 0.45}] * 3
    out = end_of_run_warnings(history, 0.69, 2, (1.0, None), linear, 0.05, 0.5)
    assert len(out) == 1 and "no hidden layer" in render(out[0], "en"), out
    assert "epochs" not in render(out[0], "en").split("will not help")[1]
    assert "隐藏层" in render(out[0], "zh")
    # the advice comes first: the status line cut the old sentence right before it (W14-7)
    assert render(out[0], "en").index("add one") < 110
    assert render(out[0], "zh").index("请加一个隐藏层") < 50


@pytest.mark.parametrize("activation, extra, suggested, not_suggested", [
    ("relu", None, "He normal", "Glorot"),
    ("sigmoid", None, "Glorot (Xavier) uniform", "He normal"),
    ("tanh", None, "Glorot (Xavier) uniform", "He normal"),
    # the textbook batch-norm block: Dense (linear) -> BatchNormalization -> Activation
    ("linear", [{"type": "BatchNormalization"}, {"type": "Activation", "activation": "relu"}],
     "He normal", "Glorot"),
])
def test_too_large_initial_weights_suggest_an_initializer_that_fits_the_activation(
        activation, extra, suggested, not_suggested):
    """W11-6: a ReLU network was told to try Glorot, the sigmoid/tanh choice."""
    from dlstudio.messages import render
    from dlstudio.training import run_checks

    spec = mlp(units=(8, 8), activation=activation, n_in=4,
               init={"class_name": "random_normal", "config": {"stddev": 30.0}})
    if extra:                       # after every hidden layer
        hidden, out = spec["layers"][:-1], spec["layers"][-1]
        spec["layers"] = [entry for h in hidden for entry in (h, *extra)] + [out]
    net = build(spec)
    x = np.ones((4, 4), np.float32)
    cause = render(run_checks.divergence_cause(net, x, run_checks.init_scale(net), 0.01))
    assert "smaller initialization" in cause
    assert suggested in cause and not_suggested not in cause
    zh = render(run_checks.divergence_cause(net, x, run_checks.init_scale(net), 0.01), "zh")
    assert ("He 正态" in zh) == (suggested == "He normal")


@pytest.mark.parametrize("acc, en, zh", [
    (0.382, "is below chance level (50.0%)", "低于随机猜测的水平"),
    (0.5, "is at chance level (50.0%)", "只是随机猜测的水平"),
    (0.4996, "is at chance level (50.0%)", "只是随机猜测的水平"),      # shows as 50.0%
    (0.515, "is barely above chance level (50.0%)", "只比随机猜测的水平"),
])
def test_accuracy_near_chance_is_said_as_it_is(acc, en, zh):
    """Walker25 W25-14 (lesson 16 step 2): "the training accuracy 38.2% is at chance level
    (50.0%)"."""
    from dlstudio.messages import render
    from dlstudio.training.run_checks import end_of_run_warnings

    history = [{"loss": 0.69, "accuracy": acc}] * 3
    out = end_of_run_warnings(history, 0.69, 2, (1.0, None), None, 0.05, 0.5)
    assert len(out) == 1
    assert en in render(out[0], "en") and f"{acc:.1%}" in render(out[0], "en")
    assert zh in render(out[0], "zh")
