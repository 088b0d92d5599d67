"""A lesson step's search in the search panel: set up and started by the step's Apply, tagged
with the step's id so that the step's Check reads its trials, followed by a finer round when
the step searches coarse to fine, and gone when the student moves to another lesson.

``LessonSearchMixin`` is mixed into :class:`~dlstudio.gui.search.panel.SearchPanel` and uses
its public names only (``state``, ``so_far``, the editor, form and plot widgets, ``start``,
``clear``, ``zoom_in``, ``refresh``, ``say``...). A search the student starts is their own:
``forget_lesson_search`` drops the tag and the finer round. A cancelled round is no step's
either, until its cancelled trials run again: ``set_aside_lesson_search`` keeps the tag for
``take_back_lesson_search``, so the step's Check reads the finished round.
"""
from __future__ import annotations


class LessonSearchMixin:
    """The search a lesson step runs in the panel (mixed into ``SearchPanel``)."""

    #: what the current results were run for (a lesson step's id set by ``run_for_lesson``;
    #: None once the student starts a search of their own)
    made_for: str | None = None
    #: runs of the finer round that follows the running one (0: none follows)
    _zoom_runs = 0
    #: ``(made_for, zoom runs)`` of a cancelled lesson round (``set_aside_lesson_search``)
    _set_aside: tuple[str, int] | None = None

    def run_for_lesson(self, tag: str, space: list, n_runs: int, epochs: int, seed: int = 0,
                       zoom_runs: int = 0) -> bool:
        """Clear the results, set the panel to a lesson step's search (``space``, runs,
        epochs, seed) and start it; with ``zoom_runs`` a finer round of that many runs
        follows (coarse to fine). ``tag`` (the step's id) is kept in ``made_for`` so the
        lesson can read ``trials()`` as its step's results. False when a search runs."""
        if self.state != "idle":
            return False
        self.so_far.clear()
        self.scatter.clear_zoom()
        self.editor.set_space(list(space))
        self.runs_spin.setValue(int(n_runs))
        self.epochs_spin.setValue(int(epochs))
        self.seed_spin.setValue(int(seed))
        self.show_results()
        self.made_for = tag
        self._zoom_runs = int(zoom_runs)
        return self.start()

    @property
    def busy(self) -> bool:
        """A round runs, or a finer round is still to follow."""
        return self.state != "idle" or self._zoom_runs > 0

    def trials(self) -> list[dict]:
        """The successful trials so far (each with its ``round``), as a lesson check reads
        them."""
        return self.so_far.succeeded()

    def forget_lesson_search(self) -> None:
        """The results are no lesson step's from here on (the student's own search, a
        cancelled or failed round, an opened workspace's), and no finer round follows."""
        self.made_for = None
        self._zoom_runs = 0
        self._set_aside = None

    def set_aside_lesson_search(self) -> None:
        """The round is being cancelled: no lesson step judges it, unless its cancelled
        trials run again (``take_back_lesson_search``)."""
        kept = (self.made_for, self._zoom_runs) if self.made_for is not None else None
        self.forget_lesson_search()
        self._set_aside = kept

    def take_back_lesson_search(self) -> None:
        """The cancelled round's trials run again: the round is its lesson step's again
        (and its finer round follows), as if it had not been cancelled."""
        if self._set_aside is not None:
            self.made_for, self._zoom_runs = self._set_aside
        self._set_aside = None

    def follow_with_finer_round(self) -> None:
        """A round ended: start the finer round a lesson step asked for (coarse to fine),
        narrowed around the best results, when there are any."""
        if self._zoom_runs and self.best() is not None:
            runs, self._zoom_runs = self._zoom_runs, 0
            if self.zoom_in():
                self.runs_spin.setValue(runs)
                self.start()
        self._zoom_runs = 0

    def leave_lesson(self) -> bool:
        """The student moved to another lesson: a search a lesson step ran here
        (``made_for``) goes, stopped if it still runs, and the panel starts afresh; the
        student's own search stays (their work, kept in workspaces). True when something
        went."""
        if self.made_for is None:
            return False
        self.forget_lesson_search()
        if self.state != "idle":
            self.worker.cancel()        # stops the trials; nothing more of it arrives
            self.set_state("idle")
        self.clear()
        self.round_progress.reset()
        self.say(self.first_sentence)
        return True
