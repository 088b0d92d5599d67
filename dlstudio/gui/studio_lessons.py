"""What the studio keeps for the lessons: their demonstrations and where the lessons are.

``StudioLessons`` is a mixin of :class:`~dlstudio.gui.studio.Studio`. A lesson step applies
its specs, variants and run inside ``demonstration()``: those changes are the lesson's, not
the student's own work, and the workspace asks before replacing only the student's work
(``run_is_demonstration`` says the newest run was one). ``lesson_place`` (which lesson and
step, and the step the newest run was made for) is kept in workspaces; an opened workspace
gives it back through ``restore_lesson_place`` and ``sigLessonPlaceRestored``.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator


class StudioLessons:
    """Lesson demonstrations and the lessons' place (mixed into ``Studio``)."""

    def _init_lessons(self) -> None:
        self._demonstrating = 0
        #: where the lessons are, kept in workspaces: {"lesson": id, "step": index,
        #: "run_for": [id, index] of the step the newest run was made for, or None}; the
        #: lesson panel keeps it current
        self.lesson_place: dict | None = None
        #: the newest run (its curves, trained weights and state) is a lesson's
        #: demonstration, started inside ``demonstration()``
        self.run_is_demonstration = False

    @contextmanager
    def demonstration(self) -> Iterator[None]:
        """Changes made inside are a lesson step's demonstration, not the student's own work
        (a lesson applying its step: its specs, variants and the run it starts). The
        workspace asks before replacing only the student's own work."""
        self._demonstrating += 1
        try:
            yield
        finally:
            self._demonstrating -= 1

    def leave_lesson(self) -> bool:
        """The student moves to another lesson: what the previous lesson's steps put on
        screen goes - its demonstration run (stopped if it still trains; its curves, notes
        and progress) and its pre-flight verdict (walker12: lesson 03's check stayed on the
        Pre-flight page under lesson 02's text). The student's own run and check stay.
        True when something was cleared."""
        cleared = False
        if self.run_is_demonstration and (self.is_active() or not self.store.is_empty()):
            self.reset_weights()
            self.run_is_demonstration = False
            cleared = True
        if self.preflight is not None and self.preflight_by_lesson:
            self.clear_preflight()
            cleared = True
        if cleared:
            self.sigLessonLeft.emit()
        return cleared

    def restore_lesson_place(self, place: Any) -> None:
        """An opened workspace's ``lesson_place`` (ignored unless it names a lesson): the
        lesson panel goes to that step and may judge the restored run it was made for."""
        if isinstance(place, dict) and isinstance(place.get("lesson"), str):
            self.lesson_place = dict(place)
            self.sigLessonPlaceRestored.emit(dict(place))

    @property
    def demonstrating(self) -> bool:
        """Whether the changes being made now are a lesson's (see ``demonstration``)."""
        return self._demonstrating > 0
