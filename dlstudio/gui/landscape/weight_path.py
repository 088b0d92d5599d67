"""``WeightPath``: copies of each variant's weights along a run, the path the PCA plane is
fitted to and drawn on (no Qt).

The window sends the newest weights of a run now and then (at its end, on a pause); the
path keeps one copy per step (at most ``MAX_SNAPSHOTS``, thinned evenly when full), forgets a
variant's copies when a new run starts from step 0 or the network's shape changes, and adds
the moments of the run's timeline (probe steps and epoch ends: the same steps on every
machine).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: weight snapshots kept for the path (every second one is dropped when full)
MAX_SNAPSHOTS = 64


def thinned(kept: list) -> list:
    """Every second snapshot, the newest always kept."""
    return kept[:-1:2] + kept[-1:]


class WeightPath:
    """Per variant, the ``(step, weights)`` copies received during its run."""

    def __init__(self):
        #: variant -> [(step, weights)] in step order
        self.kept: dict[str, list[tuple[int, list]]] = {}
        #: variant -> the newest step its telemetry reported
        self.last_step: dict[str, int] = {}
        self._last_weights_id: dict[str, int] = {}

    def note_step(self, variant: str, step: int) -> None:
        """The run of ``variant`` reported ``step``; a step before the newest one means a
        new run started, whose path begins afresh."""
        if step < self.last_step.get(variant, 0):
            self.kept.pop(variant, None)
        self.last_step[variant] = int(step)

    def keep(self, variant: str, weights: list | None,
             step_now: Callable[[], int]) -> None:
        """Keep a copy of ``weights`` (the list the studio holds; the same list again is
        kept once) at the newest step reported, or at ``step_now()`` when no step was
        reported yet (a workspace opened: the step of its curves)."""
        if weights is None or id(weights) == self._last_weights_id.get(variant):
            return
        self._last_weights_id[variant] = id(weights)
        step = self.last_step.get(variant)
        if step is None:
            step = step_now()
        kept = self.kept.setdefault(variant, [])
        if kept and (step < kept[-1][0] or len(kept[-1][1]) != len(weights)):
            kept.clear()
        if kept and kept[-1][0] == step:
            kept[-1] = (step, weights)
        else:
            kept.append((step, weights))
        if len(kept) > MAX_SNAPSHOTS:
            self.kept[variant] = thinned(kept)

    def path(self, variant: str, timeline: Any = None) -> list[tuple[int, list]]:
        """``(step, weights)`` along the run of ``variant``: the moments of its
        ``timeline`` (None: none) and the copies kept, by step, thinned to
        ``MAX_SNAPSHOTS``."""
        by_step = dict(self.kept.get(variant, []))
        for moment in timeline.moments if timeline is not None else ():
            by_step.setdefault(moment.step, moment.weights)
        kept = sorted(by_step.items(), key=lambda item: item[0])
        while len(kept) > MAX_SNAPSHOTS:
            kept = thinned(kept)
        return kept

    def forget_copies(self) -> None:
        """Drop the copies (the network changed), keeping what the runs reported."""
        self.kept.clear()

    def clear(self) -> None:
        """Forget everything (a new workspace)."""
        self.kept.clear()
        self.last_step.clear()
        self._last_weights_id.clear()
