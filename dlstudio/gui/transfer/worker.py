"""Runs a :class:`~dlstudio.training.transfer.TransferRun` on a ``QThread``.

Loading the data, caching features and training all happen on the worker's thread; the GUI
receives epoch snapshots and a summary through queued signals. No widget is touched here.
"""
from __future__ import annotations

import logging
import time
import traceback
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

log = logging.getLogger(__name__)

#: snapshot events the panel plots (periodic "step" snapshots are not sent)
SENT_EVENTS = ("epoch_end", "finished", "stopped", "diverged")


class TransferWorker(QObject):
    """Signals: ``sigTelemetry(Telemetry)`` for epoch ends and the last snapshot of each
    phase; ``sigFinished(dict)`` with the trained network, timings and final metrics;
    ``sigFailed(str)``."""

    sigTelemetry = Signal(object)
    sigFinished = Signal(object)
    sigFailed = Signal(str)

    def __init__(self, source, plan, train_spec, dataset=None, data_spec=None):
        super().__init__()
        self.source, self.plan, self.train_spec = source, plan, train_spec
        self.dataset, self.data_spec = dataset, data_spec
        self.run_obj = None
        self._stop = False

    def stop(self) -> None:
        self._stop = True
        if self.run_obj is not None:
            self.run_obj.stop()

    @Slot()
    def run(self) -> None:
        from dlstudio.training.transfer import TransferRun

        t0 = time.perf_counter()
        try:
            dataset = self.dataset
            if dataset is None:
                from dlstudio.data import load

                dataset = load(self.data_spec)
            self.run_obj = TransferRun(self.source, dataset, self.train_spec, self.plan)
            last: dict[str, Any] = {}
            for snap in self.run_obj.run():
                if self._stop:
                    self.run_obj.stop()
                if snap.event in SENT_EVENTS:
                    self.sigTelemetry.emit(snap)
                if snap.val_accuracy is not None:
                    last[snap.extra["phase"]] = snap.val_accuracy
        except Exception as exc:
            log.warning("transfer run failed", exc_info=True)
            self.sigFailed.emit(f"{exc}\n{traceback.format_exc(limit=2)}")
            return
        self.sigFinished.emit({"network": self.run_obj.network,
                               "timings": dict(self.run_obj.timings),
                               "val_accuracy": last, "stopped": self._stop,
                               "seconds": time.perf_counter() - t0})


def start_transfer(worker: TransferWorker) -> QThread:
    thread = QThread()
    thread.setObjectName("transfer-learning")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # QThread.quit is thread-safe: call it directly from the worker's thread, so that the
    # thread is already ending when the GUI thread handles the same signal and joins it
    worker.sigFinished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    worker.sigFailed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
