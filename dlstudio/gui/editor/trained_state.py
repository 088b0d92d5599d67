"""What the newest run found in each layer of the network on screen, for the layer stack.

The layer stack's badges are the pre-flight check's verdict: one forward and backward pass at
the initial weights. Training can change that verdict: lesson 05 step 2's learning rate of
0.5 kills 95-100% of the ReLU units within an epoch, while the badges still read "healthy"
(walker21 W21-4). :func:`trained_state` reads the run's newest probe of each layer, so the
stack can say that its badges describe the network before training and what the run left
behind: units dead (ReLU family) or saturated (sigmoid/tanh), by the rules of the pre-flight
and the status line (``dead_share_is_problem``, ``SATURATION_NOTE``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlstudio.training.diagnosis import SATURATION_NOTE, dead_share_is_problem


@dataclass(frozen=True)
class TrainedState:
    """The step of the run's newest probe of the network on screen (None: no run of this
    network has trained a step), and per layer index the problem found there:
    ``("dead units" | "saturated", share)``."""

    step: int | None = None
    problems: dict[int, tuple[str, float]] = field(default_factory=dict)


def layer_problem(layer: Any) -> tuple[str, float] | None:
    """The problem a probe of one layer (a ``LayerTelemetry``) shows, or None."""
    if dead_share_is_problem(layer.dead_fraction):
        return "dead units", float(layer.dead_fraction)
    if layer.saturated_fraction is not None and layer.saturated_fraction >= SATURATION_NOTE:
        return "saturated", float(layer.saturated_fraction)
    return None


def trained_state(store: Any, curve_networks: dict[str, Any], network_spec: Any
                  ) -> TrainedState:
    """What the run store's newest run of ``network_spec`` (its first variant trained with
    that network, per ``curve_networks``) measured at its newest probe past step 0."""
    for name in store.variants():
        if curve_networks.get(name) != network_spec:
            continue
        probe = next((snap for snap in reversed(store.snapshots(name)) if snap.layers), None)
        if probe is None or probe.step <= 0:
            return TrainedState()
        return TrainedState(int(probe.step), {
            layer.index: problem for layer in probe.layers
            if (problem := layer_problem(layer)) is not None})
    return TrainedState()
