"""``DataSpec``: which data a run trains on, and how it is split, preprocessed and augmented.

A plain frozen dataclass that round-trips through JSON::

    {"format": "dlstudio.data", "version": 1,
     "dataset": "digits", "params": {"n_samples": 12000},
     "validation_split": 0.1, "test_split": 0.2,
     "subset": {"classes": [5, 6, 7, 8, 9], "per_class": 100, "relabel": true},
     "preprocessing": [{"type": "standardize"}],
     "augmentation": {"rotation_range": 10, "zoom_range": 0.1},
     "seed": 0}

The GUI edits a spec and calls ``dlstudio.data.load(spec)``; it never edits a ``Dataset``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dlstudio.messages import Message

FORMAT = "dlstudio.data"
VERSION = 1

#: Augmentation settings (Keras ``ImageDataGenerator`` names) and their "do nothing" values.
#: ``rotation_range`` is in degrees; shifts are fractions of the width/height; ``shear_range``
#: is an angle in degrees; ``zoom_range`` z zooms by a factor drawn from [1-z, 1+z];
#: ``brightness_range`` b adds a value drawn from [-b, b]; ``contrast_range`` c scales the
#: deviation from each image's mean by a factor from [1-c, 1+c]; ``noise_std`` adds gaussian
#: noise; ``fill_mode`` is "constant" (with ``cval``), "nearest" or "reflect".
AUGMENT_DEFAULTS: dict[str, Any] = {
    "rotation_range": 0.0,
    "width_shift_range": 0.0,
    "height_shift_range": 0.0,
    "shear_range": 0.0,
    "zoom_range": 0.0,
    "horizontal_flip": False,
    "vertical_flip": False,
    "brightness_range": 0.0,
    "contrast_range": 0.0,
    "noise_std": 0.0,
    "fill_mode": "constant",
    "cval": 0.0,
}


@dataclass(frozen=True)
class Subset:
    """Keep some classes and/or a fixed number of training examples per class.

    ``classes``: the original labels to keep (None keeps all). ``relabel``: renumber the
    kept classes 0..k-1 in the order given (digits 5-9 become 0-4). ``per_class``: keep at
    most this many training examples of each class (None keeps all); validation and test
    splits keep all their examples of the kept classes.
    """

    classes: tuple[int, ...] | None = None
    per_class: int | None = None
    relabel: bool = True

    def to_dict(self) -> dict:
        return {"classes": None if self.classes is None else list(self.classes),
                "per_class": self.per_class, "relabel": self.relabel}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Subset | None":
        if d is None:
            return None
        unknown = set(d) - {"classes", "per_class", "relabel"}
        if unknown:
            raise ValueError(Message("data.spec.subset_unknown", names=str(sorted(unknown))))
        classes = d.get("classes")
        return cls(classes=None if classes is None else tuple(int(c) for c in classes),
                   per_class=None if d.get("per_class") is None else int(d["per_class"]),
                   relabel=bool(d.get("relabel", True)))


def _freeze_steps(steps: Any) -> tuple[dict, ...]:
    out = []
    for step in steps or ():
        if isinstance(step, str):
            step = {"type": step}
        if not isinstance(step, dict) or "type" not in step:
            raise ValueError(Message("data.spec.step_form", step=step))
        out.append(dict(step))
    return tuple(out)


@dataclass(frozen=True)
class DataSpec:
    """The data side of an experiment.

    Parameters
    ----------
    dataset : registry name in ``dlstudio.data.DATASETS`` ("digits", "mnist", "circles"...).
    params : dataset parameters (``n_samples``, ``noise``, ``n_classes``, ``path``...); see
        the dataset's registry entry for what it accepts.
    validation_split : fraction of the training split held out for validation (stratified).
    test_split : fraction held out as a test set, used only when the dataset has no test set
        of its own (generated sets, folders, CSV).
    subset : optional ``Subset`` of classes / examples per class.
    preprocessing : steps fitted on the training split, e.g. ``({"type": "standardize"},)``.
    augmentation : settings from ``AUGMENT_DEFAULTS``; empty means no augmentation.
    seed : seeds generation, splitting and shuffling.
    """

    dataset: str = "digits"
    params: dict = field(default_factory=dict)
    validation_split: float = 0.1
    test_split: float = 0.2
    subset: Subset | None = None
    preprocessing: tuple[dict, ...] = ()
    augmentation: dict = field(default_factory=dict)
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", dict(self.params or {}))
        object.__setattr__(self, "preprocessing", _freeze_steps(self.preprocessing))
        object.__setattr__(self, "augmentation", dict(self.augmentation or {}))
        if isinstance(self.subset, dict):
            object.__setattr__(self, "subset", Subset.from_dict(self.subset))

    __hash__ = None  # holds dicts; compare with ==

    # ------------------------------------------------------------------ checks
    def validate(self) -> list[str]:
        """Every problem with this spec as a sentence that says how to fix it."""
        problems = []
        for name in ("validation_split", "test_split"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not 0.0 <= v < 1.0:
                problems.append(Message("data.spec.fraction", name=name, value=v))
        unknown = set(self.augmentation) - set(AUGMENT_DEFAULTS)
        if unknown:
            problems.append(Message("data.spec.augment_unknown", names=str(sorted(unknown)),
                                    known=", ".join(AUGMENT_DEFAULTS)))
        fill = self.augmentation.get("fill_mode", "constant")
        if fill not in ("constant", "nearest", "reflect"):
            problems.append(Message("data.spec.fill_mode", value=fill))
        for key, value in self.augmentation.items():
            if key in ("horizontal_flip", "vertical_flip"):
                if not isinstance(value, bool):
                    problems.append(Message("data.spec.flag", key=key, value=value))
            elif key not in ("fill_mode", "cval") and key in AUGMENT_DEFAULTS and (
                    isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
                problems.append(Message("data.spec.augment_number", key=key, value=value))
        try:
            from dlstudio.data.preprocess import PREPROCESSORS

            for i, step in enumerate(self.preprocessing):
                if step["type"] not in PREPROCESSORS:
                    PREPROCESSORS.resolve(step["type"])
        except KeyError as exc:
            problems.append(Message("data.spec.step", number=i + 1, problem=exc.args[0]))
        if self.subset is not None and self.subset.classes is not None \
                and len(self.subset.classes) == 0:
            problems.append(Message("data.spec.subset_empty"))
        if self.subset is not None and self.subset.per_class is not None \
                and self.subset.per_class < 1:
            problems.append(Message("data.spec.per_class", value=self.subset.per_class))
        try:
            from dlstudio.data.registry import DATASETS

            if self.dataset not in DATASETS:
                DATASETS.resolve(self.dataset)  # raises with suggestions
        except KeyError as exc:
            problems.append(str(exc.args[0]))
        return problems

    @property
    def augmentation_settings(self) -> dict:
        """All augmentation settings, defaults filled in."""
        return {**AUGMENT_DEFAULTS, **self.augmentation}

    @property
    def augments(self) -> bool:
        """True when some augmentation setting differs from its do-nothing value."""
        return any(self.augmentation_settings[k] != v for k, v in AUGMENT_DEFAULTS.items()
                   if k not in ("fill_mode", "cval"))

    # ------------------------------------------------------------------ edits
    def with_(self, **changes: Any) -> "DataSpec":
        """A copy with some fields replaced (``spec.with_(dataset="mnist")``)."""
        return replace(self, **changes)

    def with_params(self, **params: Any) -> "DataSpec":
        return replace(self, params={**self.params, **params})

    def with_augmentation(self, **settings: Any) -> "DataSpec":
        return replace(self, augmentation={**self.augmentation, **settings})

    # ------------------------------------------------------------------ (de)serialize
    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "dataset": self.dataset,
            "params": dict(self.params),
            "validation_split": self.validation_split,
            "test_split": self.test_split,
            "subset": None if self.subset is None else self.subset.to_dict(),
            "preprocessing": [dict(s) for s in self.preprocessing],
            "augmentation": dict(self.augmentation),
            "seed": self.seed,
        }

    @staticmethod
    def migrate(d: dict) -> dict:
        """Bring a dict saved by any earlier version up to ``VERSION``.

        Version 0 (unversioned drafts) called the dataset ``name`` and the augmentation
        ``augment``; both are renamed here. Newer versions than this code are refused.
        """
        d = dict(d)
        version = int(d.get("version", 0))
        if version > VERSION:
            raise ValueError(Message("data.spec.newer", version=version, supported=VERSION))
        if version == 0:
            if "name" in d and "dataset" not in d:
                d["dataset"] = d.pop("name")
            if "augment" in d and "augmentation" not in d:
                d["augmentation"] = d.pop("augment")
            d["version"] = 1
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "DataSpec":
        if not isinstance(d, dict):
            raise ValueError(Message("data.spec.not_object", kind=type(d).__name__))
        fmt = d.get("format", FORMAT)
        if fmt != FORMAT:
            raise ValueError(Message("data.spec.other_format", format=fmt, expected=FORMAT))
        d = cls.migrate(d)
        known = {"format", "version", "dataset", "params", "validation_split", "test_split",
                 "subset", "preprocessing", "augmentation", "seed"}
        unknown = set(d) - known
        if unknown:
            raise ValueError(Message("data.spec.unknown_fields", names=str(sorted(unknown))))
        return cls(
            dataset=str(d.get("dataset", "digits")),
            params=dict(d.get("params") or {}),
            validation_split=float(d.get("validation_split", 0.1)),
            test_split=float(d.get("test_split", 0.2)),
            subset=Subset.from_dict(d.get("subset")),
            preprocessing=_freeze_steps(d.get("preprocessing")),
            augmentation=dict(d.get("augmentation") or {}),
            seed=int(d.get("seed", 0)),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str) -> "DataSpec":
        return cls.from_dict(json.loads(text))

    def save(self, path: str | Path) -> None:
        from dlstudio.engine.filesave import atomic_write

        atomic_write(path, (self.to_json() + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> "DataSpec":
        from dlstudio.engine.fileio import read_text

        return cls.from_json(read_text(path))
