"""Checking a step in the window from the live run's snapshots.

``LiveRecorder`` collects the telemetry the studio emits while a lesson step's run is going
(per studio variant) and turns it into the ``RunRecord``s the checks read. A step the window
cannot reproduce is checked headless by :func:`headless_check_job` on the lesson panel's
:class:`~dlstudio.gui.worker.GeneratorWorker`.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from dlstudio.gui.worker import Factory, blocking_job
from dlstudio.lessons.checks import RunRecord

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



def headless_check_job(lesson: Any, step: Any) -> Factory:
    """A worker job running ``step`` of ``lesson`` headless; returns its ``CheckResult``."""
    def check(job: Any):
        from dlstudio.lessons.runner import run_step

        return run_step(lesson, step).result

    return blocking_job(check)
