"""Random hyperparameter search, coarse to fine, with runs in parallel worker processes.

"Caviar" tuning: train many models at once, keep the best. Each trial is a short training
run of the same network and data with one sampled point of the search space (see
:mod:`dlstudio.training.search_space`); trials run in a ``ProcessPoolExecutor`` so that two
runs use the two cores without fighting over the GIL. Each worker process is limited to one
BLAS thread and one Numba thread (two workers x one thread each = the machine).

>>> space = [default_dimension("learning_rate"), default_dimension("units")]
>>> runner = SearchRunner(net_spec, data_spec, train_spec, space, n_runs=12, epochs=3)
>>> for event in runner.run():          # a generator, like the trainer
...     print(event)                    # SearchProgress ... then result dicts
>>> best = runner.results[0]            # sorted, best first
>>> runner2 = runner.zoomed()           # coarse to fine around the best results
>>> rest = runner.finishing(results)    # a cancelled round's trials left, as they were

A round that was cancelled is finished by ``finishing``: a runner of the same round (its
settings, points and seeds) that trains only the trials that did not end, and keeps the
ended ones, so that its ``results`` are the round's as if it had not been interrupted.

A result is a plain dict::

    {"trial": 3, "params": {"learning_rate": 0.012, "units": 64}, "status": "ok",
     "score": 0.93, "val_accuracy": 0.93, "val_loss": 0.21, "train_loss": 0.18,
     "train_accuracy": 0.94, "epochs": 3, "seconds": 4.1, "message": "",
     "first_update": 0.002}

``status`` is "ok", "diverged", "failed" or "cancelled"; ``score`` (higher is better) is the
final validation accuracy, or minus the validation loss for regression, and None when the
run did not finish. ``first_update`` is the pre-flight check's update/weight ratio of the
trial's first step (its largest layer; None when unknown): a run whose first step the check
calls exploding is not offered as the best while another run scored (``best_result``).
"""
from __future__ import annotations

import logging
import math
import multiprocessing
import queue
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from dlstudio.training import search_worker as worker
from dlstudio.training.diagnosis import update_is_too_large
from dlstudio.training.search_space import (Dimension, apply_params, default_dimension,
                                            sample_points, zoom)

__all__ = ["SearchRunner", "SearchProgress", "run_search", "sort_results", "best_result",
           "first_step_too_large", "default_workers",
           "Dimension", "default_dimension", "sample_points", "zoom", "apply_params"]

#: how long a finished search waits for progress reports still in a worker's queue
PROGRESS_GRACE_SECONDS = 10.0

log = logging.getLogger(__name__)


def default_workers() -> int:
    """One worker per core (2 on the course machines), at least 1."""
    import os

    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, n)


@dataclass(frozen=True)
class SearchProgress:
    """A trial's progress: at the end of each of its epochs (``fraction`` 1.0, with the
    epoch's validation metrics) and on its way through an epoch (``epoch`` the 0-based epoch
    it trains, ``fraction`` how much of it is done, no metrics; ``search_worker``)."""

    trial: int
    epoch: int
    epochs: int
    val_accuracy: float | None
    val_loss: float | None
    fraction: float = 1.0

    @property
    def epoch_ended(self) -> bool:
        """Whether the report is an epoch's end (with its validation metrics)."""
        return self.fraction >= 1.0


def first_step_too_large(result: dict) -> bool:
    """Whether the pre-flight check calls the trial's first step exploding: one step would
    change a layer's weights by more than ``diagnosis.UPDATE_LIMIT`` of their size (the
    result's ``first_update``). Such a run can still score well in a short search, but the
    studio warns about its settings before training."""
    return update_is_too_large(result.get("first_update"))


def sort_results(results: Sequence[dict]) -> list[dict]:
    """Best first: by score (higher is better), runs whose first step is too large
    (``first_step_too_large``) after the others that scored; runs without a score last, by
    trial."""
    return sorted(results, key=lambda r: (r.get("score") is None, first_step_too_large(r),
                                          -(r.get("score") or 0.0), r.get("trial", 0)))


def best_result(results: Sequence[dict]) -> dict | None:
    """The run a search offers as its best: the highest score among the runs whose first
    step the pre-flight check does not call too large; when every scored run's is, the
    highest score (``first_step_too_large`` says so). None when no run scored."""
    ranked = sort_results(results)
    return ranked[0] if ranked and ranked[0].get("score") is not None else None


