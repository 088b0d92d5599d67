"""A trainer's run state (run_state.py): every layer generator is found, and a state loaded
into a fresh trainer puts it at the saved position with the saved generators."""
from __future__ import annotations

import numpy as np

from dlstudio.training import TrainSpec
from dlstudio.training.run_state import layer_generators
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_layer_generators_finds_dropouts_generator():
    net = build(mlp(units=(8,), extra={"type": "Dropout", "rate": 0.5}))
    found = layer_generators(net)
    assert list(found) and all(isinstance(g, np.random.Generator) for g in found.values())
    assert all(key.split(".")[0].isdigit() for key in found)


def test_state_dict_loads_into_a_fresh_trainer(blobs):
    spec = TrainSpec(epochs=2, batch_size=16, seed=4)
    first = Trainer(build(mlp()), blobs, spec)
    first.begin()
    for _ in range(5):
        first.advance()
    state = first.state_dict()
    second = Trainer(build(mlp()), blobs, spec)
    second.load_state_dict(state)
    assert (second.step, second.epoch) == (5, 0)
    assert second.state_dict()["rngs"] == state["rngs"]
    assert np.array_equal(second.state_dict()["perm"], state["perm"])
