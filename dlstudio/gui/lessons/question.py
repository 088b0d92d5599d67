"""The question of a lesson step: a prompt and its answers. The student chooses an answer,
locks it in, and only then sees the explanation (and, after a wrong answer, the right one);
the first locked answer is the one that counts. "Predict the curve" answers show a sketch
(``lessons/curve_sketch.py``). Answer texts wrap to the width of the panel."""
from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QApplication, QButtonGroup, QHBoxLayout, QLabel, QPushButton,
                               QRadioButton, QSizePolicy, QVBoxLayout, QWidget)

from dlstudio.gui.lessons.curve_sketch import CurveSketchItem, sketch_scale
from dlstudio.gui.lessons.markup import larger_scripts
from dlstudio.gui.lessons.strings import ui
from dlstudio.lessons.model import Question

#: an answer's arrow keys: the answer they choose, relative to the focused one
ARROW_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}
#: modifiers of a plain key (the keypad's Enter and arrows carry KeypadModifier)
PLAIN_KEYS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)

RIGHT = "#1b7f3b"
WRONG = "#b3261e"


#: words an answer's explanation may open with that already say right or wrong, each
#: followed by punctuation ("Exactly: ...", "完全正确：..."): the feedback then shows only
#: the mark, not "✓ Right. Exactly:" / "✓ 正确。 完全正确：" (walker10 zh notes)
VERDICT_WORDS = {True: ("right", "exactly", "correct", "yes", "正确", "完全正确", "没错", "是的",
                        "对"),
                 False: ("not quite", "wrong", "不对", "错了")}
PUNCTUATION = ".。:：!！,，;；"


def verdict_prefix(explanation: str, verdict: str, correct: bool | None = None) -> str:
    """The verdict ``explanation`` opens with ("Right:" of "Right: every border..."), with
    its punctuation mark, or "": ``verdict`` itself ("Right."), or, given whether the answer
    is ``correct``, one of its ``VERDICT_WORDS`` followed by a punctuation mark."""
    body = explanation.lstrip()
    text = body.lower()
    core = verdict.rstrip(".。:：!！ ").lower()
    words = ((core,) if core else ()) + (VERDICT_WORDS.get(correct, ())
                                         if correct is not None else ())
    for w in sorted(words, key=len, reverse=True):
        if not text.startswith(w):
            continue
        after = text[len(w):len(w) + 1]
        if after in tuple(PUNCTUATION):
            return body[:len(w) + 1]
        if w == core:
            return body[:len(w)]
    return ""


def starts_with_verdict(explanation: str, verdict: str, correct: bool | None = None) -> bool:
    """Whether ``explanation`` already opens with a verdict (``verdict_prefix``), so the
    feedback does not say it twice ("✓ Right. Right.")."""
    return bool(verdict_prefix(explanation, verdict, correct))


