"""The status line in words: one sentence about the newest telemetry.

When something matters (a diverged run, vanishing or exploding gradients, saturated or dead
units, overfitting) the sentence says so, using the findings of
:mod:`dlstudio.training.diagnosis` ("the gradients of layer 2 (dense) are 10^-5 of those of
layer 9 (dense_7): vanishing",
"loss is NaN: the run diverged at step 340 ..."). Otherwise it reports progress ("Epoch 3 of
10, step 340: training loss 0.231, validation accuracy 91.2%"). In a comparison the most
severe finding of any variant is shown, prefixed with the variant's name; once every run has
ended, each variant's verdict is reported ("A: test accuracy 95.8%, 2,400 examples/s · B: test
accuracy 97.1%, 3,100 examples/s",
or a variant's diagnosis instead of its accuracy: "A: The gradients of layer 2 (dense) ...").

Host it with the plots' timer::

    tracker = StatusTracker(store)
    tracker.sigStatusChanged.connect(window.statusBar().showMessage)
    refresher.add(tracker)        # re-evaluated only when the store changed
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

from dlstudio.gui.i18n import current_language, render
from dlstudio.gui.plots.multiples import numbers_agree
from dlstudio.gui.plots.style import variant_label
from dlstudio.gui.run_store import RunStore
from dlstudio.lessons.path import number_of
from dlstudio.messages import Message
from dlstudio.messages.numbers import MathFloat
from dlstudio.training import diagnosis
from dlstudio.training.telemetry import Telemetry

_SEVERITY = {"error": 0, "warning": 1, "info": 2}
#: snapshot events that end a run
_ENDS = ("finished", "stopped", "diverged")


#: the status texts, marked for lupdate (a helper's argument is invisible to it)
_TEXTS = {
    "epoch_of": QT_TRANSLATE_NOOP("Status", "Epoch {0} of {1}, step {2}"),
    "epoch": QT_TRANSLATE_NOOP("Status", "Epoch {0}, step {1}"),
    #: the snapshot's training loss is the mean of the epoch's mini-batch losses so far, not
    #: the smoothed curve's value (walker29 W29-16: "training loss 0.283" beside a curve at 0.1)
    "training_loss_value": QT_TRANSLATE_NOOP(
        "Status", "training loss {0:.3g} (running mean over the epoch)"),
    #: step 0: the untrained network's loss on one batch, before any step (walker37 W37-12:
    #: "Epoch 1, step 0: training loss 2.69 (running mean over the epoch)" read oddly)
    "training_loss_at_start": QT_TRANSLATE_NOOP(
        "Status", "training loss {0:.3g} (the untrained network on one batch)"),
    "validation_accuracy_value": QT_TRANSLATE_NOOP("Status", "validation accuracy {0:.1%}"),
    "training_accuracy_value": QT_TRANSLATE_NOOP("Status", "training accuracy {0:.1%}"),
    "test_accuracy_value": QT_TRANSLATE_NOOP("Status", "test accuracy {0:.1%}"),
    "speed": QT_TRANSLATE_NOOP("Status", "{0:,.0f} examples/s"),
    #: a variant's verdict and its speed: "test accuracy 90.0%, 2,400 examples/s"
    "and_speed": QT_TRANSLATE_NOOP("Status", "{0}, {1}"),
    #: where the run is, then how it does: "Epoch 1, step 0: training loss 2.69, ..."
    "where_and_how": QT_TRANSLATE_NOOP("Status", "{0}: {1}"),
    "validation_accuracy": QT_TRANSLATE_NOOP("Status", "validation accuracy"),
    "training_accuracy": QT_TRANSLATE_NOOP("Status", "training accuracy"),
    "training_loss": QT_TRANSLATE_NOOP("Status", "training loss"),
}


def _t(key: str) -> str:
    """The status text ``key`` of ``_TEXTS`` in the window's language."""
    return QCoreApplication.translate("Status", _TEXTS[key])


def _sentence(text: str) -> str:
    text = render(text).strip()          # a structured message in the window's language
    if current_language().startswith("zh"):
        return text     # no capitals in Chinese: "dense_1 层" starts a sentence as it is
    return text[:1].upper() + text[1:] if text else text


