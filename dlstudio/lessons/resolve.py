"""Turn a lesson step into concrete specs: the lesson's setup, then the step's changes, then
each variant's changes, merged into the JSON forms of ``NetworkSpec``, ``DataSpec`` and
``TrainSpec``.

Each step is resolved from the lesson's setup, never from the previous step, so a student
can open any step (or come back after exploring freely) and get the same experiment. The
GUI and the headless runner both call ``resolve_step``.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from dlstudio.engine import spec_edits
from dlstudio.engine.spec import NetworkSpec
from dlstudio.lessons.model import Changes, Lesson, NetworkChange, Step, Text


@dataclass(frozen=True)
class ResolvedRun:
    """One run of a step: its variant name ("" for a single run) and its three specs as
    dicts (``network`` in ``NetworkSpec.to_dict`` form; ``data``/``train`` hold the fields
    that differ from the defaults)."""

    name: str
    label: Text | None
    network: dict | None
    data: dict
    train: dict


def merge(base: dict, change: dict) -> dict:
    """Deep-merge ``change`` into a copy of ``base``; an empty table in ``change`` replaces
    (so ``augmentation = {}`` switches augmentation off)."""
    out = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, dict) and value and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def apply_network_change(base: dict | None, change: NetworkChange) -> dict | None:
    """``base`` replaced by the change's preset/spec/mlp (if any), then edited."""
    spec = NetworkSpec.from_dict(base) if base is not None else None
    if change.preset is not None:
        from dlstudio.engine.presets import PRESETS

        spec = PRESETS[change.preset]()
    if change.spec is not None:
        spec = NetworkSpec.from_dict(copy.deepcopy(change.spec))
    if change.mlp is not None:
        spec = spec_edits.mlp(**change.mlp)
    if change.edits:
        if spec is None:
            raise ValueError("network edits need a network to edit: give a preset, spec or "
                             "mlp in the lesson's setup or in the step")
        spec = spec_edits.apply_edits(spec, change.edits)
    return spec.to_dict() if spec is not None else None


def merge_data(base: dict, change: dict) -> dict:
    """Like ``merge``, but switching to another dataset drops the old dataset's params."""
    if "dataset" in change and change["dataset"] != base.get("dataset"):
        base = {k: v for k, v in base.items() if k != "params"}
    return merge(base, change)


def merge_train(base: dict, change: dict) -> dict:
    """Like ``merge``, but switching to another optimizer drops the old one's settings."""
    if "optimizer" in change and change["optimizer"] != base.get("optimizer"):
        base = {k: v for k, v in base.items() if k != "optimizer_config"}
    return merge(base, change)


def _apply(run: ResolvedRun, changes: Changes) -> ResolvedRun:
    return ResolvedRun(run.name, run.label,
                       apply_network_change(run.network, changes.network),
                       merge_data(run.data, changes.data), merge_train(run.train, changes.train))


def resolve_step(lesson: Lesson, step: Step) -> list[ResolvedRun]:
    """The runs of ``step``: one per variant, or a single run named "" without variants.

    The run length is written into the training dict (``epochs``) when given in epochs; a
    run given in steps plans one epoch (the runner stops it after the steps).
    """
    base = _apply(ResolvedRun("", None, None, {}, {}), lesson.setup)
    base = _apply(base, step.changes)
    if step.run.epochs is not None:
        base = ResolvedRun(base.name, base.label, base.network, base.data,
                           {**base.train, "epochs": step.run.epochs})
    elif "epochs" not in base.train:
        # a run of N steps: plan one epoch (lesson step runs are shorter than an epoch), so
        # the window's progress bar does not announce the default five
        base = ResolvedRun(base.name, base.label, base.network, base.data,
                           {**base.train, "epochs": 1})
    if not step.variants:
        return [base]
    out = []
    for v in step.variants:
        run = _apply(ResolvedRun(v.name, v.label, base.network, base.data, base.train), v.changes)
        out.append(run)
    return out


def to_specs(run: ResolvedRun) -> tuple[Any, Any, Any]:
    """``(NetworkSpec, DataSpec, TrainSpec)`` objects for a resolved run."""
    from dlstudio.data.spec import DataSpec
    from dlstudio.engine.spec import NetworkSpec
    from dlstudio.training.spec import TrainSpec

    net = NetworkSpec.from_dict(run.network) if run.network is not None else None
    return net, DataSpec.from_dict(run.data), TrainSpec.from_dict(run.train)
