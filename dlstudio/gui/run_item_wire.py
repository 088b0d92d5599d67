"""What a run's items leave out on their way from a training child to the window, and how the
window puts it back (``gui/training_child.py`` sends, ``gui/training_process.py`` receives).

Two parts of a ``MomentKept`` are known on the window's side already:

* its snapshot (``Moment.telemetry``): the ``Telemetry`` item the run yielded just before it
  (``training_run.training_job`` yields the snapshot, then the moment captured at it). It
  goes as ``SentSnapshot`` and comes back as the very object the window received, so the
  window keeps one copy of it, as the thread mode does;
* the older part of its history (``trainer_state["history"]``, one entry per epoch, never
  changed once appended): only the entries since the previous moment of that variant go
  (``HistoryTail``).

The classroom toy keeps a moment at every epoch end (hundreds a second): each one pickled its
whole history and the snapshot again, 0.6 ms of the child's training thread per moment after
430 epochs (growing with the run) and 0.4 ms of the window's to read it back (issue 13).

>>> sender, receiver = ItemSender(), ItemReceiver()    # one each per run, on either side
>>> wire_item = sender.shorten(item)                     # the child sends this ...
>>> item_again = receiver.restore(wire_item_received)    # ... the window puts it back
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from dlstudio.gui.training_run import MomentKept
from dlstudio.training.telemetry import Telemetry


@dataclass(frozen=True)
class SentSnapshot:
    """In place of a moment's snapshot: the last ``Telemetry`` of ``variant`` sent."""

    variant: str


@dataclass(frozen=True)
class HistoryTail:
    """In place of a moment's history: the history of the previous moment of its variant up
    to ``start`` entries, then ``entries``."""

    start: int
    entries: list


class _WireEnd:
    """What either end has seen of a run, in order: each variant's last snapshot and the
    history of its last moment."""

    def __init__(self) -> None:
        self._snapshots: dict[str, Telemetry] = {}
        self._histories: dict[str, list] = {}

    def _moment_item(self, item: Any) -> MomentKept | None:
        """``item`` when it is a moment (after noting a snapshot), else None."""
        if isinstance(item, Telemetry):
            self._snapshots[item.variant] = item
        return item if isinstance(item, MomentKept) else None


class ItemSender(_WireEnd):
    """The child's side: ``shorten`` each item before it is pickled, in the order sent."""

    def shorten(self, item: Any) -> Any:
        kept = self._moment_item(item)
        if kept is None:
            return item
        moment = kept.moment
        changes: dict[str, Any] = {}
        snap = moment.telemetry
        if snap is not None and self._snapshots.get(snap.variant) is snap:
            changes["telemetry"] = SentSnapshot(snap.variant)
        history = moment.trainer_state.get("history")
        if isinstance(history, list):
            start = _shared_length(self._histories.get(kept.variant), history)
            self._histories[kept.variant] = history
            changes["trainer_state"] = {**moment.trainer_state,
                                        "history": HistoryTail(start, history[start:])}
        return MomentKept(kept.variant, dataclasses.replace(moment, **changes)) \
            if changes else item


class ItemReceiver(_WireEnd):
    """The window's side: ``restore`` each item received, in the order received."""

    def restore(self, item: Any) -> Any:
        kept = self._moment_item(item)
        if kept is None:
            return item
        moment = kept.moment
        changes: dict[str, Any] = {}
        if isinstance(moment.telemetry, SentSnapshot):
            changes["telemetry"] = self._snapshots[moment.telemetry.variant]
        tail = moment.trainer_state.get("history")
        if isinstance(tail, HistoryTail):
            before = self._histories.get(kept.variant, [])
            if tail.start > len(before):
                raise ValueError(f"a moment of {kept.variant!r} continues a history of "
                                 f"{tail.start} entries; {len(before)} were received")
            history = before[:tail.start] + tail.entries       # a new list: moments share
            self._histories[kept.variant] = history            # entries, never lists
            changes["trainer_state"] = {**moment.trainer_state, "history": history}
        return MomentKept(kept.variant, dataclasses.replace(moment, **changes)) \
            if changes else item


def _shared_length(sent: list | None, history: list) -> int:
    """How many first entries ``history`` shares with the history ``sent`` before (the same
    entry objects: entries are never changed once appended; a branch starts another)."""
    if not sent:
        return 0
    n = min(len(sent), len(history))
    if n and sent[n - 1] is history[n - 1]:
        return n
    start = 0
    while start < n and sent[start] is history[start]:
        start += 1
    return start
