"""Every text of a lesson a student reads, by where it is: for checks that run over all of
them in both languages (``tests/lessons/test_lesson_languages.py``, ``tests/test_zh_typography.py``)."""
from __future__ import annotations

from typing import Iterator


def lesson_texts(lesson) -> Iterator[tuple[str, object]]:
    """``(where, Text)`` for the title, summary and every step's title, text, hint,
    highlight, variant labels, question, answers and explanations of ``lesson``."""
    yield "title", lesson.title
    yield "summary", lesson.summary
    for step in lesson.steps:
        where = f"step {step.index + 1}"
        yield f"{where} title", step.title
        yield f"{where} text", step.text
        yield f"{where} hint", step.check.hint
        if step.show.highlight is not None:     # "Look at: ... (this)" under the text
            yield f"{where} highlight", step.show.highlight
        for v in step.variants:
            yield f"{where} variant {v.name}", v.label
        q = step.question
        if q is not None:
            yield f"{where} question", q.prompt
            for i, a in enumerate(q.answers):
                yield f"{where} answer {i + 1}", a.text
                yield f"{where} explanation {i + 1}", a.explanation