class SearchRunner:
    """Runs ``n_runs`` trials of random search; ``run()`` is a generator of events.

    Parameters
    ----------
    network_spec, data_spec, train_spec : the base configuration every trial starts from.
    space : the ``Dimension``s to sample.
    n_runs : number of trials.
    epochs : training epochs per trial (overrides ``train_spec.epochs``).
    workers : worker processes (``default_workers()`` by default); ``0`` runs the trials
        one after another in this process (for debugging).
    seed : seeds the sampling; trial ``i`` also trains with seed ``train_spec.seed + i``
        only when ``vary_seed`` is true (by default every trial uses the same initial weights,
        so that differences come from the hyperparameters alone).
    dataset : an already loaded dataset to send to the workers instead of loading
        ``data_spec`` in each of them (it is pickled once per trial).
    first_trial : the number of the round's first trial (trials go on numbering over rounds).
    kept : results of this round's trials that ended before (``finishing``): those trials
        are not trained again, and ``results`` holds them beside the new ones.
    """

    def __init__(self, network_spec, data_spec, train_spec, space: Sequence[Dimension],
                 n_runs: int = 10, epochs: int = 3, workers: int | None = None,
                 seed: int = 0, vary_seed: bool = False, dataset: Any = None,
                 first_trial: int = 0, kept: Sequence[dict] = ()) -> None:
        if n_runs < 1:
            raise ValueError(f"a search needs at least 1 run, got {n_runs}")
        if epochs < 1:
            raise ValueError(f"each run needs at least 1 epoch, got {epochs}")
        if not space:
            raise ValueError("choose at least one hyperparameter to search")
        self.network_spec, self.data_spec, self.train_spec = network_spec, data_spec, train_spec
        self.space = list(space)
        self.n_runs, self.epochs = int(n_runs), int(epochs)
        self.workers = default_workers() if workers is None else int(workers)
        self.seed, self.vary_seed = int(seed), bool(vary_seed)
        self.dataset = dataset
        self.first_trial = int(first_trial)
        self.points = sample_points(self.space, self.n_runs, seed=self.seed)
        mine = self.trials
        #: the round's results that ended before, by trial (not trained again)
        self.kept = {int(r["trial"]): dict(r) for r in kept if r.get("trial") in mine}
        self.results: list[dict] = []
        self._cancel = threading.Event()
        self._jobs = [self._job(trial, p) for trial, p in zip(mine, self.points)
                      if trial not in self.kept]

    @property
    def trials(self) -> range:
        """The numbers of the round's trials."""
        return range(self.first_trial, self.first_trial + self.n_runs)

    @property
    def to_run(self) -> list[int]:
        """The trials ``run()`` trains: the round's, but the ``kept`` ones."""
        return [job["trial"] for job in self._jobs]

    def trial_seed(self, trial: int) -> int:
        """The seed trial ``trial`` trains with (the training spec's, plus the trial's number
        with ``vary_seed``)."""
        return self.train_spec.seed + (trial if self.vary_seed else 0)

    # -- planning -------------------------------------------------------------------------
    def _job(self, trial: int, params: dict) -> dict:
        net, train = apply_params(self.network_spec, self.train_spec, params)
        train = train.replace(epochs=self.epochs, checkpoint=None, seed=self.trial_seed(trial))
        problems = train.validate() if hasattr(train, "validate") else []
        if problems:
            raise ValueError(f"trial {trial} ({_fmt(params)}): " + "; ".join(map(str, problems)))
        return {"trial": trial, "params": dict(params), "network": net.to_dict(),
                "data": self.data_spec.to_dict() if self.data_spec is not None else None,
                "train": train.to_dict(), "dataset": self.dataset}

    def zoomed(self, n_runs: int | None = None, keep: float = 0.25,
               margin: float = 0.15) -> "SearchRunner":
        """A new runner sampling a narrower space around this search's best results."""
        space = zoom(self.space, self.results, keep=keep, margin=margin)
        return SearchRunner(self.network_spec, self.data_spec, self.train_spec, space,
                            n_runs=n_runs or self.n_runs, epochs=self.epochs,
                            workers=self.workers, seed=self.seed + 1, vary_seed=self.vary_seed,
                            dataset=self.dataset,
                            first_trial=self.first_trial + self.n_runs)

    def unfinished(self, results: Sequence[dict]) -> list[int]:
        """The round's trials that ``results`` (any trials' so far) do not show ended:
        cancelled, or without a result (never started). Diverged and failed trials ended."""
        ended = {r.get("trial") for r in results if r.get("status") != "cancelled"}
        return [trial for trial in self.trials if trial not in ended]

    def finishing(self, results: Sequence[dict]) -> "SearchRunner":
        """A runner of this same round (network, data, training settings, points, seeds)
        that trains only its ``unfinished(results)`` trials and keeps the ended ones: its
        ``results`` are the round's as if it had not been interrupted. Cancelling it and
        finishing it again works the same."""
        ended = [r for r in results if r.get("status") != "cancelled"]
        return SearchRunner(self.network_spec, self.data_spec, self.train_spec, self.space,
                            n_runs=self.n_runs, epochs=self.epochs, workers=self.workers,
                            seed=self.seed, vary_seed=self.vary_seed, dataset=self.dataset,
                            first_trial=self.first_trial, kept=ended)

    # -- running --------------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the search to stop: queued trials are dropped, running ones stop at their
        next training step and are reported as "cancelled". Safe from any thread."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> Iterator[SearchProgress | dict]:
        """Run every trial; yields ``SearchProgress`` events and result dicts as they come.

        When the generator finishes, ``self.results`` holds every result, best first (the
        ``kept`` ones too; only the trials run now are yielded).
        If the worker processes cannot start (or all stop before a single trial finished,
        e.g. when a launcher script lacks its ``if __name__ == "__main__":`` guard, so that
        each spawned worker runs the launcher again), the trials run one after the other in
        this process instead.
        """
        self.results = list(self.kept.values())
        if self.workers <= 0 or not self._jobs:
            yield from self._run_inline(self._jobs)
        else:
            left = yield from self._run_pool()
            if left:
                yield from self._run_inline(left)
        self.results = sort_results(self.results)

    def _run_inline(self, jobs: list[dict]) -> Iterator[SearchProgress | dict]:
        events: queue.Queue = queue.Queue()
        for job in jobs:
            if self._cancel.is_set():
                result = worker.cancelled_result(job)
            else:
                result = worker.run_trial(job, cancel=self._cancel, progress=events)
            while not events.empty():
                yield SearchProgress(**events.get())
            result.pop(worker.PROGRESS_SENT, None)
            self.results.append(result)
            yield result

    def _run_pool(self) -> Iterator[SearchProgress | dict]:
        """Run the trials in worker processes; returns the jobs left to run here because
        the workers could not start (or all stopped before any trial finished)."""
        ctx = multiprocessing.get_context("spawn")
        cancel_event = ctx.Event()
        progress = ctx.Queue()
        n_workers = max(1, min(self.workers, len(self._jobs)))
        pending: dict[Future, dict] = {}
        not_run: list[dict] = []
        finished = 0
        with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx,
                                 initializer=worker.init_worker,
                                 initargs=(cancel_event, progress)) as pool:
            try:
                for job in self._jobs:
                    pending[pool.submit(worker.run_trial_in_worker, job)] = job
            except (OSError, RuntimeError, BrokenProcessPool) as exc:
                log.warning("the search's worker processes could not start (%s); running "
                            "its trials in this process", exc)
                for fut in pending:
                    fut.cancel()
                return list(self._jobs)
            sent = received = 0
            try:
                while pending:
                    if self._cancel.is_set() and not cancel_event.is_set():
                        cancel_event.set()
                        for fut in pending:
                            fut.cancel()
                    done, _ = wait(list(pending), timeout=0.1, return_when=FIRST_COMPLETED)
                    for event in _drain(progress):
                        received += 1
                        yield event
                    for fut in done:
                        job = pending.pop(fut)
                        if not finished and _pool_broke(fut):
                            not_run.append(job)     # never ran: the workers did not start
                            continue
                        finished += 1
                        result = _result_of(fut, job)
                        sent += result.pop(worker.PROGRESS_SENT, 0)
                        self.results.append(result)
                        yield result
                # a worker's queue hands its last reports over a little after its result
                deadline = time.monotonic() + PROGRESS_GRACE_SECONDS
                while received < sent and time.monotonic() < deadline:
                    try:
                        item = progress.get(timeout=0.1)
                    except (queue.Empty, OSError, ValueError):
                        continue
                    received += 1
                    yield SearchProgress(**item)
            finally:
                if pending:  # the consumer stopped early: stop the workers too
                    cancel_event.set()
                    for fut in pending:
                        fut.cancel()
        progress.close()
        progress.join_thread()
        if not_run:
            log.warning("the search's worker processes stopped before any trial finished; "
                        "running %d trials in this process", len(not_run))
        return sorted(not_run, key=lambda job: job["trial"])


