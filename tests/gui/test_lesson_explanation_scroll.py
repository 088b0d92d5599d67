"""The locked-in answer's explanation kept in view in the lesson's reading column
(``gui/lessons/explanation_scroll``; moved here from ``test_lesson_panel.py``)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


@pytest.mark.parametrize("height", [560, 330])
def test_locking_in_an_answer_brings_its_explanation_into_view(panel, qtbot, height):
    """Walker23 W23-5: after Lock in the explanation ("✓ Right. ...") opened below the fold,
    under the greyed answers (EN classroom 07/1, zh 04/1), and nothing said to scroll. The
    text scrolls until the explanation ends in view, or, when it is taller than the view,
    starts at its top; and keeps it in view when the lines under the text grow."""
    panel.resize(520, height)
    panel.open_lesson("01_init_symmetry", 0)
    qtbot.wait(20)
    bar = panel.reading.verticalScrollBar()
    q = panel.question
    q.buttons[0].click()
    qtbot.wait(20)
    bar.setValue(max(0, q.y() + q.lock_button.y() + q.lock_button.height()
                     - panel.reading.viewport().height() + 4))   # Lock is the last in view
    before = bar.value()
    q.lock_button.click()
    view = panel.reading.viewport()
    box = q.explanation
    top = lambda: box.mapTo(view, box.rect().topLeft()).y()       # noqa: E731
    qtbot.waitUntil(lambda: bar.value() > before)
    assert "Right" in box.text()
    if box.height() <= view.height():
        assert 0 <= top() and top() + box.height() <= view.height(), (top(), view.height())
        # after Apply the run line and the check's result grow under the text: the view
        # gets shorter, and the explanation stays in it
        panel.resize(520, height - 120)
        qtbot.waitUntil(lambda: 0 <= top() and top() + box.height() <= view.height())
    else:
        assert 0 <= top() <= 8, top()
