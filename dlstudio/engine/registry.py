"""Registries: one per family (layers, activations, initializers, losses, optimizers,
schedules, datasets...).

A registry maps a short name (``"he_normal"``) to an implementation and carries what a user
interface needs to offer it: a display name, help text in student language, and a typed
description of every parameter (``Param``). Combo boxes, property panels, the CLI and the
parametrized tests all read the same registry, so adding a family member is one edit.

Identifiers follow Keras: ``get`` accepts a name (``"relu"``), a dict
(``{"class_name": "leaky_relu", "config": {"alpha": 0.2}}`` or ``{"name": ..., **config}``)
or an already-built instance.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterator, TypeVar

from dlstudio.engine.numbers import FLOAT32_MAX, shown
from dlstudio.messages import Message

T = TypeVar("T")


@dataclass(frozen=True)
class Param:
    """One user-settable parameter of a family member.

    ``kind`` is one of ``"float"``, ``"int"``, ``"bool"``, ``"choice"``, ``"str"``,
    ``"ints"`` (an int or a tuple of ints, e.g. a kernel size).
    ``low``/``high`` bound numeric values (inclusive); ``log`` says a slider or a random
    search should move on a log scale. ``required``: a value must be given (a layer's units,
    filters, kernel size); without it, a ``default`` of None means the setting is optional
    ("not set" is a value: a seed, a pooling stride).
    """

    name: str
    kind: str
    default: Any = None
    low: float | None = None
    high: float | None = None
    choices: tuple = ()
    log: bool = False
    help: str = ""
    display: str = ""
    required: bool = False

    @property
    def label(self) -> str:
        return self.display or self.name.replace("_", " ")

    def check(self, value: Any) -> Message | None:
        """Return a plain-words problem with ``value`` (a ``param.*`` message, its English
        text as a str), or None when it is acceptable."""
        if self.kind in ("float", "int"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return Message("param.number", name=self.name, value=shown(value))
            if not -FLOAT32_MAX <= value <= FLOAT32_MAX:   # also false for NaN
                return Message("param.finite", name=self.name, value=shown(value))
            if self.kind == "int" and int(value) != value:
                return Message("param.whole", name=self.name, value=repr(value))
            if self.low is not None and value < self.low:
                return Message("param.at_least", name=self.name, low=self.low,
                               value=repr(value))
            if self.high is not None and value > self.high:
                return Message("param.at_most", name=self.name, high=self.high,
                               value=repr(value))
        elif self.kind == "bool":
            if not isinstance(value, bool):
                return Message("param.bool", name=self.name, value=repr(value))
        elif self.kind == "choice":
            if value not in self.choices:
                options = ", ".join(repr(c) for c in self.choices)
                return Message("param.choice", name=self.name, options=options,
                               value=repr(value))
        return None


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A registered family member: its name, the object it stands for, and its metadata."""

    name: str
    obj: T
    display: str
    help: str = ""
    params: tuple[Param, ...] = ()
    meta: dict = field(default_factory=dict)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}


