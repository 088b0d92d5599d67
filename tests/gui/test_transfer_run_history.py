"""The rows of the transfer panel's comparison table."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui.transfer.run_history import final_accuracy, history_entry, lesson_entries
from dlstudio.training import transfer


def test_a_finished_run_is_one_row_of_its_plan_accuracies_and_seconds():
    plan = transfer.TransferPlan(n_classes=3, reuse=3, frozen=(0, 2), cache_features=True)
    summary = {"timings": {"head_train": 1.5, "head_cache": 0.25, "fine_tune_train": 0.5},
               "val_accuracy": {"head": 0.8}}
    assert history_entry(plan, summary) == {
        "reuse": 3, "frozen": 2, "cached": True, "head": 0.8, "fine_tune": None,
        "train_seconds": 2.0, "cache_seconds": 0.25}


def test_a_lesson_runs_frozen_layers_count_those_with_weights():
    rows = [SimpleNamespace(n_params=n) for n in (24, 0, 72, 18)]
    setups = [{"name": "B", "reuse": 4, "frozen": 3}]
    assert lesson_entries(setups, rows) == [{"name": "B", "reuse": 4, "frozen": 2}]
    assert lesson_entries(setups, []) == setups          # no source: as the step says


def test_the_final_accuracy_is_after_fine_tuning_when_there_was_some():
    assert final_accuracy({"head": 0.8, "fine_tune": 0.9}) == 0.9
    assert final_accuracy({"head": 0.8, "fine_tune": None}) == 0.8
    assert final_accuracy({}) is None
