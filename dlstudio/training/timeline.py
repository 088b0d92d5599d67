"""Time travel through a run: moments kept within a memory budget, and branches from them.

While a run trains, a :class:`Timeline` keeps *moments*: everything a checkpoint holds, in
memory - the network's weights (batch-norm statistics included), the optimizer's state and the
trainer's own state (position in the epoch, shuffled order, running sums, live settings and
every random generator). A moment is enough to show the run as it was (weights for the decision
boundary and the outcome panel; the telemetry snapshot of that step for histograms and curves)
and to continue from there.

Which steps are kept (``Timeline.wants``, ``Thinning``)
    Moments are taken at the steps the trainer probes (its step-based probe schedule: every
    step at first, then a fixed number per doubling of the step count), at every epoch end and
    at the run's last step, so they are denser early, spaced later, and the same on every
    machine. On top, a memory budget (``budget_bytes``, 256 MB by default) holds, by *levels*
    of the step number: at level ``k`` the timeline keeps the moments of steps that are
    multiples of ``2**k`` (and the first moment, every epoch end while possible, and the end of
    the run). When the moments outgrow the budget the level goes up by one, which drops the
    step moments of the odd multiples of ``2**k`` (about every other one where the moments
    are dense, none where the probes are already further apart), so a long run keeps an even
    spread of its history within the budget. Only when no step moment is left to drop do
    epoch ends thin out the same way, by their epoch number. ``Timeline.nbytes`` says what it
    uses.

    The rule needs the steps, events, epochs and sizes of the moments only, never their
    arrays, so a run can apply it ahead of the timeline (``Thinning``, as the window's
    training job does): a moment the timeline would drop at once (a step that is not a
    multiple of ``2**k``) is then not captured at all. The rule it replaces dropped every
    other moment of the older half: a 20,000-step run of the 784-300-100-10 MLP (3.1 MB
    moments, Adam) kept step 0 and then nothing before step 10,270; by levels it keeps a
    moment every 260 steps, and 364 of the 573 moments wanted are captured (issue 13).

    The run can also look ahead (``Thinning.foresee``, with ``coming_moments``): the steps it
    will probe and its epoch ends are known from the start, so the level its timeline will
    have reached at the end of the run is too. Moments that would not survive to one level
    below that (``floor``) are not captured: in the window's 1,500-step MLP run (3.1 MB
    moments, level 5 at the end) 88 copies instead of 187, for the same 63 moments at the
    end. During the run the history kept is then at most twice as coarse as the end's,
    never coarser, where it used to be as dense as the budget allowed so far; a run stopped
    early keeps fewer moments than it could have (at worst twice as coarse again per halving
    of its planned length).

Branching (``branch``)
    A branch is a new trainer that starts from a moment: the network is rebuilt from its spec,
    gets the moment's weights, the optimizer its state, the trainer its state, so with nothing
    changed it continues bit for bit like the original run. Live settings (learning rate,
    dropout, L1/L2, clipping, max-norm) can be changed at the branch point; a new batch size
    continues from the same example of the same epoch. A moment kept without its optimizer's
    state (``has_optimizer_state`` False) continues with the optimizer starting afresh. A
    branch from the end of a run that early stopping ended trains on past it, its patience
    counted afresh from the branch point (``Trainer.clear_stop_request``).

Keeping a moment in a file (``moment_to_document`` / ``moment_from_document``)
    JSON values plus named arrays, so that a workspace can keep the newest moment of a run
    and the run can be continued after dlstudio closed (during the run or after a stop).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Iterator

import numpy as np

from dlstudio.training.telemetry import END_EVENTS

#: default memory budget of a timeline
DEFAULT_BUDGET_BYTES = 256 * 2**20
#: ``Thinning.foresee`` keeps step moments this many levels below the level foreseen for the
#: end of the run (1: twice as dense as the end's history)
FORESIGHT_SLACK = 1
#: a run that will want more moments than this is not foreseen (the rule's simulation costs
#: ~n**2 list steps; a long run of a tiny network wants thousands of epoch ends, but its
#: moments fit the budget and need no foresight)
FORESIGHT_MAX_MOMENTS = 5000


@dataclass(frozen=True)
class Moment:
    """The complete state of a run after ``step`` steps."""

    step: int
    epoch: int
    event: str                                  # the snapshot's event: "step", "epoch_end", ...
    weights: list = field(repr=False)           # Network.get_weights() order
    optimizer_state: dict = field(repr=False)
    trainer_state: dict = field(repr=False)
    telemetry: Any = field(default=None, repr=False)   # the snapshot yielded at this step

    @property
    def has_optimizer_state(self) -> bool:
        """False for a moment kept without its optimizer's state (a workspace leaves it out
        when it is too large): continuing from it starts the optimizer afresh."""
        return bool(self.optimizer_state)

    @cached_property
    def optimizer_nbytes(self) -> int:
        """Bytes of the optimizer's state (its slots: momentum, running averages...)."""
        return sum(int(a.nbytes) for slots in self.optimizer_state.get("slots", {}).values()
                   for a in slots.values())

    @cached_property
    def nbytes(self) -> int:
        """Bytes held (computed once: a moment's arrays are copies nobody changes; the
        timeline sums this after every moment it adds)."""
        total = sum(int(w.nbytes) for w in self.weights) + self.optimizer_nbytes
        perm = self.trainer_state.get("perm")
        return total + (int(perm.nbytes) if isinstance(perm, np.ndarray) else 0)


