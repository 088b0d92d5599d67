"""Checking a network spec: shape inference, parameter counts and every problem, without
allocating a single weight.

``check(spec)`` walks the layers once: it constructs each layer object (which validates its
hyperparameters but creates no arrays), asks it for its output shape and its parameter count
(``Layer.output_shape``, ``Layer.count_params``), and collects problems, each naming its
layer and the fix. A layer whose constructor refuses has each setting tried on its own, so
every bad setting of every layer is named at once (``_make_layer``), beside an input no
setting could make it take (``Layer.check_input``). Then come the whole-network checks:
duplicate names, softmax on a hidden layer, and the memory a training batch would need
(``memory_estimate``), refused above ``memory_limit()`` (the environment variable
``DLSTUDIO_MEMORY_LIMIT_GB`` raises it).

The work is linear in the number of layers. ``NetworkSpec`` keeps the ``SpecReport`` of its
first check, so the editor, ``Studio.start`` and ``Network.from_spec`` share one check of an
unchanged spec.
"""
from __future__ import annotations

import difflib
import inspect
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dlstudio.engine.numbers import MAX_WHOLE, shown
from dlstudio.messages import Message, message_of

#: the batch size the memory estimate of ``validate`` assumes
REFERENCE_BATCH = 32
#: bytes per value (float32)
_BYTES = 4
#: arrays kept per weight during training: the weight, its gradient, two optimizer slots (Adam)
_COPIES_PER_WEIGHT = 4
#: arrays kept per activation value: the output, the pre-activation, the back-propagated gradient
_COPIES_PER_ACTIVATION = 3
#: used when the machine's memory cannot be read
_FALLBACK_LIMIT = 8 * 2**30
LIMIT_VARIABLE = "DLSTUDIO_MEMORY_LIMIT_GB"


@dataclass(frozen=True)
class SpecProblem:
    """A problem found by ``validate``; ``layer_index`` is None for whole-network problems.
    ``message`` is a ``dlstudio.messages.Message`` where the problem has one (else English)."""

    layer_index: int | None
    layer_name: str
    message: str

    def describe(self) -> str:
        """The problem with its layer ("layer 4 conv2d_1: ..."), as a ``Message`` a window or
        CLI renders in its language."""
        if self.layer_index is None:
            return self.message
        return Message("spec.at_layer", number=self.layer_index + 1, name=self.layer_name,
                       text=self.message)

    def __str__(self) -> str:
        return str.__str__(self.describe())


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
    #: ``(height, width)`` of the input patch one output unit depends on, for layers whose
    #: output is still an image (``receptive_field``); None after Flatten/Dense
    receptive_field: tuple[int, int] | None = None

    @property
    def frozen(self) -> bool:
        """The layer has weights and training changes none of them (Trainable off)."""
        return self.n_params > 0 and self.n_trainable == 0


@dataclass(frozen=True)
class SpecReport:
    """The result of one check: a row per layer, every problem, and what the memory
    estimate needs (``activation_values`` and ``work_values`` per example; None when the
    shapes could not be inferred)."""

    rows: tuple[LayerRow, ...]
    problems: tuple[SpecProblem, ...]
    activation_values: int | None = None
    work_values: int | None = None

    def memory_bytes(self, batch_size: int) -> int | None:
        """The estimated bytes of a training step at ``batch_size`` (``memory_estimate``)."""
        if self.activation_values is None:
            return None
        return memory_estimate(sum(r.n_params for r in self.rows), self.activation_values,
                               self.work_values or 0, batch_size)

    def memory_problem(self, batch_size: int) -> Message | None:
        """A refusal when a step at ``batch_size`` needs more than ``memory_limit()``."""
        needed = self.memory_bytes(batch_size)
        return None if needed is None else memory_problem(needed, batch_size)


# -- names ----------------------------------------------------------------------------------
def snake(type_name: str) -> str:
    """Keras's default layer names: ``Conv2D`` -> ``conv2d``, ``MaxPooling2D`` -> ``max_pooling2d``."""
    text = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", type_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", text).lower()


