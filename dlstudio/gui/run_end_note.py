"""The note above the plots once a run ended (``run_end_note``): what its telemetry found,
why it diverged and which weights are left (``kept_weights_note``), and how Continue and
Start go on from it (a comparison cannot be continued: ``comparison_to_train_on``). The
texts keep the ``RunNoteWidget`` translation context of the note they are shown in.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import sentences
from dlstudio.training.telemetry import SINGLE_RUN


@dataclass(frozen=True)
class RunEndNote:
    """The note: its ``heading``, one paragraph per line of ``lines`` (none: hidden),
    whether it reports an ``error`` and the Continue button's text (``action``; "" hides
    it). ``aside``: what the curves are (the network edited after the run, branches left
    out), shown apart before the heading: it is no reason why the run stopped or what went
    wrong (walker25 W25-15)."""

    heading: str
    lines: list
    error: bool
    action: str
    aside: tuple = ()


def _how_it_ended(studio: Any, moment: Any, latest: Any) -> tuple[bool, bool, bool]:
    """``(early, step_limited, lesson_stop)`` for the base run that can continue from
    ``moment`` (None: none can), whose newest snapshot is ``latest``: early stopping ended
    it; it ended at its step limit inside an epoch; it is a lesson step's own run that
    stopped on purpose, which the window does not offer to continue."""
    settings = studio.last_run_settings
    limit = getattr(settings, "max_steps", None)
    early = moment is not None and latest is not None and latest.event == "finished" \
        and moment.trainer_state.get("stop_message") is not None
    step_limited = not early and moment is not None and latest is not None \
        and latest.event == "finished" and limit is not None and not studio.run_is_done(moment)
    # a lesson step's own run that early stopping ended: the stop (and the best weights put
    # back) is the step's point, which its text explains and the status line reports; a
    # four-line note with Continue squeezed the loss plot the step is about and invited a
    # beginner to undo the stop (walker19 W19-4, lesson 09 step 2). Nor does a step's run
    # that its step limit ended offer to go on: a finding in the note (the saturated units
    # the step is about) came with a Continue button inviting to train on a run the step
    # stops on purpose (walker18 W18-1; Run > Continue still can)
    lesson_stop = studio.run_is_demonstration and (early or step_limited)
    return early, step_limited, lesson_stop


def offered_resume_point(studio: Any) -> Any:
    """The moment the window offers to continue from with a button (the run note's, the
    start page's): ``studio.resume_point()``, except for a lesson step's run that stopped
    on purpose (walker21 W21-8: the start page offered "continue from epoch 1 of 1" for
    lesson 03 step 4's finished 30-step run, which the window did not). None: no offer."""
    moment = studio.resume_point()
    latest = studio.store.latest(SINGLE_RUN, live=True)
    return None if _how_it_ended(studio, moment, latest)[2] else moment


def run_end_note(studio: Any, input_scale_note: Callable[[], str]) -> RunEndNote:
    """What the note above the plots says once the newest run of ``studio`` ended: why it
    diverged, what went wrong (an error: NaN, divergence) or, calmly, what is worth a look
    (warnings: dead or saturated units, overfitting... in a run that may well have worked),
    and how Continue and Start go on from it (the status line has room for one line only).
    ``input_scale_note()`` says when the inputs are far from unit scale (asked only when
    there are findings). No lines: all went well."""
    # (imported when a run ends: the window shows before the plots are imported)
    from dlstudio.gui.plots.status import run_end_findings, run_end_has_error
    from dlstudio.training.callbacks import restored_epoch
    from dlstudio.training.learning_rate import saved_rate

    store = studio.store
    findings = run_end_findings(store, (studio.lesson_place or {}).get("lesson"))
    aside = tuple(n for n in (studio.curves_note(), studio.branches_left_out) if n)
    # the real cause first when the inputs are far from unit scale (walker8 W8-13)
    lines = ([input_scale_note()] if findings else []) + findings + branch_stops(store)
    moment = studio.resume_point()
    latest = store.latest(SINGLE_RUN, live=True)
    early, step_limited, lesson_stop = _how_it_ended(studio, moment, latest)
    lesson_early = early and studio.run_is_demonstration
    if early:                   # "finished its 25 epochs" after 11 of them (walker12 W12-7)
        if not lesson_early:
            lines.insert(0, early_stop_note(studio, moment))
    elif step_limited:
        # a step's short run ended at its step limit inside an epoch: "finished its 1
        # epochs" and "continue to epoch 1" contradicted each other (walker10 W10-17). A
        # lesson's own step says nothing of it: the step meant to stop there, and a note
        # inviting to train on pushed the page the step is about down (walker17 W17-o)
        if not studio.run_is_demonstration:
            lines.insert(0, QCoreApplication.translate(
                "RunNoteWidget", "This run stopped after %1 steps on purpose (the lesson "
                "step's length), in epoch %2 of %3. Continue trains it on from there to the "
                "end of epoch %4 (the Training panel's Epochs); Start trains again from new "
                "weights.").replace("%1", f"{latest.step:,}").replace(
                    "%2", f"{studio.resume_epoch(moment):,}").replace(
                    "%3", f"{studio.planned_epochs(moment):,}").replace(
                    "%4", f"{studio.train_spec.epochs:,}"))
    elif moment is not None and latest is not None and latest.event == "finished":
        planned = studio.planned_epochs(moment)
        # one epoch in the singular (walker32: "finished its 1 epochs")
        text = (QCoreApplication.translate(
            "RunNoteWidget", "This run finished its 1 epoch. Continue trains it on to "
            "epoch %2 (the Training panel's Epochs) from where it ended; Start trains "
            "again from new weights.") if planned == 1 else QCoreApplication.translate(
            "RunNoteWidget", "This run finished its %1 epochs. Continue trains it on to "
            "epoch %2 (the Training panel's Epochs) from where it ended; Start trains "
            "again from new weights."))
        lines.insert(0, text.replace("%1", f"{planned:,}").replace(
            "%2", f"{studio.train_spec.epochs:,}"))
    if moment is not None and latest is not None and latest.event == "stopped":
        if studio.at_epoch_start(moment):
            # stopped between epochs: the toolbar's 'epoch 210/5000' and the note's
            # 'stopped in epoch 211' disagreed (walker11 W11-13)
            text = QCoreApplication.translate(
                "RunNoteWidget", "The run was stopped after %1 of its %2 epochs. Continue "
                "trains it on from the start of epoch %3 with the same weights and "
                "optimizer state; Start trains again from new weights.").replace(
                    "%1", f"{studio.resume_epoch(moment) - 1:,}").replace(
                    "%3", f"{studio.resume_epoch(moment):,}")
        else:
            text = QCoreApplication.translate(
                "RunNoteWidget", "The run was stopped in epoch %1 of %2. Continue trains "
                "it on from there with the same weights and optimizer state; Start trains "
                "again from new weights.").replace(
                    "%1", f"{studio.resume_epoch(moment):,}")
        lines.insert(0, text.replace("%2", f"{studio.planned_epochs(moment):,}"))
        train = studio.train_spec
        changes = studio.continue_changes(moment)
        if changes or train.epochs != studio.planned_epochs(moment):   # W9-20
            # a rate not typed anew goes on where its schedule or plateau got to
            rate = changes.get("learning_rate") or saved_rate(moment.trainer_state)
            lines.insert(1, (QCoreApplication.translate(
                "RunNoteWidget", "Continue uses the Training panel's settings as they are "
                "now: 1 epoch in all, learning rate %2.") if train.epochs == 1
                else QCoreApplication.translate(
                "RunNoteWidget", "Continue uses the Training panel's settings as they are "
                "now: %1 epochs in all, learning rate %2.")).replace(
                    "%1", f"{train.epochs:,}").replace("%2", f"{rate:.4g}"))
    best = restored_epoch(latest.message) if moment is not None and latest else None
    if best is not None and early:
        if not lesson_early:
            lines.insert(1, QCoreApplication.translate(
                "RunNoteWidget", "The network shows the weights of epoch %1, its best: "
                "early stopping put them back. Continue does not start from them: it trains "
                "on from the weights of epoch %2, where the run ended.").replace(
                    "%1", f"{best:,}").replace("%2", f"{studio.resume_epoch(moment) - 1:,}"))
    elif best is not None:        # which weights Continue uses (keepwork2 2)
        lines.insert(1, QCoreApplication.translate(
            "RunNoteWidget", "The network shows the weights of epoch %1, its best (Early "
            "stopping restores the best weights). Continue does not start from them: it "
            "trains on from the weights the run had reached, as if it had not "
            "ended.").replace("%1", f"{best:,}"))
    if moment is None and comparison_to_train_on(studio):      # keepwork2 6
        lines.insert(0, comparison_note(studio))
    action = "" if moment is None or lesson_stop else QCoreApplication.translate(
        "RunNoteWidget", "Continue from epoch %1").replace(
            "%1", f"{studio.resume_epoch(moment):,}")
    if studio.state == "diverged" and latest is not None \
            and "last_good_step" in latest.extra:      # which weights are left (W11-6)
        lines.append(kept_weights_note(latest.extra["last_good_step"], latest.step))
    error = studio.state == "diverged" or run_end_has_error(store)
    if error and studio.run_is_demonstration and studio.state != "diverged":
        # a lesson step's own variants: the one that fails (A without batch norm at η = 2,
        # a rate too low or too high) is what the step shows; a red "What went wrong:"
        # read as if the student had done something wrong (walker19 W19-17)
        error = False
    if studio.state == "diverged":
        heading = QCoreApplication.translate("RunNoteWidget", "Why the run stopped:")
    elif error:
        heading = QCoreApplication.translate("RunNoteWidget", "What went wrong:")
    else:
        heading = QCoreApplication.translate("RunNoteWidget", "Worth a look:")
    if not any(lines):      # nothing else to say: what the curves are is the note
        lines, aside = list(aside), ()
    return RunEndNote(heading, lines, error, action, aside)


def comparison_note(studio: Any) -> str:
    """How a comparison (``comparison_to_train_on``) trains on: what happened to it (stopped
    in epoch N, or Epochs raised above what it trained) and the Start button, by the text
    the student sees on it. Walker28 W28-13: it began "Continue trains a single run on",
    about a Continue shown nowhere near, also when a restored session brought it back."""
    store = studio.store
    ran = studio.run_train_spec().epochs
    letters = " + ".join(store.variants())
    names = studio.start_names()
    button = QCoreApplication.translate("RunActions", "Start %1").replace(
        "%1", " + ".join(names)) if len(names) > 1 \
        else QCoreApplication.translate("RunActions", "Start")
    ends = [store.latest(name, live=True) for name in store.variants()]
    stopped = [snap for snap in ends if snap is not None and snap.event == "stopped"]
    if stopped:
        head = QCoreApplication.translate(
            "RunNoteWidget", "The comparison %1 was stopped in epoch %2 of %3.").replace(
            "%2", f"{max(snap.epoch for snap in stopped) + 1:,}").replace("%3", f"{ran:,}")
    else:
        # one epoch in the singular (walker31 W31-5: "trained 1 epochs")
        head = (QCoreApplication.translate(
            "RunNoteWidget", "The comparison %1 trained 1 epoch; Epochs is now %3.") if ran == 1
            else QCoreApplication.translate(
                "RunNoteWidget", "The comparison %1 trained %2 epochs; Epochs is now %3.")
        ).replace("%2", f"{ran:,}").replace("%3", f"{studio.train_spec.epochs:,}")
    return sentences(head.replace("%1", letters), QCoreApplication.translate(
        "RunNoteWidget", "Run > Continue trains single runs only. To train the comparison "
        "on, press “%1”: every variant starts again from the same initial weights on the "
        "same batches, so the curves so far come out the same and go on from there.").replace("%1", button))


def early_stop_note(studio: Any, moment: Any) -> str:
    """What a run that early stopping ended (at ``moment``, its end) has done, and how
    Continue goes on from it: towards the Training panel's Epochs, its patience counted
    afresh (``Trainer.clear_stop_request``)."""
    from dlstudio.gui.i18n import render
    from dlstudio.training.callbacks import monitor_label
    from dlstudio.training.spec import TrainSpec

    rule = TrainSpec.coerce(moment.trainer_state["spec"]).early_stopping
    monitor = render(monitor_label(rule.monitor if rule else "val_loss"))
    patience = max(rule.patience if rule else 1, 1)
    # one epoch in the singular (walker32)
    return (QCoreApplication.translate(
        "RunNoteWidget", "Early stopping ended this run after epoch %1 of %2: the %3 had "
        "not improved for 1 epoch. Continue trains it on towards epoch %5 (the Training "
        "panel's Epochs) and counts that epoch afresh: it stops again if the %3 does not "
        "improve for 1 more epoch. Start trains again from new weights.") if patience == 1
        else QCoreApplication.translate(
        "RunNoteWidget", "Early stopping ended this run after epoch %1 of %2: the %3 had "
        "not improved for %4 epochs. Continue trains it on towards epoch %5 (the Training "
        "panel's Epochs) and counts the %4 epochs afresh: it stops again if the %3 does not "
        "improve for %4 more epochs. Start trains again from new weights.")).replace(
            "%1", f"{studio.resume_epoch(moment) - 1:,}").replace(
            "%2", f"{studio.planned_epochs(moment):,}").replace("%3", monitor).replace(
            "%4", f"{patience:,}").replace("%5", f"{studio.train_spec.epochs:,}")


def branch_stops(store: Any) -> list[str]:
    """"A: Stopped at step 1,619 when the branch B started ..." for each variant that a
    branch ended where it was (``StudioTimeline.branch_from``; walker19 W19-6)."""
    from dlstudio.gui.i18n import render
    from dlstudio.gui.plots.style import variant_label

    out = []
    for name in store.variants():
        end = store.latest(name, live=True)
        if end is not None and getattr(end.message, "id", "") == "run.stopped_for_branch":
            out.append(f"{variant_label(name, store)}: {render(end.message)}")
    return out


def kept_weights_note(step: int, last: int | None = None) -> str:
    """After a divergence: the network went back to the weights it had after ``step``
    steps (the last with a finite loss and gradients), and what Start does now. With
    ``last``, the last step the plots show, when it is ``step + 1`` (the weights are copied
    before every step): the note says which step started from the kept weights, whose update
    blew up, and which step stopped (walker36 W36-12: "drawn up to step 3" and "the weights
    after step 2" beside a loss curve leaving the scale at step 2 and an accuracy curve
    ending at step 3 left the student to work out the numbering)."""
    if last is not None and last == step + 1:
        if step <= 0:
            text = QCoreApplication.translate(
                "RunNoteWidget", "The network keeps its initial weights, those step 1 "
                "started from: the Outcome page and exports use them. They are the last "
                "with a finite loss and gradients under the limit: the update of step 1 "
                "blew up, and step 2 stopped on the weights it gave. Start trains again "
                "from new weights: change what the reason above names first.")
        else:
            text = QCoreApplication.translate(
                "RunNoteWidget", "The network keeps the weights it had after step %1, those "
                "step %2 started from: the Outcome page and exports use them. They are the "
                "last with a finite loss and gradients under the limit: the update of step "
                "%2 blew up, and step %3 stopped on the weights it gave. Start trains again "
                "from new weights: change what the reason above names first.")
        return text.replace("%1", f"{step:,}").replace("%2", f"{step + 1:,}").replace(
            "%3", f"{step + 2:,}")
    if step <= 0:
        return QCoreApplication.translate(
            "RunNoteWidget", "The network keeps its initial weights, the last ones with a "
            "finite loss and gradients (before the blow-up): the Outcome page and exports "
            "use them. Start trains again from new weights: change what the reason above "
            "names first.")
    return QCoreApplication.translate(
        "RunNoteWidget", "The network keeps the weights it had after step %1, the last "
        "ones with a finite loss and gradients (before the blow-up): the Outcome page and "
        "exports use them. Start trains again from new weights: change what the reason "
        "above names first.").replace("%1", f"{step:,}")


def comparison_to_train_on(studio: Any) -> bool:
    """Whether the newest run of ``studio`` was a comparison (several variants in lockstep) that was
    stopped, or finished before the Training panel's Epochs: Continue cannot train a
    comparison on, so the run note says what to do instead."""
    store = studio.store
    names = store.variants()
    settings = studio.last_run_settings
    if studio.is_active() or len(names) < 2 or (settings and len(settings.variants) < 2):
        return False              # a single run, or a branch beside its run
    ends = [store.latest(name, live=True) for name in names]
    if any(snap is not None and snap.event == "stopped" for snap in ends):
        return True
    return any(snap is not None and snap.event == "finished" for snap in ends) \
        and studio.train_spec.epochs > studio.run_train_spec().epochs
