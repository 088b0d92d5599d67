"""A plot page's layout built in pieces, and when a hidden page may build a new one ahead
(``BuildAhead``, kept by :class:`~dlstudio.gui.plots.base.BasePanel`).

A panel's ``_build`` may be a generator whose every ``yield`` ends a piece of the build (about
one plot). A hidden page then builds its new layout a piece at a time in the GUI thread's idle
time (``BasePanel.build_ahead``, paced by ``PlotRefresher.build_ahead``), so that it needs no
build when it is shown; a page shown, or redrawn, before its build is done runs the pieces left
at once. A new layout is built ahead only once it has stood ``AHEAD_DELAY``: a run's first
seconds, when the page a student looks at is the one the run started on and a lesson step's
short run is over; while the run still trains, ``AHEAD_DELAY_TRAINING``.
"""
from __future__ import annotations

import time
from collections.abc import Iterator

#: seconds a new layout of a hidden page waits before it is built ahead (``BuildAhead.due``):
#: a run's first seconds, when the page a student looks at is the one the run started on and
#: a lesson step's short run is over; built at once, the three pages of a run took the GUI
#: thread 0.5-1.1 s in its first seconds, which the training thread shares (issue 13)
AHEAD_DELAY = 5.0
#: the same wait while the run trains (``BuildAhead.due``'s ``training``): a page built ahead
#: mid-run holds the GIL 15-60 ms a piece, 0.3-0.5 s for the MNIST convnet's Gradients and
#: Activations pages, which the training thread waits through (a whole MNIST epoch, 7-12 s
#: here, trained ~3% slower in the window for it: issue 13). A run shorter than this has its
#: pages built right after it ends or pauses; a longer one still gets them built during it
AHEAD_DELAY_TRAINING = 20.0
#: what ``next`` returns once a build's pieces are all run
_BUILT = object()


class BuildAhead:
    """One panel's build in pieces: the layout under way (``key``; None: none) and its pieces
    left, the store version the panel last looked for a layout to build at (``checked``) and
    since when a new layout has stood (``due``)."""

    def __init__(self) -> None:
        self.key: tuple | None = None
        self._pieces: Iterator[None] = iter(())
        #: the store's version when the panel last looked for a layout to build ahead
        self.checked = -1
        #: (layout, since when it has stood)
        self._due: tuple[tuple, float] | None = None

    def start(self, key: tuple, pieces: Iterator[None] | None) -> None:
        """Layout ``key`` is being built: ``pieces`` is its ``_build`` (a generator), or None
        for a build done in one go."""
        self.key = key
        self._pieces = pieces if isinstance(pieces, Iterator) else iter(())

    def next_piece(self) -> bool:
        """Run the next piece of the build under way; whether its pieces are all run."""
        return next(self._pieces, _BUILT) is _BUILT

    def run_rest(self) -> None:
        """Run every piece left of the build under way."""
        for _ in self._pieces:
            pass

    def done(self) -> None:
        """The build under way is finished: none is under way now."""
        self.key = None
        self._pieces = iter(())

    def drop(self) -> None:
        """Forget the build under way (it would build an old layout) and look for a layout
        to build again at the next call."""
        self.done()
        self.checked = -1

    def due(self, key: tuple, training: bool = False) -> bool:
        """Whether layout ``key`` has stood ``AHEAD_DELAY`` (``AHEAD_DELAY_TRAINING`` while
        a run trains) since it was first asked about (a different layout asked about starts
        the wait again)."""
        now = time.perf_counter()
        if self._due is None or self._due[0] != key:
            self._due = (key, now)
        return now >= self._due[1] + (AHEAD_DELAY_TRAINING if training else AHEAD_DELAY)
