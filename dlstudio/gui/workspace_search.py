"""The hyperparameter search a workspace keeps: its finished trials table, shown again on open.

The search panel keeps ``Studio.search_record`` current (a :class:`SearchRecord`, None
without results); a workspace saves it as a JSON part under ``"search"`` in
``workspace.json``::

    {"data": <the data spec the trials trained on>, "space": [<Dimension.to_dict()>...],
     "rounds": <rounds run>, "trials": [<result dicts of training.search>...],
     "runs": <the panel's Runs>, "epochs": <its Epochs per run>,
     "unfinished_round": <training.search_plan.round_plan(), only after a round was cut
                          short: the reopened search finishes it>}

and an opened workspace gives it back (``Studio.restore_search``), so the table, the scatter
plots, "Zoom in" and "Apply best" work on it as before. Files without the part (older ones)
open with no results; files without ``runs``/``epochs`` leave the panel's boxes as they are.
A damaged ``unfinished_round`` is left out (the trials still open; the round cannot be
finished).

Bounded: at most ``MAX_TRIALS`` trials (the best ones, as ``sort_results`` orders them), and
each keeps only the table's plain fields (``TRIAL_FIELDS``; numbers, short strings), its
``message`` cut to ``MAX_MESSAGE`` characters: a few hundred kilobytes at most.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from dlstudio.gui import specs
from dlstudio.training.search import sort_results
from dlstudio.training.search_space import Dimension

#: the key of the JSON part
KEY = "search"
#: the key, in the part, of the plan of a round cut short
PLAN_KEY = "unfinished_round"
#: the most trials a workspace keeps (the best ones)
MAX_TRIALS = 500
#: the longest ``message`` kept per trial (characters)
MAX_MESSAGE = 300
#: a trial's numbers (float or None) and other fields kept
NUMBER_FIELDS = ("score", "val_accuracy", "val_loss", "train_loss", "train_accuracy",
                 "seconds", "first_update")
TRIAL_FIELDS = ("trial", "round", "params", "status", "epochs", "message") + NUMBER_FIELDS
STATUSES = ("ok", "diverged", "failed", "cancelled")
#: the search panel's boxes kept with the trials, with the ranges they take
BOX_RANGES = {"runs": (1, 500), "epochs": (1, 200)}


@dataclass(frozen=True)
class SearchRecord:
    """A search's finished trials: the data spec they trained on, the searched space, the
    rounds run and the trials (result dicts, each with its ``round``); and the panel's Runs
    and Epochs per run (None: not known, as in older files); and the newest round's
    ``plan`` when some of its trials did not end (``training.search_plan``; None: none)."""

    data: Any
    space: tuple = ()
    rounds: int = 0
    trials: tuple = field(default=(), repr=False)
    runs: int | None = None
    epochs: int | None = None
    plan: dict | None = field(default=None, repr=False)


def search_part(record: SearchRecord | None) -> dict | None:
    """The JSON part keeping ``record`` (None when there is nothing to keep)."""
    if record is None or not record.trials:
        return None
    trials = sort_results(record.trials)[:MAX_TRIALS]
    part = {"data": record.data.to_dict(), "space": [d.to_dict() for d in record.space],
            "rounds": int(record.rounds),
            "trials": [_plain_trial(t) for t in sorted(trials, key=lambda t: t["trial"])]}
    for key in BOX_RANGES:
        if getattr(record, key) is not None:
            part[key] = int(getattr(record, key))
    if record.plan is not None:
        part[PLAN_KEY] = record.plan
    return part


def read_search(part: Any) -> SearchRecord:
    """The record ``search_part`` wrote; ``ValueError`` (or another exception of a damaged
    spec) when it cannot be used."""
    if not isinstance(part, dict) or not isinstance(part.get("data"), dict):
        raise ValueError("the saved search has no data settings")
    space, trials = part.get("space"), part.get("trials")
    if not isinstance(space, list) or not isinstance(trials, list) or not trials:
        raise ValueError("the saved search has no space or no trials")
    rounds = part.get("rounds")
    if not isinstance(rounds, int) or isinstance(rounds, bool) or rounds < 0:
        raise ValueError("the saved search's number of rounds is damaged")
    boxes = {key: _checked_box(part, key) for key in BOX_RANGES}
    plan = part.get(PLAN_KEY)       # checked when the panel makes its round again
    return SearchRecord(data=specs.coerce_data(part["data"]),
                        space=tuple(Dimension.from_dict(d) for d in space), rounds=rounds,
                        trials=tuple(_checked_trial(t) for t in trials[:MAX_TRIALS]), **boxes,
                        plan=plan if isinstance(plan, dict) else None)


def _checked_box(part: dict, key: str) -> int | None:
    """A saved box's value (None when the file has none); ``ValueError`` when damaged."""
    value = part.get(key)
    if value is None:
        return None
    low, high = BOX_RANGES[key]
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"the saved search's {key} is damaged")
    return value


def _plain_trial(result: dict) -> dict:
    out = {k: result.get(k) for k in TRIAL_FIELDS}
    out["message"] = str(out.get("message") or "")[:MAX_MESSAGE]
    out["params"] = dict(out.get("params") or {})
    for key in NUMBER_FIELDS:       # a diverged trial's loss: no number (JSON has no NaN)
        v = out.get(key)
        if isinstance(v, float) and not math.isfinite(v):
            out[key] = None
    return out


def _checked_trial(t: Any) -> dict:
    """A saved trial as the search panel reads it; ``ValueError`` when it is damaged."""
    if not isinstance(t, dict) or not isinstance(t.get("params"), dict):
        raise ValueError("a saved trial is damaged")
    for key in ("trial", "round", "epochs"):
        if not isinstance(t.get(key), int) or isinstance(t.get(key), bool) or t[key] < 0:
            raise ValueError(f"a saved trial's {key} is damaged")
    if t.get("status") not in STATUSES:
        raise ValueError("a saved trial's status is damaged")
    for key in NUMBER_FIELDS:
        v = t.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise ValueError(f"a saved trial's {key} is damaged")
    for name, v in t["params"].items():
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            raise ValueError(f"a saved trial's {name} is damaged")
    return _plain_trial(t)