class AnswerLabel(QLabel):
    """An answer's text, wrapped; a click on it chooses the answer like its radio button."""

    sigClicked = Signal()

    def __init__(self, text: str, parent: QWidget | None = None,
                 script_pt: float | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.show_text(text, script_pt)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # the text starts level with its radio button (at the top of the row) even when the
        # layout gives the label more height than its lines need (it centred them lower)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def show_text(self, text: str, script_pt: float | None = None) -> None:
        """Show ``text`` as it is, or with its sub- and superscripts at ``script_pt``
        points (classroom mode: "(1 − 0.25)²" had a ~9 px ² at 1920x1080)."""
        if script_pt is None:
            self.setTextFormat(Qt.TextFormat.PlainText)
            self.setText(text)
        else:
            self.setTextFormat(Qt.TextFormat.RichText)
            self.setText(larger_scripts(html.escape(text), script_pt))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.isEnabled():
            self.sigClicked.emit()
        super().mousePressEvent(event)


def previous_tab_stop(widget: QWidget) -> QWidget | None:
    """The widget Tab reaches just before ``widget`` (Qt's ``setTabOrder`` ignores widgets
    that take no focus), or None."""
    w = widget.previousInFocusChain()
    while w is not None and w is not widget:
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus:
            return w
        w = w.previousInFocusChain()
    return None


class QuestionWidget(QWidget):
    """Shows a ``Question``: choose, lock in, read the explanation.

    ``sigChosen(index)`` is emitted when the student picks an answer (not yet locked in);
    ``sigAnswered(index)`` once, when the student locks an answer in.
    ``chosen`` is the selected answer, ``locked`` whether it was locked in.
    """

    sigChosen = Signal(int)
    sigAnswered = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.question: Question | None = None
        self.lang = "en"
        self.chosen: int | None = None
        self.locked = False
        self.focus_was_here = False          # see ``lock_in``
        #: the point size of the answers' and the explanation's sub- and superscripts (None:
        #: the font's own); the lesson panel's classroom size (``set_script_size``)
        self.script_pt: float | None = None
        self._layout = QVBoxLayout(self)
        # a little room on the left: the scroll area's edge clipped the radio circles
        self._layout.setContentsMargins(3, 4, 0, 4)
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-weight: bold")
        self.prompt.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._layout.addWidget(self.prompt)
        self._answers = QVBoxLayout()
        self._layout.addLayout(self._answers)
        self.lock_button = QPushButton(self)
        self.lock_button.setObjectName("lockAnswer")
        self.lock_button.clicked.connect(self._on_lock_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.lock_button)
        row.addStretch(1)
        self._layout.addLayout(row)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setSizePolicy(QSizePolicy.Policy.Ignored,
                                       QSizePolicy.Policy.Preferred)
        self._layout.addWidget(self.explanation)
        self.group = QButtonGroup(self)
        self.group.idClicked.connect(self._on_group_clicked)
        self.buttons: list[QRadioButton] = []
        self.labels: list[AnswerLabel] = []

    def set_question(self, question: Question | None, lang: str, chosen: int | None = None) -> None:
        """Show ``question``; ``chosen`` is the answer locked in earlier (None: not yet)."""
        self.question, self.lang = question, lang
        self.chosen = chosen if question is not None and chosen is not None \
            and 0 <= chosen < len(question.answers) else None
        self.locked = self.chosen is not None
        for b in self.buttons:
            self.group.removeButton(b)
        self._clear_layout(self._answers)
        self.buttons, self.labels = [], []
        self.explanation.setMinimumHeight(0)
        self.setVisible(question is not None)
        if question is None:
            return
        self.prompt.setText(question.prompt.get(lang))
        scale = sketch_scale([a.curve for a in question.answers if a.curve])
        for i, answer in enumerate(question.answers):
            button = QRadioButton(self)
            button.setAccessibleName(answer.text.get(lang))
            button.installEventFilter(self)         # its arrow keys choose (``eventFilter``)
            label = AnswerLabel(answer.text.get(lang), self, self.script_pt)
            label.sigClicked.connect(button.click)
            self.group.addButton(button, i)
            self.buttons.append(button)
            self.labels.append(label)
            row = QHBoxLayout()
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            if answer.curve:
                row.addWidget(CurveSketchItem(answer.curve, self, scale), 0,
                              Qt.AlignmentFlag.AlignTop)
            row.addWidget(label, 1)
            self._answers.addLayout(row)
        if self.chosen is not None:
            self.buttons[self.chosen].setChecked(True)
        # Tab reaches the answers, then Lock (the answers are made after the button: Tab
        # went to Lock first, and from the answers away from it: walker8 W8-11)
        chain = [previous_tab_stop(self.lock_button)] + self.buttons + [self.lock_button]
        for first, second in zip(chain, chain[1:]):
            if first is not None:
                QWidget.setTabOrder(first, second)
        self.lock_button.setText(ui("lock_in", lang))
        self.lock_button.setToolTip(f"{ui('lock_in_tip', lang)} {ui('lock_in_key', lang)}")
        self._show_state()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Enter on an answer chooses it, and on the chosen answer locks it in."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() in PLAIN_KEYS and not self.locked:
            focused = self.focused_answer()
            if focused is not None and focused != self.chosen:
                self.choose(focused)
            elif self.chosen is not None:
                self.lock_in()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """An arrow key on an answer chooses the answer above or below it and moves the
        focus there. Qt's radio buttons only moved the focus while none was checked, so a
        keyboard user could never choose (walker33 W33-17)."""
        if event.type() != QEvent.Type.KeyPress or watched not in self.buttons \
                or event.modifiers() not in PLAIN_KEYS:
            return False
        step = ARROW_STEPS.get(event.key())
        if step is None or self.locked:
            return False
        here = self.buttons.index(watched)
        target = max(0, min(len(self.buttons) - 1, here + step))
        self.choose(target)
        reason = Qt.FocusReason.BacktabFocusReason if step < 0 else Qt.FocusReason.TabFocusReason
        self.buttons[target].setFocus(reason)
        return True

    def set_script_size(self, points: float | None) -> None:
        """Set the sub- and superscripts of the answers and the explanation (x₁², wᵢ) at
        ``points`` (classroom mode: as large as the step text's,
        ``markup.CLASSROOM_SCRIPT_SCALE``; fix77 left them ~9 px high at 1920x1080), None:
        the font's own size."""
        if points == self.script_pt:
            return
        self.script_pt = points
        if self.question is None:
            return
        for label, answer in zip(self.labels, self.question.answers):
            label.show_text(answer.text.get(self.lang), points)
        if self.locked:
            self._show_state()

    def focused_answer(self) -> int | None:
        """The index of the answer that has the keyboard focus, or None."""
        focus = QApplication.focusWidget()
        return self.buttons.index(focus) if focus in self.buttons else None

    @staticmethod
    def _clear_layout(layout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget, sub = item.widget(), item.layout()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
            elif sub is not None:
                QuestionWidget._clear_layout(sub)
                sub.deleteLater()

    def choose(self, index: int) -> None:
        """Select answer ``index`` (not yet locked in); ignored once an answer is locked."""
        if self.locked or not 0 <= index < len(self.buttons):
            return
        self.chosen = index
        self.buttons[index].setChecked(True)
        self._show_state()
        self.sigChosen.emit(index)

    def lock_in(self) -> None:
        """Lock the chosen answer in: show its explanation and report it (once)."""
        if self.locked or self.chosen is None:
            return
        focus = QApplication.focusWidget()
        #: the focus was on the question (an answer, Lock) when the answer was locked in:
        #: greying them out hands it on, and the panel gives it to Apply (walker19 W19-5)
        self.focus_was_here = focus is not None and self.isAncestorOf(focus)
        self.locked = True
        self._show_state()
        self.sigAnswered.emit(self.chosen)

    def focus_answers(self) -> None:
        """Give the keyboard focus to the chosen answer (else the first), so arrow keys
        choose and Enter locks in."""
        if self.buttons and not self.locked:
            self.buttons[self.chosen or 0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_group_clicked(self, index: int) -> None:
        if self.locked:      # a locked answer stays; the radio buttons are disabled anyway
            if self.chosen is not None:
                self.buttons[self.chosen].setChecked(True)
            return
        self.choose(index)

    def _on_lock_button_clicked(self) -> None:
        self.lock_in()

    def _show_state(self) -> None:
        for widget in self.buttons + self.labels:
            widget.setEnabled(not self.locked)
        self.lock_button.setVisible(not self.locked)
        self.lock_button.setEnabled(self.chosen is not None)
        q = self.question
        if q is None:
            self.explanation.setText("")
        elif not self.locked:
            if self.chosen is not None:
                # the line keeps its height: the Lock button above must not move under
                # the pointer between choosing and clicking it (walker10 W10-2)
                self.explanation.setMinimumHeight(self.explanation.height())
            key = "lock_now" if self.chosen is not None else "choose_then_lock"
            if not q.predicts:   # the run does not show this answer (walker16 W16-5)
                key += "_think"
            self.explanation.setText(f"<i>{html.escape(ui(key, self.lang))}</i>")
        else:
            self.explanation.setMinimumHeight(0)
            self.explanation.setText(self._explanation_html(q, self.chosen))

    def _explanation_html(self, q: Question, chosen: int) -> str:
        answer = q.answers[chosen]
        mark, word, color = ("✓", ui("right", self.lang), RIGHT) if answer.correct \
            else ("✗", ui("not_quite", self.lang), WRONG)
        explanation = answer.explanation.get(self.lang)
        # an explanation that opens with its own verdict ("Right: every border...") gets
        # it in the verdict's style, once (walker14 W14-7: plain "✓ Right: ..." in 16/1,
        # "✓ 正确。对：..." in zh 16/3)
        own = verdict_prefix(explanation, word, answer.correct)
        if own:
            explanation = explanation.lstrip()[len(own):].lstrip()
        head = f"{mark} {own}" if own else f"{mark} {word}"
        # no space after Chinese punctuation ("✓ 正确。完全正确", "✓ 对：每条")
        gap = "" if head[-1:] in "。：，；！" else " "
        text = (f"<span style='color:{color}; font-weight:bold'>{html.escape(head)}</span>"
                f"{gap}{self._escaped(explanation)}")
        if not answer.correct:
            was = ui("right_answer_was", self.lang)
            gap = "" if was[-1:] in "。：，；！" else " "        # "正确答案：直线"
            for i in q.correct_indices:
                right = q.answers[i]
                text += (f"<br><br><span style='color:{RIGHT}; font-weight:bold'>"
                         f"{html.escape(was)}</span>{gap}"
                         # the answer on its own line: run into the explanation, the two
                         # read as one sentence (walker12 W12-9)
                         f"<b>{self._escaped(right.text.get(self.lang))}</b><br>"
                         f"{self._escaped(right.explanation.get(self.lang))}")
        return text

    def _escaped(self, text: str) -> str:
        """``text`` as HTML, its sub- and superscripts at ``script_pt``."""
        escaped = html.escape(text)
        return escaped if self.script_pt is None else larger_scripts(escaped, self.script_pt)
