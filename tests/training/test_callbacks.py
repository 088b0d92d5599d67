"""Early stopping, reduce-on-plateau and checkpoints, in real runs."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.messages import render
from dlstudio.training import TrainSpec
from dlstudio.training.callbacks import (Callback, EarlyStopping, ModelCheckpoint,
                                         restored_epoch)
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


class _Record(Callback):
    """Keeps the weights at every epoch end; from ``spoil_from`` on, it scrambles them so
    the validation loss gets worse epoch after epoch."""

    def __init__(self, spoil_from: int | None = None):
        self.weights, self.spoil_from = [], spoil_from

    def on_epoch_end(self, trainer, epoch, logs):
        self.weights.append(trainer.network.get_weights())
        if self.spoil_from is not None and epoch >= self.spoil_from:
            rng = np.random.default_rng(epoch)
            trainer.network.set_weights([w + rng.normal(0, 2.0, w.shape).astype(w.dtype)
                                         for w in trainer.network.get_weights()])


def test_early_stopping_restores_the_best_weights(blobs):
    record = _Record(spoil_from=2)
    spec = TrainSpec(epochs=20, batch_size=16, optimizer="adam", learning_rate=0.01,
                     early_stopping={"monitor": "val_loss", "patience": 2})
    trainer = Trainer(build(mlp()), blobs, spec, callbacks=[record])
    snaps = list(trainer.run())
    last = snaps[-1]
    val = [h["val_loss"] for h in trainer.history]
    best = int(np.argmin(val))
    assert last.event == "finished" and "early stopping" in last.message
    assert len(trainer.history) < 20                       # it stopped early
    assert len(trainer.history) == best + 1 + 2            # patience 2 after the best epoch
    assert f"restored the weights of epoch {best + 1}" in last.message
    assert restored_epoch(last.message) == best + 1       # what the loss plot marks
    # in a student's words, in both languages: no code name "val_loss"
    assert "the validation loss has not improved for 2 epochs" in last.message
    assert "which had the best validation loss" in last.message
    chinese = render(last.message, "zh")
    assert "验证损失已有 2 轮没有改善" in chinese and "val_loss" not in chinese + last.message
    # the network ends with the weights it had at the end of its best epoch
    restored = trainer.network.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(restored, record.weights[best]))
    # and the test metrics are those of the restored weights
    assert last.test_loss == pytest.approx(trainer.evaluate(trainer.data.x_test,
                                                            trainer.data.y_test)[0])


def test_early_stopping_without_validation_data_watches_training_loss(blobs):
    from dataclasses import replace

    no_val = replace(blobs, x_val=blobs.x_val[:0], y_val=blobs.y_val[:0])
    spec = TrainSpec(epochs=3, early_stopping={"patience": 1})
    snaps = list(Trainer(build(mlp()), no_val, spec).run())
    ends = [s for s in snaps if s.event == "epoch_end"]
    assert "watches the training loss instead of the validation loss" in ends[0].message
    assert "监视训练损失，而不是验证损失" in render(ends[0].message, "zh")


def test_reduce_on_plateau_lowers_the_rate(blobs):
    # min_delta=10: no epoch ever counts as an improvement after the first one
    spec = TrainSpec(epochs=6, batch_size=32, optimizer="sgd", learning_rate=0.1,
                     reduce_on_plateau={"monitor": "val_loss", "factor": 0.5, "patience": 2,
                                        "min_delta": 10.0, "min_lr": 0.03})
    trainer = Trainer(build(mlp()), blobs, spec)
    snaps = list(trainer.run())
    lrs = [h["lr"] for h in trainer.history]
    # epoch 1 sets the best; epochs 2-3 and 5-6 do not improve: two reductions
    assert lrs == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.03])
    assert trainer.learning_rate == pytest.approx(0.03)    # floored at min_lr
    notes = [s.message for s in snaps if s.event == "epoch_end" and "lowered" in s.message]
    assert len(notes) == 2 and "from 0.1 to 0.05" in notes[0]


def test_model_checkpoint_writes_resumable_files(blobs, tmp_path):
    spec = TrainSpec(epochs=3, batch_size=32,
                     checkpoint={"path": str(tmp_path / "ck_{epoch}.dlsckpt")})
    trainer = Trainer(build(mlp()), blobs, spec)
    list(trainer.run())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ck_1.dlsckpt", "ck_2.dlsckpt", "ck_3.dlsckpt"]
    cb = trainer.callbacks[-1]
    assert isinstance(cb, ModelCheckpoint) and len(cb.saved) == 3


def test_early_stopping_logic_on_a_metric_sequence():
    class Fake:
        history, notes, stopped = [], [], None

        class network:
            weights = None

            @staticmethod
            def get_weights():
                return [np.zeros(1)]

        def note(self, m):
            self.notes.append(m)

        def request_stop(self, m):
            self.stopped = m

    es = EarlyStopping(monitor="val_accuracy", patience=2, min_delta=0.01)
    fake = Fake()
    for epoch, acc in enumerate([0.5, 0.7, 0.705, 0.71, 0.69]):
        es.on_epoch_end(fake, epoch, {"val_accuracy": acc})
    assert es.best_epoch == 1 and fake.stopped is not None   # 0.705, 0.71 within min_delta
    assert "not improved for 3 epochs (" in str(fake.stopped)
    one, fake = EarlyStopping(monitor="val_accuracy", patience=1), Fake()
    for epoch, acc in enumerate([0.5, 0.7, 0.6]):
        one.on_epoch_end(fake, epoch, {"val_accuracy": acc})
    assert "not improved for 1 epoch (" in str(fake.stopped)       # not "1 epochs" (walker32)


def test_a_run_that_kept_its_last_weights_restored_no_epoch(blobs):
    spec = TrainSpec(epochs=2, batch_size=16, optimizer="adam", learning_rate=0.01,
                     early_stopping={"monitor": "val_loss", "patience": 5,
                                     "restore_best_weights": False})
    last = list(Trainer(build(mlp()), blobs, spec).run())[-1]
    assert restored_epoch(last.message) is None
    assert restored_epoch("plain text") is None and restored_epoch(None) is None


def test_a_run_continued_after_early_stopping_counts_its_patience_afresh(blobs):
    """Walker12 W12-7b: continued from where early stopping ended it, the run trained ONE
    epoch and stopped again ("not improved for 3 epochs" became 4): the stop request and
    the patience count were carried over. Now it trains ``patience`` more epochs."""
    from dlstudio.training.timeline import Timeline, branch

    # the first epoch is the best (nothing later improves by 10): stops after epoch 3
    spec = TrainSpec(epochs=10, batch_size=16, optimizer="adam", learning_rate=0.01,
                     early_stopping={"monitor": "val_loss", "patience": 2,
                                     "min_delta": 10.0})
    timeline = Timeline()
    trainer = Trainer(build(mlp()), blobs, spec)
    first = list(timeline.follow(trainer))
    assert len(trainer.history) == 3 and "improved for 2 epochs" in first[-1].message
    end = timeline.moments[-1]
    assert end.trainer_state["stop_message"] is not None
    again = branch(end, mlp(), blobs, spec)
    more = list(again.run())
    assert len(again.history) == 3 + 2                     # two more epochs, not one
    assert "improved for 2 epochs (best" in more[-1].message
    assert restored_epoch(more[-1].message) == 1           # the whole run's best epoch
