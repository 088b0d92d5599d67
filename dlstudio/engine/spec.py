"""The network spec: a plain, versioned, JSON-friendly description of a network.

A user can write one by hand (Keras layer class names and argument names)::

    {"format": "dlstudio.network", "version": 1, "input_shape": [28, 28, 1],
     "layers": [{"type": "Conv2D", "filters": 32, "kernel_size": 3, "activation": "relu"},
                {"type": "Flatten"},
                {"type": "Dense", "units": 10, "activation": "softmax"}]}

The GUI edits specs, never engine objects; ``Network.from_spec`` builds one. ``validate``
infers shapes layer by layer and returns every problem with the layer it belongs to and a
fix in plain words; it never raises at a user.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from dlstudio.engine import keras_format, validation
from dlstudio.engine.numbers import shown
from dlstudio.engine.registry import Registry
from dlstudio.engine.validation import LayerRow, SpecProblem, SpecReport
from dlstudio.messages import Message, error_text, join_sentences

#: ready-made networks by name (``presets.py`` registers them; the engine package's
#: ``__init__`` imports it, so the registry is full whenever the engine is imported)
PRESETS: Registry = Registry("preset")

__all__ = ["FORMAT", "VERSION", "SpecError", "LayerSpec", "NetworkSpec", "LayerRow",
           "SpecProblem", "migrate"]

FORMAT = "dlstudio.network"
VERSION = 1
#: deepest nesting a spec may have (a layer setting like an initializer is about 5 levels)
MAX_DEPTH = 32
#: the most layers a network spec may have. The deepest network of the lessons and presets
#: has 11; the window lays out a row and a plot line per layer, and opening a file with 5,000
#: Dense layers froze it for minutes (walker18 W18-7: the network editor alone took 0.35 s for
#: 200 layers, 0.9 s for 400, growing faster than the count)
MAX_LAYERS = 200


class SpecError(ValueError):
    """A spec file or dict that cannot be read at all (bad JSON, wrong format, ...)."""


@dataclass(frozen=True)
class LayerSpec:
    """One layer: its Keras class name and its arguments."""

    type: str
    config: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"type": self.type, **self.config}

    @classmethod
    def from_dict(cls, d: dict) -> "LayerSpec":
        if not isinstance(d, dict) or "type" not in d:
            raise SpecError(Message("spec.file.layer_type_missing", value=shown(d, 60)))
        if not isinstance(d["type"], str):
            raise SpecError(Message("spec.file.layer_type_text", value=shown(d["type"])))
        cfg = {k: v for k, v in d.items() if k != "type"}
        return cls(d["type"], cfg)

    def with_config(self, **changes: Any) -> "LayerSpec":
        """A copy with some arguments changed; a value of None removes the argument."""
        cfg = dict(self.config)
        for k, v in changes.items():
            if v is None:
                cfg.pop(k, None)
            else:
                cfg[k] = v
        return LayerSpec(self.type, cfg)

    def get(self, key: str, default: Any = None) -> Any:
        return self.config.get(key, default)

    def __hash__(self) -> int:  # config is a dict; hash its JSON form
        return hash((self.type, json.dumps(self.config, sort_keys=True, default=str)))


@dataclass(frozen=True)
class NetworkSpec:
    """A network: the input shape (without the batch axis) and the layers in order."""

    input_shape: tuple[int, ...]
    layers: tuple[LayerSpec, ...] = ()
    version: int = VERSION
    # the result of ``check()``, kept once computed (not part of the value)
    _report: SpecReport | None = field(default=None, init=False, repr=False, compare=False)

    # -- construction / serialization ---------------------------------------------------
    @classmethod
    def from_dict(cls, d: dict) -> "NetworkSpec":
        if not isinstance(d, dict):
            raise SpecError(Message("spec.file.not_object"))
        _check_depth(d)
        if keras_format.is_keras_config(d):           # model.to_json() / a .keras config.json
            try:
                d = keras_format.spec_from_keras_config(d)
            except keras_format.KerasFormatError as exc:
                raise SpecError(error_text(exc)) from None
        fmt = d.get("format", FORMAT)
        if fmt != FORMAT:
            raise SpecError(Message("spec.file.other_format", format=shown(fmt), expected=FORMAT))
        d = migrate(dict(d))
        if "input_shape" not in d:
            raise SpecError(Message("spec.file.no_input_shape"))
        shape = d["input_shape"]
        if isinstance(shape, int):
            shape = [shape]
        if not isinstance(shape, (list, tuple)):
            raise SpecError(Message("spec.file.input_shape_list", value=shown(shape)))
        layers = d.get("layers", [])
        if not isinstance(layers, list):
            raise SpecError(Message("spec.file.layers_list"))
        if len(layers) > MAX_LAYERS:
            raise SpecError(Message("spec.file.too_many_layers", count=len(layers),
                                    limit=MAX_LAYERS))
        specs, problems = [], []
        for i, ld in enumerate(layers):      # every layer that cannot be read, at once
            try:
                specs.append(LayerSpec.from_dict(ld))
            except SpecError as exc:
                problems.append(Message("spec.file.at_layer", number=i + 1,
                                        problem=error_text(exc)))
        if problems:
            raise SpecError(join_sentences(problems))
        return cls(tuple(shape), tuple(specs))

    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "input_shape": list(self.input_shape),
                "layers": [ls.to_dict() for ls in self.layers]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_json(cls, text: str) -> "NetworkSpec":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(Message("spec.file.bad_json", line=exc.lineno,
                                    column=exc.colno)) from None
        except RecursionError:
            raise SpecError(Message("spec.file.too_deep", limit=MAX_DEPTH)) from None
        except ValueError:  # e.g. an integer literal of thousands of digits
            raise SpecError(Message("spec.file.not_json")) from None
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> "NetworkSpec":
        from dlstudio.engine.fileio import read_text

        path = Path(path)
        text = read_text(path, SpecError)
        try:
            return cls.from_json(text)
        except SpecError as exc:
            raise SpecError(Message("spec.file.in_file", file=str(path),
                                    problem=error_text(exc))) from None

    def save(self, path: str | Path) -> None:
        from dlstudio.engine.filesave import atomic_write

        atomic_write(path, (self.to_json() + "\n").encode("utf-8"))

    @classmethod
    def coerce(cls, spec: "NetworkSpec | dict | str | Path") -> "NetworkSpec":
        """Accept a spec, a dict (dlstudio's or a Keras Sequential config), a JSON path, a
        Keras ``.keras`` file (its architecture), or a preset name."""
        if isinstance(spec, NetworkSpec):
            return spec
        if isinstance(spec, dict):
            return cls.from_dict(spec)
        if isinstance(spec, (str, Path)):
            p = Path(spec)
            if p.suffix.lower() == ".keras":
                try:
                    return cls.from_dict(keras_format.read_keras_file(p, weights=False)[0])
                except keras_format.KerasFormatError as exc:
                    raise SpecError(error_text(exc)) from None
            if p.suffix.lower() == ".json" or p.exists():
                return cls.load(p)
            if str(spec) in PRESETS:
                return PRESETS[str(spec)]()
            raise SpecError(Message("spec.file.neither", spec=spec,
                                    presets=", ".join(PRESETS.names())))
        raise SpecError(f"cannot read a network spec from {type(spec).__name__}")

    # -- immutable edits -------------------------------------------------------------------
    def with_layers(self, layers: Iterable[LayerSpec]) -> "NetworkSpec":
        return replace(self, layers=tuple(layers))

    def with_input_shape(self, shape: Iterable[int]) -> "NetworkSpec":
        return replace(self, input_shape=tuple(shape))

    def replace_layer(self, index: int, layer: LayerSpec) -> "NetworkSpec":
        layers = list(self.layers)
        layers[index] = layer
        return self.with_layers(layers)

    def insert_layer(self, index: int, layer: LayerSpec) -> "NetworkSpec":
        layers = list(self.layers)
        layers.insert(index, layer)
        return self.with_layers(layers)

    def remove_layer(self, index: int) -> "NetworkSpec":
        layers = list(self.layers)
        del layers[index]
        return self.with_layers(layers)

    def move_layer(self, src: int, dst: int) -> "NetworkSpec":
        layers = list(self.layers)
        layers.insert(dst, layers.pop(src))
        return self.with_layers(layers)

    # -- names, shapes, problems (``dlstudio.engine.validation``) ----------------------------
    def layer_names(self) -> list[str]:
        """Keras-style unique names: the given name, else ``dense``, ``dense_1``, ..."""
        return validation.layer_names(self.layers)

    def check(self) -> SpecReport:
        """Shape inference, parameter counts and problems, computed once per spec (no weight
        is allocated; see ``dlstudio.engine.validation``)."""
        report = self._report
        if report is None:
            report = validation.check(self)
            object.__setattr__(self, "_report", report)
        return report

    def describe_layers(self) -> list[LayerRow]:
        """Shape inference layer by layer, with parameter counts and problems per layer."""
        return list(self.check().rows)

    def validate(self) -> list[SpecProblem]:
        """Every problem in the spec, each naming its layer and the fix."""
        return list(self.check().problems)

    def output_shape(self) -> tuple[int, ...] | None:
        rows = self.check().rows
        if not rows:
            return tuple(self.input_shape)
        return rows[-1].output_shape


def _check_depth(value: Any) -> None:
    """Refuse data nested deeper than ``MAX_DEPTH`` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SpecError(Message("spec.file.nested", limit=MAX_DEPTH))
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend((v, depth + 1) for v in item)


def migrate(d: dict) -> dict:
    """Bring an older spec dict up to the current version (the hook for future formats)."""
    version = d.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SpecError(Message("spec.file.unknown_version", version=shown(version)))
    if version > VERSION:
        raise SpecError(Message("spec.file.newer", version=shown(version), supported=VERSION))
    # version 1 is current; future migrations go here, one step per version:
    # if version == 1: d = _v1_to_v2(d); version = 2
    d["version"] = VERSION
    return d
