"""Pause, resume, step-once and stop from another thread, without busy waiting."""
from __future__ import annotations

import queue
import threading
import time

import pytest

from dlstudio.training import TrainSpec
from dlstudio.training.control import RunControl
from dlstudio.training.trainer import Trainer

from training_helpers import build, mlp


def test_paused_control_sleeps_until_resumed():
    control = RunControl()
    control.pause()
    assert control.wait_for_turn(timeout=0.05) == "paused"
    result, cpu = [], []

    def wait():
        cpu0 = time.thread_time()                 # CPU time of this (waiting) thread
        result.append(control.wait_for_turn())
        cpu.append(time.thread_time() - cpu0)

    t = threading.Thread(target=wait)
    t.start()
    time.sleep(0.3)
    assert t.is_alive() and not result
    control.resume()
    t.join(1.0)
    assert result == ["run"]
    assert cpu[0] < 0.05                          # it slept for 0.3 s instead of spinning


def test_step_once_allows_exactly_one_turn_and_stop_wakes_a_paused_loop():
    control = RunControl()
    control.step_once()
    assert control.wait_for_turn(timeout=0.01) == "single"
    assert control.wait_for_turn(timeout=0.01) == "paused"
    control.stop()
    assert control.wait_for_turn(timeout=0.01) == "stop"


class _Consumer(threading.Thread):
    """Consumes a trainer's snapshots on its own thread, like the GUI worker does."""

    def __init__(self, trainer):
        super().__init__(daemon=True)
        self.trainer, self.snaps = trainer, queue.Queue()

    def run(self):
        for snap in self.trainer.run():
            self.snaps.put(snap)
        self.snaps.put(None)

    def take(self, timeout=5.0):
        return self.snaps.get(timeout=timeout)

    def drain(self):
        out = []
        while True:
            try:
                out.append(self.snaps.get_nowait())
            except queue.Empty:
                return out


def _wait_quiet(consumer, seconds=0.3):
    time.sleep(seconds)
    return consumer.drain()


def test_pause_resume_step_once_and_stop_from_another_thread(blobs):
    spec = TrainSpec(epochs=500, batch_size=4, telemetry={"snapshots_per_second": 200.0})
    trainer = Trainer(build(mlp()), blobs, spec)
    trainer.pause()                                   # paused before it starts
    consumer = _Consumer(trainer)
    consumer.start()
    first = consumer.take()
    assert first.step == 0
    assert _wait_quiet(consumer) == []                # paused: nothing happens
    assert trainer.step == 0

    trainer.step_once()
    snap = consumer.take()
    assert snap.step == 1 and trainer.step == 1       # exactly one mini-batch...
    assert _wait_quiet(consumer) == [] and trainer.step == 1   # ...then paused again
    assert trainer.paused

    trainer.step_once()
    trainer_step = consumer.take().step
    assert trainer_step == 2

    trainer.resume()
    time.sleep(0.3)
    assert trainer.step > 2                           # running again
    trainer.pause()
    time.sleep(0.1)
    consumer.drain()
    paused_at = trainer.step
    assert _wait_quiet(consumer, 0.2) == [] and trainer.step == paused_at

    trainer.stop()                                    # wakes the paused run
    rest = []
    while (s := consumer.take()) is not None:
        rest.append(s)
    consumer.join(2.0)
    assert rest[-1].event == "stopped" and rest[-1].step == paused_at
    assert "stopped by the user" in rest[-1].message
    assert rest[-1].test_loss is not None


def test_snapshot_rate_follows_the_clock_not_the_step():
    """~rate periodic snapshots per second of training, not one per step: on a simulated fast
    and a simulated slow machine (the clock is injected, so the test never depends on the
    real machine's speed)."""
    from dlstudio.data import load
    from dlstudio.training.clock import SnapshotClock

    data = load("blobs", seed=1, n_samples=6000)
    spec = TrainSpec(epochs=1, batch_size=4,
                     telemetry={"snapshots_per_second": 20.0, "enabled": False})

    def run(seconds_per_reading: float):
        now = [0.0]

        def clock() -> float:
            now[0] += seconds_per_reading
            return now[0]

        trainer = Trainer(build(mlp()), data, spec, clock=SnapshotClock(20.0, clock=clock))
        periodic = [s for s in trainer.run() if s.event == "step" and s.step > 0]
        return trainer.total_steps, len(periodic), now[0]

    steps, fast, fast_seconds = run(1e-5)
    _, slow, slow_seconds = run(1e-2)
    assert steps > 20 * fast                              # far fewer snapshots than steps
    assert slow > 5 * fast                                # a slower machine reports more often
    for n, seconds in ((fast, fast_seconds), (slow, slow_seconds)):
        assert 0.5 * 20 * seconds - 2 <= n <= 20 * seconds + 2


def test_stop_callbacks_run_once_when_stopped():
    control = RunControl()
    calls = []
    control.on_stop(lambda: calls.append("early"))
    assert calls == []
    control.stop()
    control.stop()
    assert calls == ["early"]
    control.on_stop(lambda: calls.append("late"))     # already stopped: called at once
    assert calls == ["early", "late"]


