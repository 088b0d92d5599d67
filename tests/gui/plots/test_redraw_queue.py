"""A redraw's pieces run in order over the ticks, within a budget of plot items."""
from __future__ import annotations

from dlstudio.gui.plots.redraw_queue import RedrawQueue


def _queue(ran, *pieces):
    queue = RedrawQueue()
    for name, items in pieces:
        queue.put(name, items, lambda n=name: ran.append(n))
    return queue


def test_pieces_run_in_order_within_the_budget():
    ran = []
    queue = _queue(ran, ("a", 4), ("b", 4), ("c", 4))
    assert queue and queue.items == 12

    assert queue.run(8) == 8 and ran == ["a", "b"]
    assert queue.items == 4
    assert queue.run(8) == 4 and ran == ["a", "b", "c"]
    assert not queue and queue.run(8) == 0


def test_the_first_piece_runs_even_over_the_budget_and_none_runs_everything():
    ran = []
    queue = _queue(ran, ("big", 30), ("small", 1))
    assert queue.run(12) == 30 and ran == ["big"]
    queue.put("more", 20, lambda: ran.append("more"))
    assert queue.run(None) == 21 and ran == ["big", "small", "more"]


def test_a_piece_put_again_keeps_its_place():
    ran = []
    queue = _queue(ran, ("a", 1), ("b", 1))
    queue.put("a", 1, lambda: ran.append("a again"))
    queue.run(None)
    assert ran == ["a again", "b"]
    queue.put("c", 1, lambda: ran.append("c"))
    queue.clear()
    assert not queue and queue.items == 0
