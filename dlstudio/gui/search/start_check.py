"""Whether a search round may start now, and if not, why, in words for the bar under "Run
search".

A round needs a hyperparameter to search, and the processor: the studio's training run and a
search would share the machine's cores and both crawl (walker27 W27-16: both ran at once,
the run's toolbar and the round's bar each at half speed). The app does one long job at a
time, so a round waits for the student to pause or stop the run; a paused run takes no time
and may stay (the step debugger looks at one while a search runs).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

#: run states in which the studio's run uses the processor
TRAINING_STATES = ("preparing", "running")


def training_now(studio: Any) -> bool:
    """The studio's run is loading, building or training (not paused, not ended)."""
    return getattr(studio, "state", "idle") in TRAINING_STATES


def refusal(studio: Any, space: list) -> Callable[[], str] | None:
    """Why a round on ``space`` (the ticked dimensions) cannot start while ``studio`` is as
    it is now: a function making the sentence in the UI language, or None when it can."""
    if not space:
        return lambda: cannot_start(QCoreApplication.translate(
            "SearchPanel", "tick at least one hyperparameter to search"))
    if training_now(studio):
        return lambda: training_text(studio)
    return None


def cannot_start(reason: str) -> str:
    """ "Cannot start: <reason>" in the UI language."""
    return QCoreApplication.translate("SearchPanel", "Cannot start: %s") % reason


def training_text(studio: Any) -> str:
    """The run in the way, named with its epoch, and how to get it out of the way (short:
    the bar under "Run search" has one line, about 520 pixels at 1366x768)."""
    snap, settings = getattr(studio, "last_telemetry", None), \
        getattr(studio, "last_run_settings", None)
    epochs = max((train.epochs for _n, _net, train in settings.variants), default=0) \
        if settings is not None else 0
    if snap is None or not epochs:
        return QCoreApplication.translate(
            "SearchPanel", "A run is starting: pause it (Space) or stop it (Shift+F5) first.")
    return QCoreApplication.translate(
        "SearchPanel", "A run is training (epoch %1 of %2): pause it (Space) or stop it "
        "(Shift+F5) first.").replace("%1", f"{snap.epoch + 1:,}").replace("%2", f"{epochs:,}")
