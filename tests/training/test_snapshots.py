"""How a trainer builds its snapshots (snapshots.py): the position and running metrics, the
notes joined into the next message, the report of a paused run's step."""
from __future__ import annotations

from dlstudio.training import TrainSpec
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_snapshot_reports_position_and_collected_notes(blobs):
    trainer = Trainer(build(mlp()), blobs, TrainSpec(epochs=1, batch_size=16))
    trainer.begin()
    for _ in range(3):
        trainer.advance()
    trainer.note("A note from a callback.")
    snap = trainer._snapshot("step", message=trainer._with_notes("Three steps done."))
    assert snap.step == 3 and snap.epoch == 0
    assert abs(snap.epoch_fraction - 3 / trainer.steps_per_epoch) < 1e-12
    assert "Three steps done." in snap.message and "A note from a callback." in snap.message
    assert trainer._with_notes("") == ""        # the notes went out once


def test_pause_report_only_for_an_unreported_step_of_a_paused_run(blobs):
    spec = TrainSpec(epochs=1, batch_size=16, telemetry={"enabled": False})
    trainer = Trainer(build(mlp()), blobs, spec)
    trainer.begin()
    assert trainer.advance() is None        # no probe, no snapshot due: step 1 unreported
    assert trainer.pause_report() is None   # not paused
    trainer.pause()
    held = trainer.pause_report()
    assert held is not None and held.step == 1
    assert trainer.pause_report() is None   # already reported
