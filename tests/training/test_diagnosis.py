"""Telemetry turned into sentences for the status line and lessons."""
from __future__ import annotations

import math

import numpy as np
import pytest

from dlstudio.training import diagnosis
from dlstudio.training import plateau as plateau_mod
from dlstudio.training.telemetry import LayerTelemetry, Telemetry


def _snap(step=10, event="step", layers=(), **kw):
    base = dict(step=step, epoch=0, batch_loss=kw.pop("batch_loss", 0.5), train_loss=0.5,
                train_accuracy=0.8, learning_rate=0.01, examples_per_second=100.0)
    base.update(kw)
    return Telemetry(layers=tuple(layers), event=event, **base)


def _layer(i, grad=None, **kw):
    return LayerTelemetry(index=i, name=f"dense_{i}" if i else "dense", kind="Dense",
                          activation=kw.pop("activation", "sigmoid"), grad_norm=grad, **kw)


def test_vanishing_and_exploding_gradients():
    f = diagnosis.gradient_flow(_snap(layers=[_layer(0, 1e-7), _layer(1, 1e-4),
                                              _layer(6, 1e-2), _layer(7, 1.0)]))
    assert f.kind == "vanishing"
    # layers named as in the layer stack: number (from 1) and name; compared with the last
    # hidden layer (as the pre-flight check), not the output layer
    assert f.message == ("the gradients of layer 1 (dense) are 10⁻⁵ of those of "
                         "layer 7 (dense_6): vanishing")
    f = diagnosis.gradient_flow(_snap(layers=[_layer(0, 5e3), _layer(3, 1.0)]))
    assert f.kind == "exploding" and "layer 1" in f.message
    assert diagnosis.gradient_flow(_snap(layers=[_layer(0, 0.1), _layer(3, 0.3)])) is None
    assert diagnosis.gradient_ratio([_layer(0, 1e-3), _layer(1, 1.0)]) == pytest.approx(1e-3)


def test_run_sentence_and_preflight_compare_with_the_same_layer():
    """W11-2: the pre-flight check compared layer 2 with layer 9 (the last hidden layer) and
    the run's end with layer 10 (the output layer) for the same 10⁻⁹; both now take the same
    reference layer and the same quantity, the signal dL/dz per value."""
    from dlstudio.engine.network import Network
    from dlstudio.training.preflight import preflight

    layers = [_layer(0, None), _layer(1, 1e-9, signal_rms=1e-12)]
    layers += [_layer(i, 1e-3, signal_rms=10.0 ** -(9 - i)) for i in range(2, 9)]
    layers += [_layer(9, 1e-3, signal_rms=1e-2)]      # output layer
    f = diagnosis.gradient_flow(_snap(layers=layers))
    assert f.kind == "vanishing"
    assert "layer 2 (dense_1)" in f.message and "layer 9 (dense_8)" in f.message
    assert "10⁻¹¹" in f.message                    # 1e-12 / 1e-1, not 1e-12 / 1e-2
    assert diagnosis.reference_layer([1, 2, 8, 9], 10) == 8
    assert diagnosis.reference_layer([0], 1) == 0

    net = Network.from_spec({
        "format": "dlstudio.network", "version": 1, "input_shape": [4],
        "layers": [{"type": "Dense", "units": 6, "activation": "sigmoid"}] * 3
        + [{"type": "Dense", "units": 2, "activation": "softmax"}]}, seed=0)
    rng = np.random.default_rng(0)
    report = preflight(net, rng.normal(size=(16, 4)).astype(np.float32),
                       rng.integers(0, 2, 16))
    weighted = [c.index for c in report.layers if c.signal_rms is not None]
    assert report.reference_layer == diagnosis.reference_layer(weighted, len(report.layers))
    assert report.reference_layer == 2


def test_saturation_and_dead_units():
    snap = _snap(layers=[_layer(0, saturated_fraction=0.9), _layer(1, saturated_fraction=0.1),
                         _layer(2, activation="relu", dead_fraction=0.75)])
    sat = diagnosis.saturation_notes(snap)
    dead = diagnosis.dead_unit_notes(snap)
    assert [f.layer for f in sat] == [0] and "90% of its sigmoid outputs" in sat[0].message
    assert [f.layer for f in dead] == [2] and "75% of its units are dead" in dead[0].message


