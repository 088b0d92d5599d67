"""Whose work the session's unsaved changes are: the student's own, or a lesson's.

A change of the session (its network, data, training settings, variants or run) that is in
no file is the student's own work unless a lesson step made it: a step's demonstration
(``Studio.demonstration``) replaces what it sets, and what the student changes afterwards
while that lesson stays on screen is what the lesson's text asked for (``lesson_work``).
``OwnWork`` keeps the two sets for one window's ``WorkspaceController``, which asks the
student about own work only before replacing the session (New, Open, a lesson step).
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from PySide6.QtCore import QObject, QTimer


class OwnWork(QObject):
    """The parts of ``studio``'s session that hold the student's own work (``parts``) and
    the lesson's asked-for edits (``lesson_edits``), by the names ``"network"``,
    ``"data"``, ``"training"``, ``"variants"``, ``"run"`` and ``"session"``."""

    def __init__(self, studio: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.studio = studio
        #: the parts of the session the student's own work is in
        self.parts: set[str] = set()
        #: the lesson whose step was applied last (its changes were a demonstration), and
        #: the parts the student changed since while it is still open
        self.lesson: str | None = None
        self.lesson_edits: set[str] = set()
        self._note_due = False

    def clear(self) -> None:
        """The session is in a file as it is: no unsaved work of anyone."""
        self.parts.clear()
        self.lesson_edits.clear()

    def restore(self, parts: Iterable[str]) -> None:
        """A restored or recovered session whose own work is in ``parts``."""
        self.parts = set(parts)

    def at_stake(self, parts: Collection[str] | None, whole: bool = False) -> set[str]:
        """The student's own work that replacing ``parts`` (None: all) would lose; a
        restored session's (``"session"``: where is not known) with any part. ``whole``:
        the session goes as a whole (New, Open, a recovered session), and the edits made
        while following a lesson (``lesson_edits``) go with it too: only the lesson's next
        step replaces them without a question (walker37 W37-21: a hand-built network and
        its run, made with lesson 13 on screen, went at Ctrl+O without one)."""
        if whole:
            return set(self.parts) | set(self.lesson_edits)
        if parts is None:
            return set(self.parts)
        return self.parts & (set(parts) | ({"session"} if parts else set()))

    def let_go(self, lost: Collection[str]) -> None:
        """The student let their work in ``lost`` (``at_stake``'s parts) go: it is not
        asked about again."""
        self.parts -= set(lost)
        self.lesson_edits -= set(lost)

    def changed(self, part: str) -> None:
        """``part`` of the session changed, by the student or by a lesson's demonstration
        (which replaces the student's work there, and the lesson's edits)."""
        studio = self.studio
        if studio.demonstrating:
            self.parts.discard(part)
            self.lesson = self.lesson_on_screen()
            if part in self.lesson_edits:
                self.lesson_edits.discard(part)
                self._say_lesson_edits_replaced()
        elif not (part == "run" and studio.run_is_demonstration):
            if part not in self.parts and self.lesson is not None \
                    and self.lesson == self.lesson_on_screen():
                self.lesson_edits.add(part)        # asked for by the lesson's text
            else:
                self.parts.add(part)

    def lesson_on_screen(self) -> str | None:
        """The id of the lesson the lesson panel shows (``Studio.lesson_place``), or None."""
        lesson = (getattr(self.studio, "lesson_place", None) or {}).get("lesson")
        return lesson if isinstance(lesson, str) else None

    def _say_lesson_edits_replaced(self) -> None:
        """Say once, after the step's own sentences (its run's set-up), that the step
        replaced what the student changed during the lesson (``lesson_edits``)."""
        if self._note_due:
            return
        self._note_due = True
        QTimer.singleShot(0, self, self._on_lesson_note_due)

    def _on_lesson_note_due(self) -> None:
        self._note_due = False
        self.studio.sigMessage.emit(self.tr(
            "The lesson step replaced the changes you made while following the lesson "
            "(they were in no file)."))
