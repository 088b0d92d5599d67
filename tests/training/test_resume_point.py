"""A run stopped (or interrupted) and kept in a file continues as if it had never stopped."""
from __future__ import annotations

import io

import numpy as np
import pytest

from dlstudio import Network
from dlstudio.data import load
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.training.spec import TrainSpec
from dlstudio.training.timeline import (Timeline, branch, moment_from_document,
                                        moment_to_document)
from dlstudio.training.trainer import Trainer
from float_tolerance import assert_float_close

SPEC = NetworkSpec((2,), (LayerSpec("Dense", {"units": 12, "activation": "tanh"}),
                          LayerSpec("Dropout", {"rate": 0.2}),
                          LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
TRAIN = TrainSpec(optimizer="adam", learning_rate=0.01, epochs=3, batch_size=16, seed=4)


@pytest.fixture(scope="module")
def data():
    return load("blobs", seed=0, n_samples=300)


def float64_trainer(data, train: TrainSpec = TRAIN) -> Trainer:
    return Trainer(Network.from_spec(SPEC, seed=1, dtype=np.float64), data, train)


def stopped_after(data, steps: int, train: TrainSpec = TRAIN, typed: dict | None = None):
    """A float64 run stopped by the student after ``steps`` steps, and its last moment;
    ``typed`` maps a step to a learning rate the student types before it."""
    trainer = float64_trainer(data, train)
    trainer.begin()
    for step in range(steps):
        if typed and step in typed:
            trainer.update(learning_rate=typed[step])
        trainer.advance()
    last = trainer.finish()                       # no outcome yet: "stopped", as Stop does
    assert last.event == "stopped"
    return trainer, Timeline.capture(trainer, last)


def through_a_file(moment, keep_optimizer: bool = True):
    """The moment written as a workspace keeps it (JSON + an .npz) and read back."""
    import json

    doc, arrays = moment_to_document(moment, keep_optimizer)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    buf.seek(0)
    with np.load(buf) as npz:
        stored = {k: npz[k] for k in npz.files}
    return moment_from_document(json.loads(json.dumps(doc)), stored)


#: a decaying schedule (the rate halves every 10 steps) and reduce-on-plateau (6 epochs with
#: validation data, so that it lowers the rate after the stop at step 23: see the assertion)
DECAYING = TRAIN.replace(schedule={"name": "exponential_decay", "decay_steps": 10,
                                   "decay_rate": 0.5})
PLATEAU = TRAIN.replace(epochs=6, validation_split=0.2,
                        reduce_on_plateau={"factor": 0.5, "patience": 1, "min_delta": 0.05})


@pytest.mark.parametrize("train", [TRAIN, DECAYING, PLATEAU],
                         ids=["constant", "exponential_decay", "reduce_on_plateau"])
def test_a_stopped_run_continued_from_a_file_ends_with_the_uninterrupted_weights(
        data, one_thread, train):
    whole = float64_trainer(data, train)
    list(whole.run())
    _, moment = stopped_after(data, 23, train)    # in the middle of the second epoch
    again = through_a_file(moment)
    assert again.step == 23 and again.has_optimizer_state
    rest = branch(again, SPEC, data, train)
    list(rest.run())
    assert rest.step == whole.step and rest.epoch == whole.epoch
    for a, b in zip(rest.network.get_weights(), whole.network.get_weights()):
        assert a.dtype == np.float64
        # the same sums in the same order: equal up to float64 rounding of a dense layer
        assert_float_close(a, b, n_terms=train.batch_size * 12, depth=2)
    assert [h["epoch"] for h in rest.history] == list(range(1, train.epochs + 1))
    # the same rate at every epoch end: the schedule and the plateau's reductions go on
    rates = [h["lr"] for h in whole.history]
    assert [h["lr"] for h in rest.history] == pytest.approx(rates, rel=1e-12)
    if train is not TRAIN:
        assert rates[-1] < rates[1] * 0.99          # the rate did fall after the stop


def test_a_rate_typed_during_the_run_is_kept_with_its_decay(data):
    """The rate a student typed during the run travels with it, so that Continue can tell
    it from a rate typed afresh (``typed_rate``) and keep the schedule's decay since."""
    from dlstudio.training.learning_rate import typed_rate

    trainer, moment = stopped_after(data, 15, DECAYING, typed={5: 0.004})
    again = through_a_file(moment)
    assert typed_rate(again.trainer_state) == 0.004
    assert typed_rate(stopped_after(data, 3)[1].trainer_state) is None
    rest = branch(again, SPEC, data, DECAYING)
    assert rest.learning_rate == pytest.approx(trainer.learning_rate, rel=1e-12)
    assert rest.learning_rate == pytest.approx(0.004 * 0.5 ** 1.0, rel=1e-12)   # 10 steps on


def test_without_the_optimizer_state_the_run_continues_from_the_weights(data):
    trainer, moment = stopped_after(data, 10)
    light = through_a_file(moment, keep_optimizer=False)
    assert not light.has_optimizer_state
    for a, b in zip(light.weights, trainer.network.get_weights()):
        np.testing.assert_array_equal(a, b)      # the file keeps the weights exactly
    rest = branch(light, SPEC, data, TRAIN)
    assert rest.optimizer.iterations == 0         # Adam starts its averages afresh
    assert rest.step == 10
    list(rest.run())
    assert rest.epoch == TRAIN.epochs


def test_a_damaged_run_position_is_refused_with_a_reason(data):
    _, moment = stopped_after(data, 3)
    doc, arrays = moment_to_document(moment)
    with pytest.raises(ValueError, match="incomplete"):
        moment_from_document({**doc, "weights": [{"__array__": "missing"}]}, arrays)
    bad = {**arrays, "w/0": np.full_like(arrays["w/0"], np.nan)}
    with pytest.raises(ValueError, match="weights"):
        moment_from_document(doc, bad)
    with pytest.raises(ValueError, match="run state"):
        moment_from_document({**doc, "trainer": {"step": 3}}, arrays)
    with pytest.raises(ValueError):
        moment_from_document("not a position", arrays)


#: early stopping that never stops (patience) and whose best epoch stays the first (no later
#: epoch improves the loss by 10), so a stop in a later epoch puts epoch 1's weights back
BEST_FIRST = TRAIN.replace(epochs=4, early_stopping={
    "monitor": "loss", "patience": 100, "min_delta": 10.0, "restore_best_weights": True})


def test_a_run_stopped_with_its_best_weights_put_back_continues_from_where_it_was(
        data, one_thread, tmp_path):
    """Keepwork2 2: Stop put the best epoch's weights back before the moment was taken, so
    Continue trained on from epoch 1's weights with the optimizer state of step 45."""
    whole = float64_trainer(data, BEST_FIRST)
    list(whole.run())
    trainer, moment = stopped_after(data, 45, BEST_FIRST)           # in epoch 3
    # the stopped run shows its best epoch's weights; its moment keeps the weights reached
    for shown, best in zip(trainer.network.get_weights(), trainer.callbacks[0].best_weights):
        np.testing.assert_array_equal(shown, best)
    assert not all(np.array_equal(a, b) for a, b in zip(moment.weights, trainer.network
                                                         .get_weights()))
    rest = branch(through_a_file(moment), SPEC, data, BEST_FIRST)
    list(rest.run())
    assert [h["loss"] for h in rest.history] == pytest.approx(
        [h["loss"] for h in whole.history], rel=1e-9)
    for a, b in zip(rest.reached_weights(), whole.reached_weights()):
        assert_float_close(a, b, n_terms=BEST_FIRST.batch_size * 12, depth=2)
    for a, b in zip(rest.network.get_weights(), whole.network.get_weights()):
        assert_float_close(a, b, n_terms=BEST_FIRST.batch_size * 12, depth=2)   # epoch 1's
    # a checkpoint file written after the stop keeps the reached weights too
    path = tmp_path / "stopped.dlsckpt"
    trainer.save_checkpoint(path)
    again = Trainer.from_checkpoint(path, data)
    for a, b in zip(again.network.get_weights(), moment.weights):
        np.testing.assert_array_equal(a, b)
    for shown, best in zip(trainer.network.get_weights(), trainer.callbacks[0].best_weights):
        np.testing.assert_array_equal(shown, best)                    # still shown
