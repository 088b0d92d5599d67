"""What a lesson step's background check says while it runs, and how Stop ends it.

A step the window cannot reproduce (a transfer comparison, a check reading more than four
variants) runs headless on the lesson panel's worker; it took two minutes with nothing on
screen but "idle" (walker26 W26-6). :func:`check_progress` is the ``progress`` callback the
headless run hears every snapshot with (``lessons.runner.run_step``): at most
``REPORT_GAP`` apart it reports the run's place through ``job.progress(step, total,
sentence)``, the sentence naming the run (the source network, or the variant with its
label and "2 of 3"), its epoch and step and the time its run has left; once the job's
control was stopped it raises ``StepStopped``, which ends the headless run.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from dlstudio.gui.lessons.strings import ui
from dlstudio.lessons.experiments import SOURCE_RUN
from dlstudio.lessons.train_run import Progress, StepStopped

#: seconds between two reports (the toolbar's line redraws four times a second)
REPORT_GAP = 0.25


def duration_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``), as the run's own progress line writes time left."""
    seconds = max(0, int(round(seconds)))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def seconds_left(snap: Any) -> float | None:
    """Seconds the run of ``snap`` still needs at its pace so far (None before it is known)."""
    total, step = snap.total_steps or 0, snap.step
    if not total or step <= 0 or snap.elapsed_seconds <= 0:
        return None
    return snap.elapsed_seconds * (total - step) / step


def run_text(letter: str, label: str, lang: str) -> str:
    """"B (reuse the conv blocks)": a variant's letter and its label, in ``lang``."""
    if not label or label == letter:
        return letter
    return f"{letter}（{label}）" if lang.lower().startswith("zh") else f"{letter} ({label})"


def progress_sentence(name: str, snap: Any, labels: dict[str, str], lang: str) -> str:
    """The line for run ``name`` at ``snap``: which run, its epoch, step and time left.
    ``labels`` maps the step's variant names, in order, to their labels in ``lang``."""
    if name == SOURCE_RUN:
        which = ui("check_source_run", lang)
    else:
        names = list(labels)
        which = ui("check_variant_run", lang).format(
            run=run_text(name or "A", labels.get(name) or "", lang),
            k=names.index(name) + 1 if name in names else 1, n=max(1, len(names)))
    total = snap.total_steps or 0
    parts = [which, ui("check_epoch", lang).format(epoch=snap.epoch + 1),
             ui("check_step", lang).format(step=f"{snap.step:,}",
                                           total=f"/{total:,}" if total else "")]
    left = seconds_left(snap)
    if left is not None:
        parts.append(ui("check_left", lang).format(time=duration_text(left)))
    return ui("check_progress", lang).format(what=" · ".join(parts))


def check_progress(job: Any, labels: dict[str, str], lang: Callable[[], str],
                   clock: Callable[[], float] = time.monotonic) -> Progress:
    """The ``progress`` callback of a headless check on ``job`` (a worker ``Job``)."""
    last = {"at": -REPORT_GAP, "name": None}

    def progress(name: str, snap: Any) -> None:
        if job.control.stop_requested:
            raise StepStopped()
        now = clock()
        if name == last["name"] and now - last["at"] < REPORT_GAP \
                and snap.event in ("step", "epoch_end"):
            return
        last["at"], last["name"] = now, name
        job.progress(int(snap.step), int(snap.total_steps or 0),
                     progress_sentence(name, snap, labels, lang()))

    return progress
