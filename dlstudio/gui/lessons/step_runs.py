"""``StepRuns``: which lesson step the run on screen was made for.

A student may change anything at any time, so a run is not simply "the step's run". Check
judges the last run only when it was made for the step: started while the step was the
applied one (Apply, or the student's own Start after exploring), or, from an opened
workspace, made for it then (``restored``). A run that failed before it trained is
remembered too, so that the step says "the run failed" instead of "apply this step first".

A step is named by its place ``(lesson id, step index)``. No Qt: the lesson panel keeps one
and tells it what happened; its Check (``step_check.py``) asks it.
"""
from __future__ import annotations

#: (lesson id, step index)
Place = tuple[str, int]


class StepRuns:
    """Which step each run was made for (see the module docstring)."""

    def __init__(self) -> None:
        #: the step applied last (the run it starts, or the next one, is for it)
        self.applied: Place | None = None
        #: the step that was the applied one when the newest run started
        self.run_for: Place | None = None
        #: the step whose run failed before it trained (missing data...), if any
        self.failed_for: Place | None = None
        #: the step an opened workspace's run was made for (its scalar curves only)
        self.restored_for: Place | None = None
        #: how many runs have started (a verdict given at one count is about another run
        #: than the one on the plots at the next)
        self.started = 0
        #: how many times the studio's network changed (its pre-flight result cleared): a
        #: pre-flight verdict given at one count is about another network at the next
        self.network_changes = 0

    def network_changed(self) -> None:
        """The studio's network changed: its pre-flight result is gone."""
        self.network_changes += 1

    def run_started(self) -> None:
        """A run started: it is the applied step's (none applied: nobody's)."""
        self.started += 1
        self.run_for = self.applied
        self.failed_for = self.restored_for = None

    def run_failed(self) -> None:
        """The newest run failed before it trained."""
        self.failed_for = self.run_for

    def continues(self, place: Place) -> bool:
        """Whether the run that trains on (Continue) is the one made for ``place``: the step
        applied now, or the step an opened workspace's run was made for (walker37 W37-14:
        after a restart the restored run of lesson 13 step 5, continued, finished at 99.1%
        and stayed unchecked)."""
        return self.run_for == place and place in (self.applied, self.restored_for)

    def restored(self, place: Place) -> None:
        """An opened workspace's run was made for ``place``."""
        self.run_for = self.restored_for = place

    def forget(self) -> None:
        """The runs are gone (a new or opened workspace): no step has one."""
        self.run_for = self.restored_for = self.failed_for = None

    def run_for_part(self) -> list | None:
        """``run_for`` as a workspace's lesson place keeps it (``[lesson id, index]``)."""
        return list(self.run_for) if self.run_for else None
