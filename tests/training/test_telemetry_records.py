"""A snapshot's run-level fields round-trip through a JSON record (workspace histories)."""
from __future__ import annotations

import json

from dlstudio.training import TrainSpec
from dlstudio.training.telemetry import SCALAR_FIELDS, from_record, to_record
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_records_round_trip_through_json(blobs):
    snaps = list(Trainer(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=32)).run())
    for snap in (snaps[0], snaps[-1]):
        record = json.loads(json.dumps(to_record(snap)))
        assert set(record) == set(SCALAR_FIELDS)
        back = from_record(record)
        assert back.layers == () and back.variant == "A"
        for name in SCALAR_FIELDS:
            assert getattr(back, name) == getattr(snap, name) or (
                isinstance(getattr(snap, name), float)
                and abs(getattr(back, name) - getattr(snap, name)) <= 1e-12)


def test_an_unreadable_record_gives_none():
    assert from_record({"step": 1}) is None


def test_a_restored_message_still_reads_in_chinese():
    """A restored status line read "A: Finished 1 epoch：测试准确率 ..." (the message was
    saved as its English text); it is now saved as a message and restored as one."""
    from dlstudio.messages import Message, render
    from dlstudio.training.diagnosis import run_event
    from dlstudio.training.telemetry import Telemetry

    snap = Telemetry(step=30, epoch=1, batch_loss=0.3, train_loss=0.3, train_accuracy=0.9,
                     learning_rate=0.01, examples_per_second=100.0, event="finished",
                     message=Message("run.finished_epochs", epochs=1), test_accuracy=0.95)
    back = from_record(json.loads(json.dumps(to_record(snap))))
    assert back.message == snap.message and isinstance(back.message, Message)
    zh = render(run_event(back).message, "zh")
    assert "Finished" not in zh and "finished" not in zh and "95.0%" in zh


def test_a_message_this_version_does_not_know_falls_back_to_its_english():
    record = {"step": 3, "epoch": 0, "batch_loss": 0.5, "train_loss": 0.5,
              "train_accuracy": 0.8, "learning_rate": 0.01, "examples_per_second": 10.0,
              "event": "finished", "message": {"message": "no.such.id", "values": {},
                                               "en": "finished long ago"}}
    assert from_record(record).message == "finished long ago"
