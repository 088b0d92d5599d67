"""Training: the trainer generator, its telemetry, callbacks, comparisons (Qt-free).

``TrainSpec`` and the telemetry dataclasses import cheaply; ``Trainer``, ``Comparison`` and
the callbacks load the engine on first use.
"""
from __future__ import annotations

from dlstudio.training.spec import (CheckpointSpec, EarlyStoppingSpec, ReduceOnPlateauSpec,
                                    SpecProblem, TelemetrySpec, TrainSpec)
from dlstudio.training.telemetry import Histogram, LayerTelemetry, Telemetry

__all__ = ["TrainSpec", "EarlyStoppingSpec", "ReduceOnPlateauSpec", "CheckpointSpec",
           "TelemetrySpec", "SpecProblem", "Telemetry", "LayerTelemetry", "Histogram",
           "Trainer", "Comparison", "Variant"]

_LAZY = {"Trainer": "dlstudio.training.trainer", "Comparison": "dlstudio.training.compare",
         "Variant": "dlstudio.training.compare"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dlstudio.training' has no attribute {name!r}")
