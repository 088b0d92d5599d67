"""Learning-rate schedules: the learning rate as a pure function of the step number.

A schedule is called with the optimizer's step count *before* the update, as Keras does, so
the first update uses ``lr(0)``::

    lr = schedule(optimizer.iterations)
    optimizer.apply(params, lr)

``SCHEDULES`` lists them with display names, help text and parameters for the GUI;
``get(identifier)`` builds one from a name, a Keras dict, a number (a constant rate) or an
instance; ``curve(schedule, n_steps)`` gives the rates of the first steps for a small plot.
Reduce-on-plateau ("performance scheduling") depends on validation results, so it is a
training callback, not a schedule.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from dlstudio.engine.registry import KerasConfigured, Param, Registry

__all__ = ["SCHEDULES", "Schedule", "Constant", "PiecewiseConstant", "ExponentialDecay",
           "InverseTimeDecay", "PowerDecay", "get", "curve"]

SCHEDULES: Registry[type] = Registry("learning-rate schedule")


def _positive(owner: str, name: str, value: Any, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        need = "zero or positive" if allow_zero else "positive"
        raise ValueError(f"{owner}: {name} must be a {need} number, got {value!r}")
    return float(value)


class Schedule(KerasConfigured):
    """Base class: ``schedule(step) -> float`` and ``rate(steps) -> array``."""

    name = "schedule"

    def rate(self, step: np.ndarray | float) -> np.ndarray:
        """The learning rate at ``step`` (a number or an array of step numbers, >= 0)."""
        raise NotImplementedError

    def __call__(self, step: int | float) -> float:
        return float(self.rate(np.float64(step)))


_LR0 = Param("initial_learning_rate", "float", 0.01, 1e-6, 10.0, log=True,
             display="initial learning rate", help="the learning rate at step 0")
_STEPS = Param("decay_steps", "int", 10_000, 1, 10_000_000, log=True, display="decay steps",
               help="number of steps over which the rate is divided once (s)")
_STAIRCASE = Param("staircase", "bool", False,
                   help="change the rate in jumps every decay_steps instead of smoothly")


@SCHEDULES.register("constant", "Constant", aliases=("Constant", "fixed"),
                    help="The same learning rate at every step.",
                    params=(Param("learning_rate", "float", 0.01, 1e-6, 10.0, log=True,
                                  display="learning rate", help="the rate at every step"),))
class Constant(Schedule):
    """``lr(step) = learning_rate``."""

    name = "constant"

    def __init__(self, learning_rate: float = 0.01):
        self.learning_rate = _positive("constant schedule", "learning_rate", learning_rate,
                                       allow_zero=True)

    def rate(self, step):
        return np.full(np.shape(step), self.learning_rate)

    def get_config(self):
        return {"learning_rate": self.learning_rate}


@SCHEDULES.register(
    "piecewise_constant", "Piecewise constant",
    aliases=("PiecewiseConstantDecay", "piecewise_constant_decay"),
    help="Hand-picked rates for ranges of steps, e.g. 0.1 until step 5,000, then 0.01, then "
         "0.001 after step 10,000.",
    params=(Param("boundaries", "ints", (5_000, 10_000),
                  help="steps where the rate changes (increasing)"),
            Param("values", "floats", (0.1, 0.01, 0.001),
                  help="rates: one more than there are boundaries")))
class PiecewiseConstant(Schedule):
    """Keras's PiecewiseConstantDecay.

    ``values[0]`` while ``step <= boundaries[0]``, ``values[i]`` while
    ``boundaries[i-1] < step <= boundaries[i]``, and ``values[-1]`` after the last boundary.
    """

    name = "piecewise_constant"

    def __init__(self, boundaries: Sequence[float] = (5_000, 10_000),
                 values: Sequence[float] = (0.1, 0.01, 0.001)):
        owner = "piecewise constant schedule"
        try:
            b = [float(x) for x in _numbers(boundaries)]
            v = [float(x) for x in _numbers(values)]
        except (TypeError, ValueError):
            raise ValueError(f"{owner}: boundaries and values must be lists of numbers, got "
                             f"{boundaries!r} and {values!r}") from None
        if len(v) != len(b) + 1:
            raise ValueError(f"{owner}: give one more value than boundaries (a rate before the "
                             f"first boundary and after each one); got {len(b)} boundaries and "
                             f"{len(v)} values")
        if any(b2 <= b1 for b1, b2 in zip(b, b[1:])):
            raise ValueError(f"{owner}: boundaries must increase, got {list(boundaries)}")
        for x in v:
            _positive(owner, "every value", x, allow_zero=True)
        self.boundaries = [int(x) if float(x).is_integer() else x for x in b]
        self.values = v

    def rate(self, step):
        # searchsorted 'left': the number of boundaries strictly below step
        index = np.searchsorted(np.asarray(self.boundaries, dtype=np.float64), step, side="left")
        return np.asarray(self.values)[index]

    def get_config(self):
        return {"boundaries": list(self.boundaries), "values": list(self.values)}


@SCHEDULES.register(
    "exponential_decay", "Exponential decay", aliases=("ExponentialDecay", "exponential"),
    help="lr0 * r^(step / s): divide the rate by 1/r every s steps (e.g. lr0 0.1, r 0.1, "
         "s 10,000: 0.1, then 0.01 at step 10,000, 0.001 at step 20,000).",
    params=(_LR0, _STEPS,
            Param("decay_rate", "float", 0.1, 1e-4, 1.0, log=True, display="decay rate",
                  help="factor r applied every decay_steps"),
            _STAIRCASE))
class ExponentialDecay(Schedule):
    """``lr(step) = initial_learning_rate * decay_rate ** (step / decay_steps)``.

    With ``staircase`` the exponent is ``floor(step / decay_steps)``.
    """

    name = "exponential_decay"

    def __init__(self, initial_learning_rate: float = 0.01, decay_steps: int = 10_000,
                 decay_rate: float = 0.1, staircase: bool = False):
        owner = "exponential decay"
        self.initial_learning_rate = _positive(owner, "initial_learning_rate",
                                               initial_learning_rate)
        self.decay_steps = _positive(owner, "decay_steps", decay_steps)
        self.decay_rate = _positive(owner, "decay_rate", decay_rate)
        self.staircase = _flag(owner, staircase)

    def rate(self, step):
        p = np.asarray(step, dtype=np.float64) / self.decay_steps
        if self.staircase:
            p = np.floor(p)
        return self.initial_learning_rate * np.power(self.decay_rate, p)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": _num(self.decay_steps), "decay_rate": self.decay_rate,
                "staircase": self.staircase}


@SCHEDULES.register(
    "inverse_time_decay", "Inverse time decay", aliases=("InverseTimeDecay", "inverse_time"),
    help="lr0 / (1 + r * step / s): falls quickly at first, then more and more slowly.",
    params=(_LR0, _STEPS,
            Param("decay_rate", "float", 1.0, 1e-4, 100.0, log=True, display="decay rate",
                  help="how strongly the rate falls per decay_steps"),
            _STAIRCASE))
class InverseTimeDecay(Schedule):
    """Keras's InverseTimeDecay: ``lr0 / (1 + decay_rate * step / decay_steps)``.

    With ``staircase`` the ratio ``step / decay_steps`` is floored.
    """

    name = "inverse_time_decay"

    def __init__(self, initial_learning_rate: float = 0.01, decay_steps: int = 10_000,
                 decay_rate: float = 1.0, staircase: bool = False):
        owner = "inverse time decay"
        self.initial_learning_rate = _positive(owner, "initial_learning_rate",
                                               initial_learning_rate)
        self.decay_steps = _positive(owner, "decay_steps", decay_steps)
        self.decay_rate = _positive(owner, "decay_rate", decay_rate, allow_zero=True)
        self.staircase = _flag(owner, staircase)

    def rate(self, step):
        p = np.asarray(step, dtype=np.float64) / self.decay_steps
        if self.staircase:
            p = np.floor(p)
        return self.initial_learning_rate / (1.0 + self.decay_rate * p)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": _num(self.decay_steps), "decay_rate": self.decay_rate,
                "staircase": self.staircase}


@SCHEDULES.register(
    "power", "Power scheduling", aliases=("PowerDecay", "power_decay", "power_scheduling"),
    help="lr0 / (1 + step / s)^c: after s steps the rate is lr0 / 2^c, after 3s lr0 / 4^c ... "
         "(Geron's power scheduling; c = 1 is inverse time decay).",
    params=(_LR0, _STEPS,
            Param("power", "float", 1.0, 0.0, 5.0, help="exponent c (1 is usual)")))
class PowerDecay(Schedule):
    """``lr(step) = initial_learning_rate / (1 + step / decay_steps) ** power``."""

    name = "power"

    def __init__(self, initial_learning_rate: float = 0.01, decay_steps: int = 10_000,
                 power: float = 1.0):
        owner = "power scheduling"
        self.initial_learning_rate = _positive(owner, "initial_learning_rate",
                                               initial_learning_rate)
        self.decay_steps = _positive(owner, "decay_steps", decay_steps)
        self.power = _positive(owner, "power", power, allow_zero=True)

    def rate(self, step):
        p = np.asarray(step, dtype=np.float64) / self.decay_steps
        return self.initial_learning_rate / np.power(1.0 + p, self.power)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": _num(self.decay_steps), "power": self.power}


def _numbers(value: Any) -> Sequence:
    """A list of numbers, also from text such as ``"0.1, 0.01, 0.001"`` (a form field)."""
    if isinstance(value, str):
        return value.replace("[", " ").replace("]", " ").replace("(", " ").replace(
            ")", " ").replace(",", " ").split()
    return value


def _flag(owner: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{owner}: staircase must be true or false, got {value!r}")
    return bool(value)


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def get(identifier: Any, **overrides: Any) -> Schedule:
    """A schedule from a name, a Keras dict, a number (a constant rate) or an instance.

    ``get(0.01)`` is ``Constant(0.01)``; ``get("exponential_decay", initial_learning_rate=0.1)``;
    ``get({"class_name": "ExponentialDecay", "config": {...}})``.
    """
    if isinstance(identifier, Schedule) and not overrides:
        return identifier
    if isinstance(identifier, Schedule):
        identifier = identifier.to_dict()
    if isinstance(identifier, (int, float, np.integer, np.floating)) \
            and not isinstance(identifier, bool):
        return Constant(float(identifier))
    name, config = SCHEDULES.split_identifier(identifier)
    config.update(overrides)
    try:
        return SCHEDULES[name](**config)
    except TypeError as exc:
        known = ", ".join(p.name for p in SCHEDULES.entry(name).params)
        raise ValueError(f"schedule {name!r}: unexpected settings {config!r}; it accepts "
                         f"{known}") from exc


def curve(schedule: Any, n_steps: int) -> np.ndarray:
    """The rates for steps ``0 .. n_steps - 1`` as a float64 array of shape ``(n_steps,)``."""
    if int(n_steps) != n_steps or n_steps < 0:
        raise ValueError(f"curve: n_steps must be a whole number >= 0, got {n_steps!r}")
    return np.asarray(get(schedule).rate(np.arange(int(n_steps), dtype=np.float64)),
                      dtype=np.float64)
