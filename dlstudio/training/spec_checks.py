"""Checks behind ``TrainSpec.validate()``: every problem as a sentence with its fix."""
from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, is_dataclass
from typing import Any

from dlstudio.engine.numbers import shown
from dlstudio.messages import Message

#: metrics a callback may watch
MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")


@dataclass(frozen=True)
class SpecProblem:
    """One problem in a training spec: the ``field`` it belongs to and what to do about it
    (a ``dlstudio.messages.Message``)."""

    field: str
    message: str

    def describe(self) -> str:
        """ "learning_rate: must be greater than 0, ..." as a ``Message``."""
        return Message("train.at_field", field=self.field, text=self.message)

    def __str__(self) -> str:
        return str.__str__(self.describe())


def is_finite_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _registry(module: str, name: str):
    """The engine registry ``module.name``, or None while that family is not available."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _check_name(problems: list, fld: str, value: Any, module: str, reg_name: str,
                what: str) -> None:
    if not isinstance(value, str) or not value:
        problems.append(SpecProblem(fld, Message("train.give_name", value=repr(value),
                                                 what=Message(f"train.what.{what}"))))
        return
    registry = _registry(module, reg_name)
    if registry is None:
        return
    try:
        registry.resolve(value)
    except KeyError as exc:
        problems.append(SpecProblem(fld, str(exc.args[0]) if exc.args else str(exc)))


def _number(problems: list, fld: str, value: Any, *, low: float | None = None,
            low_open: bool = False, high: float | None = None, high_open: bool = False,
            integer: bool = False, optional: bool = False, hint: str = "") -> None:
    """Check a number setting; ``hint`` is a message id ("train.hint.l2") or ""."""
    if value is None and optional:
        return
    tip = Message(hint) if hint else ""
    if not is_finite_number(value) or (integer and int(value) != value):
        kind = "train.must_be_whole" if integer else "train.must_be_number"
        problems.append(SpecProblem(fld, Message(kind, value=repr(value), hint=tip)))
        return
    if low is not None and (value <= low if low_open else value < low):
        rel = "train.must_be_greater" if low_open else "train.must_be_at_least"
        problems.append(SpecProblem(fld, Message(rel, limit=low, value=repr(value), hint=tip)))
    if high is not None and (value >= high if high_open else value > high):
        rel = "train.must_be_less" if high_open else "train.must_be_at_most"
        problems.append(SpecProblem(fld, Message(rel, limit=high, value=repr(value), hint=tip)))


def _monitor(problems: list, fld: str, value: Any) -> None:
    if value not in MONITORS:
        options = ", ".join(repr(m) for m in MONITORS)
        problems.append(SpecProblem(fld, Message("train.monitor_choice", options=options,
                                                 value=repr(value))))


def validate_train_spec(spec: Any) -> list[SpecProblem]:
    p: list[SpecProblem] = []
    _check_name(p, "loss", spec.loss, "dlstudio.engine.losses", "LOSSES", "loss")
    _check_name(p, "optimizer", spec.optimizer, "dlstudio.engine.optimizers", "OPTIMIZERS",
                "optimizer")
    if not isinstance(spec.optimizer_config, dict):
        p.append(SpecProblem("optimizer_config", Message("train.optimizer_config")))
    _number(p, "learning_rate", spec.learning_rate, low=0.0, low_open=True,
            hint="train.hint.learning_rate")
    if spec.schedule is not None:
        if not isinstance(spec.schedule, dict):
            p.append(SpecProblem("schedule", Message("train.schedule_dict")))
        else:
            name = spec.schedule.get("name", spec.schedule.get("class_name"))
            _check_name(p, "schedule", name, "dlstudio.engine.schedules", "SCHEDULES",
                        "schedule")
    _number(p, "batch_size", spec.batch_size, low=1, integer=True)
    _number(p, "epochs", spec.epochs, low=1, integer=True)
    if not isinstance(spec.shuffle, bool):
        p.append(SpecProblem("shuffle", Message("train.true_or_false", value=repr(spec.shuffle))))
    _number(p, "validation_split", spec.validation_split, low=0.0, low_open=True, high=1.0,
            high_open=True, optional=True,
            hint="train.hint.validation_split")
    _number(p, "l1", spec.l1, low=0.0, hint="train.hint.l1")
    _number(p, "l2", spec.l2, low=0.0, hint="train.hint.l2")
    _number(p, "max_norm", spec.max_norm, low=0.0, low_open=True, optional=True,
            hint="train.hint.max_norm")
    _number(p, "clipvalue", spec.clipvalue, low=0.0, low_open=True, optional=True,
            hint="train.hint.clip")
    _number(p, "clipnorm", spec.clipnorm, low=0.0, low_open=True, optional=True,
            hint="train.hint.clip")
    _number(p, "seed", spec.seed, low=0, integer=True)
    _number(p, "eval_batch_size", spec.eval_batch_size, low=1, integer=True)
    # a hand-edited file may hold anything in place of a nested part (its settings arrive
    # as one of the spec's dataclasses): say so, and check no further inside it
    nested = {}
    for name in ("early_stopping", "reduce_on_plateau", "checkpoint", "telemetry"):
        value = getattr(spec, name)
        nested[name] = value if is_dataclass(value) and not isinstance(value, type) else None
        if value is not None and nested[name] is None:
            p.append(SpecProblem(name, Message("train.nested_object", value=shown(value))))
    es, rp, ck = nested["early_stopping"], nested["reduce_on_plateau"], nested["checkpoint"]
    if es is not None:
        _monitor(p, "early_stopping.monitor", es.monitor)
        _number(p, "early_stopping.patience", es.patience, low=0, integer=True)
        _number(p, "early_stopping.min_delta", es.min_delta, low=0.0)
    if rp is not None:
        _monitor(p, "reduce_on_plateau.monitor", rp.monitor)
        _number(p, "reduce_on_plateau.factor", rp.factor, low=0.0, low_open=True, high=1.0,
                high_open=True, hint="train.hint.plateau_factor")
        _number(p, "reduce_on_plateau.patience", rp.patience, low=0, integer=True)
        _number(p, "reduce_on_plateau.min_lr", rp.min_lr, low=0.0)
        _number(p, "reduce_on_plateau.min_delta", rp.min_delta, low=0.0)
    if ck is not None:
        if not isinstance(ck.path, str) or not ck.path:
            p.append(SpecProblem("checkpoint.path", Message("train.checkpoint_path")))
        _number(p, "checkpoint.every_epochs", ck.every_epochs, low=1, integer=True)
        _monitor(p, "checkpoint.monitor", ck.monitor)
    tel = nested["telemetry"]
    if tel is None:
        return p
    _number(p, "telemetry.snapshots_per_second", tel.snapshots_per_second, low=0.0,
            low_open=True, high=1000)
    _number(p, "telemetry.histogram_bins", tel.histogram_bins, low=2, high=1000, integer=True)
    _number(p, "telemetry.probe_size", tel.probe_size, low=1, high=100000, integer=True)
    _number(p, "telemetry.probe_dense_steps", tel.probe_dense_steps, low=0, integer=True,
            hint="train.hint.probe_dense_steps")
    _number(p, "telemetry.probes_per_doubling", tel.probes_per_doubling, low=1, high=10000,
            integer=True, hint="train.hint.probes_per_doubling")
    if tel.saturation_margin is not None:
        _number(p, "telemetry.saturation_margin", tel.saturation_margin, low=0.0,
                low_open=True, high=0.5, hint="train.hint.saturation_margin")
    if tel.unit_layer is not None:
        _number(p, "telemetry.unit_layer", tel.unit_layer, low=0, integer=True,
                hint="train.hint.unit_layer")
    _number(p, "telemetry.unit_index", tel.unit_index, low=0, integer=True,
            hint="train.hint.unit_index")
    if tel.probe_steps is not None and any(s < 1 for s in tel.probe_steps):
        p.append(SpecProblem("telemetry.probe_steps", Message("train.probe_steps")))
    # whether validation data exists is known only with the dataset (the trainer checks it)
    return p
