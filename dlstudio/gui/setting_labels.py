"""What the training settings are called on screen, in the UI language.

The Training panel's form labels and every sentence or list that names a training setting
(the notice about settings a lesson step left in use, the Compare dock's form, the branch
dialog's choices) read the names here, so that they say the same words in every language
(walker15 W15-12: the Chinese notice read the raw "optimizer adam"). Keys are the fields of
``TrainSpec`` (plus ``early`` and ``patience`` for early stopping); translated in the
context ``TrainingSetting``.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dlstudio.gui.i18n import render
from dlstudio.messages import Message

CONTEXT = "TrainingSetting"

#: training setting -> its name on screen (English; ``setting_label`` translates it)
LABELS = {
    "optimizer": QT_TRANSLATE_NOOP("TrainingSetting", "Optimizer"),
    "learning_rate": QT_TRANSLATE_NOOP("TrainingSetting", "Learning rate"),
    "schedule": QT_TRANSLATE_NOOP("TrainingSetting", "Schedule"),
    "batch_size": QT_TRANSLATE_NOOP("TrainingSetting", "Batch size"),
    "epochs": QT_TRANSLATE_NOOP("TrainingSetting", "Epochs"),
    "loss": QT_TRANSLATE_NOOP("TrainingSetting", "Loss"),
    "seed": QT_TRANSLATE_NOOP("TrainingSetting", "Seed"),
    "l1": QT_TRANSLATE_NOOP("TrainingSetting", "L1 penalty"),
    "l2": QT_TRANSLATE_NOOP("TrainingSetting", "L2 penalty"),
    "max_norm": QT_TRANSLATE_NOOP("TrainingSetting", "Max-norm"),
    "dropout_rate": QT_TRANSLATE_NOOP("TrainingSetting", "Dropout rate"),
    "clipvalue": QT_TRANSLATE_NOOP("TrainingSetting", "Clip gradients by value"),
    "clipnorm": QT_TRANSLATE_NOOP("TrainingSetting", "Clip gradient norm"),
    "early": QT_TRANSLATE_NOOP("TrainingSetting", "Stop early"),
    "patience": QT_TRANSLATE_NOOP("TrainingSetting", "Patience (epochs)"),
}


def setting_label(key: str) -> str:
    """The name of training setting ``key`` (a key of ``LABELS``) in the UI language."""
    return QCoreApplication.translate(CONTEXT, LABELS[key])


def problem_text(problem) -> str:
    """A training-settings problem (``training.spec_checks.SpecProblem``) in the UI language,
    the setting named as on screen ("Learning rate: must be a number, got 'fast'"; a setting
    without a form label keeps its key, e.g. "telemetry.probe_size")."""
    name = setting_label(problem.field) if problem.field in LABELS else problem.field
    return render(Message("train.at_field", field=name, text=problem.message))
