"""``AutosaveTimer``: when a window's session is autosaved.

Every ``AUTOSAVE_INTERVAL_MS``, ``CHANGE_DELAY_MS`` after a change, and while a run trains:
its first autosave at its first epoch end or ``RUN_FIRST_SAVE_MS`` after it started, then at
epoch ends once the last autosave is old enough (``RUN_SAVE_MIN_S``, and
``RUN_SAVE_COST_FACTOR`` times what it took to write), so a crash loses at most about an
epoch while autosaving stays a small share of the window's time. What is written, and
where, is the caller's (``WorkspaceController.autosave_now``).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

AUTOSAVE_INTERVAL_MS = 60_000
CHANGE_DELAY_MS = 2_000
#: a run's first autosave comes at its first epoch end, or this long after it started when
#: that is sooner (a run changes the weights twice a second, so the change delay never
#: passes while it trains; a crash in its first minute would otherwise lose it)
RUN_FIRST_SAVE_MS = 10_000
#: later, each epoch end of a run autosaves once the last autosave is this old (seconds), so
#: a crash loses at most one epoch (W9-4: 60 s between autosaves lost 9 epochs of MNIST) ...
RUN_SAVE_MIN_S = 5.0
#: ... and at least this many times as old as that autosave took to write, which keeps
#: autosaving under 4% of the window's time (an MNIST MLP session, 4 MB: 95-170 ms)
RUN_SAVE_COST_FACTOR = 25


class AutosaveTimer(QObject):
    """Calls ``save()`` (True: written) at the times above for the runs of ``studio``, once
    ``start``-ed; ``clock`` (seconds, replaceable in tests) times the saves."""

    def __init__(self, studio: Any, save: Callable[[], bool], parent: QObject | None = None):
        super().__init__(parent)
        self.studio = studio
        self._save = save
        self._timer = QTimer(self)
        self._timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._timer.timeout.connect(self.save_now)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(CHANGE_DELAY_MS)
        self._debounce.timeout.connect(self.save_now)
        # one early autosave per run (see RUN_FIRST_SAVE_MS); later ones come with _timer
        self._run_save = QTimer(self)
        self._run_save.setSingleShot(True)
        self._run_save.setInterval(RUN_FIRST_SAVE_MS)
        self._run_save.timeout.connect(self._save_during_run)
        self._epoch_ended = False
        #: when the last autosave was written (``clock()`` seconds) and how long it took
        self.clock = time.monotonic
        self._last_save_at, self._last_save_seconds = float("-inf"), 0.0
        studio.sigRunStateChanged.connect(self._on_studio_run_state)
        studio.sigTelemetry.connect(self._on_studio_telemetry)
        studio.sigTimelineChanged.connect(self._on_studio_timeline)

    def start(self) -> None:
        """Autosave from now on."""
        self._timer.start()

    def stop(self) -> None:
        """No more autosaves (the window closes)."""
        self._timer.stop()
        self._debounce.stop()
        self._run_save.stop()

    def changed(self) -> None:
        """The session changed: autosave ``CHANGE_DELAY_MS`` after the last change."""
        if self._timer.isActive():
            self._debounce.start()

    def save_now(self) -> bool:
        """Autosave now; True when it was written."""
        started = time.perf_counter()
        if not self._save():
            return False
        self._last_save_at = self.clock()
        self._last_save_seconds = time.perf_counter() - started
        return True

    def _on_studio_run_state(self, state: str) -> None:
        if state == "preparing" and self._timer.isActive():    # a run (re)starts
            self._epoch_ended = False
            self._run_save.start()

    def _on_studio_telemetry(self, snap: Any) -> None:
        if snap.event == "epoch_end" and self._timer.isActive():
            self._epoch_ended = True        # saved with the epoch's moment, which follows

    def _on_studio_timeline(self) -> None:
        if self._epoch_ended:
            self._epoch_ended = False
            due = max(RUN_SAVE_MIN_S, RUN_SAVE_COST_FACTOR * self._last_save_seconds)
            if self._run_save.isActive() or self.clock() - self._last_save_at >= due:
                self._save_during_run()

    def _save_during_run(self) -> None:
        """An autosave while a run trains: its first (``RUN_FIRST_SAVE_MS``), then at epoch
        ends (``RUN_SAVE_MIN_S``); the GUI thread writes it."""
        self._run_save.stop()
        self._epoch_ended = False
        if self.studio.is_active():
            self.save_now()