class Thinning:
    """Which moments a timeline keeps within ``budget_bytes`` (see the module docstring):
    the rule, applied to anything with a moment's ``step``, ``event``, ``epoch`` and
    ``nbytes``, so that it can run ahead of a timeline on records without arrays
    (``add_record``) and tell which moments that timeline will keep (``keeps``).

    ``level``: step moments kept are those of steps that are multiples of ``2**level``;
    ``mark_level``: epoch ends (and ends of earlier parts of the run) kept are those with
    ``epoch + 1`` a multiple of ``2**mark_level``. Both only go up. ``floor``: step moments
    arriving are kept only at multiples of ``2**floor`` too (``foresee``; 0 unless set)."""

    def __init__(self, budget_bytes: int | None = None):
        budget_bytes = DEFAULT_BUDGET_BYTES if budget_bytes is None else budget_bytes
        if budget_bytes <= 0:
            raise ValueError(f"the timeline's memory budget must be positive, got {budget_bytes}")
        self.budget_bytes = int(budget_bytes)
        self.level = 0
        self.mark_level = 0
        self.floor = 0
        self.items: list = []

    def keeps(self, step: int, event: str, epoch: int) -> bool:
        """Whether a moment of ``step``, ``event`` and ``epoch`` arriving now would be kept
        (it may be dropped later, when the budget fills up)."""
        if not self.items or self.items[0].step >= step:     # items are in step order
            return True                    # the first moment (or one rewriting all history)
        if event == "step" and step % (1 << self.floor):
            return False                   # it would not live to the end of the run
        return self._survives(step, event, epoch, newest=True)

    def foresee(self, coming: Iterable[Any]) -> int:
        """Set ``floor`` to ``FORESIGHT_SLACK`` levels below the level this thinning would
        reach after the moments ``coming`` (records, in step order, after the items it
        holds: ``coming_moments``); returns it. Nothing is foreseen for more than
        ``FORESIGHT_MAX_MOMENTS`` coming moments or when they all fit the budget."""
        coming = list(coming)
        held = sum(m.nbytes for m in self.items)
        if len(coming) > FORESIGHT_MAX_MOMENTS or \
                held + sum(m.nbytes for m in coming) <= self.budget_bytes:
            return self.floor
        future = self.records()
        for record in coming:
            future.add(record)
        self.floor = max(self.floor, future.level - FORESIGHT_SLACK)
        return self.floor

    def add(self, item: Any) -> bool:
        """Add ``item`` (a moment or a record of one) unless ``keeps`` says no, then thin out
        to the budget; whether it was added. A moment at an earlier step than the last one
        means a branch rewrote history: the later moments go; a kept one at the step of the
        last replaces it (an epoch end after the probe of its step)."""
        kept = self.keeps(item.step, item.event, item.epoch)
        self.items = [m for m in self.items
                      if m.step < item.step or (m.step == item.step and not kept)]
        if not kept:
            return False
        self.items.append(item)
        while sum(m.nbytes for m in self.items) > self.budget_bytes and len(self.items) > 2:
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
        return any(m is item for m in self.items)

    def records(self) -> "Thinning":
        """A copy of this thinning, its moments as records (no arrays): to run it ahead of
        the timeline that goes on from here (a continued run)."""
        copy_ = Thinning(self.budget_bytes)
        copy_.level, copy_.mark_level = self.level, self.mark_level
        copy_.floor = self.floor
        copy_.items = [MomentRecord(m.step, m.event, m.epoch, m.nbytes) for m in self.items]
        return copy_

    def add_record(self, moment: "Moment") -> None:
        """``add`` a record of ``moment`` that holds none of its arrays."""
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