def progress_sentence(snap: Telemetry) -> str:
    """Where the run is and how it is doing, from one snapshot."""
    epoch = snap.epoch + 1                 # the trainer counts epochs from 0
    total_epochs = None
    if snap.total_steps and snap.step and snap.epoch_fraction and snap.event == "step":
        per_epoch = snap.step / max(1e-9, snap.epoch + snap.epoch_fraction)
        total_epochs = max(epoch, round(snap.total_steps / per_epoch)) if per_epoch else None
    head = (_t("epoch_of").format(epoch, total_epochs, snap.step)
            if total_epochs else _t("epoch").format(epoch, snap.step))
    parts = []
    if snap.train_loss is not None and math.isfinite(snap.train_loss):
        key = "training_loss_at_start" if snap.step == 0 else "training_loss_value"
        parts.append(_t(key).format(MathFloat(snap.train_loss)))
    if snap.val_accuracy is not None:
        parts.append(_t("validation_accuracy_value").format(snap.val_accuracy))
    elif snap.train_accuracy is not None:
        parts.append(_t("training_accuracy_value").format(snap.train_accuracy))
    if snap.examples_per_second and math.isfinite(snap.examples_per_second):
        parts.append(_t("speed").format(snap.examples_per_second))
    if not parts:
        return head
    return _t("where_and_how").format(head, _listed(parts))


def status_text(store: RunStore, note: str = "") -> str:
    """The sentence for the status line ("" before any telemetry). ``note`` (e.g. a bad
    pre-flight verdict) is added to the progress sentence while nothing worse is found."""
    variants = store.variants()
    if not variants:
        return ""
    best = None            # (severity, order, text)
    ended = []             # each variant's verdict once every run has ended
    compare = len(variants) > 1
    numbered = not compare or numbers_agree(store)
    for order, variant in enumerate(variants):
        snap = store.latest(variant)
        if snap is None:
            continue
        findings = diagnosis.diagnose(snap, store.epoch_snapshots(variant))
        for finding in findings:
            if finding.severity == "info" and snap.event in ("step", "epoch_end"):
                continue
            if compare and finding.kind == "finished" and snap.test_accuracy is not None:
                text = _t("test_accuracy_value").format(snap.test_accuracy)   # short
                speed = store.last_speed(variant)
                if speed:                       # each variant timed on its own steps
                    text = _t("and_speed").format(text, _t("speed").format(speed))
            else:
                text = _sentence(render(_by_name(finding.message, variant, numbered)))
            if compare:
                text = f"{variant_label(variant, store)}: {text}"
            key = (_SEVERITY.get(finding.severity, 3), order, text)
            ended.append(text)
            if best is None or key < best:
                best = key
            break               # diagnose() lists the most severe first
    if compare and len(ended) == len(variants) and all(
            store.latest(v).event in _ENDS for v in variants):
        return " · ".join(ended)             # a comparison ended: every variant's verdict
    if best is not None:
        return best[2]
    newest = store.latest()
    if len(variants) == 1:
        text = progress_sentence(newest)
    else:
        text = compare_sentence([store.latest(v) for v in variants], store)
    return f"{text} · {note}" if note and text else text


def run_end_findings(store: RunStore, lesson: str | None = None) -> list[str]:
    """Every variant's most severe warning or error once its run ended, as whole sentences
    in the window's language ("B: The gradients of layer 2 (dense) are ..."), for a note
    that wraps them; [] when no run ended badly. ``lesson``: the id of the lesson open
    ("05_activations"), whose own number a finding does not point to."""
    found = _ended_findings(store)
    several = len(store.variants()) > 1
    numbered = not several or numbers_agree(store)

    def shown(message: Any, variant: str) -> str:
        message = _by_name(_without_pointer_to(message, lesson), variant, numbered)
        return _sentence(render(message))

    return [f"{variant_label(variant, store)}: {shown(f.message, variant)}" if several
            else shown(f.message, variant) for variant, f in found]


def _by_name(message: Any, variant: str, numbered: bool) -> Any:
    """``message`` with its layers named by name and their number in ``variant`` ("layer
    dense_1 (number 2 in A)") unless the variants' layers have the same numbers
    (``numbered``): a layer that A calls layer 2 and B layer 3 read as two layers (walker27
    W27-2), as the plots then name layers by name alone (``multiples.numbers_agree``)."""
    if numbered:
        return message
    return _rewritten(message, lambda m: Message(
        "layer.named_in_variant", name=m.values["name"], number=m.values["number"],
        variant=variant) if m.id == "layer.named" else None)


