"""Whether a studio variant the Draw-a-digit page may ask has diverged (walker26 W26-16).

After a comparison whose B diverged (learning rate 10), the page offered B like any other
variant and its bars were garbage. A diverged run keeps its last good weights (the trainer
puts them back), which barely learned before the run blew up; weights that are not numbers
cannot read a drawing at all. ``divergence`` says where a variant's newest run diverged and
which weights it kept; ``finite`` whether weights can be used.
"""
from __future__ import annotations

from typing import Any

import numpy as np


def divergence(studio: Any, name: str) -> tuple[int, int | None] | None:
    """(step the newest run of variant ``name`` diverged at, step of the last good weights
    it kept or None when unknown); None when that run did not diverge."""
    snap = studio.store.latest(name, live=True)
    if snap is None or snap.event != "diverged":
        return None
    kept = snap.extra.get("last_good_step") if isinstance(snap.extra, dict) else None
    return int(snap.step), (int(kept) if kept is not None else None)


def finite(weights: Any) -> bool:
    """Whether every array in ``weights`` (a list of arrays, or None) holds numbers only."""
    return all(bool(np.isfinite(np.asarray(w)).all()) for w in (weights or ()))
