"""The non-standard experiments a lesson step can run: optimizer trajectories on a 2-D loss
surface, a hyperparameter search, and transfer learning. Each returns ``RunRecord``s so the
same checks (``checks.py``) read them.

A playground trajectory becomes a list of light ``Telemetry`` snapshots, one per optimizer
step, with ``train_loss`` = the surface value and ``extra["distance"]`` = the distance to the
surface's nearest known minimum; the variant name is the run's label.
"""
from __future__ import annotations

import json
import time
from typing import Any

import numpy as np

from dlstudio.lessons.checks import RunRecord
from dlstudio.lessons.resolve import ResolvedRun, merge, to_specs
from dlstudio.lessons.train_run import headless_train_spec, load_data, train_run


# ------------------------------------------------------------------ playground
def playground_records(config: dict) -> dict[str, RunRecord]:
    """Run every optimizer in ``config["runs"]`` on ``config["surface"]``.

    ``config``: ``surface`` (registry name), ``steps``, optional ``start`` and ``runs``: a
    list of ``{label, optimizer, learning_rate, ...optimizer settings}``.
    """
    from dlstudio.engine.surfaces import get as get_surface
    from dlstudio.engine.trajectories import run_trajectory
    from dlstudio.training.telemetry import Telemetry

    surface = get_surface(config["surface"])
    steps = int(config.get("steps", 100))
    records = {}
    for run in config["runs"]:
        run = dict(run)
        label = run.pop("label")
        opt, lr = run.pop("optimizer"), float(run.pop("learning_rate"))
        path = run_trajectory(surface, opt, lr, steps, start=config.get("start"), label=label,
                              **run)
        minima = np.asarray(surface.minima or [(0.0, 0.0)], dtype=np.float64)
        dist = np.min(np.linalg.norm(path.points[:, None, :] - minima[None], axis=2), axis=1)
        snaps = []
        for i, (p, v, d) in enumerate(zip(path.points, path.values, dist)):
            snaps.append(Telemetry(step=i, epoch=0, batch_loss=float(v), train_loss=float(v),
                                   train_accuracy=None, learning_rate=lr,
                                   examples_per_second=0.0, variant=label,
                                   extra={"distance": float(d), "x": float(p[0]),
                                          "y": float(p[1])}))
        if path.diverged:
            last = snaps[-1]
            snaps.append(Telemetry(step=last.step + 1, epoch=0, batch_loss=float("inf"),
                                   train_loss=float("inf"), train_accuracy=None,
                                   learning_rate=lr, examples_per_second=0.0, event="diverged",
                                   variant=label, extra={"distance": float("inf")}))
        records[label] = RunRecord(label, tuple(snaps), {"points": path.points,
                                                         "diverged": path.diverged})
    return records


# ------------------------------------------------------------------ search
def search_record(run: ResolvedRun, config: dict) -> RunRecord:
    """A random search (and optionally a zoomed second round) on the run's configuration.

    ``config``: ``space`` (list of ``{name, low, high, scale}`` or names of the default
    dimensions), ``n_runs``, ``epochs``, ``seed``, ``workers`` (default 2), ``zoom_runs``
    (0 for no second round), ``keep`` (fraction of best results the zoom keeps).
    """
    from dlstudio.training.search import SearchRunner
    from dlstudio.training.search_space import Dimension, default_dimension

    space = []
    for d in config["space"]:
        space.append(default_dimension(d) if isinstance(d, str) else Dimension(**d))
    net, data, train = to_specs(run)
    # each worker loads the data itself (lesson data sets are small and generated quickly;
    # a loaded Dataset does not pickle because its info holds the loader function)
    runner = SearchRunner(net, data, train, space, n_runs=int(config.get("n_runs", 8)),
                          epochs=int(config.get("epochs", 2)),
                          workers=int(config.get("workers", 2)),
                          seed=int(config.get("seed", 0)))
    trials = []
    rounds = [runner]
    zoom_runs = int(config.get("zoom_runs", 0))
    for r, current in enumerate(rounds):
        for _ in current.run():
            pass
        ok = [res for res in current.results
              if res.get("status") == "ok" and res.get("score") is not None]
        if not ok and current.results:
            raise RuntimeError(f"every trial of round {r + 1} failed, e.g.: "
                               f"{current.results[0].get('message')}")
        trials.extend({**res, "round": r} for res in ok)
        if r == 0 and zoom_runs:
            rounds.append(current.zoomed(n_runs=zoom_runs,
                                         keep=float(config.get("keep", 0.25))))
    return RunRecord("", (), {"trials": trials})


