"""Every lesson step's text and its locked-in explanation can be scrolled to the end in the
lesson panel's reading column (``gui/lessons/view.py``)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def _reach(panel) -> tuple[int, int]:
    """(bottom of the text and the explanation at their widths' heights, bottom the reading
    column's scroll range reaches), in the column's pixels."""
    column = panel.reading.widget()
    text = panel.text
    need = text.y() + int(text.document().size().height())
    box = panel.question.explanation
    if box.isVisibleTo(column) and box.text():
        need = max(need, box.mapTo(column, box.rect().topLeft()).y()
                   + box.heightForWidth(box.width()))
    bar = panel.reading.verticalScrollBar()
    return need, bar.maximum() + panel.reading.viewport().height()


@pytest.mark.parametrize("lang,width", [("en", 380), ("en", 540), ("zh", 420)])
def test_every_step_text_and_explanation_can_be_scrolled_to_its_end(qtbot, user_dir,
                                                                    tmp_path, lang, width):
    """Walker30 (EN 1366x768, lesson 2 step 1): the last line of the locked-in answer's
    explanation ("...16 identical hidden units.") was cut off under the text box, the scroll
    range ~2 px: the column kept the height it had before the explanation grew. Over every
    step of every lesson, with an answer locked in (a wrong one: the longest text, with the
    right answer under it), the column scrolls down to the last line."""
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio
    from dlstudio.lessons.progress import ProgressStore

    studio = Studio()
    panel = LessonPanel(studio, progress=ProgressStore(tmp_path / "progress.json"), lang=lang)
    qtbot.addWidget(panel)
    panel.resize(width, 700)
    panel.show()
    try:
        short = []
        for lesson in panel.lessons:
            for step in lesson.steps:
                panel.open_lesson(lesson.id, step.index)
                q = panel.question
                if step.question is not None:
                    wrong = [i for i, a in enumerate(step.question.answers) if not a.correct]
                    q.choose(wrong[0] if wrong else 0)
                    q.lock_in()
                qtbot.wait(5)
                need, reach = _reach(panel)
                if need > reach + 1:
                    short.append((lesson.id, step.index, need, reach))
        assert not short, short
    finally:
        studio.shutdown()
