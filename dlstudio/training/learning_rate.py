"""The learning rate a run uses at each step: a schedule times a multiplier.

``rate(step) = schedule(step) * multiplier``. The schedule (from ``TrainSpec.schedule``,
built by ``dlstudio.engine.schedules``) starts at ``TrainSpec.learning_rate``; the multiplier
starts at 1 and changes when the user sets a rate during the run or reduce-on-plateau lowers
it, so a decaying schedule keeps decaying from the new value.

The state (``state()``, kept in checkpoints and workspaces) is the multiplier and the rate the
student typed last during the run (``typed``, None when none was): the schedule's position is
the step, which the trainer keeps, so a continued run follows the same curve. A continuation
compares the rate its Training panel shows with ``typed_rate(state)`` to tell a rate typed
anew (which applies) from the one typed during the run (whose decay since then is kept).
"""
from __future__ import annotations

import math
from typing import Any, Callable


def build_schedule(learning_rate: float, schedule: dict | None) -> Callable[[int], float] | None:
    """The schedule function ``step -> rate`` for a Keras-style dict, or None (constant)."""
    if schedule is None:
        return None
    from dlstudio.engine import schedules

    ident = dict(schedule)
    name = ident.pop("name", None) or ident.pop("class_name", None)
    config = dict(ident.pop("config", {}) or {})
    config.update(ident)
    entry = schedules.SCHEDULES.entry(name)
    accepted = {p.name for p in entry.params}
    for key in ("initial_learning_rate", "learning_rate"):
        if key in accepted and key not in config:
            config[key] = learning_rate
            break
    fn = schedules.get({"name": entry.name, **config})
    return fn


class LearningRate:
    """``at(step)`` gives the rate; ``set_at(step, value)`` makes it ``value`` from there."""

    def __init__(self, learning_rate: float, schedule: dict | None = None) -> None:
        self.base = float(learning_rate)
        self._schedule = build_schedule(self.base, schedule)
        self.multiplier = 1.0
        #: the rate the student typed last during the run (None: none was)
        self.typed: float | None = None

    def scheduled(self, step: int) -> float:
        return float(self._schedule(step)) if self._schedule is not None else self.base

    def at(self, step: int) -> float:
        return self.scheduled(step) * self.multiplier

    def set_at(self, step: int, value: float, typed: bool = False) -> None:
        """Make the rate ``value`` from ``step`` on; ``typed``: the student set it (not a
        callback such as reduce-on-plateau)."""
        s = self.scheduled(step)
        self.multiplier = value / s if s > 0 else 1.0
        if typed:
            self.typed = float(value)

    def state(self) -> dict[str, Any]:
        return {"multiplier": self.multiplier, "typed": self.typed}

    def load_state(self, state: dict[str, Any]) -> None:
        self.multiplier = float(state["multiplier"])
        self.typed = typed_rate_of(state)


def typed_rate_of(lr_state: Any) -> float | None:
    """The rate typed during the run in a ``LearningRate.state()`` (None when none was, or
    the state predates it)."""
    typed = lr_state.get("typed") if isinstance(lr_state, dict) else None
    if isinstance(typed, bool) or not isinstance(typed, (int, float)) \
            or not math.isfinite(typed) or typed <= 0:
        return None
    return float(typed)


def typed_rate(trainer_state: Any) -> float | None:
    """The learning rate the student typed last during the run saved in ``trainer_state``
    (``Trainer.state_dict()``), or None: the rate the Training panel showed when the run
    was saved, whose decay since (schedule, reduce-on-plateau) a continuation keeps."""
    return typed_rate_of(trainer_state.get("lr") if isinstance(trainer_state, dict) else None)


def saved_rate(trainer_state: dict) -> float:
    """The learning rate the next step of the run saved in ``trainer_state``
    (``Trainer.state_dict()``) uses: its schedule at its step times its multiplier (what a
    continuation uses unless a new rate is typed)."""
    from dlstudio.training.spec import TrainSpec

    spec = TrainSpec.coerce(trainer_state["spec"])
    lr = LearningRate(spec.learning_rate, spec.schedule)
    lr.load_state(trainer_state["lr"])
    return lr.at(int(trainer_state["step"]))

