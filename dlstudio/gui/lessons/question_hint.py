"""The line under a step's text while Apply waits for the step's answer, and bringing the
question into view.

A step's question sits under its text in the reading column and may be below the part in
view. While Apply waits for a locked-in answer, ``QuestionHintLabelWidget`` says why, with
a link that scrolls to the question (walker10 W10-1), or, once an answer is chosen, that it
is still to be locked in (walker12 W12-2). It shows only while the question is out of view:
with the question on screen it said the same thing twice (walker16 W16-25).
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from dlstudio.gui.lessons.question import QuestionWidget
from dlstudio.gui.lessons.strings import ui


def question_hint_html(waiting: bool, chosen: bool, lang: str) -> str:
    """The line under the text while Apply waits for the step's answer (``waiting``): lock
    the ``chosen`` answer in, or answer first, with a link to the question ("" otherwise)."""
    if chosen:
        return f"<i>{html.escape(ui('lock_first', lang))}</i>"
    if waiting:
        return (f"<i>{html.escape(ui('answer_first', lang))}</i> <a href='#question'>"
                f"{html.escape(ui('go_to_question', lang))}</a>")
    return ""


class QuestionHintLabelWidget(QLabel):
    """The line under the step's text in ``reading`` (the scroll area holding the text and
    ``question``): shown while Apply waits for an answer and the question is out of view;
    its link scrolls to the question."""

    def __init__(self, reading: QScrollArea, question: QuestionWidget,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.reading, self.question = reading, question
        #: Apply waits for the step's answer
        self.waiting = False
        self.setObjectName("questionHint")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.hide()
        self.linkActivated.connect(self._on_link_activated)
        bar = reading.verticalScrollBar()      # the question scrolled into or out of view
        bar.valueChanged.connect(self._on_reading_moved)
        bar.rangeChanged.connect(self._on_reading_moved)

    def say(self, waiting: bool, chosen: bool, lang: str) -> None:
        """Apply waits for the step's answer (``waiting``), one of which is ``chosen``: say
        what is left to do, in ``lang``, when the question is out of view."""
        self.waiting = waiting
        if chosen:          # the line keeps its height: the text above must not move (W10-2)
            self.setMinimumHeight(self.height())
        else:
            self.setMinimumHeight(0)
        self.setText(question_hint_html(waiting, chosen, lang))
        self.show_when_needed()

    def show_when_needed(self) -> None:
        """Show the line while Apply waits for an answer and the question's own prompt is
        out of view. While Apply waits, the line keeps its room when hidden, so the buttons
        do not move as the text scrolls."""
        policy = self.sizePolicy()
        if policy.retainSizeWhenHidden() != self.waiting:
            policy.setRetainSizeWhenHidden(self.waiting)
            self.setSizePolicy(policy)
        self.setVisible(self.waiting and not self.question_in_view())

    def question_in_view(self) -> bool:
        """Whether the question is on screen: its prompt and answers, or its own line under
        them ("Predict first: ..."), whole in view (walker19 W19-3: with the prompt and every
        answer in view but that line below the fold, the footer still asked to answer)."""
        q = self.question
        if q.isHidden():
            return False
        asked = [q.prompt] + list(q.buttons[-1:])
        return all(self.whole_in_view(w) for w in asked) or self.whole_in_view(q.explanation)

    def whole_in_view(self, widget: QWidget) -> bool:
        """Whether ``widget`` (inside the step's text) is shown whole in the text's view."""
        view = self.reading.viewport()
        if not widget.isVisibleTo(self.reading):
            return False
        top = widget.mapTo(view, widget.rect().topLeft()).y()
        return 0 <= top and top + widget.height() <= view.height()

    def show_question(self) -> None:
        """Scroll the step's text so that its question starts at the top (as much of it
        shown as fits) and put the focus on its answers."""
        self.question.focus_answers()
        self.reading.verticalScrollBar().setValue(self.question.y())   # clamped at the end

    def show_lock_button(self) -> None:
        """Bring the question's Lock button into view while the answer is not locked in
        (it was below the text box's bottom after a long step text: walker12 W12-2)."""
        if not self.question.locked:
            self.reading.ensureWidgetVisible(self.question.lock_button, 0, 4)

    def _on_link_activated(self, _link: str) -> None:
        self.show_question()

    def _on_reading_moved(self, *_: int) -> None:
        self.show_when_needed()
