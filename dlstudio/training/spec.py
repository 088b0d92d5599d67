"""The training spec: everything about *how* a network is trained, as a versioned JSON document.

A ``TrainSpec`` is a frozen dataclass with Keras's names, so a file reads like a Keras
``compile``/``fit`` call::

    {"format": "dlstudio.train", "version": 1,
     "loss": "sparse_categorical_crossentropy",
     "optimizer": "rmsprop", "optimizer_config": {"rho": 0.9},
     "learning_rate": 0.001, "schedule": null,
     "batch_size": 64, "epochs": 5, "shuffle": true, "validation_split": null,
     "l1": 0.0, "l2": 0.0, "max_norm": null, "clipvalue": null, "clipnorm": null,
     "early_stopping": {"monitor": "val_loss", "patience": 3, "min_delta": 0.0,
                        "restore_best_weights": true},
     "reduce_on_plateau": null, "checkpoint": null, "seed": 0,
     "telemetry": {"snapshots_per_second": 20.0, "histogram_bins": 40, "probe_size": 64,
                   "probe_dense_steps": 50, "probes_per_doubling": 25, "probe_steps": null}}

``from_dict`` also accepts Keras's ways of naming an optimizer (``"optimizer": {"class_name":
"rmsprop", "config": {...}}`` or ``{"name": "rmsprop", ...}``) and lifts a ``learning_rate``
found in the optimizer's config into the spec's own field. The GUI edits a spec with
``replace(...)`` and never mutates one.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlstudio.training.spec_checks import SpecProblem, validate_train_spec

FORMAT = "dlstudio.train"
VERSION = 1

@dataclass(frozen=True)
class EarlyStoppingSpec:
    """Stop when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs."""

    monitor: str = "val_loss"
    patience: int = 3
    min_delta: float = 0.0
    restore_best_weights: bool = True


@dataclass(frozen=True)
class ReduceOnPlateauSpec:
    """Multiply the learning rate by ``factor`` after ``patience`` epochs without improvement
    of ``monitor`` (never below ``min_lr``)."""

    monitor: str = "val_loss"
    factor: float = 0.1
    patience: int = 2
    min_lr: float = 0.0
    min_delta: float = 1e-4


@dataclass(frozen=True)
class CheckpointSpec:
    """Save network, optimizer and trainer position to ``path`` every ``every_epochs`` epochs.

    ``path`` may contain ``{epoch}`` (e.g. ``"runs/ckpt_{epoch:02d}.dlsckpt"``); with
    ``save_best_only`` a file is written only when ``monitor`` improved.
    """

    path: str = "checkpoint.dlsckpt"
    every_epochs: int = 1
    save_best_only: bool = False
    monitor: str = "val_loss"


@dataclass(frozen=True)
class TelemetrySpec:
    """How often and how finely the trainer probes the network.

    ``snapshots_per_second`` is the target rate of periodic snapshots of the cheap scalar
    metrics (loss, accuracy, rate: the step interval adapts to the training speed);
    ``histogram_bins`` is the number of bins of every histogram; ``probe_size`` the number of
    training examples the layer probes run on; with ``enabled`` false only the cheap scalar
    metrics are reported.

    Per-layer probes follow the step, never the clock (``probe_schedule.ProbeSchedule``), so
    a run is probed at the same steps on every machine: every step up to
    ``probe_dense_steps``, then ``probes_per_doubling`` probes per doubling of the step count,
    plus every epoch end. ``probe_steps`` (a list of step numbers) probes exactly those steps
    instead of the schedule (epoch ends included only if listed).

    ``saturation_margin`` sets how close to its limits a sigmoid/tanh output must be to count
    as saturated (None: 0.02, see ``engine.activations``). ``unit_layer`` (a 0-based layer
    index, or None) adds per-unit statistics for that layer: each unit's mean output and the
    share of its outputs on the live side (0 for a dead ReLU unit), and the mean output of
    unit ``unit_index`` (one typical unit, followed over time).
    """

    snapshots_per_second: float = 20.0
    histogram_bins: int = 40
    probe_size: int = 64
    enabled: bool = True
    probe_dense_steps: int = 50
    probes_per_doubling: int = 25
    probe_steps: tuple | None = None
    saturation_margin: float | None = None
    unit_layer: int | None = None
    unit_index: int = 0

    def __post_init__(self) -> None:
        if self.probe_steps is not None and not isinstance(self.probe_steps, tuple):
            try:
                steps = tuple(sorted({int(s) for s in self.probe_steps}))
            except (TypeError, ValueError):
                raise ValueError("telemetry.probe_steps: give a list of whole step numbers, "
                                 "e.g. [1, 10, 100]") from None
            object.__setattr__(self, "probe_steps", steps)


#: telemetry settings of older files that no longer apply (read and ignored)
_RETIRED_TELEMETRY = ("max_overhead",)   # probes once spaced by wall-clock cost


_NESTED = {
    "early_stopping": EarlyStoppingSpec,
    "reduce_on_plateau": ReduceOnPlateauSpec,
    "checkpoint": CheckpointSpec,
    "telemetry": TelemetrySpec,
}


@dataclass(frozen=True)
class TrainSpec:
    """How to train a network (Keras names; see the module docstring for the JSON form).

    Attributes
    ----------
    loss : loss name from ``dlstudio.engine.losses.LOSSES``.
    optimizer, optimizer_config : optimizer name and its settings other than the rate.
    learning_rate : the base rate (the schedule, if any, starts from it).
    schedule : ``None`` (constant) or a Keras-style dict such as
        ``{"name": "exponential_decay", "decay_steps": 1000, "decay_rate": 0.5}``.
    batch_size, epochs, shuffle : as in Keras ``fit``.
    validation_split : ``None`` uses the dataset's own validation set (if any); a fraction
        in (0, 1) holds out the last part of the training data instead (as Keras does).
    l1, l2 : global penalty strengths on every kernel (not biases), added to any per-layer
        ``kernel_regularizer``.
    max_norm : ``None`` or the radius every unit's incoming weight vector is clipped to after
        each step (added to any per-layer ``kernel_constraint``).
    clipvalue, clipnorm : gradient clipping by value, and by the global norm of all gradients.
    augment : apply the dataset's augmenter (training batches only) when it has one.
    eval_batch_size : chunk size when evaluating large sets.
    """

    loss: str = "sparse_categorical_crossentropy"
    optimizer: str = "rmsprop"
    optimizer_config: dict = field(default_factory=dict)
    learning_rate: float = 0.001
    schedule: dict | None = None
    batch_size: int = 32
    epochs: int = 5
    shuffle: bool = True
    validation_split: float | None = None
    l1: float = 0.0
    l2: float = 0.0
    max_norm: float | None = None
    clipvalue: float | None = None
    clipnorm: float | None = None
    early_stopping: EarlyStoppingSpec | None = None
    reduce_on_plateau: ReduceOnPlateauSpec | None = None
    checkpoint: CheckpointSpec | None = None
    seed: int = 0
    augment: bool = True
    eval_batch_size: int = 64
    telemetry: TelemetrySpec = field(default_factory=TelemetrySpec)
    format: str = FORMAT
    version: int = VERSION

    def __post_init__(self) -> None:
        # nested settings may be given as dicts (``telemetry={"enabled": False}``); with
        # ``replace`` a dict updates the current nested settings instead
        for key, cls in _NESTED.items():
            value = getattr(self, key)
            if isinstance(value, dict):
                object.__setattr__(self, key, cls(**value))
        if self.optimizer_config is None:
            object.__setattr__(self, "optimizer_config", {})

    # -- editing ---------------------------------------------------------------------------
    def replace(self, **changes: Any) -> "TrainSpec":
        """A copy with ``changes`` applied; a dict for a nested setting changes only the keys
        it names (``spec.replace(early_stopping={"patience": 9})``)."""
        for key, cls in _NESTED.items():
            value = changes.get(key)
            if isinstance(value, dict):
                current = getattr(self, key)
                base = dataclasses.asdict(current) if current is not None else {}
                changes[key] = cls(**{**base, **value})
        return dataclasses.replace(self, **changes)

    # -- JSON ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        out: dict[str, Any] = {"format": self.format, "version": self.version}
        for f in dataclasses.fields(self):
            if f.name in ("format", "version"):
                continue
            value = getattr(self, f.name)
            if dataclasses.is_dataclass(value):
                value = json.loads(json.dumps(dataclasses.asdict(value)))  # tuples -> lists
            elif isinstance(value, dict):
                value = json.loads(json.dumps(value))  # deep copy, JSON-safe
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "TrainSpec":
        """Read a spec written by ``to_dict`` (any supported version) or by hand.

        Raises ``ValueError`` with a user-readable message on a foreign document or an
        unknown key.
        """
        if not isinstance(data, dict):
            raise ValueError(f"a training spec must be a JSON object, got {type(data).__name__}")
        data = migrate(data)
        data = dict(data)
        data.pop("format", None)
        data.pop("version", None)
        # optimizer identifiers the Keras way
        opt = data.get("optimizer")
        if isinstance(opt, dict):
            if "class_name" in opt:
                name, config = opt["class_name"], dict(opt.get("config") or {})
            elif "name" in opt:
                name, config = opt["name"], {k: v for k, v in opt.items() if k != "name"}
            else:
                raise ValueError("optimizer: give a name, e.g. \"rmsprop\" or "
                                 "{\"name\": \"rmsprop\", \"rho\": 0.9}")
            data["optimizer"] = name
            data["optimizer_config"] = {**config, **_settings(data.get("optimizer_config"))}
        config = data.get("optimizer_config") or {}
        if isinstance(config, dict):       # (anything else: ``validate`` says what is wrong)
            config = dict(config)
            if "learning_rate" in config:
                lr = config.pop("learning_rate")
                data.setdefault("learning_rate", lr)
        data["optimizer_config"] = config
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown training setting(s) {', '.join(map(repr, unknown))}; "
                             f"known settings: {', '.join(sorted(known - {'format', 'version'}))}")
        for key, sub in _NESTED.items():
            value = data.get(key)
            if isinstance(value, dict):
                if key == "telemetry":
                    value = {k: v for k, v in value.items() if k not in _RETIRED_TELEMETRY}
                sub_known = {f.name for f in dataclasses.fields(sub)}
                bad = sorted(set(value) - sub_known)
                if bad:
                    raise ValueError(f"{key}: unknown setting(s) {', '.join(map(repr, bad))}; "
                                     f"known: {', '.join(sorted(sub_known))}")
                data[key] = sub(**value)
            elif value is True and key != "telemetry":
                data[key] = sub()
            elif value is False:
                data[key] = None if key != "telemetry" else TelemetrySpec(enabled=False)
        if data.get("telemetry") is None:
            data.pop("telemetry", None)
        return cls(**data)

    def to_json(self, indent: int = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_json(cls, text: str) -> "TrainSpec":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not valid JSON (line {exc.lineno}, column {exc.colno}): "
                             f"{exc.msg}") from None
        return cls.from_dict(data)

    def save(self, path: str | Path) -> None:
        from dlstudio.engine.filesave import atomic_write

        atomic_write(path, (self.to_json() + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> "TrainSpec":
        from dlstudio.engine.fileio import read_text

        p = Path(path)
        text = read_text(p)
        try:
            return cls.from_json(text)
        except ValueError as exc:
            raise ValueError(f"{p.name}: {exc}") from None

    @classmethod
    def coerce(cls, spec: "TrainSpec | dict | str | Path | None") -> "TrainSpec":
        """A ``TrainSpec`` from a spec, its dict form, a JSON path, or None (the defaults)."""
        if spec is None:
            return cls()
        if isinstance(spec, TrainSpec):
            return spec
        if isinstance(spec, dict):
            return cls.from_dict(spec)
        if isinstance(spec, (str, Path)):
            return cls.load(spec)
        raise ValueError(f"cannot read training settings from {type(spec).__name__}; give a "
                         f"TrainSpec, a dict or the path of a JSON file")

    # -- checking --------------------------------------------------------------------------
    def validate(self) -> list[SpecProblem]:
        """Every problem in the spec as a readable message with its fix (empty when fine)."""

        return validate_train_spec(self)


def _settings(value: Any) -> dict:
    """An ``optimizer_config`` to merge with a Keras optimizer's config (not a dict: none)."""
    return dict(value) if isinstance(value, dict) else {}


def migrate(data: dict) -> dict:
    """Bring a training-spec dict of any supported version up to ``VERSION``.

    Version 1 is the first; a future version 2 adds its upgrade step here, so files saved
    today keep opening. A missing ``format``/``version`` is read as a hand-written version 1.
    """
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise ValueError(f"this is a {fmt!r} file, not a training spec ({FORMAT!r})")
    version = data.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"training spec version must be a whole number >= 1, got {version!r}")
    if version > VERSION:
        raise ValueError(f"this training spec is version {version}, newer than this dlstudio "
                         f"understands ({VERSION}); update dlstudio to open it")
    out = dict(data)
    # (no upgrades yet: version 1 is current)
    out["format"], out["version"] = FORMAT, VERSION
    return out