def layer_names(layers) -> list[str]:
    """Keras-style unique names: the given name, else ``dense``, ``dense_1``, ... (a name
    that is not text is ignored here; the layer's check reports it)."""
    given = [ls.config.get("name") for ls in layers]
    explicit = {g for g in given if isinstance(g, str) and g}
    used: dict[str, int] = {}
    names = []
    for ls, name in zip(layers, given):
        if isinstance(name, str) and name:
            names.append(name)
            continue
        base = snake(ls.type)
        while True:
            n = used.get(base, 0)
            used[base] = n + 1
            candidate = base if n == 0 else f"{base}_{n}"
            if candidate not in explicit:
                break
        names.append(candidate)
    return names


# -- the check ------------------------------------------------------------------------------
def receptive_field(field: tuple[tuple[int, int], tuple[int, int]] | None, layer: Any,
                    output_shape: tuple[int, ...] | None
                    ) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """One layer's step of the receptive-field recursion: ``field`` is ``((rh, rw), (jh,
    jw))`` below the layer (the patch one unit sees and the input pixels between neighbouring
    units), the result the same above it (None once the output is no longer an image).

    A window of k pixels moved by s widens the patch by (k - 1)·j and multiplies j by s:
    three 3x3 convolutions see 7x7 pixels; 3x3, 2x2 pooling, 3x3 see 3 + 1 + 2·2 = 8.
    """
    if field is None or layer is None or output_shape is None or len(output_shape) != 3:
        return None
    window = layer.window()
    if window is None:
        return field
    (r, j), (k, s) = field, window
    return (tuple(ri + (ki - 1) * ji for ri, ki, ji in zip(r, k, j)),
            tuple(ji * si for ji, si in zip(j, s)))


def input_shape_problem(shape: Any) -> Message | None:
    """What is wrong with a network's input shape, or None."""
    ok = (isinstance(shape, (list, tuple)) and shape
          and all(isinstance(s, int) and not isinstance(s, bool) and 0 < s <= MAX_WHOLE
                  for s in shape))
    if not ok:
        return Message("spec.input_shape_numbers", most=f"{MAX_WHOLE:,}",
                       got=shown(list(shape) if isinstance(shape, (list, tuple)) else shape, 60))
    if len(shape) not in (1, 3):
        return Message("spec.input_shape_axes", shape=str(list(shape)), axes=len(shape))
    return None


def check(spec) -> SpecReport:
    """Check ``spec`` (a ``NetworkSpec``) once: rows, problems and memory (module docstring)."""
    from dlstudio.engine.layers import LAYERS

    problems: list[SpecProblem] = []
    shape_msg = input_shape_problem(spec.input_shape)
    if shape_msg:
        problems.append(SpecProblem(None, "input", shape_msg))
    names = layer_names(spec.layers)
    shape = None if shape_msg else tuple(int(s) for s in spec.input_shape)
    rows: list[LayerRow] = []
    activations = 0 if shape is None else math.prod(shape)
    work = 0
    field = ((1, 1), (1, 1)) if shape is not None and len(shape) == 3 else None
    for i, (ls, name) in enumerate(zip(spec.layers, names)):
        layer_problems: list[str] = []
        out, n_params, n_trainable = None, 0, 0
        layer = _make_layer(LAYERS, ls, layer_problems)
        if layer is None and shape is not None and ls.type in LAYERS:
            _input_problem(LAYERS[ls.type], shape, ls.type, layer_problems)
        if layer is not None and shape is not None:
            try:
                out = tuple(int(d) for d in layer.output_shape(shape))
                n_params, n_trainable = layer.count_params(shape)
                activations += math.prod(out)
                work = max(work, _work_values(layer, shape, out))
            except ValueError as exc:
                layer_problems.append(_layer_text(exc, ls.type))
                out = None
        field = receptive_field(field, layer, out)
        rows.append(LayerRow(i, name, ls.type, out, n_params, n_trainable,
                             tuple(layer_problems), field[0] if field else None))
        problems.extend(SpecProblem(i, name, p) for p in layer_problems)
        shape = out
    if not spec.layers:
        problems.append(SpecProblem(None, "network", Message("spec.no_layers")))
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in seen:
            problems.append(SpecProblem(i, n, Message("spec.duplicate_name", name=n)))
        seen.setdefault(n, i)
    for i, ls in enumerate(spec.layers[:-1]):
        if ls.config.get("activation") == "softmax":
            problems.append(SpecProblem(i, names[i], Message("spec.softmax_hidden")))
    report = SpecReport(tuple(rows), tuple(problems))
    if rows and all(r.output_shape is not None for r in rows):
        report = SpecReport(tuple(rows), tuple(problems), activations, work)
        msg = report.memory_problem(REFERENCE_BATCH)
        if msg:
            report = SpecReport(tuple(rows), (*problems, SpecProblem(None, "network", msg)),
                                activations, work)
    return report


