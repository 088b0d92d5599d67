"""The learning rate a run uses at each step: a schedule times a multiplier.

``rate(step) = schedule(step) * multiplier``. The schedule (from ``TrainSpec.schedule``,
built by ``dlstudio.engine.schedules``) starts at ``TrainSpec.learning_rate``; the multiplier
starts at 1 and changes when the user sets a rate during the run or reduce-on-plateau lowers
it, so a decaying schedule keeps decaying from the new value.
"""
from __future__ import annotations

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

    def scheduled(self, step: int) -> float:
        return float(self._schedule(step)) if self._schedule is not None else self.base

    def at(self, step: int) -> float:
        return self.scheduled(step) * self.multiplier

    def set_at(self, step: int, value: float) -> None:
        s = self.scheduled(step)
        self.multiplier = value / s if s > 0 else 1.0

    def state(self) -> dict[str, Any]:
        return {"multiplier": self.multiplier}

    def load_state(self, state: dict[str, Any]) -> None:
        self.multiplier = float(state["multiplier"])
