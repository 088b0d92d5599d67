"""The step's question in the lesson panel: "Apply" waits until the answer is locked in (the
run would show the answer before the student predicted it), the reason shows next to the grey
button, a chosen answer brings the Lock button into view, and a locked-in answer is recorded
in the progress and its explanation brought into view (``ExplanationScroll``).

``StepQuestionMixin`` is mixed into :class:`~dlstudio.gui.lessons.panel.LessonPanel` and uses
its public names only (``question``, ``question_hint``, ``apply_button``, ``run_info``,
``progress``, ``run_info_for``...).
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer

from dlstudio.gui.lessons.explanation_scroll import ExplanationScroll
from dlstudio.gui.lessons.strings import ui
from dlstudio.gui.lessons.view import with_key


class StepQuestionMixin:
    """The step's question and Apply (mixed into ``LessonPanel``)."""

    def follow_question(self) -> None:
        """Answer the question's choice and lock-in, and keep a locked-in answer's
        explanation in view in the reading column (``explanation_scroll``)."""
        self.question.sigAnswered.connect(self._on_question_answered)
        self.question.sigChosen.connect(self._on_question_chosen)
        #: the locked-in answer's explanation kept in view in the reading column
        self.explanation_scroll = ExplanationScroll(self.reading, self.question, self)

    def enable_apply(self) -> None:
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

    def press_apply_key(self) -> None:
        """The Apply key (Ctrl+Return): while the step's question waits with an answer
        chosen, it locks that answer in (Apply was grey, and the key did nothing: walker33
        W33-17); otherwise it presses Apply (a grey Apply ignores it)."""
        question = self.question
        if self.step is not None and self.step.question is not None \
                and not question.locked and question.chosen is not None:
            question.lock_in()
            return
        self.apply_button.click()

    def show_question(self) -> None:
        """Scroll the step's text so that its question starts at the top (as much of it
        shown as fits) and put the focus on its answers."""
        self.question_hint.show_question()

    def _place(self) -> tuple:
        """(lesson id, step index) shown now: a later call checks the student stayed."""
        return (self.lesson.id if self.lesson else None, self.step_index)

    def _on_question_chosen(self, _index: int) -> None:
        """An answer was picked: bring the Lock button and its hint line into view (they
        were below the text box's bottom after a long step text: walker12 W12-2)."""
        self.enable_apply()
        # once the new hint line is laid out (with its old geometry the view jumped)
        place = self._place()
        QTimer.singleShot(0, self, lambda: self._show_lock_button(place))

    def _show_lock_button(self, place: tuple) -> None:
        # (not after a change of step meanwhile: its text opens at the top)
        if not shiboken6.isValid(self) or place != self._place():
            return
        self.question_hint.show_lock_button()

    def _on_question_answered(self, index: int) -> None:
        if self.lesson is not None:
            self.progress.record_answer(self.lesson.id, self.step.id, index)
            self.run_info.setText(self.run_info_for(self.step, self.lang))   # what to look for
        self.enable_apply()
        # the focus on the step's next action: the greyed answers handed it on (to Check,
        # Apply being still grey), so the next Return said "Apply this step first"
        # (walker19 W19-5)
        if self.apply_button.isEnabled() and self.question.focus_was_here:
            self.apply_button.setFocus(Qt.FocusReason.OtherFocusReason)
        place = self._place()
        QTimer.singleShot(0, self, lambda: self._show_explanation(place))

    def _show_explanation(self, place: tuple) -> None:
        """Bring the locked-in answer's explanation into view (``ExplanationScroll``),
        unless the student went to another step meanwhile."""
        if shiboken6.isValid(self) and place == self._place():
            self.explanation_scroll.bring_into_view()
