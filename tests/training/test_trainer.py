"""The trainer generator: what it yields, that it learns, reproducibility, live changes,
divergence and data checks."""
from __future__ import annotations

import math

import numpy as np
import pytest

from dlstudio.training import TrainSpec
from dlstudio.training.trainer import Trainer, TrainingSetupError

from training_helpers import build, mlp, weights_equal


def _run(net, data, spec, **kw):
    trainer = Trainer(net, data, spec, **kw)
    return trainer, list(trainer.run())


def test_snapshot_sequence_and_learning(blobs):
    spec = TrainSpec(epochs=4, batch_size=16, optimizer="adam", learning_rate=0.02)
    trainer, snaps = _run(build(mlp()), blobs, spec)
    assert snaps[0].step == 0 and snaps[0].event == "step" and snaps[0].layers
    assert snaps[0].layers[0].grad_norm is None          # no backward pass yet
    ends = [s for s in snaps if s.event == "epoch_end"]
    assert [s.epoch for s in ends] == [0, 1, 2, 3]
    assert all(s.val_loss is not None and s.val_accuracy is not None for s in ends)
    assert all(s.val_loss is None for s in snaps if s.event == "step")
    last = snaps[-1]
    assert last.event == "finished" and last.test_accuracy is not None
    assert last.step == trainer.total_steps == 4 * math.ceil(len(blobs.x_train) / 16)
    assert ends[-1].train_loss < ends[0].train_loss
    assert last.test_accuracy > 0.9                       # blobs are easy
    steps = [s.step for s in snaps]
    assert steps == sorted(steps)
    assert all(s.total_steps == trainer.total_steps for s in snaps)
    assert len(trainer.history) == 4 and trainer.history[0]["epoch"] == 1


def test_same_seed_gives_bit_identical_runs_whatever_the_snapshot_rate(blobs):
    base = TrainSpec(epochs=2, batch_size=8, optimizer="adam", learning_rate=0.01, seed=3)
    net_a, net_b = build(mlp(extra={"type": "Dropout", "rate": 0.3}), seed=5), \
        build(mlp(extra={"type": "Dropout", "rate": 0.3}), seed=5)
    ta, sa = _run(net_a, blobs, base)
    fast = base.replace(telemetry={"snapshots_per_second": 1000.0})
    tb, sb = _run(net_b, blobs, fast)
    assert weights_equal(net_a, net_b)
    assert [h["loss"] for h in ta.history] == [h["loss"] for h in tb.history]
    assert [h["val_loss"] for h in ta.history] == [h["val_loss"] for h in tb.history]
    assert sa[-1].test_loss == sb[-1].test_loss
    # a different seed shuffles differently
    net_c = build(mlp(extra={"type": "Dropout", "rate": 0.3}), seed=5)
    _run(net_c, blobs, base.replace(seed=4))
    assert not weights_equal(net_a, net_c)


def test_live_update_changes_learning_rate_and_clipping(blobs):
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=2, batch_size=16,
                                                     learning_rate=0.01, optimizer="sgd"))
    gen = trainer.run()
    first = next(gen)
    assert first.learning_rate == pytest.approx(0.01)
    trainer.update(learning_rate=0.003, clipnorm=0.5, l2=1e-3, dropout_rate=0.2)
    rates = [s.learning_rate for s in gen]
    assert rates[-1] == pytest.approx(0.003)
    assert trainer.settings["clipnorm"] == 0.5 and trainer.settings["l2"] == 1e-3
    with pytest.raises(ValueError, match="learning_rate"):
        trainer.update(learning_rate=-1)
    with pytest.raises(ValueError, match="cannot be changed"):
        trainer.update(batch_size=3)


def test_divergence_stops_with_diagnosis_and_keeps_last_good_weights(blobs):
    net = build(mlp(units=(32, 32), activation="relu"))
    spec = TrainSpec(epochs=5, batch_size=16, optimizer="sgd", learning_rate=1e4)
    kept = []   # the weights before every optimizer step: what 'last good' must be
    trainer = Trainer(net, blobs, spec)
    original = trainer.optimizer.apply

    def apply(params, lr):
        kept.append(net.get_weights())
        original(params, lr)

    trainer.optimizer.apply = apply
    snaps = list(trainer.run())
    last = snaps[-1]
    assert last.event == "diverged"
    assert f"at step {last.step + 1}" in last.message
    assert "lower the learning rate" in last.message and "clipping" in last.message
    weights = net.get_weights()
    assert all(np.all(np.isfinite(w)) for w in weights)
    # the restored weights are those before the last step that was applied
    assert all(np.array_equal(a, b) for a, b in zip(weights, kept[-1]))
    assert len(kept) == last.step
    # and the snapshot says which they are: after one step fewer than the run made (W11-6)
    assert last.extra["last_good_step"] == last.step - 1


