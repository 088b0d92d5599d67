"""One run of a lesson step, headless: train it (or only build it) and record what checks read.

A ``RunRecord`` holds every telemetry snapshot plus plain facts about the run (final kernels,
the network's layer rows, small data statistics). Datasets are cached per process, so a
lesson loads each dataset once.
"""
from __future__ import annotations

import json
from typing import Any, Callable

import numpy as np

from dlstudio.lessons.checks import RunRecord
from dlstudio.lessons.resolve import ResolvedRun, to_specs

#: ``progress(run_name, snapshot)`` called for every telemetry snapshot; it may raise
#: ``StepStopped`` to end the step there (the window's Stop)
Progress = Callable[[str, Any], None]


class StepStopped(Exception):
    """Raised by a ``Progress`` callback to end a headless step at once (the student pressed
    Stop); ``runner.run_step`` passes it on instead of calling it a failed check."""

#: headless runs ask the trainer for many snapshots so short runs are well sampled
HEADLESS_SNAPSHOTS_PER_SECOND = 60.0


_DATA_CACHE: dict[str, Any] = {}


def load_data(data_spec: Any) -> Any:
    """``dlstudio.data.load`` with a small per-process cache keyed by the spec's JSON."""
    from dlstudio.data import load

    key = json.dumps(data_spec.to_dict(), sort_keys=True, default=str)
    if key not in _DATA_CACHE:
        if len(_DATA_CACHE) > 8:
            _DATA_CACHE.pop(next(iter(_DATA_CACHE)))
        _DATA_CACHE[key] = load(data_spec)
    return _DATA_CACHE[key]


def headless_train_spec(train_spec: Any) -> Any:
    """``train_spec`` with telemetry dense enough for a short headless run to be well sampled."""
    tel = train_spec.telemetry
    if tel.snapshots_per_second < HEADLESS_SNAPSHOTS_PER_SECOND:
        train_spec = train_spec.replace(telemetry={
            **{k: getattr(tel, k) for k in ("histogram_bins", "probe_size", "enabled")},
            "snapshots_per_second": HEADLESS_SNAPSHOTS_PER_SECOND})
    return train_spec


def _kernels(network: Any) -> list[np.ndarray]:
    out = []
    for layer in network.layers:
        params = getattr(layer, "params", None) or {}
        if "W" in params:
            out.append(np.array(params["W"], copy=True))
    return out


def data_stats(dataset: Any) -> dict:
    """The training inputs' statistics the data checks read (``x_train_mean``, ``x_train_cov``),
    for data with at most 16 features; {} for wider data (images). The covariance is the
    preprocessors' own (``data.pca.covariance``, over N): standardised data reads variance 1,
    not 1.002 (walker25 W25-8)."""
    from dlstudio.data.pca import covariance

    x = np.asarray(dataset.x_train, dtype=np.float64).reshape(len(dataset.x_train), -1)
    if x.shape[1] > 16:
        return {}
    mean = x.mean(axis=0)
    return {"x_train_mean": mean, "x_train_cov": covariance(x, mean)}


def train_run(run: ResolvedRun, max_steps: int | None = None, progress: Progress | None = None,
              network: Any = None, dataset: Any = None,
              landscape: dict | None = None) -> RunRecord:
    """Train one resolved run and record its snapshots and final facts.

    ``landscape`` (a step's ``config.landscape``: ``span``, ``directions``, ``examples``) also
    measures the loss around the trained weights: ``info["landscape_rise"]`` and
    ``info["landscape_centre"]`` (``training.landscape.mean_rise``), with the ``span`` and
    number of ``directions`` it used (``info["landscape_span"]``,
    ``info["landscape_directions"]``).
    """
    from dlstudio.engine.network import Network
    from dlstudio.training import Trainer

    net_spec, data_spec, train_spec = to_specs(run)
    train_spec = headless_train_spec(train_spec)
    if dataset is None:
        dataset = load_data(data_spec)
    if network is None:
        network = Network.from_spec(net_spec, seed=train_spec.seed)
    trainer = Trainer(network, dataset, train_spec, max_steps=max_steps)
    snaps = []
    for snap in trainer.run():
        snaps.append(snap)
        if progress is not None:
            progress(run.name, snap)
    info = {"planned_epochs": train_spec.epochs, "kernels": _kernels(network),
            "spec": network.spec.to_dict(), "layers": network.spec.describe_layers(),
            **data_stats(dataset)}
    if landscape:
        from dlstudio.training.landscape import fixed_subset, mean_rise

        x, y = fixed_subset(dataset.x_train, dataset.y_train,
                            int(landscape.get("examples", 256)), train_spec.seed)
        span, directions = float(landscape.get("span", 0.5)), int(landscape.get("directions", 4))
        info["landscape_rise"], info["landscape_centre"] = mean_rise(
            network, x, y, train_spec.loss, span=span, directions=directions,
            seed=train_spec.seed)
        # how it was measured, which the check line says (walker27 W27-11)
        info["landscape_span"], info["landscape_directions"] = span, directions
    return RunRecord(run.name, tuple(snaps), info)


def preflight_record(name: str, report: Any, network_spec: Any) -> RunRecord:
    """The record a pre-flight step's checks read: the report (``info["preflight"]``) and the
    network it judged. The window builds the same record from its own check."""
    return RunRecord(name, (), {"preflight": report, "spec": network_spec.to_dict(),
                                "layers": network_spec.describe_layers()})


def preflight_run(run: ResolvedRun) -> RunRecord:
    """Check the network of a run at initialization on one batch (nothing is trained), as
    the window's "Check before training" does."""
    from dlstudio.training.preflight import network_at_init, preflight_training

    net_spec, data_spec, train_spec = to_specs(run)
    if net_spec is None:
        raise ValueError("a pre-flight step needs a network: give the lesson's setup one")
    network = network_at_init(net_spec, train_spec)
    report = preflight_training(network, load_data(data_spec), train_spec)
    return preflight_record(run.name, report, network.spec)


def inspect_run(run: ResolvedRun) -> RunRecord:
    """Facts about the network of a run, without training it."""
    from dlstudio.engine.spec import NetworkSpec

    spec = NetworkSpec.from_dict(run.network)
    return RunRecord(run.name, (), {"spec": spec.to_dict(), "layers": spec.describe_layers()})
