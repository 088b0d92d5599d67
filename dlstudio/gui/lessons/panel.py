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

The lessons list and the switch between lessons are ``lesson_choice``'s, the place kept in
workspaces ``lesson_place``'s, the step's question and the Apply button waiting for it
``step_question``'s, applying the step and following the run it starts ``step_apply``'s.

Run it alone: ``python -m dlstudio.gui.lessons.alone [--lang zh]``.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from dlstudio.gui.i18n import sentences
from dlstudio.gui.lessons.answer_marks import mark_answers
from dlstudio.gui.lessons.apply import StepPlan, plan_step
from dlstudio.gui.lessons.checking import LiveRecorder
from dlstudio.gui.lessons.lesson_choice import LessonChoiceMixin
from dlstudio.gui.lessons.lesson_place import LessonPlaceMixin
from dlstudio.gui.lessons.markup import CLASSROOM_SCRIPT_SCALE, to_html
from dlstudio.gui.lessons.step_apply import StepApplyMixin
from dlstudio.gui.lessons.step_check import StepCheckMixin
from dlstudio.gui.lessons.step_question import StepQuestionMixin
from dlstudio.gui.lessons.step_runs import StepRuns
from dlstudio.gui.lessons.strings import LESSON_KEYS, ui
from dlstudio.gui.lessons.view import (build_view, lesson_meta_text, result_html,
                                       run_info_text, step_heading, with_key)
from dlstudio.gui.worker import GeneratorWorker
from dlstudio.lessons.checks import CheckResult
from dlstudio.lessons.loader import BrokenLesson, scan
from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.path import numbers
from dlstudio.lessons.progress import ProgressStore
from dlstudio.gui.widgets.retranslate import RetranslateMixin

def app_language() -> str:
    """The application's language ("en" or "zh_CN")."""
    try:
        from dlstudio.gui.i18n import current_language

        return current_language()
    except Exception:  # pragma: no cover - i18n not importable
        return "en"


