"""What a lesson step does on the transfer panel: the source network a step put there, the
runs a step compared shown in the table and the plot, the sentence that says a step's
comparison is training in the background, and all of it gone when the student moves to
another lesson; the student's own source and runs stay.

``LessonRunsMixin`` is mixed into :class:`~dlstudio.gui.transfer.panel.TransferPanel` and uses
its public names only (``source``, ``state``, ``plot``, ``history_table``, ``arrangement``,
``say``, ``forget_results``, ``forget_source``, ``update_buttons``).
"""
from __future__ import annotations

from dlstudio.gui.transfer.run_history import lesson_entries


class LessonRunsMixin:
    """A lesson step's source and runs on the transfer panel (mixed into ``TransferPanel``)."""

    #: the source is a lesson step's (``set_source(..., from_lesson=True)``) and the student
    #: has not trained from it: it goes, with the runs the step showed, when the student
    #: moves to another lesson (``leave_lesson``)
    source_from_lesson = False
    #: the table and the plot show a lesson step's runs (``show_lesson_runs``)
    lesson_runs_shown = False
    #: the status sentence says a lesson step's runs are coming (``lesson_runs_coming``;
    #: any other sentence puts it back to False)
    runs_coming = False

    def leave_lesson(self) -> bool:
        """The student moved to another lesson: the source network a lesson step put here
        (``source_from_lesson``) goes with the runs the step showed, and the panel starts
        afresh; a source the student chose or trained from stays, with their own runs.
        True when something went."""
        if not self.source_from_lesson:
            return False
        self.forget_results()
        self.forget_source()
        self.update_buttons()
        self.say(lambda: "")
        return True

    def show_lesson_runs(self, setups: list[dict]) -> None:
        """Show the runs a lesson step compared (``lessons.experiments.transfer_setups``):
        one row each in the table, named by the step's letters, and their validation
        curves in the plot, until the student trains again."""
        rows = self.source.spec.describe_layers() if self.source is not None else []
        shown = lesson_entries(setups, rows)
        self.plot.show_runs(shown)
        self.history_table.show_named_entries(shown)
        self.lesson_runs_shown = True
        # the rows the step's text compares, in sight: at 1366x768 the table sat below the
        # settings and the plot, its header the only part on screen (walker36)
        self.arrangement.bring_plot_into_view()

    def lesson_runs_coming(self) -> bool:
        """A lesson step's comparison starts training in the background: the runs an
        earlier step showed here go, and the panel says this step's come when it ends
        (walker35: step 2's rows and curves stayed through step 3's minute-long run, as if
        they were its). The student's own runs stay. True when something went."""
        if self.state != "idle" or not self.lesson_runs_shown:
            return False
        self.history_table.clear_entries()
        self.plot.clear_points()
        self.lesson_runs_shown = False
        self.say(lambda: self.tr("The lesson step's comparison is training in the "
                                 "background; its runs appear here when it ends."))
        self.runs_coming = True
        return True
