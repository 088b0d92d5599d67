"""What the window asks before it closes while a run trains: "Stop it and quit?", with the
run's epoch and what is kept of it (``stop_run_question``)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import sentences
from dlstudio.training.telemetry import SINGLE_RUN


def stop_run_question(studio: Any, was_paused: bool | None = None) -> tuple[str, str]:
    """``(question, detail)`` about the run ``studio`` is training or has paused
    (``was_paused``; default: its state now): the epoch it is in, what is kept when it
    stops (a single run can be continued) and what Cancel does, in the UI language."""
    snap, settings = studio.last_telemetry, studio.last_run_settings
    variants = settings.variants if settings is not None else ()
    epochs = max((train.epochs for _name, _net, train in variants), default=0)
    if was_paused is None:
        was_paused = studio.state == "paused"
    if snap is None or not epochs:
        text = QCoreApplication.translate("StopRunQuestion",
                                          "A run is starting. Stop it and quit?")
    elif was_paused:        # W9-23: not "training"
        text = QCoreApplication.translate(
            "StopRunQuestion", "A run is paused (epoch %1 of %2). Stop it and quit?").replace(
            "%1", f"{snap.epoch + 1:,}").replace("%2", f"{epochs:,}")
    else:
        text = QCoreApplication.translate(
            "StopRunQuestion", "A run is training (epoch %1 of %2). Stop it and quit?").replace(
            "%1", f"{snap.epoch + 1:,}").replace("%2", f"{epochs:,}")
    if len(variants) == 1 and variants[0][0] == SINGLE_RUN:
        detail = QCoreApplication.translate(
            "StopRunQuestion", "The run is kept where it stops: when dlstudio starts again, "
            "Run > Continue trains it on from there.")
    else:
        detail = QCoreApplication.translate(
            "StopRunQuestion", "The curves and weights are kept as they are when it stops.")
    detail = sentences(detail, QCoreApplication.translate("StopRunQuestion",
                                                          "Cancel keeps it paused.")
                       if was_paused else
                       QCoreApplication.translate("StopRunQuestion", "Cancel keeps it training."))
    return text, detail
