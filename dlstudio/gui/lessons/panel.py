"""The lesson panel: pick a lesson, read a step, answer its question (choose, lock in, read
the explanation), apply the step to the studio, and see the check confirm (✓) or the hint
(✗). A step's question comes before its run: "Apply" waits until the answer is locked in.

``LessonPanel(studio)`` talks to the app only through the ``Studio`` object: it sets specs and
variants, starts runs and asks for a plot panel (``studio.show_panel``, which the main window
turns into a tab switch; the panel also emits its own ``sigShowPanel``). A student may change
anything at any time; "Check" then evaluates the step on the last run when that run was made
for this step (``step_runs``: started while the step was the applied one, e.g. after changing
something to explore) or trains exactly what the step trains; any other run, such as the
previous step's, is not judged: the student is asked to apply the step first. Steps the window cannot
reproduce (playground, transfer, a check reading more than four variants) run headless
(a transfer step's at once on Apply, its source network then shown in the Transfer panel);
a search step's Apply runs its search in the search panel, and Check reads those trials
while the panel holds them (else it runs the search headless); Check is
``gui/lessons/step_check.py``. Progress (current step, completed steps, answers) is saved in
the user's data folder, by step id. A locked-in answer's explanation is kept in view
(``explanation_scroll``). The text follows the application's language.

Run it alone: ``python -m dlstudio.gui.lessons.alone [--lang zh]``.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from dlstudio.gui.i18n import render, sentences
from dlstudio.gui.lessons.apply import StepPlan, apply_step, plan_step
from dlstudio.gui.lessons.checking import LiveRecorder
from dlstudio.gui.lessons.companions import leave_companions, show_companion
from dlstudio.gui.lessons.explanation_scroll import ExplanationScroll
from dlstudio.gui.lessons.markup import inline, to_html
from dlstudio.gui.lessons.question import WRONG
from dlstudio.gui.lessons.step_check import StepCheckMixin
from dlstudio.gui.lessons.step_replaces import parts_replaced
from dlstudio.gui.lessons.step_runs import StepRuns
from dlstudio.gui.lessons.strings import LESSON_KEYS, ui
from dlstudio.gui.lessons.view import (build_view, lesson_meta_text, result_html,
                                       run_info_text, step_heading)
from dlstudio.gui.widgets.about import key_text
from dlstudio.gui.worker import GeneratorWorker
from dlstudio.lessons.checks import CheckResult
from dlstudio.lessons.loader import BrokenLesson, scan
from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.path import numbers
from dlstudio.lessons.progress import ProgressStore
from dlstudio.gui.widgets.retranslate import RetranslateMixin

log = logging.getLogger(__name__)


def with_key(tip: str, name: str) -> str:
    """``tip`` with the key of the lesson action ``name`` (``LESSON_KEYS``) after it."""
    return f"{tip} ({key_text(LESSON_KEYS[name])})"


def app_language() -> str:
    """The application's language ("en" or "zh_CN")."""
    try:
        from dlstudio.gui.i18n import current_language

        return current_language()
    except Exception:  # pragma: no cover - i18n not importable
        return "en"


