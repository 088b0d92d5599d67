"""When a plot page may redraw again (``RedrawPacing``, kept by
:class:`~dlstudio.gui.plots.base.BasePanel` as ``pacing``).

A live page redraws while a run trains, on the refresher's ticks. Its redraws are spaced so
that drawing the page takes at most its ``redraw_share`` of the GUI thread's time (the cost
of a redraw, smoothed, divided by the share; at most ``MAX_REDRAW_GAP``), and a new redraw of
the store's changes starts at most every ``MIN_REDRAW_GAP``. The cost of a redraw is its
update plus the paint it causes; a rebuilt layout and its first paint are not counted (they
happen once per layout and cost several redraws). A user's change, a page shown and a
rebuilt layout are drawn at once (the panel decides: ``holds_back``'s ``urgent``).
"""
from __future__ import annotations

import time

#: the longest wait (seconds) between a live panel's redraws, whatever a redraw costs: on a
#: loaded machine a redraw's wall time includes waits for the training thread, and the
#: panel's curves must still grow while the run goes (walker12 W12-5)
MAX_REDRAW_GAP = 1.0
#: the shortest time (seconds) from the start of one redraw of the store's changes to the
#: start of the next: curves grow four times a second while a run trains. Paced by the
#: redraw budget alone, a cheap page redrew 7-11 times a second (the Convergence page of the
#: MNIST convnet: 9 ms a redraw, 10% of a core), and on a busy machine every millisecond of
#: the GUI thread is one the training thread does not get (the threads of a session share
#: its CPU time: issue 13, the window trained at 0.76-0.83 of headless). The pieces of one
#: redraw still follow each other at the budget's pace; a user's change, a page shown and a
#: rebuilt layout are drawn at once.
MIN_REDRAW_GAP = 0.25


class RedrawPacing:
    """One panel's redraw budget: the smoothed cost of a redraw (``seconds``) and when the
    next redraw (``next_allowed``) and the next new redraw (``next_redraw``) may start."""

    def __init__(self) -> None:
        #: smoothed seconds per redraw (update + paint), measured
        self.seconds = 0.0
        #: no redraw before this time (the budget's share; see ``count``)
        self.next_allowed = 0.0
        #: no new redraw of the store's changes before this time (``MIN_REDRAW_GAP``)
        self.next_redraw = 0.0
        #: the canvas's paint count of the first paint after the last build (not a
        #: redraw's cost: see ``count``)
        self._build_paint = -1

    @staticmethod
    def now() -> float:
        """The clock the pacing is measured on (seconds)."""
        return time.perf_counter()

    def holds_back(self, start: float, share: float | None, plan: bool,
                   drawn_before: bool) -> bool:
        """Whether a redraw at ``start`` waits: too soon for the budget's ``share`` (None:
        never), or, for a new redraw (``plan``) of plots already built and drawn
        (``drawn_before``; a run's first picture is not held back), too soon after the
        last new redraw."""
        return bool(share) and (start < self.next_allowed
                                or (plan and drawn_before and start < self.next_redraw))

    def built(self, paints: int) -> None:
        """A layout was built: the canvas's next paint (it has made ``paints``) is its first,
        not a redraw's cost."""
        self._build_paint = paints + 1

    def count(self, start: float, built: bool, share: float | None, paints: int,
              paint_seconds: float) -> None:
        """Fold the redraw that began at ``start`` into ``seconds`` and space the next one
        by it (at most ``MAX_REDRAW_GAP`` later).

        The cost of a redraw is its update plus the paint it causes (the canvas's last
        paint, ``paint_seconds``, unless that was a new layout's first: ``built``). A rebuilt
        layout and its first paint are not counted: they happen once per layout (a run's
        first snapshot, a comparison's variants arriving) and cost several redraws; counted,
        they spaced the next redraws by seconds, and a comparison's curves stayed blank for
        most of a lesson-sized run (walker12 W12-5)."""
        if not built:
            paint = 0.0 if paints == self._build_paint else paint_seconds
            cost = time.perf_counter() - start + paint
            self.seconds = cost if self.seconds == 0 else 0.7 * self.seconds + 0.3 * cost
        if share:
            self.next_allowed = start + min(self.seconds / share, MAX_REDRAW_GAP)

    def space(self, start: float) -> None:
        """A new redraw started at ``start``: the next one waits ``MIN_REDRAW_GAP``."""
        self.next_redraw = start + MIN_REDRAW_GAP

    def release(self) -> None:
        """The next redraw goes at once (a page shown, a rebuild, a new run)."""
        self.next_allowed = self.next_redraw = 0.0