def test_gradient_explosion_names_the_layer(blobs):
    import re

    net = build(mlp(units=(16, 16, 16), activation="linear",
                    init={"class_name": "random_normal", "config": {"stddev": 30.0}}))
    before = net.get_weights()
    trainer, snaps = _run(net, blobs, TrainSpec(epochs=1, batch_size=16, optimizer="sgd",
                                                learning_rate=1e-3))
    last = snaps[-1]
    assert last.event == "diverged" and last.step == 0
    # the real cause (issue 12.6): the initial weights, not the learning rate
    # (walker8 W8-12: the plots end at the step before the one the run stopped in)
    assert re.match(r"gradients in layer \d \(dense(_\d)?\) exceeded 10⁶ at step 1 \(the last "
                    r"step it finished was step 0\)\. Cause: "
                    r"the initial weights of layer \d \(dense(_\d)?\) are about \d+ times "
                    r"larger than the He scale", last.message), last.message
    assert all(np.array_equal(a, b) for a, b in zip(before, net.get_weights()))


def test_validation_split_is_carved_from_training_data(blobs):
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=1, validation_split=0.25))
    n = len(blobs.x_train)
    assert len(trainer.data.x_val) == pytest.approx(0.25 * n, abs=3)
    assert len(trainer.data.x_train) + len(trainer.data.x_val) == n


def test_data_that_does_not_fit_is_a_clear_error(blobs):
    with pytest.raises(TrainingSetupError, match=r"input shape .* to \[2\]"):
        Trainer(build(mlp(n_in=5)), blobs, TrainSpec())
    with pytest.raises(TrainingSetupError, match="3 classes but the output layer has 2") as err:
        Trainer(build(mlp(n_out=2)), blobs, TrainSpec())
    from dlstudio.messages import render_error
    assert "有 3 个类别，但输出层只有 2 个单元" in render_error(err.value, "zh")
    with pytest.raises(TrainingSetupError, match="batch_size"):
        Trainer(build(mlp()), blobs, TrainSpec(batch_size=0))
    with pytest.raises(TrainingSetupError, match="class labels, but the loss 'mean_squared"):
        Trainer(build(mlp()), blobs, TrainSpec(loss="mse"))


def test_a_batch_too_large_for_the_memory_limit_is_refused_before_training(blobs,
                                                                           monkeypatch):
    monkeypatch.setenv("DLSTUDIO_MEMORY_LIMIT_GB", "0.01")         # 10 MB
    net = build(mlp(units=(256, 256)))                           # fits at a batch of 32
    Trainer(net, blobs, TrainSpec(batch_size=32))
    with pytest.raises(TrainingSetupError, match="batch of 100000.*DLSTUDIO_MEMORY_LIMIT_GB"):
        Trainer(net, blobs, TrainSpec(batch_size=100_000))


def test_regression_data_needs_a_regression_loss():
    from dlstudio.data import load

    data = load("regression", seed=0, n_samples=200)
    net = build({"format": "dlstudio.network", "version": 1, "input_shape": [1],
                 "layers": [{"type": "Dense", "units": 16, "activation": "tanh"},
                            {"type": "Dense", "units": 1}]})
    with pytest.raises(TrainingSetupError, match="use the loss 'mse'"):
        Trainer(net, data, TrainSpec())
    snaps = list(Trainer(net, data, TrainSpec(loss="mse", epochs=3, optimizer="adam",
                                              learning_rate=0.01)).run())
    assert snaps[-1].event == "finished" and snaps[-1].test_accuracy is None
    assert snaps[-1].train_accuracy is None and snaps[-1].test_loss < snaps[0].train_loss


def test_telemetry_disabled_gives_scalars_only(blobs):
    from dlstudio.training.clock import SnapshotClock

    now = [0.0]

    def clock() -> float:          # a simulated machine: 1 ms per clock reading
        now[0] += 1e-3
        return now[0]

    spec = TrainSpec(epochs=1, batch_size=2, telemetry={"enabled": False})
    trainer = Trainer(build(mlp()), blobs, spec, clock=SnapshotClock(20.0, clock=clock))
    snaps = list(trainer.run())
    assert all(s.layers == () for s in snaps)
    assert snaps[-1].event == "finished"
    # still about snapshots_per_second snapshots (20 per simulated second), not one per step
    assert len(snaps) <= 4 + 20 * now[0] < trainer.total_steps


def test_a_trainer_runs_once(blobs):
    trainer, _ = _run(build(mlp()), blobs, TrainSpec(epochs=1))
    with pytest.raises(RuntimeError, match="already run"):
        next(trainer.run())