def _rewritten(message: Any, rewrite: Callable[[Message], Any]) -> Any:
    """``message`` (a ``Message``, a list of them or text) with every ``Message`` in it,
    values included, replaced by ``rewrite(message)`` where that is not None."""
    if isinstance(message, (list, tuple)):
        return type(message)(_rewritten(m, rewrite) for m in message)
    if not isinstance(message, Message):
        return message
    new = rewrite(message)
    if new is not None:
        return new
    return Message(message.id, **{k: _rewritten(v, rewrite) for k, v in message.values.items()})


def _without_pointer_to(message: Any, lesson: str | None) -> Any:
    """``message`` without "(lesson N compares them)" when lesson N is ``lesson`` (an id,
    "05_activations", lesson 6 on the learning path: ``path.number_of``): inside that
    lesson, whose step is that very comparison, the pointer read as if the student should
    go somewhere else (walker19 W19-1)."""
    if not lesson:
        return message
    number = str(number_of(lesson))
    return _rewritten(message, lambda m: "" if m.id == "diagnosis.lesson_compares"
                      and str(m.values.get("lesson")) == number else None)


def run_end_has_error(store: RunStore) -> bool:
    """Whether a finding of ``run_end_findings`` is an error (NaN, divergence), not only a
    warning worth a look (dead or saturated units, overfitting...)."""
    return any(f.severity == "error" for _, f in _ended_findings(store))


def _ended_findings(store: RunStore) -> list[tuple[str, Any]]:
    """(variant, its most severe warning or error) for each variant whose run ended."""
    out = []
    for variant in store.variants():
        snap = store.latest(variant)
        if snap is None or snap.event not in _ENDS:
            continue
        # the whole loss curve: a rule reads how the run began (a long first plateau)
        curve = store.series(variant, "batch_loss")
        found = [f for f in diagnosis.diagnose(snap, store.epoch_snapshots(variant), curve)
                 if f.severity in ("error", "warning")]
        if found:
            out.append((variant, found[0]))
    return out


def compare_sentence(snaps: list[Telemetry], store: RunStore | None = None) -> str:
    """Progress of a comparison: each variant's best available quality figure (variants
    named as ``store``'s legends name them)."""
    newest = max(snaps, key=lambda s: s.step)
    head = _t("epoch").format(newest.epoch + 1, newest.step)
    if all(s.val_accuracy is not None for s in snaps):
        what, values = _t("validation_accuracy"), [f"{s.val_accuracy:.1%}" for s in snaps]
    elif all(s.train_accuracy is not None for s in snaps):
        what, values = _t("training_accuracy"), [f"{s.train_accuracy:.1%}" for s in snaps]
    else:
        what, values = _t("training_loss"), [f"{MathFloat(s.train_loss):.3g}" for s in snaps]
    body = _listed(f"{variant_label(s.variant, store)} {v}" for s, v in zip(snaps, values))
    return _t("where_and_how").format(head, f"{what} {body}")


def _listed(parts) -> str:
    """``parts`` joined as the window's language lists them ("a, b"; "a，b")."""
    parts = list(parts)
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = _t("and_speed").format(text, part)
    return text


class StatusTracker(QObject):
    """Re-evaluates :func:`status_text` when the store changed; emits when the text changes."""

    sigStatusChanged = Signal(str)

    def __init__(self, store: RunStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.text = ""
        self._seen_version = -1
        #: added to progress sentences (a bad pre-flight verdict); see ``set_note``
        self.note = ""

    def set_note(self, note: str) -> None:
        """Mention ``note`` in the progress sentence from now on ("" to stop)."""
        if note != self.note:
            self.note = note
            self.refresh(force=True)

    def refresh(self, force: bool = False) -> bool:
        if not force and self.store.version == self._seen_version:
            return False
        self._seen_version = self.store.version
        text = status_text(self.store, self.note)
        if text != self.text:
            self.text = text
            self.sigStatusChanged.emit(text)
        return True
