"""The lesson panel's list of lessons (``gui.lessons.lesson_list``) on its own: rows with the
steps done, filled again in another language without opening a lesson, counts updated.
(Broken lesson files in it: ``test_lesson_broken_list.py``.)"""
from __future__ import annotations

from dlstudio.gui.lessons.lesson_list import LessonListWidget, row_text
from dlstudio.lessons.loader import LESSONS_DIR, load_lesson
from dlstudio.lessons.progress import ProgressStore


def test_rows_count_the_steps_done_and_refill_quietly(qtbot, tmp_path):
    lessons = [load_lesson(LESSONS_DIR / name) for name in ("01_init_symmetry.toml",
                                                            "02_init_xavier_he.toml")]
    progress = ProgressStore(tmp_path / "p.json")
    widget = LessonListWidget()
    qtbot.addWidget(widget)
    rows = []
    widget.currentRowChanged.connect(rows.append)
    widget.fill(lessons, [], progress, "en")
    widget.select_quietly(1)
    assert widget.count() == 2 and widget.currentRow() == 1 and rows == []
    first = lessons[0]
    assert widget.item(0).text() == row_text(first, progress, "en")
    assert widget.item(0).text().startswith("01 ") and f"0/{len(first.steps)}" in \
        widget.item(0).text()
    for step in first.steps:
        progress.mark_completed(first.id, step.id)
    widget.update_counts(lessons, progress, "en")
    n = len(first.steps)
    assert widget.item(0).text().endswith(f"{n}/{n}  ✓")
    widget.fill(lessons, [], progress, "zh_CN")         # the language changed
    assert widget.currentRow() == 1 and rows == []
    assert widget.item(0).text() == row_text(first, progress, "zh_CN") != \
        row_text(first, progress, "en")
