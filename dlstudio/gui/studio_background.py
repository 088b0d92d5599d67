"""Work the window does for the student beside the training run, said and stoppable like it.

A lesson step the window cannot reproduce is checked headless on the lesson panel's worker (a
transfer comparison trains a source network and three set-ups, about two minutes); the
window said "idle" all the while and offered no Stop (walker26 W26-6). ``StudioBackground``
is a mixin of :class:`~dlstudio.gui.studio.Studio`: whoever runs such work calls
``begin_background(stop)``, reports its place with ``report_background(done, total, text)``
and ends it with ``end_background()``. The toolbar's progress line shows the reports while no
run trains (``RunProgressWidget``), the status bar's state names the work, and the run's Stop
(``Studio.stop``) ends it when no run is active.
"""
from __future__ import annotations

from typing import Callable


class StudioBackground:
    """The studio's background work beside the run (mixed into ``Studio``)."""

    def _init_background(self) -> None:
        #: how to stop the background work that runs (None while none does)
        self._background_stop: Callable[[], None] | None = None

    @property
    def background_running(self) -> bool:
        return self._background_stop is not None

    def begin_background(self, stop: Callable[[], None]) -> None:
        """Background work started (or replaced the one before); ``stop()`` ends it."""
        self._background_stop = stop
        self.sigBackgroundChanged.emit(True)

    def report_background(self, done: int, total: int, text: str) -> None:
        """How far the background work has got (``total`` 0: unknown) and what it does."""
        if self._background_stop is not None:
            self.sigBackgroundProgress.emit(int(done), int(total), text)

    def end_background(self) -> None:
        """The background work ended (finished, failed or stopped)."""
        if self._background_stop is not None:
            self._background_stop = None
            self.sigBackgroundChanged.emit(False)

    def stop_background(self) -> bool:
        """Ask the background work to stop (it ends with ``end_background``); False when
        none runs."""
        stop = self._background_stop
        if stop is None:
            return False
        stop()
        return True