class Registry(Generic[T]):
    """Name -> implementation, with display names, parameter metadata and help text."""

    def __init__(self, family: str):
        self.family = family
        self._entries: dict[str, Entry[T]] = {}
        self._aliases: dict[str, str] = {}

    def register(
        self,
        name: str,
        display: str | None = None,
        *,
        help: str = "",
        params: tuple[Param, ...] | list[Param] = (),
        aliases: tuple[str, ...] = (),
        **meta: Any,
    ) -> Callable[[T], T]:
        """Decorator (or plain call via ``add``) registering ``obj`` under ``name``."""

        def deco(obj: T) -> T:
            self.add(name, obj, display=display, help=help, params=params, aliases=aliases, **meta)
            return obj

        return deco

    def add(self, name: str, obj: T, *, display: str | None = None, help: str = "",
            params=(), aliases: tuple[str, ...] = (), **meta: Any) -> Entry[T]:
        if name in self._entries:
            raise ValueError(f"{self.family} {name!r} is registered twice")
        entry = Entry(name=name, obj=obj, display=display or name, help=help,
                      params=tuple(params), meta=dict(meta))
        self._entries[name] = entry
        for alias in aliases:
            self._aliases[alias.lower()] = name
        return entry

    def resolve(self, name: str) -> str:
        """The canonical name for ``name`` (case-insensitive, aliases allowed)."""
        if name in self._entries:
            return name
        key = str(name).lower()
        for canonical in self._entries:
            if canonical.lower() == key:
                return canonical
        if key in self._aliases:
            return self._aliases[key]
        close = difflib.get_close_matches(str(name), list(self._entries), n=3)
        hint = (Message("registry.did_you_mean", names=tuple(repr(c) for c in close))
                if close else "")
        raise KeyError(Message("registry.unknown", family=self.family, name=repr(name),
                               hint=hint, known=", ".join(self._entries)))

    def entry(self, name: str) -> Entry[T]:
        return self._entries[self.resolve(name)]

    def __getitem__(self, name: str) -> T:
        return self.entry(name).obj

    def __contains__(self, name: object) -> bool:
        try:
            self.resolve(str(name))
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> list[str]:
        return list(self._entries)

    def entries(self) -> list[Entry[T]]:
        return list(self._entries.values())

    def build(self, identifier: Any) -> Any:
        """Call the registered class or factory for a name or Keras-style dict, after checking
        that every setting given is one of the entry's ``params`` (``ValueError`` naming the
        unknown settings and the accepted ones; ``KeyError`` for an unknown name)."""
        name, config = self.split_identifier(identifier)
        entry = self.entry(name)
        allowed = {p.name for p in entry.params}
        unknown = set(config) - allowed
        if unknown:
            hint = f"it accepts {', '.join(sorted(allowed))}" if allowed else "it takes no settings"
            raise ValueError(f"{self.family} {name!r} has no setting {', '.join(sorted(unknown))}; "
                             f"{hint}")
        return entry.obj(**config)

    def split_identifier(self, identifier: Any) -> tuple[str, dict]:
        """Split a Keras-style identifier into (canonical name, config dict).

        Accepts ``"relu"``, ``{"class_name": "relu", "config": {...}}`` and
        ``{"name": "relu", ...config}``. Raises ``KeyError``/``ValueError`` with a
        message meant for a user.
        """
        if isinstance(identifier, str):
            return self.resolve(identifier), {}
        if isinstance(identifier, dict):
            key = "class_name" if "class_name" in identifier else "name"
            name = identifier.get(key)
            if key == "class_name":
                config = identifier.get("config") or {}
            else:
                config = {k: v for k, v in identifier.items() if k != "name"}
            if isinstance(name, str) and isinstance(config, dict):
                return self.resolve(name), dict(config)
        raise ValueError(f"cannot read {shown(identifier, 60)} as a {self.family}: give a name "
                         f"such as {next(iter(self._entries), '...')!r}, or "
                         f"{{\"class_name\": name, \"config\": {{settings}}}}")


class Configured:
    """Value semantics for a family member described by ``name`` and ``config`` (activations,
    initializers): equal when both match, hashable, and a readable ``repr``."""

    family: str = ""          # set by each family's base class, e.g. "activation"
    name: str = ""
    config: dict

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Configured) and other.family == self.family
                and (self.name, self.config) == (other.name, other.config))

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.config.items()))))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config.items())
        return f"{type(self).__name__}({args})"


class KerasConfigured:
    """Value semantics for a family member that describes itself with ``get_config()`` (losses,
    schedules): Keras's ``{"class_name", "config"}`` form, equality by type and config, and a
    readable ``repr``."""

    name: str = ""

    def get_config(self) -> dict:
        raise NotImplementedError

    def to_dict(self) -> dict:
        return {"class_name": self.name, "config": self.get_config()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.get_config() == self.get_config()

    def __hash__(self) -> int:
        return hash(self.name)
