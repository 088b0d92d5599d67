"""Locked-in answers that stay readable: once a question's answer is locked in, its answers
are disabled, and a disabled label is drawn light grey on light grey, the least readable
text on the screen just when a teacher discusses the answers (walker33 W33-13, classroom
mode at 1920x1080). ``mark_answers`` names the chosen answer and the right one (which the
explanation reveals once an answer is locked in) in the labels' ``answer`` property; the
themes' style sheets draw them in the text colour, the chosen one in bold, and leave the
others grey."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

#: the ``answer`` property of an answer's label: chosen and locked in, the right one (not
#: chosen), or "" (not locked in yet, or neither)
CHOSEN, RIGHT = "chosen", "right"


def answer_roles(question) -> list[str]:
    """The ``answer`` property of each answer of a ``QuestionWidget``: ``CHOSEN``,
    ``RIGHT`` or ""."""
    q = question.question
    if q is None or not question.locked or question.chosen is None:
        return [""] * len(question.labels)
    right = set(q.correct_indices)
    return [CHOSEN if i == question.chosen else RIGHT if i in right else ""
            for i in range(len(question.labels))]


def mark_answers(question) -> None:
    """Set the ``answer`` property of the labels of ``question`` (a ``QuestionWidget``)
    after it showed a question or an answer was locked in, and restyle them."""
    for label, role in zip(question.labels, answer_roles(question)):
        if label.property("answer") != role:
            label.setProperty("answer", role)
            _repolish(label)


def _repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a property its rules select on changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
