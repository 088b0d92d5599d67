"""Runs a :class:`~dlstudio.training.search.SearchRunner` off the GUI thread.

The runner's own trials run in worker *processes*; this ``QThread`` only waits for them and
relays each event to the GUI thread as a queued signal. It never touches a widget.
"""
from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from dlstudio.training.search import SearchProgress, SearchRunner

log = logging.getLogger(__name__)


class SearchWorker(QObject):
    """Signals: ``sigProgress(SearchProgress)``, ``sigResult(dict)``, ``sigFinished(list)``
    (all results, best first; also after a cancel) and ``sigFailed(str)``."""

    sigProgress = Signal(object)
    sigResult = Signal(object)
    sigFinished = Signal(object)
    sigFailed = Signal(str)

    def __init__(self, runner: SearchRunner):
        super().__init__()
        self.runner = runner

    def cancel(self) -> None:
        """Stop the search (any thread): queued trials are dropped, running ones stop."""
        self.runner.cancel()

    @Slot()
    def run(self) -> None:
        try:
            for event in self.runner.run():
                if isinstance(event, SearchProgress):
                    self.sigProgress.emit(event)
                else:
                    self.sigResult.emit(event)
        except Exception as exc:  # the search machinery itself broke (not one trial)
            log.warning("search failed", exc_info=True)
            self.sigFailed.emit(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=2)}")
            return
        self.sigFinished.emit(list(self.runner.results))


def start_search(runner: SearchRunner) -> tuple[QThread, SearchWorker]:
    """Start ``runner`` on a new thread; the thread quits when the search ends."""
    thread = QThread()
    thread.setObjectName("hyperparameter-search")
    worker = SearchWorker(runner)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # QThread.quit is thread-safe: call it directly from the worker's thread, so that the
    # thread is already ending when the GUI thread handles the same signal and joins it
    worker.sigFinished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    worker.sigFailed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread, worker
