"""The worker job computing the landscapes of one or more variants: what each variant's
landscape is computed from (``plan_job``) and computing them in turn (``landscape_jobs``)."""
from __future__ import annotations

from typing import Any

#: why ``plan_job`` cannot plan a landscape: the variant's network has a problem; the PCA
#: plane has no run to fit (fewer than 3 weight snapshots)
NO_NETWORK, NO_PATH = "no_network", "no_path"


def plan_job(studio: Any, variant: str, mode: str, grid: dict,
             path: list[tuple[int, list]] | None = None) -> tuple | str:
    """``(variant, network spec, weights, loss, landscape_job keyword arguments, data spec)``
    for the landscape of the studio's ``variant`` in ``mode`` (one of the form's ``MODES``),
    or ``NO_NETWORK`` / ``NO_PATH``. ``grid``: the form's ``job_arguments(mode)``; ``path``:
    the ``(step, weights)`` along the run, which the PCA plane (``run_plane``) is fitted to
    and centred on. The weights are the studio's newest (the network's own when it has not
    trained); the data spec is the one they were trained on."""
    net = studio.network_for(variant)
    if net is None:
        return NO_NETWORK
    weights = studio.weights(variant)
    if weights is None:
        weights = net.get_weights()
    snapshots = steps = None
    if mode == "run_plane":
        kept = path or []
        if len(kept) < 3:
            return NO_PATH
        steps = [s for s, _ in kept]
        snapshots = [w for _, w in kept]
        weights = snapshots[-1]
    train = next((v.train_spec for v in studio.variants if v.name == variant),
                 studio.train_spec)
    loss = getattr(train, "loss", "sparse_categorical_crossentropy")
    kwargs = dict(grid, snapshots=snapshots, steps=steps)
    data_spec = studio.trained_on(variant) or studio.data_spec
    return variant, net.spec, weights, loss, kwargs, data_spec


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
