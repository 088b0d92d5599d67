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

import difflib
import inspect
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from dlstudio.engine import keras_format

FORMAT = "dlstudio.network"
VERSION = 1


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
            raise SpecError(f"each layer needs a \"type\" such as \"Dense\", got {d!r}")
        cfg = {k: v for k, v in d.items() if k != "type"}
        return cls(str(d["type"]), cfg)

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
class SpecProblem:
    """A problem found by ``validate``; ``layer_index`` is None for whole-network problems."""

    layer_index: int | None
    layer_name: str
    message: str

    def __str__(self) -> str:
        if self.layer_index is None:
            return self.message
        return f"layer {self.layer_index + 1} {self.layer_name}: {self.message}"


@dataclass(frozen=True)
class LayerRow:
    """What the editor shows beside each layer."""

    index: int
    name: str
    type: str
    output_shape: tuple[int, ...] | None
    n_params: int
    n_trainable: int
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class NetworkSpec:
    """A network: the input shape (without the batch axis) and the layers in order."""

    input_shape: tuple[int, ...]
    layers: tuple[LayerSpec, ...] = ()
    version: int = VERSION

    # -- construction / serialization ---------------------------------------------------
    @classmethod
    def from_dict(cls, d: dict) -> "NetworkSpec":
        if not isinstance(d, dict):
            raise SpecError("a network spec must be a JSON object with \"input_shape\" and \"layers\"")
        if keras_format.is_keras_config(d):           # model.to_json() / a .keras config.json
            try:
                d = keras_format.spec_from_keras_config(d)
            except keras_format.KerasFormatError as exc:
                raise SpecError(str(exc)) from None
        fmt = d.get("format", FORMAT)
        if fmt != FORMAT:
            raise SpecError(f"this is a {fmt!r} file, not a dlstudio network ({FORMAT!r})")
        d = migrate(dict(d))
        if "input_shape" not in d:
            raise SpecError("the spec has no \"input_shape\", e.g. [28, 28, 1] for MNIST images "
                            "or [2] for points in the plane")
        shape = d["input_shape"]
        if isinstance(shape, int):
            shape = [shape]
        if not isinstance(shape, (list, tuple)):
            raise SpecError(f"\"input_shape\" must be a list of sizes, got {shape!r}")
        layers = d.get("layers", [])
        if not isinstance(layers, list):
            raise SpecError("\"layers\" must be a list of layer objects")
        return cls(tuple(shape), tuple(LayerSpec.from_dict(ld) for ld in layers))

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
            raise SpecError(f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> "NetworkSpec":
        from dlstudio.engine.fileio import read_text

        path = Path(path)
        text = read_text(path, SpecError)
        try:
            return cls.from_json(text)
        except SpecError as exc:
            raise SpecError(f"{path}: {exc}") from None

    def save(self, path: str | Path) -> None:
        from dlstudio.engine.fileio import atomic_write

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
                    raise SpecError(str(exc)) from None
            if p.suffix.lower() == ".json" or p.exists():
                return cls.load(p)
            from dlstudio.engine.presets import PRESETS

            if str(spec) in PRESETS:
                return PRESETS[str(spec)]()
            raise SpecError(f"{spec!r} is neither a network file nor a preset "
                            f"({', '.join(PRESETS.names())})")
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

    # -- names, shapes, problems ---------------------------------------------------------
    def layer_names(self) -> list[str]:
        """Keras-style unique names: the given name, else ``dense``, ``dense_1``, ..."""
        used: dict[str, int] = {}
        names = []
        explicit = {ls.config.get("name") for ls in self.layers if ls.config.get("name")}
        for ls in self.layers:
            given = ls.config.get("name")
            if given:
                names.append(str(given))
                continue
            base = _snake(ls.type)
            while True:
                n = used.get(base, 0)
                used[base] = n + 1
                candidate = base if n == 0 else f"{base}_{n}"
                if candidate not in explicit:
                    break
            names.append(candidate)
        return names

    def describe_layers(self) -> list[LayerRow]:
        """Shape inference layer by layer, with parameter counts and problems per layer."""
        from dlstudio.engine.layers import LAYERS
        import numpy as np

        rows: list[LayerRow] = []
        names = self.layer_names()
        shape_problem = _check_input_shape(self.input_shape)
        shape: tuple[int, ...] | None = None if shape_problem else tuple(int(s) for s in self.input_shape)
        rng = np.random.default_rng(0)
        for i, (ls, name) in enumerate(zip(self.layers, names)):
            problems: list[str] = []
            out, n_params, n_trainable = None, 0, 0
            layer = _make_layer(LAYERS, ls, problems)
            if layer is not None and shape is not None:
                try:
                    out = tuple(int(d) for d in layer.output_shape(shape))
                    layer.build(shape, rng)
                    n_params, n_trainable = layer.n_params, layer.n_trainable
                except ValueError as exc:
                    problems.append(_strip_prefix(str(exc), ls.type))
                    out = None
            rows.append(LayerRow(i, name, ls.type, out, n_params, n_trainable, tuple(problems)))
            shape = out
        return rows

    def validate(self) -> list[SpecProblem]:
        """Every problem in the spec, each naming its layer and the fix."""
        problems: list[SpecProblem] = []
        msg = _check_input_shape(self.input_shape)
        if msg:
            problems.append(SpecProblem(None, "input", msg))
        if not self.layers:
            problems.append(SpecProblem(None, "network", "the network has no layers: add at "
                                        "least a Dense output layer"))
            return problems
        rows = self.describe_layers()
        for row in rows:
            for p in row.problems:
                problems.append(SpecProblem(row.index, row.name, p))
        names = [r.name for r in rows]
        for i, n in enumerate(names):
            if names.index(n) != i:
                problems.append(SpecProblem(i, n, f"the name {n!r} is used twice; names must be unique"))
        for i, ls in enumerate(self.layers[:-1]):
            if ls.config.get("activation") == "softmax":
                problems.append(SpecProblem(i, names[i], "softmax belongs on the output layer only; "
                                            "use relu, tanh or elu for hidden layers"))
        return problems

    def output_shape(self) -> tuple[int, ...] | None:
        rows = self.describe_layers()
        if not rows:
            return tuple(self.input_shape)
        return rows[-1].output_shape


def migrate(d: dict) -> dict:
    """Bring an older spec dict up to the current version (the hook for future formats)."""
    version = d.get("version", VERSION)
    if not isinstance(version, int) or version < 1:
        raise SpecError(f"unknown network spec version {version!r}")
    if version > VERSION:
        raise SpecError(f"this network was saved by a newer dlstudio (format version {version}); "
                        f"this one reads up to version {VERSION}: please update dlstudio")
    # version 1 is current; future migrations go here, one step per version:
    # if version == 1: d = _v1_to_v2(d); version = 2
    d["version"] = VERSION
    return d


# -- helpers ------------------------------------------------------------------------------
def _snake(type_name: str) -> str:
    """Keras's default layer names: ``Conv2D`` -> ``conv2d``, ``MaxPooling2D`` -> ``max_pooling2d``."""
    text = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", type_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", text).lower()


