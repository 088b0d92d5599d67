"""Applying a lesson step from the lesson panel, and following the run it starts.

"Apply this step" (``apply_current``) asks before replacing the student's own work
(``may_apply_step``), sets the studio up for the step (``lessons/apply.py``), brings the
panel the step names forward (with its companion page), and says under the step what
happens next: training, searching, checking before training, comparing, the playground
playing, or "press Check". A run that starts, trains on (Continue) or fails afterwards is
followed here, so that the verdict shown and the check know which step it was made for
(``step_runs``).

``StepApplyMixin`` is mixed into :class:`~dlstudio.gui.lessons.panel.LessonPanel`, like the
panel's other step mixins (``step_check``, ``step_question``).
"""
from __future__ import annotations

import logging

from dlstudio.gui.i18n import render
from dlstudio.gui.lessons.apply import StepPlan, apply_step
from dlstudio.gui.lessons.companions import show_companion
from dlstudio.gui.lessons.markup import inline
from dlstudio.gui.lessons.question import WRONG
from dlstudio.gui.lessons.step_replaces import parts_replaced

log = logging.getLogger(__name__)


class StepApplyMixin:
    """The step's Apply and the run it starts (mixed into ``LessonPanel``)."""

    def _on_apply_clicked(self) -> None:
        self.apply_current()

    def apply_current(self) -> StepPlan | None:
        """Configure the studio for the current step and start its run (training steps)."""
        lesson, step = self.lesson, self.step
        if lesson is None or step is None or self.may_apply_step is not None and not \
                self.may_apply_step(parts_replaced(self.studio, lesson, step)):
            return None         # (Cancel: the student's own work stays)
        self._awaiting_preflight = False
        before, self.runs.applied = self.runs.applied, (lesson.id, step.index)   # its run
        try:
            self.plan = apply_step(self.studio, lesson, step, start=True)
        except Exception as exc:  # a spec the studio refuses: explain, do not crash
            log.warning("applying step failed", exc_info=True)
            self.runs.applied = before
            self.set_status(f"<span style='color:{WRONG}'>{inline(render(exc))}</span>")
            return None
        # the lesson left behind is no longer in the panels: its note goes (walker29: on
        # lesson 13 step 1 the status line still said the panels kept lesson 12's setup)
        if self.left_message and hasattr(self.studio, "withdraw_message"):
            self.studio.withdraw_message(self.left_message)
        self.left_message = ""
        self.sigShowPanel.emit(step.show.panel)
        shown = show_companion(self, step.show.panel, step, self.studio, self.lang,
                               self.companions)
        self.last_result = None
        if step.experiment == "search" and self._search_for_step(shown) is not None:
            self._watch_search(shown)
            self._awaiting_check = True
            self._say("searching")
        elif step.experiment == "train" and not self.studio.is_active():
            # the studio refused to start (it said why: missing data, a setting to fix):
            # nothing trains, so "Training..." would wait for ever (walker8 W8-4)
            self.runs.failed_for = self.runs.applied
            self._say("run_failed")
        elif step.experiment == "train":
            self._awaiting_check = True
            self._say("running")
        elif step.experiment == "preflight":
            self._say("checking_before")
            if self.plan.live_checkable:
                self._awaiting_preflight = True     # the check runs when its verdict arrives
            else:
                self.check_current()
        elif step.experiment == "transfer":
            # the comparison runs at once (not only when Check is pressed); its verdict
            # and numbers land here, its source network in the Transfer panel
            self.check_current()
            self._say("comparing")
        elif step.experiment == "playground" and shown is not None \
                and hasattr(shown, "sigFrameChanged"):
            # checked when its paths reach their end, as a training step when its run ends
            self._watch_playground(shown, (lesson.id, step.index))
            self._say("playground_playing")
        else:
            self._say("press_check")
        return self.plan

    def _on_studio_run_started(self) -> None:
        self.runs.run_started()
        self.publish_place()
        if self.last_result is not None:        # now about a run no longer on the plots
            self._show_result(self.last_result)

    def _on_studio_run_continued(self) -> None:
        """The step's own run trains on (Continue, as a cut-short check advises): it stays
        the step's run and is checked when it ends, as after Apply. It was no run at all
        for the check: "Apply this step first ... (Nothing has been trained yet.)" under a
        finished 99.1% run, and the step never ticked (walker20 W20-11)."""
        if self.lesson is None or not self.runs.continues((self.lesson.id, self.step_index)):
            return
        self.runs.restored_for = None
        self._awaiting_check = True
        self._say("running")

    def _on_studio_run_state(self, state: str) -> None:
        """A run the applied step started failed (e.g. its data is missing): say so under
        the step, not "apply this step first" when Check is pressed."""
        if state != "failed" or self.lesson is None or self.runs.run_for is None \
                or self.recorder.has_run:        # it trained: the error report says more
            return
        self.runs.run_failed()
        if self.runs.run_for == (self.lesson.id, self.step_index):
            self._say("run_failed")
