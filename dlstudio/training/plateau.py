"""An early plateau in a loss curve: the loss sitting on one level for a while near the start.

A network whose first steps hardly change its output (sigmoid hidden layers, a tiny learning
rate) shows a flat loss at the level of an untrained network before it falls.
``early_plateau`` finds the longest such stretch in a run's batch losses; the diagnosis rules
(``diagnosis.RUN_RULES``) decide what it means. Batch losses are noisy: the curve is read as
the median of a few successive losses. Pure numpy, no state.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

#: an early plateau: the loss stays within this fraction of one level (above or below) ...
PLATEAU_BAND = 0.05
#: ... for at least this many steps, ...
PLATEAU_STEPS = 100
#: ... beginning within this many steps of the start, ...
PLATEAU_START = 50
#: ... at a level of at least this share of the first loss (not yet learnt: a low, flat loss
#: is a trained network)
PLATEAU_HIGH = 0.8
#: losses read together (their median) to tell a plateau from noisy batches
PLATEAU_WINDOW = 5


@dataclass(frozen=True)
class Plateau:
    """A stretch of a loss curve where the loss stayed at about ``level`` (the median of
    its smoothed losses), from step ``start`` to step ``end``."""

    start: int
    end: int
    level: float

    @property
    def steps(self) -> int:
        return self.end - self.start


def early_plateau(steps: Sequence[int], losses: Sequence[float]) -> Plateau | None:
    """The longest stretch beginning within ``PLATEAU_START`` steps of the start where the
    median of ``PLATEAU_WINDOW`` successive batch losses stayed within ``PLATEAU_BAND`` of
    its first value, at a level of at least ``PLATEAU_HIGH`` of the first loss (nothing learnt
    yet). None when there is none, or for a curve that does not begin at step 0 or has too
    few finite points to tell."""
    steps, losses = np.asarray(steps, dtype=float), np.asarray(losses, dtype=float)
    keep = np.isfinite(losses)
    steps, losses = steps[keep], losses[keep]
    if len(losses) < 2 * PLATEAU_WINDOW or steps[0] != 0:
        return None
    first = float(np.median(losses[:PLATEAU_WINDOW]))
    at = steps[PLATEAU_WINDOW - 1:]                       # the step each median ends at
    smooth = np.median(sliding_window_view(losses, PLATEAU_WINDOW), axis=1)
    best: Plateau | None = None
    for j in np.nonzero(at <= PLATEAU_START)[0]:
        level = float(smooth[j])
        if not level > 0 or level < PLATEAU_HIGH * first:
            continue
        outside = np.nonzero(np.abs(smooth[j:] - level) > PLATEAU_BAND * level)[0]
        last = j + (outside[0] - 1 if len(outside) else len(smooth) - 1 - j)
        if best is None or at[last] - at[j] > best.steps:      # its level: the typical one
            best = Plateau(int(at[j]), int(at[last]), float(np.median(smooth[j:last + 1])))
    return best