def _check_input_shape(shape) -> str | None:
    if not shape or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in shape):
        return (f"the input shape must be a list of positive whole numbers, e.g. [28, 28, 1] "
                f"for images or [2] for 2-D points; got {list(shape) if shape else shape!r}")
    if len(shape) not in (1, 3):
        return (f"the input shape {list(shape)} has {len(shape)} axes; use [features] for vectors "
                f"or [height, width, channels] for images")
    return None


def _make_layer(registry, ls: LayerSpec, problems: list[str]):
    if ls.type not in registry:
        close = difflib.get_close_matches(ls.type, registry.names(), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        problems.append(f"unknown layer type {ls.type!r}.{hint} Available: {', '.join(registry.names())}")
        return None
    cls = registry[ls.type]
    accepted = _accepted_args(cls)
    unknown = [k for k in ls.config if k not in accepted]
    if unknown:
        for k in unknown:
            close = difflib.get_close_matches(k, sorted(accepted), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; it accepts {', '.join(sorted(accepted))}"
            problems.append(f"unknown setting {k!r}{hint}")
        return None
    try:
        return cls(**ls.config)
    except (ValueError, TypeError, KeyError) as exc:
        text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        problems.append(_strip_prefix(str(text), ls.type))
        return None


def _accepted_args(cls) -> set[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            sig = inspect.signature(klass.__init__)
            names.update(p for p in sig.parameters if p not in ("self", "args", "kwargs"))
    return names


def _strip_prefix(text: str, type_name: str) -> str:
    """Layers prefix their errors with their type; the row already names the layer."""
    for prefix in (f"{type_name}: ", f"{type_name} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text
