"""The units of one layer of the studio's trained network, measured after its run.

The Units page records a layer's units while the network trains, for the layer chosen before
Start. A layer chosen after a finished run has no record, and Start would train a new network
from step 0 over the one just trained (walker22 W22-5). ``trained_unit_fields`` measures that
layer on the trained network instead: one forward pass over the validation batch (the first
``telemetry.probe_size`` validation examples; training examples when there is no validation
split), the same per-unit statistics a run records (``unit_mean``, ``unit_active``).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.training.probes import probe_layers


def probe_batch(dataset: Any, size: int) -> np.ndarray | None:
    """The first ``size`` validation examples of ``dataset`` (training examples without a
    validation split), or None when it has neither."""
    for x in (dataset.x_val, dataset.x_train):
        if x is not None and len(x):
            return x[:max(1, int(size))]
    return None


def trained_unit_fields(network: Any, dataset: Any, layer: int,
                        telemetry: Any) -> dict[str, Any] | None:
    """``{"unit_mean": ..., "unit_active": ...}`` of ``layer`` of ``network`` on the probe
    batch of ``dataset`` (``telemetry``: the training spec's ``TelemetrySpec``, for the batch
    size and saturation margin), or None when the layer or the data do not fit."""
    x = probe_batch(dataset, telemetry.probe_size)
    if x is None or not 0 <= int(layer) < len(network.layers):
        return None
    try:
        layers = probe_layers(network, x, saturation_margin=telemetry.saturation_margin,
                              unit_layer=int(layer), unit_index=telemetry.unit_index)
    except ValueError:                  # data of another shape than the network takes
        return None
    found = layers[int(layer)]
    if getattr(found, "unit_mean", None) is None:
        return None
    return {"unit_mean": found.unit_mean, "unit_active": getattr(found, "unit_active", None)}
