"""The part of a hyperparameter search that runs inside a worker process.

Everything here is a top-level function so that the ``spawn`` start method can find it by
name (a spawned worker imports this module afresh; nothing is inherited from the parent but
the arguments). ``init_worker`` runs once per process: it limits BLAS and Numba to one thread
each (two workers on two cores must not start four threads apiece) and keeps the shared
cancel event and progress queue. ``run_trial`` trains one configuration and returns a plain
result dict; it never raises for a problem of the trial itself.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from typing import Any

from dlstudio.messages import Message

_CANCEL: Any = None
_PROGRESS: Any = None
_DATA_CACHE: dict[str, Any] = {}
_LIMITS: Any = None


def init_worker(cancel_event: Any, progress_queue: Any) -> None:
    """Per-process set-up: one compute thread, the shared cancel flag and queue, and the
    end of this worker with the process that started it (``end_with_parent``)."""
    global _CANCEL, _PROGRESS, _LIMITS
    _CANCEL, _PROGRESS = cancel_event, progress_queue
    limit_threads(1)
    end_with_parent()


def end_with_parent() -> bool:
    """End this process as soon as the process that started it has ended (False when it
    has none). A window the system ends does not wait for a search's trials to stop
    (``window_closing.SYSTEM_END_WAIT_MS``), and a process that ends without shutting its
    pool down leaves the pool's workers waiting for work that never comes: they trained on
    as orphans, then waited for ever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return False

    def watch() -> None:
        parent.join()           # returns when the parent's end closes its sentinel
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    return True


def limit_threads(n: int) -> None:
    """Limit BLAS (via threadpoolctl) and Numba to ``n`` threads in this process (also as
    the engine's fixed choice, so a trainer here never picks another count)."""
    global _LIMITS
    from dlstudio.engine import threads

    threads.set_threads(n)
    try:
        from threadpoolctl import threadpool_limits

        _LIMITS = threadpool_limits(limits=n)
    except Exception:  # pragma: no cover - threadpoolctl missing or no BLAS found
        _LIMITS = None
    try:
        import numba

        numba.set_num_threads(min(n, numba.config.NUMBA_NUM_THREADS))
    except Exception:  # pragma: no cover - numba missing
        pass


def thread_counts() -> tuple[int, int]:
    """(Numba threads, largest BLAS pool) in this process; for checks and diagnostics."""
    import numba
    from threadpoolctl import threadpool_info

    blas = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
    return int(numba.get_num_threads()), max(blas, default=1)


def run_trial_in_worker(job: dict) -> dict:
    """Entry point submitted to the pool: ``run_trial`` with the process's shared objects."""
    return run_trial(job, cancel=_CANCEL, progress=_PROGRESS)


def _base_result(job: dict) -> dict:
    return {"trial": job["trial"], "params": dict(job["params"]), "status": "ok",
            "score": None, "val_accuracy": None, "val_loss": None, "train_loss": None,
            "train_accuracy": None, "epochs": 0, "seconds": 0.0, "message": "",
            "first_update": None}


def cancelled_result(job: dict) -> dict:
    out = _base_result(job)
    out.update(status="cancelled", message=Message("search.cancelled"))
    return out


def failed_result(job: dict, message: str, seconds: float) -> dict:
    out = _base_result(job)
    out.update(status="failed", message=message, seconds=seconds)
    return out


def _load_dataset(job: dict):
    if job.get("dataset") is not None:
        return job["dataset"]
    import json

    from dlstudio.data import load
    from dlstudio.data.spec import DataSpec

    key = json.dumps(job["data"], sort_keys=True)
    if key not in _DATA_CACHE:
        _DATA_CACHE.clear()  # one dataset per process is plenty
        _DATA_CACHE[key] = load(DataSpec.from_dict(job["data"]))
    return _DATA_CACHE[key]


#: how many progress reports a trial put on the queue; the search takes it out of the result
#: and waits for that many (a process queue delivers them a little after the result)
PROGRESS_SENT = "progress_sent"
#: a trial reports its way through an epoch each time it got this much further (at its
#: periodic snapshots, two a second): a long epoch moves the search's bar (walker22 W22-7)
PROGRESS_STEP = 0.01