# -- memory -------------------------------------------------------------------------------
def _work_values(layer, input_shape, output_shape) -> int:
    """Values of the largest temporary per example (a convolution's im2col matrix)."""
    kernel = getattr(layer, "kernel_size", None)
    if layer.type_name != "Conv2D" or kernel is None:
        return 0
    return math.prod(output_shape[:2]) * math.prod(kernel) * int(input_shape[-1])


def memory_estimate(n_params: int, activation_values: int, work_values: int,
                    batch_size: int) -> int:
    """Bytes a training step needs, roughly: every weight ``_COPIES_PER_WEIGHT`` times, and
    per example every layer's output ``_COPIES_PER_ACTIVATION`` times plus the largest
    temporary. An estimate for refusing absurd networks, not an exact figure."""
    per_example = _COPIES_PER_ACTIVATION * activation_values + work_values
    return _BYTES * (_COPIES_PER_WEIGHT * n_params + batch_size * per_example)


def memory_limit() -> int:
    """The largest estimate accepted, in bytes: ``DLSTUDIO_MEMORY_LIMIT_GB`` if set, else
    three quarters of the machine's memory."""
    text = os.environ.get(LIMIT_VARIABLE, "").strip()
    if text:
        try:
            value = float(text)
            if math.isfinite(value) and value > 0:
                return int(value * 2**30)
        except ValueError:
            pass
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        return int(0.75 * total) if total > 0 else _FALLBACK_LIMIT
    except (AttributeError, ValueError, OSError):
        return _FALLBACK_LIMIT


def format_bytes(n: int) -> str:
    for unit, size in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n} bytes"


def memory_problem(memory_bytes: int, batch_size: int) -> Message | None:
    """A refusal naming the estimate and the limit, or None when ``memory_bytes`` fits."""
    limit = memory_limit()
    if memory_bytes <= limit:
        return None
    return Message("spec.memory_too_big", needed=format_bytes(memory_bytes), batch=batch_size,
                   limit=format_bytes(limit), variable=LIMIT_VARIABLE)


