"""Which units of a layer stopped responding, and how many: the data of the stopped-units bars.

A sigmoid or tanh output within a margin of its limits sits on the flat part of the curve,
where almost no gradient passes back (saturated); a ReLU output that is zero for every probe
example passes none at all (dead). ``unit_problem`` reads either share from a layer's newest
snapshot in a ``RunStore``; ``stopped_percentages`` gives the heights of one variant's bars
on the Activations page, ``problem_kind`` the word under a layer's group of bars.
"""
from __future__ import annotations

from dlstudio.gui.plots.multiples import LayerSlot
from dlstudio.gui.run_store import RunStore
from dlstudio.training.telemetry import saturated_share


def unit_problem(store: RunStore, variant: str, layer: int,
                 margin: float | None = None) -> tuple[str, float] | None:
    """``("saturated"|"dead", fraction)`` from the newest snapshot of ``variant``, or None;
    saturated means within ``margin`` of a limit (None: the margin the run was probed with)."""
    snap = store.latest(variant)
    if snap is None or layer >= len(snap.layers):
        return None
    lt = snap.layers[layer]
    share = saturated_share(lt, margin)
    if share is not None:
        return "saturated", float(share)
    if lt.dead_fraction is not None:
        return "dead", float(lt.dead_fraction)
    return None


def stopped_percentages(store: RunStore, variant: str, slots: list[LayerSlot],
                        margin: float | None = None) -> list[float]:
    """The percentage of stopped units (``unit_problem``) of ``variant`` in each layer of
    ``slots``; 0 where the variant lacks the layer or the layer reports no problem."""
    heights = []
    for slot in slots:
        layer = slot.indices.get(variant)
        problem = None if layer is None else unit_problem(store, variant, layer, margin)
        heights.append(100.0 * problem[1] if problem else 0.0)
    return heights


def problem_kind(store: RunStore, slot: LayerSlot, margin: float | None = None) -> str | None:
    """"saturated" or "dead": what went wrong in the layer of ``slot``, as the first of its
    variants with a problem there says; None when none has one."""
    for variant, layer in slot.indices.items():
        problem = unit_problem(store, variant, layer, margin)
        if problem is not None:
            return problem[0]
    return None