def progress_report(snap: Any, trial: int, epochs: int, reported: float) -> dict | None:
    """The progress report (``SearchProgress`` fields) to send for the trainer snapshot
    ``snap`` of trial ``trial`` (``epochs`` planned), when ``reported`` is the share of the
    current epoch reported so far: every epoch's end, with its validation metrics, and a
    periodic snapshot ``PROGRESS_STEP`` further into the epoch; None for the others."""
    if snap.event in ("epoch_end", "epoch") and (snap.val_loss is not None
                                                 or snap.val_accuracy is not None):
        return {"trial": trial, "epoch": int(snap.epoch), "epochs": int(epochs),
                "val_accuracy": snap.val_accuracy, "val_loss": snap.val_loss, "fraction": 1.0}
    fraction = float(snap.epoch_fraction)
    if snap.event == "step" and fraction < 1.0 and fraction >= reported + PROGRESS_STEP:
        return {"trial": trial, "epoch": int(snap.epoch), "epochs": int(epochs),
                "val_accuracy": None, "val_loss": None, "fraction": fraction}
    return None


def run_trial(job: dict, cancel: Any = None, progress: Any = None) -> dict:
    """Train one configuration for ``job["train"]["epochs"]`` epochs; return its result.

    ``job`` holds ``trial``, ``params`` (for the report), ``network`` and ``train`` (spec
    dicts with the params already applied) and ``data`` (a DataSpec dict) or ``dataset``.
    ``cancel`` is an event checked between training steps; ``progress`` a queue receiving a
    dict per finished epoch.
    """
    t0 = time.perf_counter()
    out = _base_result(job)
    try:
        from dlstudio.engine.network import Network
        from dlstudio.engine.spec import NetworkSpec
        from dlstudio.training.spec import TelemetrySpec, TrainSpec
        from dlstudio.training.trainer import Trainer

        train = TrainSpec.from_dict(job["train"])
        # a search only needs the scalar metrics: skip the probes, report rarely
        train = train.replace(telemetry=TelemetrySpec(snapshots_per_second=2.0, enabled=False))
        dataset = _load_dataset(job)
        net_spec = NetworkSpec.from_dict(job["network"])
        out["first_update"] = first_update(net_spec, dataset, train)
        net = Network.from_spec(net_spec, seed=train.seed)
        trainer = Trainer(net, dataset, train)
        last = None
        sent = 0
        reported = 0.0          # of the current epoch
        for snap in trainer.run():
            if cancel is not None and cancel.is_set():
                trainer.stop()
                out.update(cancelled_result(job), seconds=time.perf_counter() - t0)
                return out
            last = snap
            if snap.event == "diverged":
                out.update(status="diverged", message=snap.message or Message("search.loss_nan"))
            if snap.val_loss is not None or snap.val_accuracy is not None:
                out.update(val_loss=snap.val_loss, val_accuracy=snap.val_accuracy,
                           epochs=int(snap.epoch))
            report = progress_report(snap, job["trial"], train.epochs, reported)
            if progress is not None and report is not None:
                progress.put(report)
                sent += 1
                reported = 0.0 if report["fraction"] >= 1.0 else report["fraction"]
        out[PROGRESS_SENT] = sent
        if last is not None:
            out.update(train_loss=_finite(last.train_loss),
                       train_accuracy=last.train_accuracy)
        out["seconds"] = time.perf_counter() - t0
        if out["status"] == "ok":
            out["score"] = _score(out)
            if out["score"] is None:
                out.update(status="failed", message=Message("search.no_validation"))
        return out
    except Exception as exc:  # a trial's own problem must not end the whole search
        msg = f"{type(exc).__name__}: {exc}"
        detail = traceback.format_exc(limit=3)
        return failed_result(job, msg + "\n" + detail, time.perf_counter() - t0)


def first_update(net_spec: Any, dataset: Any, train: Any) -> float | None:
    """How much the trial's first step would change its most-changed layer's weights
    (``||delta W|| / ||W||``, the pre-flight check's figure, on a copy of the network the
    trial starts from); None when the check cannot say. The search panel does not offer a
    run as its best when this says "exploding" (walker13 W13-12)."""
    from dlstudio.training.preflight import largest_update, network_at_init, preflight_training

    try:
        report = preflight_training(network_at_init(net_spec, train), dataset, train)
    except Exception:  # the check is advice: a trial trains without it
        return None
    return largest_update(report)


def _finite(x: float | None) -> float | None:
    import math

    return x if x is not None and math.isfinite(x) else None


def _score(result: dict) -> float | None:
    if result["val_accuracy"] is not None:
        return float(result["val_accuracy"])
    if result["val_loss"] is not None and _finite(result["val_loss"]) is not None:
        return -float(result["val_loss"])
    return None