class LessonPanel(RetranslateMixin, StepCheckMixin, QWidget):
    """Guided lessons for the studio (see the module docstring)."""

    panel_name = "lessons"
    sigShowPanel = Signal(str)
    sigStepChecked = Signal(str, int, bool)

    def __init__(self, studio: Any, parent: QWidget | None = None, *,
                 lessons: list[Lesson] | None = None, progress: ProgressStore | None = None,
                 lang: str | None = None):
        super().__init__(parent)
        self.studio = studio
        self._fixed_lang = lang
        self.progress = progress if progress is not None else ProgressStore()
        #: lesson files that could not be loaded, listed disabled with their error
        self.broken: list[BrokenLesson] = []
        if lessons is None:
            lessons, self.broken = scan()
        self.lessons = lessons
        self.lesson: Lesson | None = None
        self.step_index = 0
        self.plan: StepPlan | None = None
        #: which step the run on screen was made for
        self.runs = StepRuns()
        self._awaiting_check = False
        #: the status line's note about the lesson left (``lesson_left``), until a step of
        #: this lesson is applied
        self._left_message = ""
        #: search panels whose end of search this panel listens to
        self._watched_search: list = []
        #: the playgrounds whose last frame checks an applied playground step (W16-12), and
        #: ((lesson id, step index), playground) of the step waiting for it
        self._watched_playground: list = []
        self._playground_for: tuple | None = None
        #: a pre-flight step was applied and the studio's check has not answered yet
        self._awaiting_preflight = False
        #: (lesson id, step index) the background check (``checker``) runs for
        self._checking_for: tuple[str, int] | None = None
        self.last_result: CheckResult | None = None
        #: the run count (``StepRuns.started``) ``last_result`` was given at
        self.result_run = 0
        #: the network change count (``StepRuns.network_changes``) it was given at
        self.result_network = 0
        #: the ``ui`` label shown under the step while no result is shown (None: other text)
        self._status_key: str | None = None
        #: lines shown with ``last_result`` (about the student's own network, the moment the
        #: plots show), and those the running headless check will carry: each a function of
        #: the language, so that a language switch says them anew (walker22 W22-12)
        self.last_note: tuple[Callable[[str], str], ...] = ()
        self._pending_note: list[Callable[[str], str]] = []
        #: (epoch, planned epochs) when the step's run was stopped before its end and the
        #: check did not pass: said in place of the hint (walker12 W12-14)
        self.last_cut_short: tuple[int, int] | None = None
        self.companions: dict[str, QWidget] = {}
        #: asked before the student picks another lesson in the list (its steps will replace
        #: the session): False keeps the current lesson. The window asks about changes that
        #: are in no file; None: nothing to ask.
        self.may_change_lesson: Any = None
        #: asked the same before Apply, with the parts of the session the step would change
        #: (``step_replaces``): False leaves the session as it is
        self.may_apply_step: Any = None
        self.recorder = LiveRecorder(studio, self)
        self.recorder.sigRunEnded.connect(self._on_recorder_run_ended)
        self.checker = GeneratorWorker("lesson-check", self)
        self.checker.sigFinished.connect(self._on_checker_finished)
        self.checker.sigFailed.connect(self._on_checker_failed)
        self.checker.sigProgress.connect(self._on_checker_progress)
        studio.sigPreflight.connect(self._on_studio_preflight)
        studio.sigRunStarted.connect(self._on_studio_run_started)
        studio.sigRunContinued.connect(self._on_studio_run_continued)
        studio.sigRunStateChanged.connect(self._on_studio_run_state)
        studio.sigAppearanceChanged.connect(self._on_studio_appearance)
        studio.sigLessonPlaceRestored.connect(self._on_studio_lesson_place)
        if hasattr(studio, "sigSessionReplaced"):
            studio.sigSessionReplaced.connect(self._on_studio_session_replaced)
        self._build()
        self._fill_lessons()
        if self.lessons:
            self.lesson_list.setCurrentRow(0)

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        build_view(self)
        self.lesson_list.currentRowChanged.connect(self._on_lesson_list_row)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.question.sigAnswered.connect(self._on_question_answered)
        self.question.sigChosen.connect(self._on_question_chosen)
        #: the locked-in answer's explanation kept in view in the reading column
        self.explanation_scroll = ExplanationScroll(self.reading, self.question, self)
        # keys that press the panel's buttons from anywhere in the window while it is
        # shown (a disabled button ignores them: Apply waits for a locked-in answer)
        for name, button in (("apply", self.apply_button), ("check", self.check_button),
                             ("next", self.next_button), ("previous", self.prev_button)):
            key = QShortcut(QKeySequence(LESSON_KEYS[name]), self)
            key.setContext(Qt.ShortcutContext.WindowShortcut)
            key.activated.connect(button.click)

    @property
    def lang(self) -> str:
        return self._fixed_lang or app_language()

    def title(self) -> str:
        return ui("Lessons", self.lang)

    # -- lessons list (``lesson_list``) ---------------------------------------------------------
    def _fill_lessons(self) -> None:
        self.lesson_list.fill(self.lessons, self.broken, self.progress, self.lang)

    def _refresh_lesson_row(self) -> None:
        """Update every lesson's steps-done count: a change of progress re-reads the file,
        which may hold what another window did (walker14 W14-8)."""
        self.lesson_list.update_counts(self.lessons, self.progress, self.lang)

    def _on_lesson_list_row(self, row: int) -> None:
        if not 0 <= row < len(self.lessons):
            return
        if (self.lesson is not None and self.lessons[row] is not self.lesson
                and self.may_change_lesson is not None and not self.may_change_lesson()):
            # cancelled: the lesson stays, and the list shows it once the click is over (the
            # click selected its row after a dialog's Cancel: walker19 W19-13)
            self._show_open_lesson_in_list()
            QTimer.singleShot(0, self._show_open_lesson_in_list)
            return
        self.switch_lesson(self.lessons[row].id)

    def _show_open_lesson_in_list(self) -> None:
        if shiboken6.isValid(self) and self.lesson in self.lessons:
            self.lesson_list.select_quietly(self.lessons.index(self.lesson))

    def switch_lesson(self, lesson_id: str, step: int | None = None) -> None:
        """The student chose lesson ``lesson_id``: when it is another lesson, what the one
        before put on screen goes first (``Studio.leave_lesson``; the search, transfer and
        landscape panels: ``leave_companions``), then it opens."""
        before = self.lesson
        if before is not None and before.id != lesson_id:
            went = [self.studio.leave_lesson(), leave_companions(self, self.companions)]
            text = ""          # nothing said during the lesson stays in the status line (W26-12)
            if any(went):
                number = numbers(lesson.id for lesson in self.lessons).get(before.id, "")
                text = ui("lesson_left", self.lang).format(number=number,
                                                          title=before.title.get(self.lang))
            self.studio.sigMessage.emit(text)
            self._left_message = text
        self.open_lesson(lesson_id, step)

    def open_lesson(self, lesson_id: str, step: int | None = None) -> None:
        """Show lesson ``lesson_id`` at ``step`` (default: where the student left it)."""
        lesson = next((l for l in self.lessons if l.id == lesson_id), None)
        if lesson is None:
            raise KeyError(f"no lesson {lesson_id!r}")
        self.lesson = lesson
        row = self.lessons.index(lesson)
        if self.lesson_list.currentRow() != row:
            self.lesson_list.select_quietly(row)
        if step is None:
            current = self.progress.get(lesson.id).current_step
            step = next((s.index for s in lesson.steps if s.id == current), 0)
        self.go_to_step(step)

    # -- steps ----------------------------------------------------------------------------------
    @property
    def step(self) -> Step | None:
        if self.lesson is None:
            return None
        return self.lesson.steps[self.step_index]

    def go_to_step(self, index: int) -> None:
        if self.lesson is None:
            return
        index = max(0, min(index, len(self.lesson.steps) - 1))
        self.step_index = index
        current = self.progress.get(self.lesson.id).current_step
        if not (current is None and index == 0):    # (None is the first step: no write)
            self.progress.set_current(self.lesson.id, self.lesson.steps[index].id)
        self.last_result = None
        self._publish_place()
        self._render()
        # a new step's text opens at its top: the column kept the previous step's scroll
        # offset (e.g. after Lock in showed the explanation) and cut the first line (W14-2)
        self.reading.verticalScrollBar().setValue(0)

    def _publish_place(self) -> None:
        """Tell the studio where the lessons are (``Studio.lesson_place``, kept in
        workspaces): a prepared run opens at its step, and Check accepts it (W8-14)."""
        if self.lesson is not None:
            self.studio.lesson_place = {
                "lesson": self.lesson.id, "step": self.step_index,
                "run_for": self.runs.run_for_part()}

    def _on_studio_lesson_place(self, place: dict) -> None:
        """An opened workspace: go to its lesson step; its restored run counts as made for
        the step it was made for."""
        run_for = place.get("run_for")
        ids = {lesson.id for lesson in self.lessons}
        if place.get("lesson") not in ids:
            return
        step = place.get("step")
        self.open_lesson(place["lesson"], step if isinstance(step, int) else None)
        if isinstance(run_for, list) and len(run_for) == 2 and run_for[0] in ids \
                and isinstance(run_for[1], int) and not self.studio.store.is_empty():
            self.runs.restored((run_for[0], run_for[1]))
            self.recorder.adopt_restored_run()
        self._publish_place()

    def _on_studio_session_replaced(self) -> None:
        """A new or opened workspace: the run the step's verdict judged is gone, so the
        verdict goes too ("✓ the effect appeared" stayed over the empty plots of File > New,
        walker23 W23-11); an opened workspace's lesson place, restored next, brings its run
        back. The step stays done in the lesson's progress."""
        self.last_result, self.last_note = None, ()
        self.runs.forget()
        self._set_status("")
        self._publish_place()

    def _render(self) -> None:
        lesson, step, lang = self.lesson, self.step, self.lang
        if lesson is None or step is None:
            return
        self.lesson_title.setText(lesson.title.get(lang))
        self.lesson_meta.setText(lesson_meta_text(lesson, self.lessons, lang))
        n = len(lesson.steps)
        done = step.id in self.progress.get(lesson.id).completed
        self.step_label.setText(step_heading(step, n, done, lang))
        self.prev_button.setEnabled(step.index > 0)
        self.next_button.setEnabled(step.index < n - 1)
        self.text.setHtml(to_html(step.text.get(lang)))
        self.run_info.setText(self._run_info(step, lang))
        self.apply_button.setText(ui("Apply this step", lang))
        self.check_button.setText(ui("Check", lang))
        self.check_button.setToolTip(with_key(ui("check_tip", lang), "check"))
        self.prev_button.setToolTip(with_key(ui("previous_step", lang), "previous"))
        self.next_button.setToolTip(with_key(ui("next_step", lang), "next"))
        answers = self.progress.get(lesson.id).answers
        self.question.set_question(step.question, lang, answers.get(step.id))
        self._enable_apply()
        self._show_result(self.last_result)

    def _enable_apply(self) -> None:
        """A step with a question is applied once its answer is locked in: the run would
        show the answer before the student predicted it (Check stays available)."""
        step, lang = self.step, self.lang
        waiting = step is not None and step.question is not None and not self.question.locked
        self.apply_button.setEnabled(not waiting)
        self.apply_button.setToolTip(ui("apply_after_answer", lang) if waiting
                                     else with_key(ui("apply_tip", lang), "apply"))
        # the reason next to the grey button, not only in its tooltip (walker10 W10-1); once
        # an answer is chosen, what is left to do (walker12 W12-2); shown while the question
        # is out of view (``question_hint``)
        self.question_hint.say(waiting, waiting and self.question.chosen is not None, lang)

    def show_question(self) -> None:
        """Scroll the step's text so that its question starts at the top (as much of it
        shown as fits) and put the focus on its answers."""
        self.question_hint.show_question()

    def _run_info(self, step: Step, lang: str) -> str:
        try:
            _, plan = plan_step(self.lesson, step)
            notes, mapping = [n for n in plan.notes if n != "headless"], plan.mapping
        except Exception:  # a step that cannot be resolved is reported when applied
            notes, mapping = [], {}
        answered = self.lesson is not None and \
            str(step.id) in self.progress.get(self.lesson.id).answers
        return run_info_text(step, lang, notes, mapping, answered)

    # -- apply / check --------------------------------------------------------------------------
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
            self._set_status(f"<span style='color:{WRONG}'>{inline(render(exc))}</span>")
            return None
        # the lesson left behind is no longer in the panels: its note goes (walker29: on
        # lesson 13 step 1 the status line still said the panels kept lesson 12's setup)
        if self._left_message and hasattr(self.studio, "withdraw_message"):
            self.studio.withdraw_message(self._left_message)
        self._left_message = ""
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

    def _on_studio_appearance(self) -> None:
        """Classroom mode on or off: the check's figures change size."""
        if self.last_result is not None:
            self._show_result(self.last_result)

    def _on_studio_run_started(self) -> None:
        self.runs.run_started()
        self._publish_place()
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

    def _show_result(self, result: CheckResult | None) -> None:
        step = self.step
        if result is None or step is None:
            self._set_status("")
            return
        hint = step.check.hint.get(self.lang)
        if self.last_cut_short is not None and not result.passed:
            epoch, planned = self.last_cut_short
            # name Continue only when the window offers it (walker19 W19-6: after a branch
            # the hint sent the student to a Continue button that was nowhere)
            moment = self.studio.resume_point()
            hint = ui("run_cut_short" if moment is not None else "run_cut_short_apply",
                      self.lang).format(epoch=epoch, planned=planned,
                                        resume=f"{self.studio.resume_epoch(moment):,}"
                                        if moment is not None else "")
        note = sentences(*(make(self.lang) for make in self.last_note))
        verdict = result_html(result, hint, self.lang, note, classroom=self.studio.classroom)
        if self.result_run != self.runs.started:    # another run is on the plots (W30-7)
            verdict = f"<i>{ui('verdict_earlier_run', self.lang)}</i><br>{verdict}"
        elif step.experiment == "preflight" and self.result_network != self.runs.network_changes:
            # the Pre-flight page says "The network changed since the last check" (fix64)
            verdict = f"<i>{ui('verdict_earlier_network', self.lang)}</i><br>{verdict}"
        self._set_status(verdict)

    def _set_status(self, html_text: str, key: str | None = None) -> None:
        """Show ``html_text`` under the step; ``key``: the ``ui`` label it is, shown again in
        the new language after a live switch."""
        self._status_key = key
        self.check_label.setText(html_text)

    def _say(self, key: str) -> None:
        """Show the ``ui`` label ``key`` ("running", "searching"...) under the step."""
        self._set_status(ui(key, self.lang), key)

    def _on_question_chosen(self, _index: int) -> None:
        """An answer was picked: bring the Lock button and its hint line into view (they
        were below the text box's bottom after a long step text: walker12 W12-2)."""
        self._enable_apply()
        # once the new hint line is laid out (with its old geometry the view jumped)
        place = (self.lesson.id if self.lesson else None, self.step_index)
        QTimer.singleShot(0, lambda: self._show_lock_button(place))

    def _show_lock_button(self, place: tuple) -> None:
        # (not after a change of step meanwhile: its text opens at the top)
        if not shiboken6.isValid(self) or place != (
                self.lesson.id if self.lesson else None, self.step_index):
            return
        self.question_hint.show_lock_button()

    def _on_question_answered(self, index: int) -> None:
        if self.lesson is not None:
            self.progress.record_answer(self.lesson.id, self.step.id, index)
            self.run_info.setText(self._run_info(self.step, self.lang))   # what to look for
        self._enable_apply()
        # the focus on the step's next action: the greyed answers handed it on (to Check,
        # Apply being still grey), so the next Return said "Apply this step first"
        # (walker19 W19-5)
        if self.apply_button.isEnabled() and self.question.focus_was_here:
            self.apply_button.setFocus(Qt.FocusReason.OtherFocusReason)
        place = (self.lesson.id if self.lesson else None, self.step_index)
        QTimer.singleShot(0, lambda: self._show_explanation(place))

    def _show_explanation(self, place: tuple) -> None:
        """Bring the locked-in answer's explanation into view (``ExplanationScroll``),
        unless the student went to another step meanwhile."""
        if shiboken6.isValid(self) and place == (
                self.lesson.id if self.lesson else None, self.step_index):
            self.explanation_scroll.bring_into_view()

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        key = self._status_key
        self._fill_lessons()
        self._render()
        if key is not None and self.last_result is None:
            self._say(key)          # "running...", "searching..." in the new language