class LessonPanel(RetranslateMixin, StepApplyMixin, StepCheckMixin, LessonChoiceMixin,
                  LessonPlaceMixin, StepQuestionMixin, QWidget):
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
        self.left_message = ""
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
        self.follow_lesson_place()
        self._build()
        self.fill_lessons()
        if self.lessons:
            self.lesson_list.setCurrentRow(0)

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        build_view(self)
        self.follow_lesson_list()
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.follow_question()
        # the locked-in answer and the right one stay readable (W33-13)
        self.question.sigAnswered.connect(lambda _index: mark_answers(self.question))
        # keys that press the panel's buttons from anywhere in the window while it is
        # shown (a disabled button ignores them: Apply waits for a locked-in answer)
        for name, button in (("apply", self.apply_button), ("check", self.check_button),
                             ("next", self.next_button), ("previous", self.prev_button)):
            key = QShortcut(QKeySequence(LESSON_KEYS[name]), self)
            key.setContext(Qt.ShortcutContext.WindowShortcut)
            key.activated.connect(self.press_apply_key if name == "apply" else button.click)

    @property
    def lang(self) -> str:
        return self._fixed_lang or app_language()

    def title(self) -> str:
        return ui("Lessons", self.lang)

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
        self.publish_place()
        self._render()
        # a new step's text opens at its top: the column kept the previous step's scroll
        # offset (e.g. after Lock in showed the explanation) and cut the first line (W14-2)
        self.reading.verticalScrollBar().setValue(0)

    def next_lesson(self) -> Lesson | None:
        """The lesson after this one on the learning path (the list's next row), if any."""
        if self.lesson not in self.lessons:
            return None
        row = self.lessons.index(self.lesson) + 1
        return self.lessons[row] if row < len(self.lessons) else None

    def go_forward(self) -> None:
        """The next step; after the last step the next lesson, chosen as in the list (which
        asks first when the session has changes): a student at the end of a lesson had no way
        on but to find the next one in the list (walker36)."""
        if self.lesson is None:
            return
        if self.step_index < len(self.lesson.steps) - 1:
            self.go_to_step(self.step_index + 1)
            return
        following = self.next_lesson()
        if following is not None:
            self.lesson_list.choose(self.lessons.index(following))

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
        following = self.next_lesson() if step.index == n - 1 else None
        self.next_button.setEnabled(step.index < n - 1 or following is not None)
        self._show_step_text()
        self.run_info.setText(self.run_info_for(step, lang))
        self.apply_button.setText(ui("Apply this step", lang))
        self.check_button.setText(ui("Check", lang))
        self.check_button.setToolTip(with_key(ui("check_tip", lang), "check"))
        self.prev_button.setToolTip(with_key(ui("previous_step", lang), "previous"))
        if following is None:
            self.next_button.setToolTip(with_key(ui("next_step", lang), "next"))
        else:
            number = numbers(lesson.id for lesson in self.lessons)[following.id]
            self.next_button.setToolTip(with_key(ui("next_lesson", lang).format(
                number=number, title=following.title.get(lang)), "next"))
        answers = self.progress.get(lesson.id).answers
        self.question.set_question(step.question, lang, answers.get(step.id))
        mark_answers(self.question)
        self.enable_apply()
        self._show_result(self.last_result)

    def run_info_for(self, step: Step, lang: str) -> str:
        """The line under ``step``'s text: what it runs and what to look for."""
        try:
            _, plan = plan_step(self.lesson, step)
            notes, mapping = [n for n in plan.notes if n != "headless"], plan.mapping
        except Exception:  # a step that cannot be resolved is reported when applied
            notes, mapping = [], {}
        answered = self.lesson is not None and \
            str(step.id) in self.progress.get(self.lesson.id).answers
        return run_info_text(step, lang, notes, mapping, answered)

    # -- text and verdict ------------------------------------------------------------------------
    def _on_studio_appearance(self) -> None:
        """Classroom mode on or off: the check's figures and the text's sub- and
        superscripts change size."""
        if self.step is not None:
            self._show_step_text()
        if self.last_result is not None:
            self._show_result(self.last_result)

    def script_points(self) -> float | None:
        """The point size of sub- and superscripts in the step's text and its answers'
        explanations: in classroom mode ``CLASSROOM_SCRIPT_SCALE`` times the text's (~9 px
        beside 17-px text at 1920x1080 before: walker33 W33-13), else None (the font's)."""
        points = self.font().pointSizeF()
        return CLASSROOM_SCRIPT_SCALE * points if self.studio.classroom and points > 0 \
            else None

    def step_html(self) -> str:
        """The step's text as HTML, its sub- and superscripts at ``script_points``."""
        return to_html(self.step.text.get(self.lang), script_pt=self.script_points())

    def _show_step_text(self) -> None:
        """Render the step's text, and its question's explanation, at the current size."""
        self.question.set_script_size(self.script_points())
        self.text.setHtml(self.step_html())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        # classroom mode's font comes after its flag (``_on_studio_appearance``): the
        # scripts' size follows the font
        if event.type() == QEvent.Type.FontChange and self.step is not None:
            self._show_step_text()
        super().changeEvent(event)

    def _show_result(self, result: CheckResult | None) -> None:
        step = self.step
        if result is None or step is None:
            self.set_status("")
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
        self.set_status(verdict)

    def set_status(self, html_text: str, key: str | None = None) -> None:
        """Show ``html_text`` under the step; ``key``: the ``ui`` label it is, shown again in
        the new language after a live switch."""
        self._status_key = key
        self.check_label.setText(html_text)

    def _say(self, key: str) -> None:
        """Show the ``ui`` label ``key`` ("running", "searching"...) under the step."""
        self.set_status(ui(key, self.lang), key)

    # -- language -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        key = self._status_key
        self.fill_lessons()
        self._render()
        if key is not None and self.last_result is None:
            self._say(key)          # "running...", "searching..." in the new language
