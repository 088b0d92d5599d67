"""The trials of a running search round that are training now, as rows for its table.

A round's first results come when its first runs end: on MNIST that took ~28 s, while the
table stayed empty and the bar said 0%, as if nothing were happening (walker33 W33-4). The
runs start in trial order, as many at once as the round has worker processes, so the trials
training now are the first ``workers`` of those not ended yet (and any that reported its
progress). Their rows say "running" from the moment the round starts until their results
replace them. No Qt: the panel shows the rows, a test reads them.
"""
from __future__ import annotations

from collections.abc import Collection

from dlstudio.training.search import SearchRunner

#: a row's status while its run trains (``results_view.status_text`` says it in words)
RUNNING = "running"


def running_rows(runner: SearchRunner, n_round: int, ended: Collection[int],
                 reported: Collection[int] = ()) -> list[dict]:
    """Rows like a result's for the trials of ``runner`` (round ``n_round``, from 0) that
    are training now: not in ``ended``, and among the first ``runner.workers`` (one when the
    runs go one after another) or in ``reported`` (trials that reported progress)."""
    slots = max(1, min(runner.workers, runner.n_runs))
    rows: list[dict] = []
    for i, params in enumerate(runner.points):
        trial = runner.first_trial + i
        if trial in ended:
            continue
        if len(rows) < slots or trial in reported:
            rows.append({"trial": trial, "round": n_round, "params": dict(params),
                         "status": RUNNING, "score": None, "val_accuracy": None,
                         "val_loss": None, "seconds": None, "message": ""})
    return rows
