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


def float64_trainer(data) -> Trainer:
    return Trainer(Network.from_spec(SPEC, seed=1, dtype=np.float64), data, TRAIN)


def stopped_after(data, steps: int):
    """A float64 run stopped by the student after ``steps`` steps, and its last moment."""
    trainer = float64_trainer(data)
    trainer.begin()
    for _ in range(steps):
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


def test_a_stopped_run_continued_from_a_file_ends_with_the_uninterrupted_weights(
        data, one_thread):
    whole = float64_trainer(data)
    list(whole.run())
    _, moment = stopped_after(data, 23)           # in the middle of the second epoch
    again = through_a_file(moment)
    assert again.step == 23 and again.has_optimizer_state
    rest = branch(again, SPEC, data, TRAIN)
    list(rest.run())
    assert rest.step == whole.step and rest.epoch == whole.epoch
    for a, b in zip(rest.network.get_weights(), whole.network.get_weights()):
        assert a.dtype == np.float64
        # the same sums in the same order: equal up to float64 rounding of a dense layer
        assert_float_close(a, b, n_terms=TRAIN.batch_size * 12, depth=2)
    assert [h["epoch"] for h in rest.history] == [1, 2, 3]


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
