"""The reported training loss leaves the weight penalties out, as the validation loss does
(walker14 W14-14: with L1 0.001 the plotted training loss was ten times the validation loss
and jumped after its first point); the penalty is reported apart."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.training import TrainSpec
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def _run(blobs, net=None, **spec):
    trainer = Trainer(build(net or mlp()), blobs, TrainSpec(epochs=2, batch_size=16, seed=5,
                                                            **spec))
    return trainer, list(trainer.run())


def test_the_training_loss_is_the_data_loss_and_the_penalty_is_apart(blobs):
    trainer, snaps = _run(blobs, l1=0.05)
    first, last = snaps[0], snaps[-1]
    assert first.step == 0 and first.penalty > 0
    # step 0's loss (evaluated without any penalty) and step 1's come from the same formula:
    # no jump by the size of the penalty
    step1 = next(s for s in snaps if s.step == 1)
    assert abs(step1.batch_loss - first.batch_loss) < 0.5 * first.penalty
    for snap in snaps[1:]:
        assert snap.penalty > 0
    assert abs(trainer.penalty() - last.penalty) < 0.5 * last.penalty + 1e-3
    assert trainer.history[-1]["penalty"] > 0
    assert abs(trainer.history[-1]["loss"] - trainer.history[-1]["val_loss"]) < 1.0


def test_the_penalty_matches_l1_times_the_kernels_sum(blobs):
    trainer, _ = _run(blobs, l1=0.01)
    kernels = [p.value for p in trainer.network.parameters() if p.key == "W"]
    expected = 0.01 * sum(float(np.abs(w).sum(dtype=np.float64)) for w in kernels)
    assert trainer.penalty() == pytest.approx(expected, rel=1e-4)


def test_a_run_without_penalties_reports_zero(blobs):
    _, snaps = _run(blobs)
    assert all(s.penalty == 0.0 for s in snaps)


def test_a_layers_own_regularizer_is_left_out_of_the_loss_too(blobs):
    net = mlp()
    net["layers"][0]["kernel_regularizer"] = {"l2": 0.05}
    _, snaps = _run(blobs, net=net)
    first = snaps[0]
    step1 = next(s for s in snaps if s.step == 1)
    assert first.penalty > 0 and step1.penalty > 0
    assert abs(step1.batch_loss - first.batch_loss) < 0.5 * first.penalty
