"""Checking a step in the window from the live run's snapshots.

``LiveRecorder`` turns the snapshots of the studio's latest run (per studio variant, from the
studio's run store) into the ``RunRecord``s the checks read; ``preflight_records`` does the
same for the studio's latest "Check before training", and :func:`own_network_note` words
what that check said when it was made for the student's own network. A step the window
cannot reproduce is checked headless by :func:`headless_check_job` on the lesson panel's
:class:`~dlstudio.gui.worker.GeneratorWorker`.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from dlstudio.gui.lessons.check_progress import check_progress
from dlstudio.gui.job_runner import Factory, blocking_job
from dlstudio.lessons.checks import RunRecord
from dlstudio.lessons.train_run import StepStopped, data_stats, preflight_record

def _kernels_of(network: Any) -> list:
    out = []
    for layer in getattr(network, "layers", []) or []:
        params = getattr(layer, "params", None) or {}
        if "W" in params:
            out.append(params["W"].copy())
    return out


class LiveRecorder(QObject):
    """Reads the telemetry of the studio's latest run, per studio variant, from the studio's
    run store (the one place snapshots are kept).

    A run counts from its start (``Studio.sigRunStarted``), whoever started it, so a student can
    explore freely and still check a step on their own run; a cleared store (reset, a
    workspace opened) holds no run. ``sigRunEnded`` fires when the run finishes, stops,
    diverges or fails.
    """

    sigRunEnded = Signal()

    def __init__(self, studio: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.studio = studio
        self.running = False
        self._started = False
        studio.store.sigCleared.connect(self._on_store_cleared)
        studio.sigRunStarted.connect(self._on_studio_run_started)
        # a continued run is the same run: its curves were cut back to its last moment
        # (the store cleared and refilled), and it trains again (walker20 W20-11)
        studio.sigRunContinued.connect(self._on_studio_run_started)
        studio.sigRunStateChanged.connect(self._on_studio_state)

    @property
    def has_run(self) -> bool:
        return self._started and not self.studio.store.is_empty()

    def _on_store_cleared(self) -> None:
        self._started = False

    def adopt_restored_run(self) -> None:
        """Read the run an opened workspace put in the store (its scalar curves) as the
        newest run."""
        self._started = not self.studio.store.is_empty()
        self.running = False

    def _on_studio_run_started(self) -> None:
        self._started = True
        self.running = True

    def _on_studio_state(self, state: str) -> None:
        if state in ("finished", "stopped", "diverged", "failed") and self.running:
            self.running = False
            self.sigRunEnded.emit()

    def records(self, mapping: dict[str, str], planned_epochs: int | None) -> dict[str, RunRecord]:
        """``RunRecord``s keyed by lesson variant name, from the store's snapshots."""
        out = {}
        studio = self.studio
        for lesson_name, studio_name in mapping.items():
            snaps = studio.store.snapshots(studio_name) if self._started else []
            info: dict[str, Any] = {"planned_epochs": planned_epochs}
            try:
                net = studio.network_for(studio_name)
                if net is not None:
                    info["kernels"] = _kernels_of(net)
                    info["spec"] = net.spec.to_dict()
                    info["layers"] = net.spec.describe_layers()
            except Exception:  # the run may have ended before weights were published
                pass
            if studio.dataset is not None:   # the data checks (lesson 11) read its statistics
                info.update(data_stats(studio.dataset))
            out[lesson_name] = RunRecord(lesson_name, tuple(snaps or ()), info)
        return out


def preflight_records(result: Any, mapping: dict[str, str]) -> dict[str, RunRecord] | None:
    """The record a pre-flight step's check reads, from the studio's own check of variant A
    (a ``PreflightResult``): the verdict on screen is the verdict checked. None when there is
    no report to read."""
    if result is None or getattr(result, "report", None) is None or len(mapping) != 1:
        return None
    name = next(iter(mapping))
    return {name: preflight_record(name, result.report, result.network_spec)}


def own_network_note(report: Any, lang: str, fix_of_next_step: bool = False) -> str:
    """What a pre-flight step's Check says about the student's own changed network, whose
    "Check before training" ``report`` the studio holds, after judging the step's own setup
    instead: healthy (and, with ``fix_of_next_step``, the fix the next step trains) or its
    verdict words, in ``lang``."""
    from dlstudio.gui.lessons.strings import ui
    from dlstudio.lessons.checks.preflight import verdict_term
    from dlstudio.messages import render

    lines = [ui("judged_step_setup", lang)]
    if report is not None and report.healthy:
        lines.append(ui("own_healthy_next" if fix_of_next_step else "own_healthy", lang))
    elif report is not None:
        sep = "、" if lang.startswith("zh") else ", "
        words = sep.join(render(verdict_term(w), lang) for w in report.verdicts)
        lines.append(ui("own_verdict", lang).format(verdict=words))
    return ("" if lang.startswith("zh") else " ").join(lines)


def run_labels(lesson: Any, step: Any, lang: str) -> dict[str, str]:
    """The step's variant names, in order, with their labels in ``lang`` ("" without one)."""
    from dlstudio.lessons.resolve import resolve_step

    try:
        runs = resolve_step(lesson, step)
    except Exception:  # a step that cannot be resolved fails in its run and says why
        return {}
    return {run.name: (run.label.get(lang) if run.label is not None else "") for run in runs}


def headless_check_job(lesson: Any, step: Any,
                       lang: Callable[[], str] = lambda: "en") -> Factory:
    """A worker job running ``step`` of ``lesson`` headless; returns its ``CheckResult``
    (None when stopped). Its progress (``check_progress``) is the worker's ``sigProgress``,
    its sentences in ``lang()``."""
    def check(job: Any):
        from dlstudio.lessons.runner import run_step

        progress = check_progress(job, run_labels(lesson, step, lang()), lang)
        try:
            return run_step(lesson, step, progress).result
        except StepStopped:
            return None

    return blocking_job(check)


def transfer_check_job(lesson: Any, step: Any,
                       lang: Callable[[], str] = lambda: "en") -> Factory:
    """A worker job running a transfer step headless; returns its ``CheckResult``, the
    step's source network with the number of layers reused (``runner.transfer_source``,
    cached by the run) and what each of its runs did (``experiments.transfer_setups``), for
    the Transfer panel; None when stopped. Its progress as ``headless_check_job``'s."""
    def check(job: Any):
        from dlstudio.lessons.experiments import transfer_setups
        from dlstudio.lessons.runner import run_step, transfer_source

        progress = check_progress(job, run_labels(lesson, step, lang()), lang)
        try:
            outcome = run_step(lesson, step, progress)
        except StepStopped:
            return None
        try:
            source = transfer_source(lesson, step)
            setups = transfer_setups(step, outcome.runs)
        except Exception:  # the check already says what went wrong
            source, setups = None, []
        return outcome.result, source, setups

    return blocking_job(check)
