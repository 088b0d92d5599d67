"""Live setting updates of a running trainer (live_settings.py)."""
from __future__ import annotations

from dlstudio.training import TrainSpec
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_updates_change_rate_and_settings_before_the_next_step(blobs):
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=16,
                                                     learning_rate=0.1))
    trainer.begin()
    trainer.advance(updates={"learning_rate": 0.02, "clipnorm": 1.0, "l2": None})
    assert abs(trainer.learning_rate - 0.02) < 1e-12
    assert trainer.settings["clipnorm"] == 1.0 and trainer.settings["l2"] == 0.0
    trainer.set_learning_rate(0.5)
    assert abs(trainer.learning_rate - 0.5) < 1e-12
