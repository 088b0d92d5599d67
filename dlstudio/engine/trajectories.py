"""Optimizer trajectories on 2-D loss surfaces.

The playground runs the engine's *real* optimizer classes (the ones that train networks)
on a parameter vector of two numbers: each step computes the surface's gradient at the
current point, wraps the point and its gradient in a ``ParamRef`` and calls
``optimizer.apply``, exactly as the trainer does for a network's weights. What a student sees
on the contour plot is therefore what happens inside a real training run.

Example (the textbook fact: gradient descent with learning rate 0.01 on ``(w - 5)^2`` from
``w = 0``)::

    surface = Quadratic(a=2.0, b=2.0, center=(5.0, 5.0), start=(0.0, 0.0), window=(-1, 6, -1, 6))
    path = run_trajectory(surface, "sgd", learning_rate=0.01, steps=1000)
    path.points[-1]            # -> array([4.99999999, 4.99999999])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from dlstudio.engine import optimizers
from dlstudio.engine.optimizers.base import ParamRef
from dlstudio.engine.surfaces import SURFACES, Surface
from dlstudio.engine.surfaces import get as get_surface

__all__ = ["OptimizerRun", "Trajectory", "run_trajectory", "run_many", "default_runs",
           "ESCAPE_FACTOR"]

#: A path is stopped as diverged once it is this many window-sizes away from the window.
ESCAPE_FACTOR = 1e3


@dataclass(frozen=True)
class OptimizerRun:
    """One optimizer setting for the playground: a label, a registry name and its config."""

    label: str
    optimizer: str
    learning_rate: float
    config: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Trajectory:
    """The path of one optimizer over a surface.

    Attributes
    ----------
    points : (n + 1, 2) float64 array
        The start point followed by the point after each step taken.
    values : (n + 1,) float64 array
        The loss at each point.
    diverged : bool
        True when the path left the plotting region by far (or became NaN) and was stopped
        early; ``points`` then holds the steps up to that moment.
    """

    label: str
    optimizer: str
    learning_rate: float
    config: dict
    points: np.ndarray
    values: np.ndarray
    diverged: bool = False

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    @property
    def final(self) -> np.ndarray:
        return self.points[-1]

    def distance_to(self, point: Sequence[float]) -> np.ndarray:
        """Distance of every point of the path to ``point``; shape ``(n + 1,)``."""
        return np.linalg.norm(self.points - np.asarray(point, dtype=np.float64), axis=1)


def run_trajectory(surface: Surface | str, optimizer: str | dict, learning_rate: float,
                   steps: int, start: Sequence[float] | None = None, label: str | None = None,
                   **config) -> Trajectory:
    """Run ``steps`` updates of an engine optimizer on a surface.

    Parameters
    ----------
    surface : Surface or registered name
    optimizer : registry name (``"sgd"``, ``"adam"``...) or identifier dict
    learning_rate : float
    steps : int
        Number of updates; the path holds ``steps + 1`` points unless it diverges.
    start : (2,) sequence, optional
        Start point; the surface's own start point by default.
    **config
        Optimizer settings (``momentum=0.9``, ``nesterov=True``, ``beta_1=...``).

    Returns
    -------
    Trajectory
    """
    surface = get_surface(surface)
    if steps < 0:
        raise ValueError(f"steps must be 0 or more, got {steps}")
    opt = optimizers.get(optimizer, **config)
    # two numbers per step: the NumPy twin of the update rule beats a kernel call (and needs
    # no compilation), and the twins are tested equal by the optimizers' own tests
    opt.backend = "numpy"
    p = np.array(surface.start if start is None else start, dtype=np.float64)
    if p.shape != (2,):
        raise ValueError(f"start must be a point (x, y), got {start!r}")
    x0, x1, y0, y1 = surface.window
    size = max(x1 - x0, y1 - y0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    points = [p.copy()]
    values = [surface.value_at(p)]
    diverged = False
    for _ in range(steps):
        grad = surface.gradient_at(p)
        opt.apply([ParamRef(0, "w", p, grad)], learning_rate)
        value = surface.value_at(p)
        if not (np.all(np.isfinite(p)) and np.isfinite(value)) or \
                max(abs(p[0] - cx), abs(p[1] - cy)) > ESCAPE_FACTOR * size:
            diverged = True
            break
        points.append(p.copy())
        values.append(value)
    name = optimizer if isinstance(optimizer, str) else str(optimizer.get("name", optimizer))
    return Trajectory(label=label or name, optimizer=name, learning_rate=float(learning_rate),
                      config=dict(config), points=np.array(points), values=np.array(values),
                      diverged=diverged)


def run_many(surface: Surface | str, runs: Iterable[OptimizerRun], steps: int,
             start: Sequence[float] | None = None) -> list[Trajectory]:
    """Run several optimizer settings from the same start point (one trajectory each)."""
    return [run_trajectory(surface, r.optimizer, r.learning_rate, steps, start=start,
                           label=r.label, **r.config) for r in runs]


def default_runs(surface: Surface | str = "bowl", momentum: float = 0.9,
                 learning_rates: dict[str, float] | None = None) -> list[OptimizerRun]:
    """The playground's standard line-up, with the surface's suggested learning rates.

    Plain SGD uses the surface's ``"sgd"`` rate, momentum and Nesterov its ``"momentum"`` rate
    (the ``"sgd"`` one when absent: momentum multiplies the step by up to ``1 / (1 - beta)``);
    AdaGrad, RMSProp and Adam share its ``"adaptive"`` rate (their steps are about
    ``learning_rate`` long whatever the gradient's size). ``learning_rates`` overrides any key.
    """
    name = surface if isinstance(surface, str) else _name_of(surface)
    lr = dict(SURFACES.entry(name).meta.get("lr", {})) if name else {}
    lr.setdefault("sgd", 0.01)
    lr.setdefault("adaptive", 0.1)
    lr.update(learning_rates or {})
    lr.setdefault("momentum", lr["sgd"])
    return [
        OptimizerRun("SGD", "sgd", lr["sgd"]),
        OptimizerRun("Momentum", "sgd", lr["momentum"], {"momentum": momentum}),
        OptimizerRun("Nesterov", "sgd", lr["momentum"], {"momentum": momentum, "nesterov": True}),
        OptimizerRun("AdaGrad", "adagrad", lr["adaptive"]),
        OptimizerRun("RMSProp", "rmsprop", lr["adaptive"]),
        OptimizerRun("Adam", "adam", lr["adaptive"]),
    ]


def _name_of(surface: Surface) -> str | None:
    for entry in SURFACES.entries():
        if entry.obj is surface:
            return entry.name
    return None
