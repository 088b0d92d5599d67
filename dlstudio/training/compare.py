"""Comparison runs: several variants trained in lockstep, one setting changed.

Each variant has its own network and optimizer; all of them see the same mini-batches in the
same order (their trainers share one data seed, so shuffling, augmentation and the probe batch
are identical) and take their steps in turns: variant A step 1, variant B step 1, A step 2...
Snapshots are taken at the same steps for every variant and tagged with its name
(``Telemetry.variant``), which is what lets the studio draw two networks side by side.

>>> cmp = Comparison.from_variants([Variant("Xavier", spec_x), Variant("He", spec_he)],
...                                dataset, TrainSpec(epochs=3))
>>> for snap in cmp.run():
...     print(snap.variant, snap.step, snap.train_loss)

Each variant's ``examples_per_second`` counts only the time of its own turns (a fast variant
is not slowed down by a slow one on screen). Pause, resume, step-once (one mini-batch for
every variant), stop and live updates act on all variants at once. A variant that diverges yields its "diverged" snapshot and drops out; the
others continue.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

from dlstudio.messages import Message
from dlstudio.training.clock import SnapshotClock
from dlstudio.training.control import Controlled, RunControl
from dlstudio.training.telemetry import Telemetry
from dlstudio.training.spec import TrainSpec
from dlstudio.training.trainer import Trainer


@dataclass(frozen=True)
class Variant:
    """One contender: a name, its network spec and (optionally) its own training spec."""

    name: str
    network_spec: Any
    train_spec: Any = None
    note: str = ""


class Comparison(Controlled):
    """Train ``networks`` (name -> Network) in lockstep on ``dataset``.

    ``specs`` is one ``TrainSpec`` for all, or name -> ``TrainSpec``. ``data_seed`` (default:
    the first spec's seed) fixes the shared batch order. ``control`` is the ``RunControl``
    shared by every variant (a new one by default); ``max_steps`` ends each variant as
    finished after that many steps.
    """

    def __init__(self, networks: Mapping[str, Any], dataset: Any,
                 specs: Any = None, *, data_seed: int | None = None,
                 control: RunControl | None = None, max_steps: int | None = None) -> None:
        if not networks:
            raise ValueError("a comparison needs at least one variant")
        names = list(networks)
        if isinstance(specs, Mapping):
            missing = [n for n in names if n not in specs]
            if missing:
                raise ValueError(f"no training spec for variant(s) {', '.join(missing)}")
            per = {n: TrainSpec.coerce(specs[n]) for n in names}
        else:
            one = TrainSpec.coerce(specs)
            per = {n: one for n in names}
        first = per[names[0]]
        seed = first.seed if data_seed is None else int(data_seed)
        self.control = control or RunControl()
        self.trainers = [Trainer(networks[n], dataset, per[n], variant=n, control=self.control,
                                 data_seed=seed, max_steps=max_steps) for n in names]
        tel = first.telemetry
        self.clock = SnapshotClock(tel.snapshots_per_second)

    @classmethod
    def from_variants(cls, variants: Sequence[Variant], dataset: Any, train_spec: Any = None,
                      *, data_seed: int | None = None) -> "Comparison":
        """Build each variant's network from its spec (seeded by its training spec)."""
        from dlstudio.engine.network import Network

        base = TrainSpec.coerce(train_spec)
        names = [v.name for v in variants]
        if len(set(names)) != len(names):
            raise ValueError(f"variant names must differ, got {names}")
        specs = {v.name: TrainSpec.coerce(v.train_spec) if v.train_spec is not None else base
                 for v in variants}
        nets = {v.name: Network.from_spec(v.network_spec, seed=specs[v.name].seed)
                for v in variants}
        return cls(nets, dataset, specs, data_seed=data_seed)

    # pause / resume / step_once / stop / update / paused come from Controlled (any thread)
    # -- the generator -------------------------------------------------------------------------
    def run(self) -> Iterator[Telemetry]:
        for t in self.trainers:
            yield t.begin()
        self.clock.mark_snapshot()
        active = list(self.trainers)
        while active:
            turn = self.control.wait_for_turn(timeout=0)
            if turn == "paused":        # each variant reports the step it paused at
                held = [snap for snap in (t.pause_report() for t in active) if snap is not None]
                if held:
                    self.clock.mark_snapshot()
                    yield from held
                t_wait = time.perf_counter()
                turn = self.control.wait_for_turn()
            else:
                t_wait = time.perf_counter()
            for t in active:
                t.exclude_time(time.perf_counter() - t_wait)
            if turn == "stop":
                for t in active:
                    t.outcome = ("stopped", Message("run.stopped_by_user", step=t.step))
                    yield t.finish()
                return
            snapshot_due = self.clock.snapshot_due()
            updates = self.control.take_updates()
            snaps = []
            for t in list(active):
                t_turn = time.perf_counter()
                snap = t.advance(single=turn == "single", snapshot_due=snapshot_due,
                                 updates=updates)
                if snap is not None:
                    snaps.append(snap)
                if t.outcome is not None:
                    snaps.append(t.finish())
                    active.remove(t)
                # the others waited while t trained: each variant's examples per second
                # counts only its own turns, so a slow variant does not slow a fast one
                spent = time.perf_counter() - t_turn
                for other in active:
                    if other is not t:
                        other.exclude_time(spent)
            if snaps:
                self.clock.mark_snapshot()
            yield from snaps
