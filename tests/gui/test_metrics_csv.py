"""The metrics table: one row per step, epoch-end metrics on their step's row, empty where
nothing was measured (the round trip through a RunStore: test_run_store.py)."""
from __future__ import annotations

import csv

from dlstudio.gui.metrics_csv import write_metrics_csv
from dlstudio.gui.variant_history import VariantHistory
from dlstudio.training.telemetry import Telemetry


def _snap(step: int, loss: float) -> Telemetry:
    return Telemetry(step=step, epoch=0, batch_loss=loss, train_loss=None,
                     train_accuracy=None, learning_rate=0.01, examples_per_second=None,
                     variant="A")


def test_rows_follow_the_steps_and_leave_unmeasured_values_empty(tmp_path):
    var = VariantHistory.start(_snap(0, 2.0), (), max_points=16)
    for step, loss in ((0, 2.0), (5, 1.0)):
        var.steps.push(VariantHistory.step_values(_snap(step, loss)))
    var.epochs.push({"step": 5, "epoch": 0, "epoch_progress": 1.0, "val_loss": 0.9,
                     "val_accuracy": float("nan"), "test_loss": float("nan"),
                     "test_accuracy": float("nan")})
    path = tmp_path / "m.csv"
    assert write_metrics_csv(path, [var]) == 2
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["step"] for r in rows] == ["0", "5"] and rows[0]["variant"] == "A"
    assert float(rows[1]["batch_loss"]) == 1.0 and float(rows[1]["val_loss"]) == 0.9
    assert rows[0]["val_loss"] == "" and rows[0]["train_loss"] == ""
