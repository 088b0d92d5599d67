"""One mini-batch of a trainer (training/minibatch.py): the epoch's order, the batch, the
step's running sums, and a diverging step that puts the last good weights back."""
from __future__ import annotations

import numpy as np

from dlstudio.training import TrainSpec
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_an_epoch_order_is_a_permutation_and_a_step_counts_its_batch(blobs):
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=16, seed=3))
    trainer._start_epoch()
    assert np.array_equal(np.sort(trainer._perm), np.arange(len(trainer.data.x_train)))
    xb, yb = trainer._batch()
    assert len(xb) == len(yb) == 16
    assert trainer._train_batch(probe=False) is None
    assert trainer.step == 1 and trainer._sums["seen"] == 16
    assert np.isfinite(trainer._last_batch_loss)


def test_a_diverging_step_restores_the_last_good_weights(blobs):
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=16))
    trainer._start_epoch()
    trainer._train_batch(probe=False)
    good = trainer.network.get_weights()
    trainer._last_good.keep(trainer.step, force=True)
    trainer.network.layers[0].params["W"][...] = np.nan
    failure = trainer._train_batch(probe=False)
    assert failure is not None and trainer.step == 1
    assert all(np.array_equal(a, b) for a, b in zip(trainer.network.get_weights(), good))