# ------------------------------------------------------------------ transfer learning
#: the run name a transfer step's source network is reported under to ``progress``
SOURCE_RUN = "source"


def source_network(run: ResolvedRun, config: dict, cache: dict, progress: Any = None) -> Any:
    """Train (or fetch from ``cache``) the source network described by ``config``;
    ``progress(SOURCE_RUN, snapshot)`` hears its training."""
    from dlstudio.engine.network import Network
    from dlstudio.training import Trainer

    src = ResolvedRun("source", None, run.network,
                      {**run.data, **config.get("source_data", {})},
                      merge(run.train, {**config.get("source_train", {}),
                                        "epochs": int(config.get("source_epochs", 3))}))
    key = json.dumps([src.network, src.data, src.train], sort_keys=True, default=str)
    if key not in cache:
        net_spec, data_spec, train_spec = to_specs(src)
        train_spec = headless_train_spec(train_spec).replace(telemetry={"enabled": False})
        net = Network.from_spec(net_spec, seed=train_spec.seed)
        for snap in Trainer(net, load_data(data_spec), train_spec).run():
            if progress is not None:
                progress(SOURCE_RUN, snap)
        cache[key] = net
    return cache[key]


def transfer_records(runs: list[ResolvedRun], step: Any, progress: Any,
                     cache: dict) -> dict[str, RunRecord]:
    """Train each variant on the target task, from scratch or reusing the source network.

    ``step.experiment_config``: ``source_data`` (top-level keys replace the run's data
    settings, e.g. a whole ``subset``), ``source_train`` and ``source_epochs`` describe the
    pretraining; ``modes`` maps a variant name to
    ``{reuse = k, freeze = true, cache = false}`` (``reuse`` = how many source layers to
    keep; ``cache = true`` trains the head on cached features; ``finetune = {unfreeze =
    [...], learning_rate = ..., epochs = ...}`` adds a second phase; a variant without a mode
    trains from scratch).
    """
    from dlstudio.training import transfer

    config = step.experiment_config
    records = {}
    for run in runs:
        mode = config.get("modes", {}).get(run.name)
        if not mode:
            records[run.name] = train_run(run, step.run.steps, progress)
            continue
        source = source_network(run, config, cache, progress)
        _, data_spec, train_spec = to_specs(run)
        dataset = load_data(data_spec)
        n_classes = len(dataset.info.class_names)
        net = transfer.replace_head(source, n_classes, reuse=int(mode["reuse"]),
                                    freeze_reused=bool(mode.get("freeze", True)),
                                    seed=train_spec.seed)
        if mode.get("cache"):
            started = time.perf_counter()
            split = transfer.frozen_prefix(net.spec)
            top = transfer.top_network(net, split)
            features = transfer.feature_dataset(dataset, net, split)
            cache_seconds = time.perf_counter() - started
            cached_run = ResolvedRun(run.name, run.label, top.spec.to_dict(), run.data,
                                     run.train)
            record = train_run(cached_run, step.run.steps, progress, network=top,
                               dataset=features)
            # the seconds spent caching, which the Transfer panel's table shows (W10-11)
            records[run.name] = RunRecord(record.name, record.snapshots,
                                          {**record.info, "cache_seconds": cache_seconds})
        else:
            spec_run = ResolvedRun(run.name, run.label, net.spec.to_dict(), run.data, run.train)
            record = train_run(spec_run, step.run.steps, progress, network=net, dataset=dataset)
            fine = mode.get("finetune")
            if fine:
                record = _finetune(record, run, net, dataset, dict(fine), progress)
            records[run.name] = record
    return records


