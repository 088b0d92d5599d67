"""The question of a lesson step: a prompt, one button per answer, and the explanation of
the chosen answer (every answer has one). "Predict the curve" answers show their sketch."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout,
                               QWidget)

from dlstudio.lessons.model import Question

RIGHT = "#1b7f3b"
WRONG = "#b3261e"


def starts_with_verdict(explanation: str, verdict: str) -> bool:
    """Whether ``explanation`` already opens with ``verdict`` ("Right. Identical units..."),
    so the feedback does not say it twice ("✓ Right. Right.")."""
    core = verdict.rstrip(".。:：!！ ")
    return explanation.lstrip().lower().startswith(core.lower())


class CurveSketchItem(QWidget):
    """A tiny line drawing of a predicted curve (values scaled to the widget)."""

    def __init__(self, values: tuple[float, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.values = values
        self.setFixedSize(QSize(64, 28))

    def paintEvent(self, event) -> None:  # noqa: N802
        if len(self.values) < 2:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(self.palette().mid().color(), 1))
        p.drawRect(0, 0, self.width() - 1, self.height() - 1)
        lo, hi = min(self.values), max(self.values)
        span = (hi - lo) or 1.0
        w, h = self.width() - 6, self.height() - 6
        pts = [QPointF(3 + w * i / (len(self.values) - 1), 3 + h * (1 - (v - lo) / span))
               for i, v in enumerate(self.values)]
        p.setPen(QPen(QColor("#1f77b4"), 2))
        p.drawPolyline(QPolygonF(pts))


class QuestionWidget(QWidget):
    """Shows a ``Question``; ``sigAnswered(index)`` when the student picks an answer."""

    sigAnswered = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.question: Question | None = None
        self.lang = "en"
        self.chosen: int | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 4)
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-weight: bold")
        self._layout.addWidget(self.prompt)
        self._answers = QVBoxLayout()
        self._layout.addLayout(self._answers)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self._layout.addWidget(self.explanation)
        self.group = QButtonGroup(self)
        self.group.idClicked.connect(self._on_group_clicked)
        self.buttons: list[QRadioButton] = []

    def set_question(self, question: Question | None, lang: str, chosen: int | None = None) -> None:
        self.question, self.lang, self.chosen = question, lang, chosen
        for b in self.buttons:
            self.group.removeButton(b)
        self._clear_layout(self._answers)
        self.buttons = []
        self.setVisible(question is not None)
        if question is None:
            return
        self.prompt.setText(question.prompt.get(lang))
        for i, answer in enumerate(question.answers):
            button = QRadioButton(answer.text.get(lang), self)
            self.group.addButton(button, i)
            self.buttons.append(button)
            if answer.curve:
                row = QHBoxLayout()
                row.addWidget(CurveSketchItem(answer.curve, self))
                row.addWidget(button, 1)
                self._answers.addLayout(row)
            else:
                self._answers.addWidget(button)
        if chosen is not None and 0 <= chosen < len(self.buttons):
            self.buttons[chosen].setChecked(True)
        self._show_explanation()

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

    def _on_group_clicked(self, index: int) -> None:
        self.chosen = index
        self._show_explanation()
        self.sigAnswered.emit(index)

    def _show_explanation(self) -> None:
        q = self.question
        if q is None or self.chosen is None:
            self.explanation.setText("")
            return
        answer = q.answers[self.chosen]
        zh = self.lang.startswith("zh")
        if answer.correct:
            mark, word = "✓", ("正确。" if zh else "Right.")
            color = RIGHT
        else:
            mark, word = "✗", ("不对。" if zh else "Not quite.")
            color = WRONG
        import html

        text = answer.explanation.get(self.lang)
        head = mark if starts_with_verdict(text, word) else f"{mark} {word}"
        self.explanation.setText(f"<span style='color:{color}; font-weight:bold'>{head}</span> "
                                 f"{html.escape(text)}")