def test_saturation_margin_is_a_live_setting_read_from_the_telemetry_spec(blobs):
    from dlstudio.training.control import live_changes

    spec = TrainSpec(epochs=1, batch_size=8, telemetry={"probe_dense_steps": 100})
    wider = spec.replace(telemetry={"saturation_margin": 0.25})
    assert live_changes(spec, wider) == {"saturation_margin": 0.25}
    with pytest.raises(ValueError, match="saturation_margin"):
        RunControl().update(saturation_margin=0.0)
    with pytest.raises(ValueError, match="saturation_margin"):
        RunControl().update(saturation_margin=0.6)

    trainer = Trainer(build(mlp(activation="tanh")), blobs, spec)
    run = trainer.run()
    first = [next(run) for _ in range(3)][-1].layers[0].saturated_fraction
    trainer.update(saturation_margin=0.25)            # counted from the next probe on
    later = [next(run) for _ in range(3)][-1].layers[0]
    assert later.saturated_fraction > first
    assert later.saturated_fraction == pytest.approx(
        later.saturation_curve[-1], abs=1e-6)        # 0.25 is the last recorded margin
    run.close()


def _silent_trainer(data, control=None):
    """A trainer whose periodic snapshots never fall due and that never probes: only epoch
    ends, single steps and pauses report."""
    from dlstudio.training.clock import SnapshotClock

    spec = TrainSpec(epochs=500, batch_size=4, telemetry={"enabled": False})
    return Trainer(build(mlp()), data, spec, control=control,
                   clock=SnapshotClock(20.0, clock=lambda: 0.0))


def _wait_until(predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_a_pause_reports_the_step_the_run_stands_at(blobs):
    """Between periodic snapshots most steps are not reported; once paused, the trainer
    reports the step it waits at, so the window shows where the run is and the next Step
    reports the very next step."""
    trainer = _silent_trainer(blobs)
    consumer = _Consumer(trainer)
    consumer.start()
    assert consumer.take().step == 0
    _wait_until(lambda: trainer.step > 30)
    trainer.pause()
    _wait_until(lambda: trainer.control.waiting)
    snaps = consumer.drain()
    assert snaps and snaps[-1].step == trainer.step      # (an epoch end, or the pause)
    assert [s.step for s in snaps].count(trainer.step) == 1
    paused_at = trainer.step
    assert _wait_quiet(consumer, 0.2) == []           # reported once, then quiet
    trainer.step_once()
    assert consumer.take().step == paused_at + 1
    _wait_until(lambda: trainer.control.waiting)
    assert consumer.drain() == []                     # that step was reported already
    trainer.stop()
    while consumer.take() is not None:
        pass


def test_a_paused_comparison_reports_each_variant_where_it_stands(blobs):
    from dlstudio.training.compare import Comparison
    from dlstudio.training.clock import SnapshotClock

    spec = TrainSpec(epochs=500, batch_size=4, telemetry={"enabled": False})
    comparison = Comparison({"A": build(mlp()), "B": build(mlp())}, blobs, {"A": spec, "B": spec})
    comparison.clock = SnapshotClock(20.0, clock=lambda: 0.0)     # periodic snapshots never due
    consumer = _Consumer(comparison)
    consumer.start()
    _wait_until(lambda: all(t.step > 10 for t in comparison.trainers))
    comparison.control.pause()
    _wait_until(lambda: comparison.control.waiting)
    last = {}
    for snap in consumer.drain():
        last[snap.variant] = snap.step
    assert last == {t.variant: t.step for t in comparison.trainers}
    comparison.control.stop()
    while consumer.take() is not None:
        pass


def test_waiting_is_true_only_while_the_loop_blocks():
    control = RunControl()
    assert not control.waiting
    control.pause()
    done = []
    t = threading.Thread(target=lambda: done.append(control.wait_for_turn()))
    t.start()
    _wait_until(lambda: control.waiting)
    control.step_once()
    t.join(2.0)
    assert done == ["single"] and not control.waiting


def test_a_listener_hears_every_request_after_its_state_changed():
    control = RunControl()
    heard = []
    control.listen(lambda request, settings: heard.append((request, settings,
                                                           control.paused)))
    control.pause()
    control.step_once()
    control.update(learning_rate=0.5)
    control.resume()
    control.stop()
    assert heard == [("pause", {}, True), ("step_once", {}, True),
                     ("update", {"learning_rate": 0.5}, True), ("resume", {}, False),
                     ("stop", {}, False)]
    control.listen(None)
    control.pause()
    assert len(heard) == 5
    with pytest.raises(ValueError):                 # a bad setting is refused, not told
        RunControl().update(learning_rate=-1)


def test_requests_before_listening_come_as_a_state_another_control_follows():
    """Start paused, then F10 twice and a new learning rate, all before the run (in a child
    process) listens: the child's control must hold the same two steps and the setting."""
    control = RunControl()
    control.pause()
    control.step_once()
    control.step_once()
    control.update(learning_rate=0.25)
    state = control.listen(lambda *_: None)
    assert state == {"paused": True, "stop": False, "single_steps": 2,
                     "updates": {"learning_rate": 0.25}}
    other = RunControl()
    other.follow(state)
    assert [other.wait_for_turn(timeout=0) for _ in range(3)] == ["single", "single",
                                                                   "paused"]
    assert other.take_updates() == {"learning_rate": 0.25}
    stopped = RunControl()
    stopped.follow({"stop": True})
    assert stopped.wait_for_turn(timeout=0) == "stop"