class Timeline:
    """Moments of one run, in step order, within ``budget_bytes`` (``Thinning``)."""

    def __init__(self, budget_bytes: int | None = None):
        self.thinning = Thinning(budget_bytes)

    @property
    def budget_bytes(self) -> int:
        return self.thinning.budget_bytes

    @property
    def moments(self) -> list[Moment]:
        return self.thinning.items

    # -- recording ----------------------------------------------------------------------------
    @staticmethod
    def wants(snap: Any) -> bool:
        """Whether a yielded snapshot marks a step to keep: a fresh probe, an epoch end or the
        end of the run (all chosen by step, never by time)."""
        fresh_probe = bool(snap.layers) and snap.extra.get("probe_step") == snap.step
        return fresh_probe or snap.event != "step"

    @classmethod
    def capture(cls, trainer: Any, snap: Any, copies: Any = None,
                ahead: Thinning | None = None) -> Moment | None:
        """The trainer's state now as a moment, when ``wants(snap)`` (call between two steps,
        e.g. right after ``run()`` yielded ``snap``); None otherwise. At the end of a run
        whose network got its best epoch's weights back, the moment keeps the weights
        training had reached, so that continuing from it is exact. ``copies`` copies the
        weight and optimizer arrays, e.g. ``CopyPool.copies``: the memory of moments
        thinned out is reused (``dlstudio.training.copy_pool``); default: fresh copies.
        ``ahead``: the thinning of the timeline the moment goes to, run ahead of it on this
        side (the moments captured are added to it as records): None, without capturing,
        when that timeline would drop the moment at once."""
        if not cls.wants(snap):
            return None
        if ahead is not None and not ahead.keeps(int(snap.step), snap.event, int(snap.epoch)):
            return None
        state = trainer.state_dict()
        # the epoch's shuffled order is replaced, never changed in place: moments share it
        state = {k: v if k == "perm" else copy.deepcopy(v) for k, v in state.items()}
        moment = Moment(step=int(snap.step), epoch=int(snap.epoch), event=snap.event,
                        weights=trainer.reached_weights(copies),
                        optimizer_state=trainer.optimizer.state_dict(copies),
                        trainer_state=state, telemetry=snap)
        if ahead is not None:
            ahead.add_record(moment)
        return moment

    def record(self, trainer: Any, snap: Any) -> Moment | None:
        """``capture`` and ``add``; returns the moment kept, if any."""
        if self.moments and self.moments[-1].step == snap.step and snap.event == "step":
            return None                        # already kept (a repeated snapshot)
        if not self.thinning.keeps(int(snap.step), snap.event, int(snap.epoch)):
            return None                        # it would be dropped at once
        moment = self.capture(trainer, snap)
        if moment is not None:
            self.add(moment)
        return moment

    def add(self, moment: Moment) -> None:
        """Append a moment (captured elsewhere, e.g. on a worker thread) unless the budget's
        rule drops it at once; thin out to the budget (``Thinning.add``)."""
        self.thinning.add(moment)

    def follow(self, trainer: Any) -> Iterator[Any]:
        """``trainer.run()``, recording the moments as it goes (yields the same snapshots)."""
        for snap in trainer.run():
            self.record(trainer, snap)
            yield snap

    # -- reading ----------------------------------------------------------------------------
    @property
    def nbytes(self) -> int:
        return sum(m.nbytes for m in self.moments)

    @property
    def steps(self) -> list[int]:
        return [m.step for m in self.moments]

    def at(self, step: int) -> Moment | None:
        """The latest moment at or before ``step`` (None before the first)."""
        best = None
        for m in self.moments:
            if m.step > step:
                break
            best = m
        return best