def test_schedule_decays_from_the_spec_rate_and_live_changes_rescale_it(blobs):
    spec = TrainSpec(epochs=3, batch_size=16, optimizer="sgd", learning_rate=0.1,
                     schedule={"name": "exponential_decay", "decay_steps": 16,
                               "decay_rate": 0.5})
    trainer = Trainer(build(mlp()), blobs, spec)
    list(trainer.run())
    spe = trainer.steps_per_epoch
    # the rate logged at an epoch end is the one the next step would use
    for h in trainer.history:
        assert h["lr"] == pytest.approx(0.1 * 0.5 ** (h["step"] / 16))
    trainer2 = Trainer(build(mlp()), blobs, spec)
    gen = trainer2.run()
    next(gen)
    trainer2.update(learning_rate=0.01)   # now 0.01, still halving every 16 steps
    list(gen)
    h = trainer2.history[-1]
    assert h["lr"] == pytest.approx(0.01 * 0.5 ** (h["step"] / 16))
    assert spe * 3 == h["step"]


def test_piecewise_schedule_keeps_its_own_values(blobs):
    spec = TrainSpec(epochs=2, batch_size=16, optimizer="sgd", learning_rate=0.5,
                     schedule={"name": "piecewise_constant", "boundaries": [10],
                               "values": [0.05, 0.01]})
    trainer = Trainer(build(mlp()), blobs, spec)
    list(trainer.run())
    assert [h["lr"] for h in trainer.history] == pytest.approx([0.01, 0.01])
    assert trainer._lr.at(0) == pytest.approx(0.05)


def test_augmenter_sees_training_batches_only(blobs):
    from dataclasses import replace

    calls = []

    def spy(x, rng):
        calls.append(x.copy())
        return x + rng.normal(0, 0.01, x.shape).astype(x.dtype)

    data = replace(blobs, augmenter=spy)
    trainer = Trainer(build(mlp()), data, TrainSpec(epochs=2, batch_size=32))
    list(trainer.run())
    assert len(calls) == trainer.total_steps
    train_rows = {tuple(r) for r in blobs.x_train}
    assert all(tuple(r) in train_rows for batch in calls for r in batch)
    calls.clear()
    list(Trainer(build(mlp()), data, TrainSpec(epochs=1, augment=False)).run())
    assert calls == []


def test_max_steps_ends_the_run_as_finished_at_that_step(blobs):
    spec = TrainSpec(epochs=3, batch_size=16)
    trainer, snaps = _run(build(mlp()), blobs, spec, max_steps=7)
    last = snaps[-1]
    assert last.event == "finished" and last.step == 7
    assert last.total_steps == 7 and last.message.startswith("finished 7 steps")
    assert last.extra["probe_step"] == 7          # the last step is probed
    assert "user" not in last.message
    assert all(s.total_steps == 7 for s in snaps)


def test_the_finish_message_counts_one_epoch_in_the_singular(blobs):
    _, snaps = _run(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=16))
    assert snaps[-1].message.startswith("finished 1 epoch") and "epochs" not in snaps[-1].message


def test_throughput_leaves_evaluation_time_out(blobs, monkeypatch):
    """A slow validation/test evaluation must not drag examples/s down (it showed
    "41 examples/s" after an MNIST run): evaluation here takes 1,000 s on a fake clock."""
    import time as real_time

    from dlstudio.training import epoch_end as epoch_end_module
    from dlstudio.training import trainer as trainer_module

    offset = [0.0]

    class FakeTime:
        @staticmethod
        def perf_counter():
            return real_time.perf_counter() + offset[0]

    # the run's end (trainer) and an epoch's end (epoch_end) both evaluate
    monkeypatch.setattr(trainer_module, "time", FakeTime)
    monkeypatch.setattr(epoch_end_module, "time", FakeTime)
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=2, batch_size=16))
    evaluate = trainer.evaluate

    def slow_evaluate(x, y):
        offset[0] += 1000.0
        return evaluate(x, y)

    monkeypatch.setattr(trainer, "evaluate", slow_evaluate)
    snaps = list(trainer.run())
    ends = [s for s in snaps if s.event in ("epoch_end", "finished")]
    assert len(ends) == 3
    # 240 examples an epoch: with 1,000 s counted, the rate would be below 1 example/s
    assert all(s.examples_per_second > 1.0 for s in ends)


def test_the_first_steps_one_off_costs_stay_out_of_the_throughput(blobs, monkeypatch):
    import time as real_time

    from dlstudio.training import trainer as trainer_module

    offset = [0.0]

    class FakeTime:
        @staticmethod
        def perf_counter():
            return real_time.perf_counter() + offset[0]

    monkeypatch.setattr(trainer_module, "time", FakeTime)
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=16))
    train_batch = trainer._train_batch
    calls = []

    def first_is_slow(probe):
        if not calls:
            offset[0] += 1000.0          # a 1,000 s first step (compiling, allocating)
        calls.append(probe)
        return train_batch(probe)

    monkeypatch.setattr(trainer, "_train_batch", first_is_slow)
    snaps = list(trainer.run())
    measured = [s.examples_per_second for s in snaps if s.step > 1]
    assert measured and all(eps > 1.0 for eps in measured)
