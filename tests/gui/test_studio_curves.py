"""The run's curves in the studio (``gui/studio_curves.py``): saved records open again, an
old file's unnamed single run as variant A. What the curves belong to, as the status line says
it after opening a workspace: ``test_workspace_curves_note.py``."""
from __future__ import annotations


def test_a_saved_single_run_named_the_old_way_opens_as_a(small_studio):
    s = small_studio
    record = {"step": 3, "epoch": 0, "batch_loss": 0.5, "train_loss": 0.5,
              "train_accuracy": 0.8, "learning_rate": 0.01, "examples_per_second": 10.0,
              "event": "stopped", "variant": ""}
    s.restore_history([record])
    assert s.store.variants() == ["A"]
    assert s.history[0]["variant"] == "A" and s.history[0]["step"] == 3
