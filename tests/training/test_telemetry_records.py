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
