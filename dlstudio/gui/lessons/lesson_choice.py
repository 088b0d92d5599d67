"""Choosing a lesson in the lesson panel: the list of lessons with their steps-done counts,
a click that may be refused (the window asks before a lesson's steps replace the session),
and the switch, which first takes away what the lesson before put on screen.

``LessonChoiceMixin`` is mixed into :class:`~dlstudio.gui.lessons.panel.LessonPanel` and uses
its public names only (``lessons``, ``lesson``, ``lesson_list``, ``progress``, ``studio``,
``companions``, ``may_change_lesson``, ``left_message``, ``go_to_step``...).
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer

from dlstudio.gui.lessons.companions import leave_companions
from dlstudio.gui.lessons.strings import ui
from dlstudio.lessons.path import numbers


class LessonChoiceMixin:
    """The lessons list and the switch between lessons (mixed into ``LessonPanel``)."""

    def follow_lesson_list(self) -> None:
        """Open the lesson the student chooses in the list (a click or Enter: the arrow keys
        only browse, ``LessonListWidget``)."""
        self.lesson_list.sigLessonChosen.connect(self._on_lesson_list_row)

    def fill_lessons(self) -> None:
        """List the lessons (and the broken lesson files) in the panel's language."""
        self.lesson_list.fill(self.lessons, self.broken, self.progress, self.lang)

    def update_lesson_counts(self) -> None:
        """Update every lesson's steps-done count: a change of progress re-reads the file,
        which may hold what another window did (walker14 W14-8)."""
        self.lesson_list.update_counts(self.lessons, self.progress, self.lang)

    def _on_lesson_list_row(self, row: int) -> None:
        if not 0 <= row < len(self.lessons) or self.lessons[row] is self.lesson:
            return                  # (Enter or a click on the open lesson: it stays as it is)
        if (self.lesson is not None and self.lessons[row] is not self.lesson
                and self.may_change_lesson is not None and not self.may_change_lesson()):
            # cancelled: the lesson stays, and the list shows it once the click is over (the
            # click selected its row after a dialog's Cancel: walker19 W19-13)
            self._show_open_lesson_in_list()
            QTimer.singleShot(0, self, self._show_open_lesson_in_list)
            return
        self.switch_lesson(self.lessons[row].id)

    def _show_open_lesson_in_list(self) -> None:
        if shiboken6.isValid(self) and self.lesson in self.lessons:
            self.lesson_list.select_quietly(self.lessons.index(self.lesson))

    def switch_lesson(self, lesson_id: str, step: int | None = None) -> None:
        """The student chose lesson ``lesson_id``: when it is another lesson, what the one
        before put on screen goes first (``Studio.leave_lesson``; the search, transfer and
        landscape panels: ``leave_companions``), then it opens."""
        self.leave_for(lesson_id)
        self.open_lesson(lesson_id, step)

    def leave_for(self, lesson_id: str) -> None:
        """When lesson ``lesson_id`` is another than the open one: take away what the open
        one put on screen and say so. The command line's ``--lesson`` does it too, after a
        restored session's other lesson (walker38 W38-7: lesson 12's dropout run stood on
        the plots under lesson 9's text, in front of a class)."""
        before = self.lesson
        if before is not None and before.id != lesson_id:
            went = [self.studio.leave_lesson(), leave_companions(self, self.companions)]
            text = ""          # nothing said during the lesson stays in the status line (W26-12)
            if any(went):
                number = numbers(lesson.id for lesson in self.lessons).get(before.id, "")
                text = ui("lesson_left", self.lang).format(number=number,
                                                          title=before.title.get(self.lang))
            self.studio.sigMessage.emit(text)
            self.left_message = text

    def open_lesson(self, lesson_id: str, step: int | None = None) -> None:
        """Show lesson ``lesson_id`` at ``step`` (default: where the student left it)."""
        lesson = next((l for l in self.lessons if l.id == lesson_id), None)
        if lesson is None:
            raise KeyError(f"no lesson {lesson_id!r}")
        self.lesson = lesson
        row = self.lessons.index(lesson)
        if self.lesson_list.currentRow() != row:
            self.lesson_list.select_quietly(row)
        if step is None:
            current = self.progress.get(lesson.id).current_step
            step = next((s.index for s in lesson.steps if s.id == current), 0)
        self.go_to_step(step)
