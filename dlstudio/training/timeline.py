"""Time travel through a run: its moments (kept within a memory budget), and branches from them.

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
    machine. A memory budget (``budget_bytes``, 256 MB by default) thins them out by levels of
    the step number, an even spread of the run's history; a run can apply that rule ahead of
    the timeline and not capture what it would drop (``dlstudio.training.moment_budget``).
    ``Timeline.nbytes`` says what the moments use.

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
from typing import Any, Iterator

import numpy as np

from dlstudio.training.moment_budget import Thinning


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


#: entries of a trainer's state (``state_dict(share_spec=True)``) a moment takes as they are
_SHARED_STATE = frozenset({"perm", "spec", "rngs", "layer_rngs"})


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
        state = trainer.state_dict(share_spec=True)
        # the epoch's shuffled order is replaced, never changed in place, and an epoch's
        # entry of the history is never changed once appended: moments share them (a deep
        # copy of the history grew with the run: 2-15 ms a moment after 428 epochs of the
        # classroom toy, a quarter of its run in the window). They share the spec's document
        # too (nobody changes a moment's state in place: ``branch`` copies it); the random
        # generators' states are new dictionaries at every call
        state = {k: list(v) if k == "history" else v if k in _SHARED_STATE
                 else copy.deepcopy(v) for k, v in state.items()}
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
        return self.thinning.held_bytes()

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


def moment_settings(moment: Moment) -> dict[str, Any]:
    """The values a branch from ``moment`` starts from: the learning rate its next step uses,
    its other live settings (``dropout_rate`` None: the layers' own) and its batch size."""
    from dlstudio.training.learning_rate import saved_rate

    state = moment.trainer_state
    values = dict(state.get("settings", {}))
    values["learning_rate"] = saved_rate(state)
    values["batch_size"] = int(state["spec"]["batch_size"])
    return values


def branch(moment: Moment, network_spec: Any, dataset: Any, train_spec: Any, *,
           variant: str = "", control: Any = None, **changes: Any):
    """A trainer continuing from ``moment`` (see the module docstring); ``changes`` are live
    settings (``learning_rate=...``, ``dropout_rate=...``, ...) and/or ``batch_size``."""
    from dlstudio.engine.network import Network
    from dlstudio.training.spec import TrainSpec
    from dlstudio.training.trainer import Trainer

    spec = TrainSpec.coerce(train_spec)
    state = copy.deepcopy(moment.trainer_state)
    # the saved rate multiplier is relative to the run's own rate and schedule, not to those
    # ``train_spec`` may have now (a rate typed in the Training panel after the moment: the
    # branch's first step reported that rate, walker34)
    saved = TrainSpec.coerce(state["spec"])
    if (spec.learning_rate, spec.schedule) != (saved.learning_rate, saved.schedule):
        spec = spec.replace(learning_rate=saved.learning_rate, schedule=saved.schedule)
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
