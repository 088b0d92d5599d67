"""Which moments of a run a timeline keeps within its memory budget (``Thinning``), and the
moments a run will want, known ahead (``coming_moments``).

A timeline's moments (``dlstudio.training.timeline``: the probed steps, the epoch ends and the
run's end) are dense early and spaced later, the same on every machine. A memory budget
(``budget_bytes``, 256 MB by default) and a count (``max_moments``, 500 by default) hold, by
*levels* of the step number: at level ``k`` the
timeline keeps the moments of steps that are multiples of ``2**k`` (and the first moment, every
epoch end while possible, and the end of the run). When the moments outgrow the budget the
level goes up by one (so also when they outnumber ``max_moments``), which drops the step moments of the odd multiples of ``2**k`` (about
every other one where the moments are dense, none where the probes are already further apart),
so a long run keeps an even spread of its history within the budget. Only when no step moment
is left to drop do epoch ends thin out the same way, by their epoch number.

The count is for networks whose moments are small: the classroom toy's moment is ~5 KB, so
the budget alone kept every one of a 3,000-epoch run, each captured, sent to the window and
kept, at ~0.2 ms of the training thread per epoch end against ~1 ms for training the epoch
(issue 13). 500 moments are still finer than a timeline's slider can be moved; a
TensorBoard-like keeps a few hundred to a thousand points per series for the same reason.

The rule needs the steps, events, epochs and sizes of the moments only, never their arrays
(``MomentRecord``), so a run can apply it ahead of the timeline (``Thinning``, as the window's
training job does): a moment the timeline would drop at once (a step that is not a multiple of
``2**k``) is then not captured at all. The rule it replaces dropped every other moment of the
older half: a 20,000-step run of the 784-300-100-10 MLP (3.1 MB moments, Adam) kept step 0 and
then nothing before step 10,270; by levels it keeps a moment every 260 steps, and 364 of the
573 moments wanted are captured (issue 13).

The run can also look ahead (``Thinning.foresee``, with ``coming_moments``): the steps it will
probe and its epoch ends are known from the start, so the level its timeline will have reached
at the end of the run is too. Moments that would not survive to that level (``floor``; for
epoch ends ``mark_floor``) are not captured: in the window's 1,500-step MLP run (3.1 MB moments, level 5 at the end) 63
copies, the 63 moments kept at the end (187 with no foresight; 87 when it kept one level more,
twice as dense during the run: measured quiet, the window then trained this run at 0.84 of
headless against 0.89 with 63, and 0.92 with no moments at all). During the run the history
kept is the end's spacing, where it used to be as dense as the budget allowed so far; a run
stopped early keeps fewer moments than it could have (at worst twice as coarse per halving of
its planned length).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from dlstudio.training.telemetry import END_EVENTS

#: default memory budget of a timeline
DEFAULT_BUDGET_BYTES = 256 * 2**20
#: ``Thinning.foresee`` keeps step moments this many levels below the level foreseen for the
#: end of the run (0: those the end's history keeps; 1: twice as dense, 28% more copies of
#: the window's MLP moments for the same history at the end)
FORESIGHT_SLACK = 0
#: the most moments a timeline keeps, whatever their size
DEFAULT_MAX_MOMENTS = 500
#: a run that will want more moments than this is not foreseen (the rule's simulation costs
#: ~n**2 list steps; a long run of a tiny network wants thousands of epoch ends, but its
#: moments fit the budget and need no foresight)
FORESIGHT_MAX_MOMENTS = 5000


class Thinning:
    """Which moments a timeline keeps within ``budget_bytes`` (see the module docstring):
    the rule, applied to anything with a moment's ``step``, ``event``, ``epoch`` and
    ``nbytes``, so that it can run ahead of a timeline on records without arrays
    (``add_record``) and tell which moments that timeline will keep (``keeps``).

    ``level``: step moments kept are those of steps that are multiples of ``2**level``;
    ``mark_level``: epoch ends (and ends of earlier parts of the run) kept are those with
    ``epoch + 1`` a multiple of ``2**mark_level``. Both only go up. ``floor``: step moments
    arriving are kept only at multiples of ``2**floor`` too, and ``mark_floor`` the same for
    epoch ends by ``epoch + 1`` (``foresee``; 0 unless set)."""

    def __init__(self, budget_bytes: int | None = None, max_moments: int | None = None):
        budget_bytes = DEFAULT_BUDGET_BYTES if budget_bytes is None else budget_bytes
        if budget_bytes <= 0:
            raise ValueError(f"the timeline's memory budget must be positive, got {budget_bytes}")
        max_moments = DEFAULT_MAX_MOMENTS if max_moments is None else max_moments
        if max_moments < 2:
            raise ValueError(f"a timeline keeps at least 2 moments, not {max_moments}")
        self.budget_bytes = int(budget_bytes)
        self.max_moments = int(max_moments)
        self.level = 0
        self.mark_level = 0
        self.floor = 0
        self.mark_floor = 0
        self.items: list = []
        self._held: tuple = (0, 0, None)     # held_bytes' count: (bytes, moments, the last)

    def keeps(self, step: int, event: str, epoch: int) -> bool:
        """Whether a moment of ``step``, ``event`` and ``epoch`` arriving now would be kept
        (it may be dropped later, when the budget fills up)."""
        if not self.items or self.items[0].step >= step:     # items are in step order
            return True                    # the first moment (or one rewriting all history)
        if event == "step" and step % (1 << self.floor) or \
                event == "epoch_end" and (epoch + 1) % (1 << self.mark_floor):
            return False                   # it would not live to the end of the run
        return self._survives(step, event, epoch, newest=True)

    def foresee(self, coming: Iterable[Any]) -> int:
        """Set ``floor`` (``mark_floor``) to ``FORESIGHT_SLACK`` levels below the level
        (``mark_level``) this thinning would reach after the moments ``coming`` (records, in
        step order, after the items it holds: ``coming_moments``); returns ``floor``.
        Nothing is foreseen for more than ``FORESIGHT_MAX_MOMENTS`` coming moments or when
        they all fit the budget and the count."""
        coming = list(coming)
        held = self.held_bytes()
        if len(coming) > FORESIGHT_MAX_MOMENTS or \
                held + sum(m.nbytes for m in coming) <= self.budget_bytes and \
                len(self.items) + len(coming) <= self.max_moments:
            return self.floor
        future = self.records()
        for record in coming:
            future.add(record)
        self.floor = max(self.floor, future.level - FORESIGHT_SLACK)
        self.mark_floor = max(self.mark_floor, future.mark_level - FORESIGHT_SLACK)
        return self.floor

    def add(self, item: Any) -> bool:
        """Add ``item`` (a moment or a record of one) unless ``keeps`` says no, then thin out
        to the budget; whether it was added. A moment at an earlier step than the last one
        means a branch rewrote history: the later moments go; a kept one at the step of the
        last replaces it (an epoch end after the probe of its step). Adding after the last
        step, as a run does, costs no walk through the moments held (the classroom toy keeps
        thousands of epoch ends: the walks made its moments cost O(n) each, 22% of the
        window's GUI thread and as much again on the training side, issue 13)."""
        kept = self.keeps(item.step, item.event, item.epoch)
        if self.items and self.items[-1].step >= item.step:
            self.items = [m for m in self.items
                          if m.step < item.step or (m.step == item.step and not kept)]
        if not kept:
            return False
        held = self.held_bytes() + item.nbytes
        self.items.append(item)
        self._held = (held, len(self.items), item)
        while (held > self.budget_bytes or len(self.items) > self.max_moments) \
                and len(self.items) > 2:
            last = len(self.items) - 1
            middle = [m for i, m in enumerate(self.items[1:], 1)
                      if not (i == last and m.event in END_EVENTS)]
            if any(m.event == "step" for m in middle):
                self.level += 1
            elif middle:
                self.mark_level += 1
            else:
                break
            self.items = [m for i, m in enumerate(self.items)
                          if i == 0 or self._survives(m.step, m.event, m.epoch, i == last)]
            held = self.held_bytes()
        return self.items[-1] is item

    def held_bytes(self) -> int:
        """The bytes of the moments held: counted again only when the list changed since the
        last count (``add`` keeps the count; a caller may cut the list)."""
        items = self.items
        total, count, last = self._held
        if count != len(items) or (items and items[-1] is not last):
            total = sum(m.nbytes for m in items)
            self._held = (total, len(items), items[-1] if items else None)
        return total

    def records(self) -> "Thinning":
        """A copy of this thinning, its moments as records (no arrays): to run it ahead of
        the timeline that goes on from here (a continued run)."""
        copy_ = Thinning(self.budget_bytes, self.max_moments)
        copy_.level, copy_.mark_level = self.level, self.mark_level
        copy_.floor, copy_.mark_floor = self.floor, self.mark_floor
        copy_.items = [MomentRecord(m.step, m.event, m.epoch, m.nbytes) for m in self.items]
        return copy_

    def add_record(self, moment: Any) -> None:
        """``add`` a record of ``moment`` (a timeline's ``Moment``) that holds none of its
        arrays."""
        self.add(MomentRecord(moment.step, moment.event, moment.epoch, moment.nbytes))

    def _survives(self, step: int, event: str, epoch: int, newest: bool) -> bool:
        if event == "step":
            return step % (1 << self.level) == 0
        if newest and event in END_EVENTS:
            return True                    # the run's end: what Continue and the view need
        return (epoch + 1) % (1 << self.mark_level) == 0


@dataclass(frozen=True)
class MomentRecord:
    """What ``Thinning`` needs of a moment."""

    step: int
    event: str
    epoch: int
    nbytes: int


def coming_moments(trainer: Any, first: int) -> list[MomentRecord]:
    """Records of the moments ``trainer`` will want from step ``first`` on if it trains to
    its planned end (``total_steps``): its probed steps, its epoch ends (in place of the
    probe of an epoch's last step) and the run's end (in place of the last step's), each of
    the size its moment will have (``moment_nbytes``). Call once the optimizer has made its
    state (after the first step)."""
    last = int(trainer.total_steps)
    per_epoch = max(1, int(trainer.steps_per_epoch))
    if last < first:
        return []
    bare = moment_nbytes(trainer)
    within = bare + np.dtype(np.intp).itemsize * len(trainer.data.x_train)   # + the order
    ends = range(-(-first // per_epoch) * per_epoch, last + 1, per_epoch)
    # the last step's probe is the run's end, unless it ends an epoch too
    probed = sorted({s for s in trainer.probe_schedule.steps_until(last - 1) if s >= first}
                    | set(ends))
    records = [MomentRecord(step, "epoch_end", (step - 1) // per_epoch, bare)
               if step % per_epoch == 0 else
               MomentRecord(step, "step", (step - 1) // per_epoch, within) for step in probed]
    records.append(MomentRecord(last, "finished", (last - 1) // per_epoch,
                                bare if last % per_epoch == 0 else within))
    return records


def moment_nbytes(trainer: Any) -> int:
    """The size of a moment ``trainer`` captures at an epoch's end (``Moment.nbytes``),
    copying nothing: its weights and its optimizer's state (within an epoch a moment also
    holds the epoch's shuffled order)."""
    live = []
    trainer.optimizer.state_dict(lambda arrays: live.extend(arrays) or arrays)
    return sum(int(w.nbytes) for w in trainer.network.get_weights()) + \
        sum(int(a.nbytes) for a in live)
