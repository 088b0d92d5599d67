"""A search round's plan as plain JSON, so that a round cut short can be finished later.

A ``SearchRunner``'s trials follow from its network, training settings, searched space, data,
number of runs, sampling seed and trial numbers (``search.SearchRunner.finishing``). A
workspace saved after a round was cancelled keeps them (``round_plan``) beside its trials,
and reopened, ``runner_from_plan`` makes the same round again, with the same points and
seeds, to train the trials it did not end::

    {"network": <NetworkSpec.to_dict()>, "train": <TrainSpec.to_dict()>, "runs": 6,
     "epochs": 3, "workers": 2, "seed": 0, "vary_seed": false, "first_trial": 12}

The data and the space are the search's own (saved with its trials already).
"""
from __future__ import annotations

from typing import Any, Sequence

from dlstudio.training.search import SearchRunner
from dlstudio.training.search_space import Dimension

__all__ = ["round_plan", "runner_from_plan"]

#: the plan's whole numbers, with the least each may be
COUNTS = {"runs": 1, "epochs": 1, "workers": 0, "seed": 0, "first_trial": 0}


def round_plan(runner: SearchRunner) -> dict:
    """The plan of ``runner``'s round (see the module docstring)."""
    return {"network": runner.network_spec.to_dict(), "train": runner.train_spec.to_dict(),
            "runs": runner.n_runs, "epochs": runner.epochs, "workers": runner.workers,
            "seed": runner.seed, "vary_seed": runner.vary_seed,
            "first_trial": runner.first_trial}


def runner_from_plan(plan: Any, data_spec: Any, space: Sequence[Dimension]) -> SearchRunner:
    """The runner of the round ``plan`` (``round_plan``'s) on ``data_spec`` and ``space``;
    ``ValueError`` (or another exception of a damaged spec) when it cannot be used."""
    from dlstudio.engine.spec import NetworkSpec
    from dlstudio.training.spec import TrainSpec

    if not isinstance(plan, dict):
        raise ValueError("the saved round's plan is damaged")
    for key, least in COUNTS.items():
        value = plan.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise ValueError(f"the saved round's {key} is damaged")
    if not isinstance(plan.get("vary_seed"), bool):
        raise ValueError("the saved round's vary_seed is damaged")
    return SearchRunner(NetworkSpec.from_dict(plan.get("network")),
                        data_spec, TrainSpec.from_dict(plan.get("train")), list(space),
                        n_runs=plan["runs"], epochs=plan["epochs"], workers=plan["workers"],
                        seed=plan["seed"], vary_seed=plan["vary_seed"],
                        first_trial=plan["first_trial"])