def _finetune(first: RunRecord, run: ResolvedRun, net: Any, dataset: Any, fine: dict,
              progress: Any) -> RunRecord:
    """Phase two of transfer learning: unfreeze ``fine["unfreeze"]`` (layer indices) of the
    trained ``net`` and train on with ``fine``'s training settings (e.g. a low
    ``learning_rate`` and ``epochs``). The record holds both phases' snapshots; the second
    phase's steps and epochs continue the first's."""
    from dataclasses import replace as dc_replace

    from dlstudio.training import transfer

    spec = transfer.unfreeze(net.spec, fine.pop("unfreeze"))
    tuned = transfer.with_weights(spec, net, {i: i for i in range(len(net.layers))},
                                  seed=net.seed)
    second_run = ResolvedRun(run.name, run.label, spec.to_dict(), run.data,
                             merge(run.train, fine))
    second = train_run(second_run, None, progress, network=tuned, dataset=dataset)
    last = first.snapshots[-1] if first.snapshots else None
    offset_step = last.step if last is not None else 0
    offset_epoch = (last.epoch + 1) if last is not None else 0
    shifted = tuple(dc_replace(s, step=s.step + offset_step, epoch=s.epoch + offset_epoch)
                    for s in second.snapshots)
    kept = tuple(s for s in first.snapshots if s.event not in ("finished", "stopped"))
    return RunRecord(first.name, kept + shifted, {**second.info, "phases": 2})



def transfer_setups(step: Any, records: dict[str, RunRecord]) -> list[dict]:
    """What each run of a transfer step did, in the Transfer panel's terms: one dict per
    variant (in step order) with ``name``, ``reuse`` (source layers kept; 0 from scratch),
    ``frozen`` (layers frozen while the head trained), ``cached``, ``head`` and ``fine_tune``
    (final validation accuracy of each phase, None when absent), ``train_seconds``,
    ``cache_seconds`` (computing the cached features; None without caching) and
    ``head_curve``/``fine_curve``: ``[(epoch, validation accuracy)]`` with epochs counted
    from 1 over both phases."""
    modes = step.experiment_config.get("modes", {})
    out = []
    for name, record in records.items():
        mode = modes.get(name) or {}
        tuned = bool(mode.get("finetune")) and bool(step.run.epochs)
        split = step.run.epochs if tuned else None       # the first fine-tuning epoch

        def in_head(snap) -> bool:
            return split is None or snap.epoch < split

        ends = [s for s in record.snapshots
                if s.event == "epoch_end" and s.val_accuracy is not None]
        head = [(s.epoch + 1, float(s.val_accuracy)) for s in ends if in_head(s)]
        fine = [(s.epoch + 1, float(s.val_accuracy)) for s in ends if not in_head(s)]
        # each phase's clock starts at 0: the time is the last of each phase, added
        seconds = sum(max((s.elapsed_seconds for s in record.snapshots if in_head(s) == phase),
                          default=0.0) for phase in (True, False))
        reuse = int(mode.get("reuse", 0))
        out.append({"name": name, "reuse": reuse,
                    "frozen": reuse if mode.get("freeze", True) and reuse else 0,
                    "cached": bool(mode.get("cache")),
                    "head": head[-1][1] if head else None,
                    "fine_tune": fine[-1][1] if fine else None,
                    "train_seconds": float(seconds),
                    "cache_seconds": record.info.get("cache_seconds"),
                    "head_curve": head, "fine_curve": fine})
    return out
