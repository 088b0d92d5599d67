"""Checking a step in the window: from the live run's snapshots, or with a headless run on a
background thread.

``LiveRecorder`` collects the telemetry the studio emits while a lesson step's run is going
(per studio variant) and turns it into the ``RunRecord``s the checks read. ``HeadlessCheck``
runs ``dlstudio.lessons.runner.run_step`` in a Python thread and reports through a signal, so
the window stays responsive during playground, search, transfer and large comparisons.
"""
from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from dlstudio.lessons.checks import CheckResult, RunRecord, evaluate

#: snapshots kept per variant (a lesson run is short; this bounds memory for long explorations)
MAX_SNAPSHOTS = 20_000


def _kernels_of(network: Any) -> list:
    out = []
    for layer in getattr(network, "layers", []) or []:
        params = getattr(layer, "params", None) or {}
        if "W" in params:
            out.append(params["W"].copy())
    return out


class LiveRecorder(QObject):
    """Records the telemetry of the studio's latest run, per studio variant.

    Recording restarts whenever a run starts (state ``"preparing"``), whoever started it, so
    a student can explore freely and still check a step on their own run.
    ``sigRunEnded`` fires when the run finishes, stops, diverges or fails.
    """

    sigRunEnded = Signal()

    def __init__(self, studio: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.studio = studio
        self.running = False
        self.snapshots: dict[str, list] = {}
        studio.sigTelemetry.connect(self._on_studio_telemetry)
        studio.sigRunStateChanged.connect(self._on_studio_state)

    @property
    def has_run(self) -> bool:
        return any(self.snapshots.values())

    def _on_studio_telemetry(self, snap: Any) -> None:
        bucket = self.snapshots.setdefault(getattr(snap, "variant", "") or "", [])
        if len(bucket) < MAX_SNAPSHOTS:
            bucket.append(snap)

    def _on_studio_state(self, state: str) -> None:
        if state == "preparing":
            self.snapshots = {}
            self.running = True
        elif state in ("finished", "stopped", "diverged", "failed") and self.running:
            self.running = False
            self.sigRunEnded.emit()

    def records(self, mapping: dict[str, str], planned_epochs: int | None) -> dict[str, RunRecord]:
        """``RunRecord``s keyed by lesson variant name, from the recorded snapshots."""
        out = {}
        studio = self.studio
        for lesson_name, studio_name in mapping.items():
            snaps = self.snapshots.get(studio_name)
            if snaps is None and studio_name == "":
                snaps = self.snapshots.get("A")
            if snaps is None and studio_name == "A":
                snaps = self.snapshots.get("")
            info: dict[str, Any] = {"planned_epochs": planned_epochs}
            try:
                net = studio.network_for(studio_name or "A")
                if net is not None:
                    info["kernels"] = _kernels_of(net)
                    info["spec"] = net.spec.to_dict()
                    info["layers"] = net.spec.describe_layers()
            except Exception:  # the run may have ended before weights were published
                pass
            out[lesson_name] = RunRecord(lesson_name, tuple(snaps or ()), info)
        return out


def check_live(kind: str, params: dict, records: dict[str, RunRecord]) -> CheckResult:
    return evaluate(kind, params, records)


class HeadlessCheck(QObject):
    """Runs one lesson step headless on a Python thread; emits ``sigDone(result, seconds)``."""

    sigDone = Signal(object, float)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, lesson: Any, step: Any) -> None:
        if self.running:
            return

        def work() -> None:
            from dlstudio.lessons.runner import run_step

            outcome = run_step(lesson, step)
            self.sigDone.emit(outcome.result, outcome.seconds)

        self._thread = threading.Thread(target=work, name="lesson-check", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
