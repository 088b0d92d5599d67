"""When a trainer probes its layers (probing.py): every step at first, at an epoch's last
step, and the probe counts and stamps the step it measured."""
from __future__ import annotations

from dlstudio.training import TrainSpec
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_probe_due_at_the_start_and_at_the_epochs_last_step(blobs):
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=16))
    trainer.begin()
    assert trainer.probes == 1 and trainer.probe_due()
    while trainer._batch_index < trainer.steps_per_epoch - 1:
        trainer.advance()
    assert trainer.probe_due()
    snap = trainer.advance()
    assert snap.extra["probe_step"] == trainer.step and trainer.probes > 1
