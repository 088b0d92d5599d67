"""A plot page's redraw in pieces, waiting for the refresher's ticks.

A redraw of a page of many plots is planned as small named pieces (``BasePanel._jobs``: one
plot or one histogram each, with the number of plot items each updates). ``RedrawQueue``
keeps them in order; each tick runs pieces up to a budget of plot items and leaves the rest
for the next ticks, so a page never blocks the GUI thread for long. A piece put again while
it waits keeps its place in the queue (it reads the store when it runs, so it draws the
newest data anyway).
"""
from __future__ import annotations

from collections.abc import Callable


class RedrawQueue:
    """Named redraw pieces ``name -> (items, function)``, run in the order they were put."""

    def __init__(self) -> None:
        self._pieces: dict[str, tuple[int, Callable[[], None]]] = {}

    def __bool__(self) -> bool:
        return bool(self._pieces)

    def put(self, name: str, items: int, job: Callable[[], None]) -> None:
        """Queue piece ``name``, which updates ``items`` plot items (a piece of that name
        still waiting keeps its place)."""
        self._pieces[name] = (items, job)

    def clear(self) -> None:
        """Drop every waiting piece (the plots they drew are gone)."""
        self._pieces.clear()

    def run(self, budget: int | None) -> int:
        """Run waiting pieces in order: all of them (``budget`` None), or while they update
        at most ``budget`` plot items (the first piece always runs); returns the items
        updated."""
        touched = 0
        while self._pieces:
            name = next(iter(self._pieces))
            items, job = self._pieces[name]
            if budget is not None and touched and touched + items > budget:
                break
            del self._pieces[name]
            job()
            touched += items
        return touched

    @property
    def items(self) -> int:
        """Plot items the waiting pieces update."""
        return sum(items for items, _ in self._pieces.values())