def test_overfitting_needs_three_rising_validation_epochs_with_falling_training_loss():
    def ends(val, train):
        return [_snap(step=i, event="epoch_end", val_loss=v, train_loss=t)
                for i, (v, t) in enumerate(zip(val, train))]

    assert diagnosis.overfitting(ends([1.0, 0.8, 0.9, 1.0, 1.1], [1.0, 0.8, 0.6, 0.5, 0.4]))
    assert diagnosis.overfitting(ends([1.0, 0.8, 0.9, 1.0, 0.95],
                                      [1.0, 0.8, 0.6, 0.5, 0.4])) is None
    assert diagnosis.overfitting(ends([1.0, 0.8, 0.9, 1.0, 1.1],
                                      [1.0, 0.8, 0.9, 1.0, 1.1])) is None
    # walker10 W10-5: lesson 08/3's flat validation loss (rises in the fourth digit once the
    # plateau schedule had shrunk the rate) was called overfitting
    assert diagnosis.overfitting(ends([0.8642, 0.8633, 0.8632, 0.86337, 0.86339, 0.86350],
                                      [0.6, 0.5, 0.45, 0.44, 0.43, 0.42])) is None


def test_status_line_puts_errors_first():
    diverged = _snap(step=340, event="diverged", batch_loss=math.nan,
                     message="loss is NaN: the run diverged at step 340: lower ...",
                     layers=[_layer(0, 1e-9), _layer(5, 1.0)])
    assert diagnosis.status_line(diverged).startswith("loss is NaN")
    assert diagnosis.status_line(_snap(layers=[_layer(0, 1e-9), _layer(5, 1.0)])).endswith(
        "vanishing")
    assert diagnosis.status_line(_snap(layers=[_layer(0, 0.5), _layer(5, 1.0)])) == ""
    nan_step = _snap(batch_loss=math.nan)
    assert diagnosis.status_line(nan_step) == "loss is NaN: the run diverged at step 10"


def test_findings_on_a_real_vanishing_run(blobs):
    from dlstudio.training import TrainSpec
    from dlstudio.training.trainer import Trainer
    from training_helpers import build, mlp

    small = {"class_name": "random_normal", "config": {"stddev": 0.05}}
    trainer = Trainer(build(mlp(units=(32,) * 9, activation="sigmoid", init=small)), blobs,
                      TrainSpec(epochs=1, optimizer="sgd", learning_rate=0.01))
    last = list(trainer.run())[-1]
    kinds = {f.kind for f in diagnosis.diagnose(last)}
    assert "vanishing" in kinds and "finished" in kinds


def test_diagnose_accepts_a_history_holding_the_snapshot(blobs):
    from dlstudio.training import TrainSpec
    from dlstudio.training.trainer import Trainer
    from training_helpers import build, mlp

    snaps = list(Trainer(build(mlp()), blobs, TrainSpec(epochs=2)).run())
    assert isinstance(diagnosis.diagnose(snaps[-1], snaps), list)
    assert isinstance(diagnosis.status_line(snaps[-2], snaps[:-2]), str)


def test_zero_gradients_name_the_layers_and_the_cause():
    from dlstudio.messages import render

    layers = [_layer(i, 0.0, activation="relu", dead_fraction=0.2 if i < 3 else 1.0,
                     weight_norm=1.0) for i in range(4)] + [_layer(4, 0.3, weight_norm=1.0)]
    f = diagnosis.zero_gradients(_snap(layers=layers))
    assert f.kind == "zero_gradients" and f.layer == 0
    assert f.message.startswith("layers 1-4: gradient exactly 0. Every unit of layer 4 "
                                "(dense_3) is dead")
    assert "第 1-4 层" in render(f.message, "zh")
    # the activation named as the menus name it, not by its key (W11-15)
    assert "its ReLU outputs 0" in f.message and "其 ReLU 对每个" in render(f.message, "zh")
    # it is the status line's sentence, ahead of the (meaningless) ratio of 0
    assert diagnosis.status_line(_snap(layers=layers)) == f.message
    sat = [_layer(0, 0.0, weight_norm=1.0), _layer(1, 0.0, saturated_fraction=1.0),
           _layer(2, 0.5)]
    assert "sigmoid units of layer 2 (dense_1) are all saturated" in \
        diagnosis.zero_gradients(_snap(layers=sat)).message
    zw = [_layer(0, 0.0, weight_norm=0.0), _layer(1, 0.4, weight_norm=0.0), _layer(2, 0.5)]
    assert diagnosis.zero_gradients(_snap(layers=zw)).message.startswith(
        "layer 1 (dense): gradient exactly 0. The weights of layer 2 (dense_1) are all 0")
    assert diagnosis.zero_gradients(_snap(layers=[_layer(0, 0.1), _layer(1, 0.2)])) is None


def _loss_curve_run(activation):
    """blobs, two hidden layers of ``activation``, plain SGD: (last snapshot, epoch ends,
    loss curve). Periodic snapshots never fall due (a clock that stands still), so the curve
    is the probe schedule's steps: the same on every machine."""
    from dlstudio.data import load
    from dlstudio.training import TrainSpec
    from dlstudio.training.clock import SnapshotClock
    from dlstudio.training.trainer import Trainer
    from training_helpers import build, mlp

    trainer = Trainer(build(mlp(units=(16, 16), activation=activation)),
                      load("blobs", seed=0, n_samples=600),
                      TrainSpec(epochs=20, optimizer="sgd", learning_rate=0.05, batch_size=32),
                      clock=SnapshotClock(20.0, clock=lambda: 0.0))
    snaps = list(trainer.run())
    steps = [s.step for s in snaps if s.event == "step"]
    return snaps[-1], [s for s in snaps if s.event == "epoch_end"], \
        (steps, [s.batch_loss for s in snaps if s.event == "step"])


