"""The rows of the transfer panel's comparison table (no Qt): one per run of the student's
(``history_entry``) or per run a lesson step compared (``lesson_entries``), and the accuracy
a trained result reaches (``final_accuracy``)."""
from __future__ import annotations

from typing import Any


def history_entry(plan: Any, summary: dict) -> dict:
    """The row of a finished run of ``plan`` (a ``TransferPlan``) from its worker job's
    ``summary``: reused and frozen layers, cached or not, the validation accuracy after the
    head and after fine-tuning, the seconds spent training and caching."""
    t, acc = summary["timings"], summary["val_accuracy"]
    return {"reuse": plan.reuse, "frozen": len(plan.frozen or ()),
            "cached": plan.cache_features, "head": acc.get("head"),
            "fine_tune": acc.get("fine_tune"),
            "train_seconds": t.get("head_train", 0.0) + t.get("fine_tune_train", 0.0),
            "cache_seconds": t.get("head_cache", 0.0) + t.get("fine_tune_cache", 0.0)}


def lesson_entries(setups: list[dict], rows: list) -> list[dict]:
    """The rows of a lesson step's runs (``lessons.experiments.transfer_setups``): "Frozen"
    counts the frozen layers with weights, as for the student's own runs, when the source's
    layer ``rows`` (``describe_layers()``) are known."""
    shown = []
    for setup in setups:
        weighted = sum(1 for r in rows[:setup["frozen"]] if r.n_params > 0)
        shown.append(dict(setup, frozen=weighted if rows else setup["frozen"]))
    return shown


def final_accuracy(val_accuracy: dict) -> float | None:
    """The validation accuracy a run ended with: after fine-tuning, else after the head."""
    if val_accuracy.get("fine_tune") is not None:
        return val_accuracy.get("fine_tune")
    return val_accuracy.get("head")
