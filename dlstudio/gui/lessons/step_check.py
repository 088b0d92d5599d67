"""Check: judging the lesson panel's current step, on the run made for it or headless.

``StepCheckMixin`` is mixed into :class:`~dlstudio.gui.lessons.panel.LessonPanel` (it uses
the panel's lesson, step, studio, recorder, checker and status line). ``check_current``
evaluates the step's check on what the student watched when that was made for the step: the
live run (started while the step was the applied one, or training exactly what the step
trains), the studio's pre-flight verdict, or the search panel's trials. A previous step's run
is never judged: the student is asked to apply the step first, as for a playground step
whose paths are not on screen. Anything else runs the step
in the background (``checking.headless_check_job``; a transfer step's comparison, whose
source network then goes to the Transfer panel). The result is shown under the step, a
passed step is marked completed, and ``sigStepChecked`` says so.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from dlstudio.gui.lessons.apply import (next_step_trains_like, plan_step, preflight_settings,
                                        step_settings)
from dlstudio.gui.lessons.checking import (headless_check_job, own_network_note,
                                           preflight_records, transfer_check_job)
from dlstudio.gui.lessons.companions import configure_transfer, hosted_panel
from dlstudio.gui.lessons.strings import ui
from dlstudio.lessons.checks import (CheckResult, RunRecord, evaluate,
                                     reads_first_measurement)

log = logging.getLogger(__name__)


class StepCheckMixin:
    """Check of the current lesson step (mixed into ``LessonPanel``)."""

    def _on_check_clicked(self) -> None:
        self.check_current()

    def check_current(self) -> None:
        """Evaluate the step's check on the last live run when it fits the step, else run
        the step headless in the background."""
        lesson, step = self.lesson, self.step
        if lesson is None or step is None:
            return
        _, plan = plan_step(lesson, step)
        self._pending_note = []
        self.last_cut_short = None
        if step.experiment == "preflight" and plan.live_checkable:
            result = self.studio.preflight
            made_for_step = self._preflight_is_for_step(result)
            records = preflight_records(result, plan.mapping) if made_for_step else None
            if records is not None:             # the verdict the layer stack shows
                self._awaiting_preflight = False
                self._finish_check(evaluate(step.check.kind, step.check.params, records))
                return
            # wait for the check Apply started, or for one when none is in hand (a result
            # in hand while no Apply waits is the student's own, just made)
            if self.studio.checker.running and (result is None or self._awaiting_preflight):
                self._awaiting_preflight = True
                self._say("checking_before")
                return
            self._pending_note = self._own_network_note(result)
        elif step.experiment == "search" and self._search_for_step() is not None:
            panel = self._search_for_step()
            if panel.busy:                      # checked when the panel's search ends
                self._watch_search(panel)
                self._awaiting_check = True
                self._say("searching")
            else:
                record = RunRecord("", (), {"trials": panel.trials()})
                self._finish_check(evaluate(step.check.kind, step.check.params, {"": record}))
            return
        elif plan.live_checkable and step.experiment == "train":
            if self.runs.failed_for == (lesson.id, step.index):
                self._say("run_failed")
                return
            if not self._live_run_is_for_step():
                # no bracket about "the last run" when there is none (walker14 W14-1)
                self._say("apply_first" if self.recorder.has_run else "apply_first_no_run")
                return
            if self.recorder.running:
                self._awaiting_check = True
                self._say("running")
                return
            records = self.recorder.records(plan.mapping, plan.planned_epochs)
            result = evaluate(step.check.kind, step.check.params, records)
            self.last_cut_short = self._stopped_at(plan.mapping.values(),
                                                   plan.planned_epochs)
            if result.passed or self.runs.restored_for != (lesson.id, step.index):
                self._show_measured_moment(plan.mapping.values())
                self._finish_check(result)
                return
            # a run from an opened workspace keeps its scalar curves only: what they cannot
            # show is checked by running the step in the background, not called a failure
        elif step.experiment == "playground" and self.runs.applied != (lesson.id, step.index):
            # the playground shows another step's paths (or none): the check's numbers would
            # come from paths nobody has seen (walker12 W12-6)
            self._say("apply_playground_first")
            return
        if step.slow:
            self._say("slow_note")
        self._say("checking")
        self.check_button.setEnabled(False)
        self._checking_for = (lesson.id, step.index)
        if step.experiment == "transfer":     # the runs an earlier step showed there go
            panel = hosted_panel(self, "transfer") or self.companions.get("transfer")
            if panel is not None and hasattr(panel, "lesson_runs_coming"):
                panel.lesson_runs_coming()
        job = transfer_check_job if step.experiment == "transfer" else headless_check_job
        self.checker.start(job(lesson, step, lambda: self.lang))
        # said in the toolbar and the status bar, and stopped by Stop (walker26 W26-6)
        self.studio.begin_background(self.checker.stop)

    def _show_measured_moment(self, variants: Any) -> None:
        """When the step's check measures the untrained network (its first measurement),
        show every panel at that moment of the run (the timeline scrubbed there) and say so
        under the verdict: the run's end can show the opposite (walker21 W21-1: after
        lesson 02 step 1, He's spread shrank layer by layer by step 5 while the check quoted
        step 0's flat 1.66)."""
        step = self.step
        if step is None or not reads_first_measurement(step.check.kind, step.check.params):
            return
        measured = [snap.step for name in variants for snap in self.studio.store.snapshots(name)
                    if snap.layers]
        if not measured:
            return
        self.studio.scrub_to(min(measured))
        if self.studio.scrubbed_step is not None:
            shown = f"{self.studio.scrubbed_step:,}"
            self._pending_note.append(
                lambda lang: ui("shown_first_measurement", lang).format(step=shown))

    def _stopped_at(self, variants: Any, planned: int | None) -> tuple[int, int] | None:
        """(epoch, planned epochs) where the student stopped the step's run (a run of
        ``variants`` ended "stopped" inside its planned epochs), else None: a check that
        did not pass then says so rather than explain the effect (walker12 W12-14)."""
        for name in variants:
            end = self.studio.store.latest(name, live=True)
            if end is not None and end.event == "stopped" and planned:
                return min(int(end.epoch) + 1, int(planned)), int(planned)
        return None

    def _search_for_step(self, panel: Any = None) -> Any:
        """The search panel (the window's or a companion window) when its results were run
        for the current step by Apply (and not replaced by the student's own search)."""
        step = self.step
        if panel is None:
            panel = hosted_panel(self, "search") or self.companions.get("search")
        if panel is None or step is None or getattr(panel, "made_for", None) != step.id:
            return None
        return panel

    def _watch_search(self, panel: Any) -> None:
        if not any(p is panel for p in self._watched_search):
            self._watched_search.append(panel)
            panel.sigStateChanged.connect(self._on_search_state)

    def _on_search_state(self, state: str) -> None:
        """The search panel went idle: check an applied search step whose search ended."""
        if (state != "idle" or not self._awaiting_check or self.lesson is None
                or self.runs.applied != (self.lesson.id, self.step_index)):
            return
        panel = self._search_for_step()
        if panel is not None and panel.busy:
            return
        self._awaiting_check = False
        if panel is None:       # the search failed or was cancelled: Check runs it headless
            self._say("press_check")
        else:
            self.check_current()

    def _watch_playground(self, panel: Any, place: tuple[str, int]) -> None:
        """Check the step at ``place`` (lesson id, step index) when ``panel``'s paths reach
        their last step (walker16 W16-12: playground steps were the only ones left unticked
        after Apply)."""
        self._playground_for = (place, panel)
        if not any(p is panel for p in self._watched_playground):
            self._watched_playground.append(panel)
            panel.sigFrameChanged.connect(self._on_playground_frame)

    def _on_playground_frame(self, _frame: int) -> None:
        """A playground moved: once the watched one shows its last step, check the applied
        playground step it was set up for (still the current one)."""
        watched, lesson, step = self._playground_for, self.lesson, self.step
        if watched is None or lesson is None or step is None:
            return
        place, panel = watched
        if panel.frame < panel.steps:
            return
        self._playground_for = None
        if place == self.runs.applied == (lesson.id, step.index) \
                and step.experiment == "playground" and not self.checker.running:
            self.check_current()

    def _preflight_is_for_step(self, result: Any) -> bool:
        """Whether the studio's pre-flight ``result`` checked what the current step's Apply
        sets up (network, training and data), so its verdict may be the step's."""
        lesson, step = self.lesson, self.step
        if result is None or lesson is None or step is None:
            return False
        try:
            wanted = preflight_settings(lesson, step, self.studio)
        except Exception:  # a step that cannot be resolved is reported when applied
            return False
        return wanted is not None and result.settings() == wanted

    def _own_network_note(self, result: Any) -> list[Callable[[str], str]]:
        """The line about the student's own setup when Check judges the step's instead
        (as a function of the language): what the studio's check of their network found,
        or only that their setup is not judged (none when the studio holds the step's own
        setup)."""
        lesson, step, studio = self.lesson, self.step, self.studio
        report = getattr(result, "report", None)
        if report is None:
            own = studio.network_spec, studio.train_spec, studio.data_spec
            try:
                same = own == preflight_settings(lesson, step, studio)
            except Exception:  # a step that cannot be resolved is reported when applied
                same = True
            return [] if same else [lambda lang: own_network_note(None, lang)]
        try:
            fix = report.healthy and next_step_trains_like(lesson, step, studio,
                                                           result.network_spec)
        except Exception:  # the next step cannot be resolved: say less
            fix = False
        return [lambda lang: own_network_note(report, lang, fix)]

    def _live_run_is_for_step(self) -> bool:
        """Whether the studio's newest run may be judged by the current step's check: it
        was started while this step was the applied one, or it trains exactly what the
        step trains. A previous step's run never is."""
        lesson, step = self.lesson, self.step
        if lesson is None or step is None or not self.recorder.has_run:
            return False
        if self.runs.run_for == (lesson.id, step.index):
            return True
        try:
            wanted = step_settings(lesson, step, self.studio)
        except Exception:  # a step that cannot be resolved is reported when applied
            return False
        return wanted is not None and wanted == self.studio.last_run_settings

    def _on_recorder_run_ended(self) -> None:
        if not self._awaiting_check or self.lesson is None:
            return
        self._awaiting_check = False
        # the applied step's run, or a restored one this step's Continue trained on (no
        # step applied in this window: walker37 W37-14)
        if (self.lesson.id, self.step_index) not in (self.runs.applied, self.runs.run_for):
            return
        self.check_current()

    def _on_studio_preflight(self, result: Any) -> None:
        """The studio's "Check before training" answered: check an applied pre-flight step.
        None: the network changed, and a pre-flight step's verdict is about the one before."""
        if result is None:
            self.runs.network_changed()
            step = self.step
            if self.last_result is not None and step is not None \
                    and step.experiment == "preflight":
                self._show_result(self.last_result)
            return
        if not self._awaiting_preflight or self.lesson is None:
            return
        self._awaiting_preflight = False
        step = self.step
        if self.runs.applied == (self.lesson.id, self.step_index) and step is not None \
                and step.experiment == "preflight":
            self.check_current()

    def _checked_step_left(self) -> bool:
        """Whether the student left the step the background check ran for (another step or
        lesson): its verdict and source are not the current step's and go unsaid."""
        lesson, checked = self.lesson, self._checking_for
        self._checking_for = None
        return lesson is None or checked != (lesson.id, self.step_index)

    def _on_checker_progress(self, done: int, total: int, text: str) -> None:
        self.studio.report_background(done, total, text)

    def _on_checker_finished(self, result: Any) -> None:
        self.check_button.setEnabled(True)
        self.studio.end_background()
        if self._checked_step_left():
            return
        if result is None:                 # stopped (the window's Stop)
            self._say("check_stopped")
            return
        if isinstance(result, tuple):      # a transfer step: (verdict, source, set-ups)
            result, source, setups = result
            if source is not None:
                self._show_transfer_source(*source, setups)
        self._finish_check(result)

    def _show_transfer_source(self, network: Any, reuse: int, setups: list) -> None:
        """Put a transfer step's source network into the Transfer panel, its controls set
        like the step's last set-up (``configure_transfer``) and its runs' curves and rows
        shown (``setups``), so the student sees the comparison and can train it again."""
        panel = hosted_panel(self, "transfer") or self.companions.get("transfer")
        if panel is None or not hasattr(panel, "set_source") or panel.state != "idle":
            return
        try:
            panel.set_source(network, lambda: ui("lesson_source", self.lang), from_lesson=True)
            panel.reuse_spin.setValue(min(reuse, panel.reuse_spin.maximum()))
            configure_transfer(panel, self.lesson, self.step)
            panel.show_lesson_runs(setups)
        except Exception:
            log.warning("could not show the source network", exc_info=True)

    def _on_checker_failed(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.studio.end_background()
        if self._checked_step_left():
            return
        self._finish_check(CheckResult(False, None, message))

    def _finish_check(self, result: CheckResult) -> None:
        self.last_result, self.result_run = result, self.runs.started
        self.result_network = self.runs.network_changes
        self.last_note, self._pending_note = tuple(self._pending_note), []
        lesson, step = self.lesson, self.step
        if lesson is not None and step is not None and result.passed:
            self.progress.mark_completed(lesson.id, step.id)
            self.update_lesson_counts()
        self._render()
        if lesson is not None and step is not None:
            self.sigStepChecked.emit(lesson.id, step.index, result.passed)
