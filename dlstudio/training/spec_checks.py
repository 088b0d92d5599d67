"""Checks behind ``TrainSpec.validate()``: every problem as a sentence with its fix."""
from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from typing import Any

#: metrics a callback may watch
MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")


@dataclass(frozen=True)
class SpecProblem:
    """One problem in a training spec: the ``field`` it belongs to and what to do about it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


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
        problems.append(SpecProblem(fld, f"give the {what} by name, got {value!r}"))
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
    if value is None and optional:
        return
    if not is_finite_number(value) or (integer and int(value) != value):
        kind = "a whole number" if integer else "a number"
        problems.append(SpecProblem(fld, f"must be {kind}, got {value!r}{hint}"))
        return
    if low is not None and (value <= low if low_open else value < low):
        rel = "greater than" if low_open else "at least"
        problems.append(SpecProblem(fld, f"must be {rel} {low:g}, got {value!r}{hint}"))
    if high is not None and (value >= high if high_open else value > high):
        rel = "less than" if high_open else "at most"
        problems.append(SpecProblem(fld, f"must be {rel} {high:g}, got {value!r}{hint}"))


def _monitor(problems: list, fld: str, value: Any) -> None:
    if value not in MONITORS:
        options = ", ".join(repr(m) for m in MONITORS)
        problems.append(SpecProblem(fld, f"monitor must be one of {options}, got {value!r}"))


def validate_train_spec(spec: Any) -> list[SpecProblem]:
    p: list[SpecProblem] = []
    _check_name(p, "loss", spec.loss, "dlstudio.engine.losses", "LOSSES", "loss")
    _check_name(p, "optimizer", spec.optimizer, "dlstudio.engine.optimizers", "OPTIMIZERS",
                "optimizer")
    if not isinstance(spec.optimizer_config, dict):
        p.append(SpecProblem("optimizer_config", "must be a set of name: value settings"))
    _number(p, "learning_rate", spec.learning_rate, low=0.0, low_open=True,
            hint="; typical rates are 0.0001 to 0.1")
    if spec.schedule is not None:
        if not isinstance(spec.schedule, dict):
            p.append(SpecProblem("schedule", "must be null (constant rate) or a dict such as "
                                 "{\"name\": \"exponential_decay\", \"decay_steps\": 1000, "
                                 "\"decay_rate\": 0.5}"))
        else:
            name = spec.schedule.get("name", spec.schedule.get("class_name"))
            _check_name(p, "schedule", name, "dlstudio.engine.schedules", "SCHEDULES",
                        "schedule")
    _number(p, "batch_size", spec.batch_size, low=1, integer=True)
    _number(p, "epochs", spec.epochs, low=1, integer=True)
    if not isinstance(spec.shuffle, bool):
        p.append(SpecProblem("shuffle", f"must be true or false, got {spec.shuffle!r}"))
    _number(p, "validation_split", spec.validation_split, low=0.0, low_open=True, high=1.0,
            high_open=True, optional=True,
            hint="; use e.g. 0.1 to hold out 10% of the training data, or null to use the "
                 "dataset's validation set")
    _number(p, "l1", spec.l1, low=0.0, hint="; 0 turns L1 off, 1e-5 to 1e-3 is typical")
    _number(p, "l2", spec.l2, low=0.0, hint="; 0 turns L2 off, 1e-5 to 1e-2 is typical")
    _number(p, "max_norm", spec.max_norm, low=0.0, low_open=True, optional=True,
            hint="; radii of 1 to 4 are typical, null turns it off")
    _number(p, "clipvalue", spec.clipvalue, low=0.0, low_open=True, optional=True,
            hint="; e.g. 1.0, or null for no clipping")
    _number(p, "clipnorm", spec.clipnorm, low=0.0, low_open=True, optional=True,
            hint="; e.g. 1.0, or null for no clipping")
    _number(p, "seed", spec.seed, low=0, integer=True)
    _number(p, "eval_batch_size", spec.eval_batch_size, low=1, integer=True)
    es = spec.early_stopping
    if es is not None:
        _monitor(p, "early_stopping.monitor", es.monitor)
        _number(p, "early_stopping.patience", es.patience, low=0, integer=True)
        _number(p, "early_stopping.min_delta", es.min_delta, low=0.0)
    rp = spec.reduce_on_plateau
    if rp is not None:
        _monitor(p, "reduce_on_plateau.monitor", rp.monitor)
        _number(p, "reduce_on_plateau.factor", rp.factor, low=0.0, low_open=True, high=1.0,
                high_open=True, hint="; 0.1 to 0.5 is typical")
        _number(p, "reduce_on_plateau.patience", rp.patience, low=0, integer=True)
        _number(p, "reduce_on_plateau.min_lr", rp.min_lr, low=0.0)
        _number(p, "reduce_on_plateau.min_delta", rp.min_delta, low=0.0)
    ck = spec.checkpoint
    if ck is not None:
        if not isinstance(ck.path, str) or not ck.path:
            p.append(SpecProblem("checkpoint.path", "give a file name to save checkpoints to"))
        _number(p, "checkpoint.every_epochs", ck.every_epochs, low=1, integer=True)
        _monitor(p, "checkpoint.monitor", ck.monitor)
    tel = spec.telemetry
    _number(p, "telemetry.snapshots_per_second", tel.snapshots_per_second, low=0.0,
            low_open=True, high=1000)
    _number(p, "telemetry.histogram_bins", tel.histogram_bins, low=2, high=1000, integer=True)
    _number(p, "telemetry.probe_size", tel.probe_size, low=1, high=100000, integer=True)
    _number(p, "telemetry.probe_dense_steps", tel.probe_dense_steps, low=0, integer=True,
            hint="; every step up to this one is probed (50 draws lesson runs well)")
    _number(p, "telemetry.probes_per_doubling", tel.probes_per_doubling, low=1, high=10000,
            integer=True, hint="; 25 probes each time the step count doubles is the default")
    if tel.probe_steps is not None and any(s < 1 for s in tel.probe_steps):
        p.append(SpecProblem("telemetry.probe_steps", "steps are counted from 1; remove "
                             "step numbers below 1"))
    uses_val = [name for name, sub in (("early_stopping", es), ("reduce_on_plateau", rp))
                if sub is not None and sub.monitor.startswith("val_")]
    del uses_val  # whether validation data exists is known only with the dataset (trainer)
    return p
