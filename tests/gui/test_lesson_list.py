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
    assert widget.item(0).text() == row_text(first, progress, "en", 2)
    # 01_init_symmetry is the path's second lesson (W25-12): its id's digits are not shown
    assert widget.item(0).text().startswith("02 ") and f"0/{len(first.steps)}" in \
        widget.item(0).text()
    for step in first.steps:
        progress.mark_completed(first.id, step.id)
    widget.update_counts(lessons, progress, "en")
    n = len(first.steps)
    assert widget.item(0).text().endswith(f"{n}/{n}  ✓")
    widget.fill(lessons, [], progress, "zh_CN")         # the language changed
    assert widget.currentRow() == 1 and rows == []
    assert widget.item(0).text() == row_text(first, progress, "zh_CN", 2) != \
        row_text(first, progress, "en", 2)


def test_the_list_numbers_the_lessons_along_the_learning_path(qtbot, tmp_path):
    """W25-12: the rows were numbered (and ordered) by file name, 01-17, so lessons 07 and
    12 required 16. They now read 01, 02, ... down the learning path, every lesson below the
    lessons it requires."""
    from dlstudio.lessons.loader import scan
    from dlstudio.lessons.path import PATH

    lessons, broken = scan()
    widget = LessonListWidget()
    qtbot.addWidget(widget)
    widget.fill(lessons, broken, ProgressStore(tmp_path / "p.json"), "zh_CN")
    rows = [widget.item(r).text() for r in range(widget.count())]
    assert [row.split(" ", 1)[0] for row in rows] == [f"{n:02d}" for n in range(1, len(rows) + 1)]
    assert [lesson.id for lesson in lessons] == list(PATH)
    assert rows[0].startswith("01 Softmax")
    place = {lesson.id: row for row, lesson in enumerate(lessons)}
    assert all(place[p] < place[lesson.id] for lesson in lessons for p in lesson.prerequisites)


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


def test_a_short_splitter_share_keeps_five_rows_of_the_font_in_sight(qtbot, tmp_path):
    """Walker16 W16-27 / fix68: the lesson dock's splitter gave the list 150 px, six rows in
    DejaVu Sans at a 1366x768 classroom size but four whole ones in Noto Sans CJK, whose
    lines are taller. The list asks for ``ROWS_SHOWN`` one-line rows of its own font."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QLabel, QSplitter

    from dlstudio.gui.lessons.lesson_list import ROWS_SHOWN
    from dlstudio.lessons.loader import load_all

    lessons = load_all()
    split = QSplitter(Qt.Orientation.Vertical)
    qtbot.addWidget(split)
    widget = LessonListWidget(split)
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 1.4)          # a classroom size
    widget.setFont(font)
    widget.fill(lessons, [], ProgressStore(tmp_path / "p.json"), "en")
    split.addWidget(QLabel("the step's text"))
    split.resize(900, 700)                 # wide: every row on one line
    split.show()
    qtbot.waitExposed(split)
    split.setSizes([60, 640])
    QApplication.processEvents()
    whole = [i for i in range(widget.count()) if widget.viewport().rect().contains(
        widget.visualItemRect(widget.item(i)))]
    assert len(whole) >= ROWS_SHOWN