def test_sigmoid_hidden_layers_on_a_long_first_plateau_are_explained():
    """W8-10: a sigmoid network whose loss sat on its first value for hundreds of steps got
    no word. On this run the loss sits at about 1.1 for some 150 steps with sigmoid and falls
    at once with tanh; the finding names the layers and lesson 05, in English and Chinese."""
    from dlstudio.messages import render

    last, ends, curve = _loss_curve_run("sigmoid")
    plateau = plateau_mod.early_plateau(*curve)
    assert plateau.start <= plateau_mod.PLATEAU_START and plateau.steps >= 120
    assert plateau.level == pytest.approx(1.1, rel=0.05)     # about ln 3: 3 classes, unlearnt
    found = {f.kind: f for f in diagnosis.diagnose(last, ends, curve)}
    slow = found["slow_sigmoid_start"]
    assert slow.severity == "warning" and slow.layer == 0
    english = render(slow.message, "en")
    assert english.startswith(f"the training loss sat at about {plateau.level:.3g} from "
                              f"step {plateau.start} to step {plateau.end}")
    assert "(layers 1-2)" in english and "slope is at most 0.25" in english \
        and "lesson 6 compares them" in english
    chinese = render(slow.message, "zh_CN")
    assert "第 6 课" in chinese and "0.25" in chinese and "not centred" not in chinese
    # without the loss curve (the status line during a run) the rule says nothing
    assert "slow_sigmoid_start" not in {f.kind for f in diagnosis.diagnose(last, ends)}
    last, ends, curve = _loss_curve_run("tanh")
    assert plateau_mod.early_plateau(*curve).steps < 20
    assert "slow_sigmoid_start" not in {f.kind for f in diagnosis.diagnose(last, ends, curve)}


def test_the_plateau_rule_reads_only_hidden_sigmoid_layers_and_a_curve_from_step_0():
    def layer(i, activation):
        return _layer(i, 0.1, activation=activation, weight_norm=1.0)

    flat = (list(range(0, 400, 10)), [1.1] * 40)
    relu_net = _snap(step=400, event="finished", layers=[layer(0, "relu"), layer(1, "sigmoid")])
    assert diagnosis.slow_sigmoid_start(diagnosis.RunHistory(relu_net, (), *flat)) is None
    sigmoid_net = _snap(step=400, event="finished",
                        layers=[layer(0, "sigmoid"), layer(1, "softmax")])
    assert diagnosis.slow_sigmoid_start(diagnosis.RunHistory(sigmoid_net, (), *flat))
    later = (list(range(500, 900, 10)), [1.1] * 40)           # a curve not from the start
    assert diagnosis.slow_sigmoid_start(diagnosis.RunHistory(sigmoid_net, (), *later)) is None
    # a quick fall to a flat, low loss is a trained network, not a plateau
    trained = (list(range(0, 400, 10)), [1.1, 1.0, 0.9, 0.5, 0.2] + [0.05] * 35)
    assert plateau_mod.early_plateau(*trained).steps < plateau_mod.PLATEAU_STEPS
    assert diagnosis.slow_sigmoid_start(diagnosis.RunHistory(sigmoid_net, (), *trained)) is None
    # a short rise and fall onto a level that then holds (W8-10's moons run): from there
    bump = (list(range(0, 400, 2)), [0.76, 0.9, 0.85, 0.8, 0.75, 0.72] + [0.69] * 194)
    plateau = plateau_mod.early_plateau(*bump)
    assert plateau.level == pytest.approx(0.69) and plateau.start <= 20 and plateau.end == 398
    assert "slow_sigmoid_start" in diagnosis.RUN_RULES


def test_zero_gradients_of_a_network_that_fits_its_data_blame_the_data():
    """Walker27: trained on a CSV of one example the loss fell to 0, and the banner blamed
    saturated tanh units and the learning rate, not that nothing was left to learn."""
    from dlstudio.messages import render

    sat = [_layer(0, 0.0, weight_norm=1.0), _layer(1, 0.0, saturated_fraction=1.0,
                                                  activation="tanh"), _layer(2, 0.0)]
    f = diagnosis.zero_gradients(_snap(layers=sat, batch_loss=0.0))
    assert "training loss is 0" in f.message and "check the data" in f.message
    assert "saturated" not in f.message and "learning rate" not in f.message
    assert "检查数据" in render(f.message, "zh")
    # a loss still to learn from: the units are the cause
    assert "saturated" in diagnosis.zero_gradients(_snap(layers=sat, batch_loss=0.4)).message
