"""The worker job of one transfer run (``TransferPanel.train`` starts it in its worker): the
snapshots the panel plots and the run's summary."""
from __future__ import annotations

import time
from typing import Any

from dlstudio.training import transfer

#: snapshot events the panel plots (periodic "step" snapshots are not sent)
SENT_EVENTS = ("epoch_end", "finished", "stopped", "diverged")


def transfer_job(source, plan, train_spec, dataset, data_spec, job):
    """The worker job of one transfer run: loads the data when ``dataset`` is None, yields the
    snapshots in ``SENT_EVENTS`` and returns a summary (trained network, timings, final
    validation accuracy per phase, whether it was stopped, seconds)."""
    t0 = time.perf_counter()
    if dataset is None:
        from dlstudio.data import load

        dataset = load(data_spec)
    run = transfer.TransferRun(source, dataset, train_spec, plan, control=job.control)
    last: dict[str, Any] = {}
    for snap in run.run():
        if snap.event in SENT_EVENTS:
            yield snap
        if snap.val_accuracy is not None:
            last[snap.extra["phase"]] = snap.val_accuracy
    return {"network": run.network, "timings": dict(run.timings), "val_accuracy": last,
            "stopped": job.control.stop_requested, "seconds": time.perf_counter() - t0}