# -- one layer ------------------------------------------------------------------------------
def _make_layer(registry, ls, problems: list[str]):
    """The layer ``ls`` describes, or None after adding every problem of its settings to
    ``problems``: unknown settings, required ones left out, and each bad value.

    A layer's constructor stops at its first bad value, so when it refuses, each setting is
    tried again on its own (``_setting_problems``): a Conv2D with filters -3 and kernel size
    "zz" is told both at once (walker32 W32-2), not the second only after the first is fixed.
    """
    if ls.type not in registry:
        close = difflib.get_close_matches(ls.type, registry.names(), n=1)
        hint = Message("spec.did_you_mean_type", name=repr(close[0])) if close else ""
        problems.append(Message("spec.unknown_layer", name=shown(ls.type), hint=hint,
                                available=", ".join(registry.names())))
        return None
    cls = registry[ls.type]
    accepted = accepted_args(cls)
    unknown = [k for k in ls.config if k not in accepted]
    for k in unknown:
        close = difflib.get_close_matches(k, sorted(accepted), n=1)
        hint = (Message("spec.did_you_mean_setting", name=repr(close[0])) if close
                else Message("spec.it_accepts", names=", ".join(sorted(accepted))))
        problems.append(Message("spec.unknown_setting", name=shown(k), hint=hint))
    # a setting the layer cannot do without, left out or emptied ("-" in a form): said in
    # words, not as Python's "missing 1 required positional argument" (walker23 W23-9)
    missing = [k for k in required_args(cls) if ls.config.get(k) is None]
    for k in missing:
        problems.append(Message("spec.missing_setting", name=k))
    known = {k: v for k, v in ls.config.items() if k in accepted and k not in missing}
    if not unknown and not missing:
        try:
            return cls(**known)
        except _LAYER_ERRORS as exc:
            whole = _layer_text(exc, ls.type)
        found = _setting_problems(registry, ls.type, known)
        problems.extend(found or [whole])    # none alone: two settings that do not go together
    else:
        problems.extend(_setting_problems(registry, ls.type, known))
    return None


def _input_problem(cls, shape: tuple[int, ...], type_name: str, problems: list) -> None:
    """Add to ``problems`` the refusal of ``shape`` by a layer of class ``cls`` that no
    setting could lift (``Layer.check_input``), for a layer whose settings are bad: its input
    is known all the same, so fixing the values reveals no new problem (walker34 W34-7)."""
    try:
        cls.check_input(shape)
    except ValueError as exc:
        problems.append(_layer_text(exc, type_name))


#: what a layer's constructor raises for a bad setting
_LAYER_ERRORS = (ValueError, TypeError, KeyError, OverflowError, RecursionError)


def _setting_problems(registry, type_name: str, config: dict) -> list[str]:
    """The problem of each setting of ``config`` taken alone, in the order of the layer's
    parameters: the layer is constructed with that one setting and the registry's suggested
    values for the required ones (``Entry.meta["suggested"]``)."""
    entry = registry.entry(type_name)
    base = {k: v for k, v in (entry.meta.get("suggested") or {}).items()
            if k in required_args(entry.obj)}
    if any(k not in base for k in required_args(entry.obj)):
        return []                                 # no value to stand in for a required one
    order = [p.name for p in entry.params]
    found = []
    for key in sorted(config, key=lambda k: order.index(k) if k in order else len(order)):
        try:
            entry.obj(**{**base, key: config[key]})
        except _LAYER_ERRORS as exc:
            found.append(_layer_text(exc, type_name))
    return found


@lru_cache(maxsize=None)
def required_args(cls) -> tuple[str, ...]:
    """The keyword arguments a layer class cannot do without (no default), in order."""
    sig = inspect.signature(cls.__init__)
    return tuple(p.name for p in sig.parameters.values()
                 if p.name not in ("self", "args", "kwargs") and p.default is p.empty
                 and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


@lru_cache(maxsize=None)
def accepted_args(cls) -> frozenset[str]:
    """The keyword arguments a layer class accepts (read once per class)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            sig = inspect.signature(klass.__init__)
            names.update(p for p in sig.parameters if p not in ("self", "args", "kwargs"))
    return frozenset(names)


def _layer_text(exc: BaseException, type_name: str) -> str:
    """A layer's error without its type prefix (the row already names the layer); the
    ``Message`` it carries, when it has one."""
    msg = message_of(exc)
    if msg is not None and msg.id == "spec.layer_says":
        return msg.values["text"]
    if msg is not None:
        return msg
    text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    return _strip_prefix(str(text), type_name)


def _strip_prefix(text: str, type_name: str) -> str:
    """Layers prefix their errors with their type; the row already names the layer."""
    for prefix in (f"{type_name}: ", f"{type_name} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text
