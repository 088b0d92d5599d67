"""``landscape_jobs``: the worker job computing the landscapes of one or more variants."""
from __future__ import annotations

from typing import Any


def landscape_jobs(jobs: list[tuple], shown: tuple[Any, Any]):
    """Yield ``(variant, LandscapeProgress)`` for every job ``(variant, network spec,
    weights, loss, landscape_job keyword arguments, data spec)`` in turn. ``shown`` is the
    studio's ``(data spec, loaded dataset or None)``: a job on that data uses it; other data
    is loaded once for every job on it (each network on the data it trained on)."""
    from dlstudio.gui.specs import load_dataset
    from dlstudio.training.landscape import landscape_job

    loaded = [shown]
    for name, spec, weights, loss, kwargs, data_spec in jobs:
        dataset = next((d for k, d in loaded if k == data_spec and d is not None), None)
        if dataset is None:
            dataset = load_dataset(data_spec)
            loaded.append((data_spec, dataset))
        for item in landscape_job(spec, weights, dataset.x_train, dataset.y_train, loss,
                                  **kwargs):
            yield name, item
