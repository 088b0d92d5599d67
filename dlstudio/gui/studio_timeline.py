"""Time travel in the studio: the run's timelines, scrubbing, and branching from the past.

``StudioTimeline`` is a mixin of :class:`~dlstudio.gui.studio.Studio`. The training job sends
the moments of each variant's run (``MomentKept``); the studio keeps them in one
:class:`~dlstudio.training.timeline.Timeline` per variant, within the timeline's memory budget.

- ``scrub_to(step)`` shows the run as it was: the run store answers with each variant's
  snapshot at that step (histograms, layer statistics, a cursor on plots over steps) and the
  view networks carry the weights of that moment (decision boundary, outcome panel).
  ``scrub_to(None)`` goes back to live.
- ``branch_from(step, **changes)`` restores the base variant's moment at ``step`` (weights,
  optimizer state, random generators) as a new variant with changed settings and continues it
  in the background, overlaid on the original in every plot.
- ``continue_run()`` trains the base run on from its newest moment (``resume_point``) after a
  stop, or after dlstudio closed during it (a workspace keeps that moment: ``run_checkpoint``
  and ``keep_resume_point``), appending to the same curves.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.training_run import MomentKept, RunPlan, VariantPlan
from dlstudio.messages import Message
from dlstudio.training.control import LIVE_SETTINGS, TELEMETRY_SETTINGS, live_changes
from dlstudio.training.learning_rate import typed_rate
from dlstudio.training.spec import TrainSpec
from dlstudio.training.telemetry import END_EVENTS, SINGLE_RUN
from dlstudio.training.timeline import Moment, Timeline, moment_settings

#: the live settings that change training (not how the probes measure): Continue takes
#: them from the Training panel
CONTINUE_SETTINGS = tuple(n for n in LIVE_SETTINGS if n not in TELEMETRY_SETTINGS)
#: settings a branch may change (the live settings that change training, and the batch size)
BRANCH_SETTINGS = CONTINUE_SETTINGS + ("batch_size",)


class StudioTimeline:
    """Timelines of the current run, scrubbing and branching (mixed into ``Studio``)."""

    def _init_timeline(self) -> None:
        self.timelines: dict[str, Timeline] = {}
        self.scrubbed_step: int | None = None
        self._scrubbed_weights: dict[str, list] = {}
        #: (moment, data spec) of the base run, kept by a workspace (``keep_resume_point``)
        self._kept_resume: tuple[Moment, Any] | None = None

    def _forget_timeline(self) -> None:
        self.timelines = {}
        self.scrubbed_step = None
        self._scrubbed_weights = {}
        self._kept_resume = None
        self.sigTimelineChanged.emit()

    def _on_moment(self, item: MomentKept) -> None:
        self.timelines.setdefault(item.variant, Timeline()).add(item.moment)
        self.sigTimelineChanged.emit()

    def timeline_steps(self) -> list[int]:
        """The steps of every variant's moments, merged (what the timeline slider offers: in a
        comparison where A diverged at step 3, B's later moments can still be scrubbed)."""
        return sorted({step for tl in self.timelines.values() for step in tl.steps})

    def moments_start(self, variant: str = SINGLE_RUN) -> int | None:
        """The step from which ``variant``'s moments are kept when its curves begin earlier
        (that part of the run came from a saved workspace, which keeps no moments along the
        way: the run was restored, then continued); None when the moments cover the curves
        or there are none."""
        timeline = self.timelines.get(variant)
        if timeline is None or not timeline.moments:
            return None
        steps, _ = self.store.series(variant, "batch_loss", finite=False)
        first = timeline.moments[0].step
        return first if steps.size and steps[0] < first else None

    def branchable_variants(self) -> list[str]:
        """Variants with a moment to branch from, in the studio's order."""
        return [v.name for v in self.variants if self.timelines.get(v.name)
                and self.timelines[v.name].moments]

    def moment_settings(self, step: int, source: str | None = None) -> dict[str, Any]:
        """The settings variant ``source``'s run (default: the base variant A) had at its
        moment at ``step``, which a branch from there starts from (``moment_settings``): the
        Training panel may show others since; {} when there is no such moment."""
        timeline = self.timelines.get(source or self.variants[0].name)
        moment = timeline.at(step) if timeline else None
        return moment_settings(moment) if moment is not None else {}

    def scrub_to(self, step: int | None) -> None:
        """Show every panel as the run was at ``step`` (the latest moment at or before it);
        ``None`` shows the live run again."""
        moments = {} if step is None else {
            name: m for name, tl in self.timelines.items() if (m := tl.at(step)) is not None}
        self.scrubbed_step = None if step is None or not moments else int(step)
        self._scrubbed_weights = {name: m.weights for name, m in moments.items()}
        self.store.pin(self.scrubbed_step,
                       {m.telemetry.variant: m.telemetry for m in moments.values()})
        self.sigScrubbed.emit(-1 if self.scrubbed_step is None else self.scrubbed_step)
        self.sigWeightsChanged.emit()

    def shown_weights(self, variant: str) -> list | None:
        """The weights the view shows for ``variant``: the scrubbed moment's, else the
        newest."""
        return self._scrubbed_weights.get(variant, self._weights.get(variant))

    def branch_from(self, step: int, note: str = "", source: str | None = None,
                    **changes: Any) -> str:
        """Continue variant ``source`` (default: the base variant A) from its moment at
        ``step`` as a new variant with ``changes`` (live settings or ``batch_size``); returns
        the new variant's name."""
        unknown = sorted(set(changes) - set(BRANCH_SETTINGS))
        if unknown:
            raise ValueError(f"a branch can change {', '.join(BRANCH_SETTINGS)}, not "
                             f"{', '.join(unknown)}")
        origin = next((v for v in self.variants if v.name == (source or self.variants[0].name)),
                      None)
        timeline = self.timelines.get(origin.name) if origin else None
        moment = timeline.at(step) if timeline else None
        if moment is None:
            raise ValueError("there is no moment of the run to branch from yet; train first")
        spec_changes = {k: v for k, v in changes.items() if hasattr(origin.train_spec, k)}
        train_spec = origin.train_spec.replace(**spec_changes) if spec_changes \
            else origin.train_spec
        shown = ", ".join(f"{k} {v}" for k, v in changes.items())
        running = list(self.store.variants()) if self.is_active() else []
        variant = self.add_variant(note or f"{origin.name} from step {moment.step}: {shown}")
        self.set_variant(variant.name, network_spec=origin.network_spec, train_spec=train_spec)
        self.mark_branch(variant.name, origin.name, moment.step)   # the next Start leaves it out
        plan = RunPlan(data_spec=self._data_spec, dataset=self.dataset,
                       variants=[VariantPlan(variant.name, origin.network_spec,
                                             origin.train_spec)],
                       start_from={variant.name: (moment, dict(changes))},
                       tensorboard_dir=self.tensorboard_dir)
        self.runner.cancel()
        self._end_cancelled(running, variant.name, moment.step)
        self.scrub_to(None)
        # a branch of a lesson's run goes on with that run: leaving the lesson clears both
        # (W17-l: "Lesson 12's runs ... are cleared" while A and the branch stayed on screen)
        self.run_is_demonstration = self.demonstrating or self.run_is_demonstration
        self._run_data = plan.data_spec
        self._frozen_note = ""
        self._forget_messages()
        self.runner.start(self.training_job_for(plan), controlled=True)
        self._set_state("preparing")
        return variant.name

    def _end_cancelled(self, names: list[str], branch: str, origin: int) -> None:
        """End the variants ``names`` of the run that ``branch`` (from step ``origin``)
        cancelled (it trained or was paused) where they were, "stopped", saying why: a cancelled job sends nothing more,
        and a run left without an end read as "interrupted (dlstudio closed during it)"
        (walker19 W19-6)."""
        for name in names:
            latest = self.store.latest(name, live=True)
            if latest is None or latest.event in END_EVENTS:
                continue
            self.store.append(dataclasses.replace(
                latest, event="stopped", extra=dict(latest.extra),
                message=Message("run.stopped_for_branch", step=latest.step, branch=branch,
                                origin=origin)))

    # -- continuing the base run ----------------------------------------------------------
    def run_checkpoint(self) -> tuple[Moment, Any] | None:
        """The newest moment of the base variant's run with the data spec it trains on, while
        that run may still be continued: it trains now, was stopped, was interrupted when
        dlstudio closed, or finished (it can be trained on with more epochs: W9-1); what a
        workspace keeps. None for a diverged or failed run and for a comparison."""
        latest = self.store.latest(SINGLE_RUN, live=True)
        if latest is None or latest.event in ("diverged", "failed") \
                or self._state == "failed" or self.store.variants() != [SINGLE_RUN]:
            return None
        timeline = self.timelines.get(SINGLE_RUN)
        if timeline is not None and timeline.moments and set(self.timelines) == {SINGLE_RUN}:
            settings = self.last_run_settings
            return timeline.moments[-1], (settings.data_spec if settings else self._data_spec)
        return self._kept_resume

    def keep_resume_point(self, moment: Moment, data_spec: Any) -> None:
        """Remember where the base run (whose curves a workspace just restored) can continue
        from; forgotten when a run starts or the weights are reset."""
        self._kept_resume = (moment, data_spec)
        self.sigWeightsChanged.emit()       # the run note and the Run menu offer to continue

    def resume_point(self) -> Moment | None:
        """The moment ``continue_run`` continues from: the base run's newest (see
        ``run_checkpoint``) while the network and data are the ones it trained (after an
        edit, Start trains the new network). None when there is nothing to continue."""
        if self.is_active():
            return None
        kept = self.run_checkpoint()
        if kept is None:
            return None
        moment, data_spec = kept
        trained = self.curve_networks().get(SINGLE_RUN)
        if data_spec != self._data_spec or trained != self._network_spec:
            return None
        if self.run_is_done(moment) and not (
                moment.trainer_state.get("stop_message") is None
                and self._train_spec.epochs > self.planned_epochs(moment)):
            return None     # all its epochs are done (trained on once Epochs is raised)
        return moment

    def finished_epochs(self) -> int | None:
        """The epochs of the base run when it trained all of them and can be trained on
        once Epochs is raised above them (None otherwise: nothing finished, early stopping
        ended it, or the network or data changed since)."""
        kept = self.run_checkpoint()
        if kept is None or self.is_active() or kept[1] != self._data_spec \
                or self.curve_networks().get(SINGLE_RUN) != self._network_spec:
            return None
        moment = kept[0]
        if not self.run_is_done(moment) or moment.trainer_state.get("stop_message"):
            return None
        return self.planned_epochs(moment)

    @classmethod
    def run_is_done(cls, moment: Moment) -> bool:
        """Whether the run of ``moment`` had trained all its epochs there."""
        return int(moment.trainer_state["epoch"]) >= cls.planned_epochs(moment)

    @staticmethod
    def resume_epoch(moment: Moment) -> int:
        """The epoch (counted from 1) a run continued from ``moment`` trains in first."""
        return int(moment.trainer_state["epoch"]) + 1

    @staticmethod
    def at_epoch_start(moment: Moment) -> bool:
        """Whether ``moment`` lies between two epochs (none of the next one's mini-batches
        trained): ``resume_epoch`` then counts the epochs done plus one."""
        return int(moment.trainer_state.get("batch_index", -1)) == 0

    @staticmethod
    def planned_epochs(moment: Moment) -> int:
        """The epochs the run of ``moment`` trains in all (its training settings')."""
        return int(moment.trainer_state["spec"].get("epochs", 0))

    def continue_run(self) -> bool:
        """Train the base run on from ``resume_point()``: its weights, optimizer state (when
        kept), position in the epoch and random generators, with the training settings it
        ran with, except what the Training panel shows now for its live settings (learning
        rate, regularization, clipping: ``continue_changes``) and its Epochs, the run's new
        total (W9-20); its snapshots are appended to the same curves. False when there is
        nothing to continue, when Epochs is below the epoch the run is in, or the data cannot
        be loaded (the last two said through ``sigError``)."""
        moment = self.resume_point()
        if moment is None:
            return False
        problem = self._data_load_problem()
        if problem:
            self.sigError.emit(problem)
            return False
        epochs = self._train_spec.epochs
        if epochs < self.resume_epoch(moment):
            self.sigError.emit(QCoreApplication.translate(
                "Studio", "The run is in epoch %1, but the Training panel's Epochs is %2: "
                "Continue trains the run on to the panel's Epochs. Set Epochs to %1 or more "
                "to continue it, or press Start to train again from new weights.").replace(
                "%1", f"{self.resume_epoch(moment):,}").replace("%2", f"{epochs:,}"))
            return False
        trained_on = self.run_is_done(moment)
        changes = self.continue_changes(moment)
        train_spec = TrainSpec.coerce(moment.trainer_state["spec"]).replace(
            epochs=epochs, **changes)
        plan = RunPlan(data_spec=self._data_spec, dataset=self.dataset,
                       variants=[VariantPlan(SINGLE_RUN, self._network_spec, train_spec)],
                       weights={SINGLE_RUN: moment.weights},
                       start_from={SINGLE_RUN: (moment, changes)},
                       thinning={name: timeline.thinning.records()
                                 for name, timeline in self.timelines.items()},
                       tensorboard_dir=self.tensorboard_dir)
        self.runner.cancel()
        self.scrub_to(None)
        # a lesson's run trained on is still the lesson's: leaving the lesson clears it
        # (walker37 W37-17: continued after a restart, lesson 13's curves stayed under
        # lesson 14 and the switch asked to save them as the student's work)
        self.run_is_demonstration = self.demonstrating or self.run_is_demonstration
        self._keep_curves_until(moment.step)
        self._frozen_note = ""              # its layers train on from the run's weights
        self.last_run_settings = plan.settings()
        self._run_data = plan.data_spec
        self._forget_messages()
        self.runner.start(self.training_job_for(plan), controlled=True)
        self.sigRunContinued.emit()
        self._set_state("preparing")
        if trained_on:
            text = QCoreApplication.translate(
                "Studio", "Training the finished run on from epoch %1 to epoch %2.").replace(
                "%2", f"{train_spec.epochs:,}")
        elif moment.has_optimizer_state:
            text = QCoreApplication.translate("Studio", "Continuing the run from epoch %1.")
        else:
            text = QCoreApplication.translate(
                "Studio", "Continuing the run from epoch %1 with its saved weights. Its "
                "optimizer state (momentum, running averages) was too large to keep in the "
                "workspace, so the optimizer starts afresh: the first steps may jump a little.")
        self.sigMessage.emit(text.replace("%1", f"{self.resume_epoch(moment):,}"))
        return True

    def continue_changes(self, moment: Moment) -> dict[str, Any]:
        """The live settings (``CONTINUE_SETTINGS``) whose value in the Training panel differs
        from the one the run of ``moment`` used there: what Continue changes (a rate lowered
        before pressing it, say). The run's own values are its settings at ``moment``; its
        learning rate is the one typed last during the run (``typed_rate``), else its
        training settings': the panel still shows that rate, so a schedule's or plateau's
        decay since is kept and the continued run follows the uninterrupted curve."""
        state = moment.trainer_state
        run_spec = TrainSpec.coerce(state["spec"])
        used = run_spec.replace(**{k: v for k, v in state.get("settings", {}).items()
                                   if k in CONTINUE_SETTINGS and hasattr(run_spec, k)})
        typed = typed_rate(state)
        if typed is not None:
            used = used.replace(learning_rate=typed)
        return {k: v for k, v in live_changes(used, self._train_spec).items()
                if k in CONTINUE_SETTINGS}

    def _keep_curves_until(self, step: int) -> None:
        """Drop the base run's snapshots after ``step`` (an autosave made during the run has
        curves past its newest moment) and its end (the stop, with its test result): the
        continued run appends from there."""
        latest = self.store.latest(SINGLE_RUN, live=True)
        if latest is None or (latest.step <= step and latest.event not in END_EVENTS):
            return
        kept = [snap for snap in self.store.snapshots(SINGLE_RUN)
                if snap.step <= step and snap.event not in END_EVENTS]
        self.store.clear()
        for snap in kept:
            self.store.append(snap)
