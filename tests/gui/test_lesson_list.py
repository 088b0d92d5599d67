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


def test_a_long_row_wraps_whole_and_keeps_its_count(qtbot, tmp_path):
    """Walker16 W16-2: in the zh classroom list, row 02 ("…tanh 用 Xavier，ReLU 用 He") was
    one line ending in "…" inside a two-line row, its "0/4" hidden, while row 01 wrapped.
    Every row is now drawn whole, wrapped to the list's width, in a row as tall as that."""
    from PySide6.QtGui import QFont

    from dlstudio.gui.lessons.lesson_list import LessonRowDelegate

    lessons = [load_lesson(LESSONS_DIR / name) for name in ("01_init_symmetry.toml",
                                                            "02_init_xavier_he.toml")]
    progress = ProgressStore(tmp_path / "p.json")
    widget = LessonListWidget()
    qtbot.addWidget(widget)
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)          # classroom size
    widget.setFont(font)
    widget.fill(lessons, [], progress, "zh_CN")
    delegate = widget.itemDelegate()
    assert isinstance(delegate, LessonRowDelegate)
    widget.show()
    for width in range(300, 520, 20):
        widget.resize(width, 300)
        qtbot.waitUntil(lambda w=width: widget.viewport().width() < w)
        view = widget.viewport().width()
        for row in range(widget.count()):
            text = widget.item(row).text()
            need = delegate.text_height(text, font, view)
            assert widget.visualItemRect(widget.item(row)).height() >= need, (width, row)
        texts = [widget.item(r).text() for r in range(widget.count())]
        assert all("0/" in t for t in texts)
    one_line = delegate.text_height("02", font, 500)
    assert delegate.text_height(widget.item(1).text(), font, 300) >= 2 * one_line
