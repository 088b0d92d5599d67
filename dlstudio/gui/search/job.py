"""``search_job``: one search round as a job for the ``GeneratorWorker``."""
from __future__ import annotations

from typing import Any

from dlstudio.training.search import SearchRunner


def search_job(runner: SearchRunner, job: Any):
    """The worker job of one search round: yields ``SearchProgress`` events and result
    dicts; returns every result, best first (also after a stop, which cancels the trials)."""
    job.control.on_stop(runner.cancel)
    yield from runner.run()
    return list(runner.results)
