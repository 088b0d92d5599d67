"""The lesson panel's list of lessons: one row per lesson, "05 Learning rate   2/4", with
" ✓" once every step is done and the lesson's summary as its tooltip; the lesson files that
could not be loaded follow, disabled, their error as the tooltip."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from dlstudio.gui.lessons.strings import ui
from dlstudio.lessons.loader import BrokenLesson
from dlstudio.lessons.model import Lesson
from dlstudio.lessons.progress import ProgressStore


def row_text(lesson: Lesson, progress: ProgressStore, lang: str) -> str:
    """``lesson``'s row: its number, title in ``lang`` and steps done (``progress``)."""
    n = len(lesson.steps)
    done = len(progress.done_steps(lesson.id, [s.id for s in lesson.steps]))
    mark = "  ✓" if done == n else ""
    number = f"{lesson.number:02d} " if lesson.number is not None else ""
    return f"{number}{lesson.title.get(lang)}   {done}/{n}{mark}"


class LessonListWidget(QListWidget):
    """The list (see the module docstring); row ``i`` is the ``i``-th lesson given to
    ``fill``. Long titles wrap instead of scrolling sideways."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonList")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fill(self, lessons: Sequence[Lesson], broken: Sequence[BrokenLesson],
             progress: ProgressStore, lang: str) -> None:
        """Every row again in ``lang`` (the current row stays, without a signal)."""
        row = self.currentRow()
        self.blockSignals(True)
        self.clear()
        for lesson in lessons:
            item = QListWidgetItem(row_text(lesson, progress, lang))
            item.setToolTip(lesson.summary.get(lang))
            self.addItem(item)
        for lesson in broken:
            item = QListWidgetItem(ui("broken_lesson", lang).replace("{id}", lesson.id))
            item.setToolTip(lesson.error)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
        self.setCurrentRow(row)
        self.blockSignals(False)

    def update_counts(self, lessons: Sequence[Lesson], progress: ProgressStore,
                      lang: str) -> None:
        """Every lesson's steps-done count from ``progress``."""
        for i, lesson in enumerate(lessons):
            item = self.item(i)
            if item is not None:
                item.setText(row_text(lesson, progress, lang))

    def select_quietly(self, row: int) -> None:
        """Make ``row`` the current row without ``currentRowChanged`` (no lesson opens)."""
        self.blockSignals(True)
        self.setCurrentRow(row)
        self.blockSignals(False)
