"""``AfterRun``: a lesson step's wish to compute the landscapes as soon as its run ends
(no Qt).

A step showing the loss landscape arms it (``arm``) while its run goes on or is about to
start; the studio's run states then say when the run has ended (``run_state``). A run that
diverges or fails disarms it; so does the student leaving the lesson (``disarm``).
"""
from __future__ import annotations


class AfterRun:
    """Armed or not, and whether the awaited run has been seen going."""

    def __init__(self):
        self._state: bool | None = None     # None: not armed; True: the run was seen going

    @property
    def armed(self) -> bool:
        return self._state is not None

    def arm(self, studio_state: str) -> None:
        """Wait for the end of the run the studio is in (``studio_state``: "preparing",
        "running", "paused"), or of the one about to start (any other state)."""
        if studio_state in ("preparing", "running", "paused"):
            self._state = studio_state != "paused"
        else:
            self._state = False

    def disarm(self) -> None:
        self._state = None

    def run_state(self, state: str) -> bool:
        """The studio's run went to ``state``; True when the awaited run has just ended and
        the landscapes are to be computed now (it disarms)."""
        if self._state is None:
            return False
        if state in ("preparing", "running"):
            self._state = True
        elif self._state and state in ("finished", "stopped"):
            self._state = None
            return True
        elif state in ("diverged", "failed"):
            self._state = None
        return False