def run_search(network_spec, data_spec, train_spec, space: Sequence[Dimension],
               n_runs: int = 10, epochs: int = 3, workers: int | None = None,
               seed: int = 0, **kwargs) -> list[dict]:
    """Run a whole search and return its results, best first."""
    runner = SearchRunner(network_spec, data_spec, train_spec, space, n_runs=n_runs,
                          epochs=epochs, workers=workers, seed=seed, **kwargs)
    for _ in runner.run():
        pass
    return runner.results


# -- helpers ------------------------------------------------------------------------------
def _drain(progress) -> Iterator[SearchProgress]:
    while True:
        try:
            item = progress.get_nowait()
        except (queue.Empty, OSError, ValueError):
            return
        yield SearchProgress(**item)


def _pool_broke(fut: Future) -> bool:
    return not fut.cancelled() and isinstance(fut.exception(), BrokenProcessPool)


def _result_of(fut: Future, job: dict) -> dict:
    from dlstudio.messages import Message

    if fut.cancelled():
        return worker.cancelled_result(job)
    exc = fut.exception()
    if exc is not None:  # the worker process itself died (the trial catches its own errors)
        reason = str(exc).strip() or type(exc).__name__
        return worker.failed_result(job, Message("search.worker_stopped", reason=reason), 0.0)
    return fut.result()


def _fmt(params: dict) -> str:
    parts = []
    for k, v in params.items():
        parts.append(f"{k}={v:.3g}" if isinstance(v, float) and math.isfinite(v) else f"{k}={v}")
    return ", ".join(parts)

