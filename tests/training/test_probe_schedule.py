"""Per-layer probes follow the step, never the clock: the same run is probed at the same steps
and gives the same telemetry on a fast and on a slow machine (simulated clocks)."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from dlstudio.training import TrainSpec
from dlstudio.training.clock import SnapshotClock
from dlstudio.training.probe_schedule import ProbeSchedule
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_schedule_is_dense_at_first_then_a_budget_per_doubling():
    s = ProbeSchedule()
    assert list(s.steps_until(30)) == list(range(1, 31))        # a lesson's 30-step run
    steps = list(s.steps_until(100_000))
    assert steps[:50] == list(range(1, 51))
    assert steps == [k for k in range(1, 100_001) if s.due(k)]  # the jump agrees with due()
    # between s and 2s about per_doubling probes, whatever s
    for lo in (200, 1_000, 10_000, 40_000):
        assert 20 <= sum(lo < k <= 2 * lo for k in steps) <= 30
    assert len(steps) < 400
    assert not s.due(0) and not s.due(-3)


def test_explicit_steps_replace_the_schedule():
    s = ProbeSchedule(steps=[500, 3, 40])
    assert list(s.steps_until(1000)) == [3, 40, 500]
    assert not s.due(1)


class _FakeClock:
    """Simulated time: every reading advances by ``tick`` seconds."""

    def __init__(self, tick: float) -> None:
        self.t, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.t += self.tick
        return self.t


def _probes(tick: float, blobs, spec: TrainSpec) -> dict:
    trainer = Trainer(build(mlp(units=(8, 8)), seed=1), blobs, spec,
                      clock=SnapshotClock(spec.telemetry.snapshots_per_second, _FakeClock(tick)))
    out = {}
    for snap in trainer.run():
        step = snap.extra.get("probe_step")
        out.setdefault(step, snap.layers)
    return out


def _layer_values(layers) -> list:
    vals = []
    for layer in layers:
        for name in ("grad_norm", "weight_norm", "update_ratio", "act_mean", "act_std"):
            vals.append(getattr(layer, name))
    return vals


def test_slow_and_fast_clocks_probe_the_same_steps_with_the_same_values(blobs):
    spec = TrainSpec(epochs=6, batch_size=16, optimizer="sgd", learning_rate=0.05, seed=2)
    fast = _probes(1e-6, blobs, spec)        # a machine where steps take no time
    slow = _probes(5.0, blobs, spec)         # one where every step takes seconds
    assert sorted(fast) == sorted(slow)
    steps_per_epoch = -(-len(blobs.x_train) // 16)
    assert set(range(0, 51)) <= set(fast)    # dense start (step 0: the initial probe)
    assert {steps_per_epoch * e for e in range(1, 7)} <= set(fast)     # epoch ends
    assert 52 in fast and 53 not in fast     # then spaced
    for step in fast:
        # same arithmetic on the same machine: bit-identical
        assert _layer_values(fast[step]) == _layer_values(slow[step])


def test_probe_steps_from_the_api(blobs):
    spec = TrainSpec(epochs=2, batch_size=16, seed=2,
                     telemetry={"probe_steps": [5, 1, 17]})
    got = _probes(1e-3, blobs, spec)
    assert sorted(got) == [0, 1, 5, 17]
    assert TrainSpec.from_dict(spec.to_dict()) == spec
    assert spec.to_dict()["telemetry"]["probe_steps"] == [1, 5, 17]


def test_a_thirty_step_run_gets_a_gradient_every_step(blobs):
    spec = TrainSpec(epochs=1, batch_size=4, seed=0)
    trainer = Trainer(build(mlp(units=(8, 8, 8))), blobs, spec)
    seen = {}
    for snap in itertools.islice(trainer.run(), 200):
        if snap.step > 30:
            break
        seen[snap.extra["probe_step"]] = snap.layers
    assert sorted(seen) == list(range(0, 31))
    for step in range(1, 31):
        assert all(np.isfinite(layer.grad_norm) for layer in seen[step])


def test_old_files_with_max_overhead_still_open():
    spec = TrainSpec.from_dict({"telemetry": {"max_overhead": 0.05, "probe_size": 32}})
    assert spec.telemetry.probe_size == 32


@pytest.mark.parametrize("bad", [{"probe_steps": [0, 3]}, {"probes_per_doubling": 0},
                                 {"probe_dense_steps": -1}])
def test_bad_schedules_are_reported(bad):
    problems = TrainSpec(telemetry=bad).validate()
    assert any("telemetry.probe" in str(p) for p in problems)
