"""Where the lessons are, kept in workspaces: the lesson panel tells the studio its lesson,
step and the step the run on screen was made for (``Studio.lesson_place``), so that an opened
workspace opens at that step and Check accepts its restored run (W8-14); a new or opened
workspace takes the step's verdict away with the run it judged.

``LessonPlaceMixin`` is mixed into :class:`~dlstudio.gui.lessons.panel.LessonPanel` and uses
its public names only.
"""
from __future__ import annotations


class LessonPlaceMixin:
    """The panel's place in the lessons, kept in workspaces (mixed into ``LessonPanel``)."""

    def follow_lesson_place(self) -> None:
        """Go to an opened workspace's lesson step, and forget the verdict with the run it
        judged when the session is replaced."""
        self.studio.sigLessonPlaceRestored.connect(self._on_studio_lesson_place)
        if hasattr(self.studio, "sigSessionReplaced"):
            self.studio.sigSessionReplaced.connect(self._on_studio_session_replaced)

    def publish_place(self) -> None:
        """Tell the studio where the lessons are (``Studio.lesson_place``, kept in
        workspaces): a prepared run opens at its step, and Check accepts it (W8-14)."""
        if self.lesson is not None:
            self.studio.lesson_place = {
                "lesson": self.lesson.id, "step": self.step_index,
                "run_for": self.runs.run_for_part()}

    def _on_studio_lesson_place(self, place: dict) -> None:
        """An opened workspace: go to its lesson step; its restored run counts as made for
        the step it was made for."""
        run_for = place.get("run_for")
        ids = {lesson.id for lesson in self.lessons}
        if place.get("lesson") not in ids:
            return
        step = place.get("step")
        self.open_lesson(place["lesson"], step if isinstance(step, int) else None)
        if isinstance(run_for, list) and len(run_for) == 2 and run_for[0] in ids \
                and isinstance(run_for[1], int) and not self.studio.store.is_empty():
            self.runs.restored((run_for[0], run_for[1]))
            self.recorder.adopt_restored_run()
        self.publish_place()

    def _on_studio_session_replaced(self) -> None:
        """A new or opened workspace: the run the step's verdict judged is gone, so the
        verdict goes too ("✓ the effect appeared" stayed over the empty plots of File > New,
        walker23 W23-11); an opened workspace's lesson place, restored next, brings its run
        back. The step stays done in the lesson's progress."""
        self.last_result, self.last_note = None, ()
        self.runs.forget()
        self.set_status("")
        self.publish_place()