def moment_to_document(moment: Moment, keep_optimizer: bool = True
                       ) -> tuple[dict, dict[str, np.ndarray]]:
    """``moment`` as JSON values and named arrays (what a workspace keeps so that a run can
    be continued after dlstudio closed); without the optimizer's state when
    ``keep_optimizer`` is False. ``moment_from_document`` reads it back."""
    from dlstudio.training.checkpoint import split_arrays

    arrays: dict[str, np.ndarray] = {}
    doc = {"step": int(moment.step), "epoch": int(moment.epoch), "event": str(moment.event),
           "weights": split_arrays(list(moment.weights), arrays, "w"),
           "optimizer": (split_arrays(moment.optimizer_state, arrays, "o")
                         if keep_optimizer and moment.has_optimizer_state else None),
           "trainer": split_arrays(moment.trainer_state, arrays, "t")}
    return doc, arrays


def moment_from_document(doc: Any, arrays: Any) -> Moment:
    """The moment ``moment_to_document`` wrote (without its telemetry snapshot); a damaged
    one raises ``ValueError`` saying what is wrong."""
    from dlstudio.training.checkpoint import join_arrays, trainer_state_problems

    if not isinstance(doc, dict):
        raise ValueError("the saved run position is not a JSON object")
    try:
        weights = join_arrays(doc["weights"], arrays)
        optimizer = join_arrays(doc["optimizer"], arrays) if doc.get("optimizer") else {}
        state = join_arrays(doc["trainer"], arrays)
        step, epoch, event = int(doc["step"]), int(doc["epoch"]), str(doc["event"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"the saved run position is incomplete ({exc})") from None
    if not isinstance(weights, list) or not all(
            isinstance(w, np.ndarray) and w.dtype.kind == "f" and np.isfinite(w).all()
            for w in weights):
        raise ValueError("the saved weights of the run position are damaged")
    if optimizer and not (isinstance(optimizer, dict) and "iterations" in optimizer
                          and isinstance(optimizer.get("slots"), dict)):
        raise ValueError("the saved optimizer state is damaged")
    bad = trainer_state_problems(state)
    if bad:
        raise ValueError(f"the saved run state is damaged (bad or missing {', '.join(bad)})")
    if step != state["step"] or step < 0:
        raise ValueError("the saved run position does not match its state")
    return Moment(step=step, epoch=epoch, event=event, weights=weights,
                  optimizer_state=optimizer, trainer_state=state)


def branch(moment: Moment, network_spec: Any, dataset: Any, train_spec: Any, *,
           variant: str = "", control: Any = None, **changes: Any):
    """A trainer continuing from ``moment`` (see the module docstring); ``changes`` are live
    settings (``learning_rate=...``, ``dropout_rate=...``, ...) and/or ``batch_size``."""
    from dlstudio.engine.network import Network
    from dlstudio.training.spec import TrainSpec
    from dlstudio.training.trainer import Trainer

    spec = TrainSpec.coerce(train_spec)
    state = copy.deepcopy(moment.trainer_state)
    batch_size = changes.pop("batch_size", None)
    if batch_size is not None and int(batch_size) != spec.batch_size:
        consumed = int(state["batch_index"]) * spec.batch_size     # examples of this epoch
        spec = spec.replace(batch_size=int(batch_size))
        state["batch_index"] = -(-consumed // spec.batch_size)
        state["spec"] = spec.to_dict()
    # a float64 run goes on in float64
    dtype = moment.weights[0].dtype.type if moment.weights else np.float32
    network = Network.from_spec(network_spec, dtype=dtype)
    network.set_weights(moment.weights)
    trainer = Trainer(network, dataset, spec, variant=variant, control=control,
                      data_seed=state["data_seed"])
    if moment.has_optimizer_state:      # else the optimizer starts afresh
        trainer.optimizer.load_state_dict(moment.optimizer_state)
        trainer.optimizer.check_state_fits(network)
    trainer.load_state_dict(state)
    if state.get("stop_message") is not None:
        trainer.clear_stop_request()      # continuing a run early stopping ended (W12-7b)
    if changes:
        trainer.update(**changes)
    return trainer
