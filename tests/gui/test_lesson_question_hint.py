"""The line under a step's text while Apply waits for the step's answer: it says why, links
to the question and shows only while the question is out of view (``gui/lessons/question_hint``;
moved here from ``test_lesson_panel.py``)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from dlstudio.gui.lessons.question_hint import question_hint_html  # noqa: E402


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


def test_the_hint_says_what_is_left_to_do():
    assert question_hint_html(False, False, "en") == ""
    waiting = question_hint_html(True, False, "en")
    assert "Answer the question under the text" in waiting and "href='#question'" in waiting
    assert "Now lock in your answer" in question_hint_html(True, True, "en")


def test_a_waiting_question_is_named_next_to_the_grey_apply_with_a_link_to_it(panel, qapp,
                                                                             qtbot):
    """Walker10 W10-1: Apply was grey with its reason only in a tooltip and at the end of a
    long text, below the visible part. A line above the button says why and its link
    scrolls to the question; W10-2: choosing an answer does not move the Lock button."""
    panel.resize(480, 560)
    panel.open_lesson("06_batch_norm", 1)
    qtbot.wait(100)                                    # the text has its final height
    hint, q, reading = panel.question_hint, panel.question, panel.reading
    assert not panel.apply_button.isEnabled() and hint.isVisible()
    assert "Answer the question under the text" in hint.text() and "href" in hint.text()
    viewport = reading.viewport()

    def top_in_view(widget) -> int:
        return widget.mapTo(viewport, widget.rect().topLeft()).y()

    qtbot.waitUntil(lambda: top_in_view(q.lock_button) > viewport.height())   # below
    hint.linkActivated.emit("#question")
    bar = reading.verticalScrollBar()
    qtbot.waitUntil(lambda: top_in_view(q) == 0 or (
        bar.value() == bar.maximum() and 0 < top_in_view(q) < viewport.height()))
    assert qapp.focusWidget() is q.buttons[0]
    reading.verticalScrollBar().setValue(reading.verticalScrollBar().maximum())
    qapp.processEvents()
    before = top_in_view(q.lock_button)
    whole = lambda: 0 <= top_in_view(q.lock_button) and \
        top_in_view(q.lock_button) + q.lock_button.height() + 4 <= viewport.height()
    seen_whole = whole()
    q.buttons[1].click()
    qtbot.wait(50)                       # (a cut-off Lock button is brought into view: W12-2)
    assert "Now lock" in q.explanation.text() and whole()
    if seen_whole:                       # one seen whole stays where the student saw it
        assert top_in_view(q.lock_button) == before
    q.lock_in()
    qapp.processEvents()
    assert panel.apply_button.isEnabled() and not hint.isVisible()


def test_the_question_is_asked_about_once_on_screen(panel, qtbot):
    """Walker16 W16-25: with the question and its answers in view, the line under the text
    said again what the question's own prompt said, with a "Go to the question" link that
    went nowhere new. It shows only while the question's prompt is out of view."""
    panel.resize(480, 560)
    panel.open_lesson("06_batch_norm", 1)
    qtbot.wait(100)
    hint, q, bar = panel.question_hint, panel.question, panel.reading.verticalScrollBar()
    view = panel.reading.viewport()

    def prompt_in_view() -> bool:
        top = q.explanation.mapTo(view, q.explanation.rect().topLeft()).y()
        return 0 <= top and top + q.explanation.height() <= view.height()

    assert not prompt_in_view() and hint.isVisible()     # below the fold: the hint says it
    bar.setValue(bar.maximum())                        # the question in view
    qtbot.waitUntil(prompt_in_view)
    assert not hint.isVisible() and "lock it in" in q.explanation.text()
    height = panel.apply_button.mapTo(panel, panel.apply_button.rect().topLeft()).y()
    bar.setValue(0)                                    # scrolled away again: the hint is back
    qtbot.waitUntil(hint.isVisible)
    assert panel.apply_button.mapTo(panel, panel.apply_button.rect().topLeft()).y() == height


def test_no_footer_about_the_question_while_its_prompt_and_answers_are_in_view(panel, qtbot):
    """Walker19 W19-3: with the question's prompt and all its answers in view but its own
    line ("Predict first: ...") under the Lock button below the fold, the footer still said
    "Answer the question under the text first, then Apply. Go to the question". The
    question counts as on screen when its prompt and answers are."""
    panel.resize(480, 560)
    panel.open_lesson("06_batch_norm", 1)
    qtbot.wait(100)
    hint, q, bar = panel.question_hint, panel.question, panel.reading.verticalScrollBar()
    view = panel.reading.viewport()

    def top(widget) -> int:
        return widget.mapTo(view, widget.rect().topLeft()).y()

    last = q.buttons[-1]
    bar.setValue(bar.value() + top(last) + last.height() + 2 - view.height())
    qtbot.waitUntil(lambda: 0 <= top(q.prompt) and top(last) + last.height() <= view.height())
    assert top(q.explanation) + q.explanation.height() > view.height()   # below the fold
    qtbot.waitUntil(lambda: not hint.isVisible())
    bar.setValue(0)                                    # the question out of view: it is back
    qtbot.waitUntil(hint.isVisible)


def test_choosing_an_answer_brings_the_lock_button_into_view(panel, qtbot):
    """Walker12 W12-2: in 01 step 1 at 1366x768 the first answer was the last thing in view;
    picking it changed nothing visible: "Lock in my answer" and its hint were below the
    text box's bottom, and the footer still said to answer the question."""
    panel.resize(520, 560)
    panel.open_lesson("01_init_symmetry", 0)
    qtbot.wait(20)
    bar = panel.reading.verticalScrollBar()
    q = panel.question
    bar.setValue(max(0, q.y() + q.buttons[0].y() - panel.reading.viewport().height() + 30))
    q.buttons[0].click()
    qtbot.wait(20)
    view = panel.reading.viewport()
    top = q.lock_button.mapTo(view, q.lock_button.rect().topLeft()).y()
    assert 0 <= top and top + q.lock_button.height() <= view.height(), (top, view.height())
    assert "Now lock in your answer" in panel.question_hint.text()
    assert not panel.apply_button.isEnabled()
