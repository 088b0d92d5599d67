"""Examples per second over a window of training time, on a fake clock."""
from __future__ import annotations

import pytest

from dlstudio.training.throughput import Throughput


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_rate_over_the_window_of_training_time():
    clock = FakeClock()
    rate = Throughput(window=2.0, clock=clock)
    assert rate.measure() == 0.0                  # nothing trained yet
    for _ in range(10):                          # 100 examples/s for 5 s, snapshots every 0.5 s
        for _ in range(5):
            clock.t += 0.1
            rate.add(10)
        rate.measure()
    assert rate.rate == pytest.approx(100.0)
    for _ in range(10):                          # then 400 examples/s
        for _ in range(5):
            clock.t += 0.025
            rate.add(10)
        assert rate.measure() > 0
    # the window is two seconds wide: after 1.25 s at the new speed it mixes both speeds
    assert 100.0 < rate.rate < 400.0
    for _ in range(20):
        for _ in range(5):
            clock.t += 0.025
            rate.add(10)
        rate.measure()
    assert rate.rate == pytest.approx(400.0)


def test_excluded_time_and_a_restart_leave_one_off_costs_out():
    clock = FakeClock()
    rate = Throughput(clock=clock)
    clock.t += 30.0                              # a slow first step
    rate.add(10)
    rate.restart()
    for _ in range(10):
        clock.t += 0.1
        rate.add(10)
    clock.t += 100.0                             # an evaluation
    rate.exclude(100.0)
    assert rate.measure() == pytest.approx(100.0)
    assert rate.measure() == pytest.approx(100.0)   # nothing new: the last rate stays


def test_the_default_window_forgets_a_slow_start_within_about_a_second():
    # a fast run's first 50 steps are each probed (slower), then it trains 3x faster
    clock = FakeClock()
    rate = Throughput(clock=clock)
    for _ in range(50):
        clock.t += 0.005                        # 64 examples in 5 ms: 12,800 examples/s
        rate.add(64)
        rate.measure()                          # a probed step always yields a snapshot
    shown = []
    for _ in range(60):                         # then 20 snapshots a second at 38,400/s
        for _ in range(30):
            clock.t += 0.05 / 30
            rate.add(64)
        shown.append(rate.measure())
    assert shown[0] < 20_000                     # right after the start: mostly the start
    assert all(r == pytest.approx(38_400, rel=0.01) for r in shown[21:])   # after ~1 s


def test_an_ended_run_shows_its_average_over_all_its_training_time():
    """Issue 13: after a run the window showed the rate of its last second (49,000 examples/s
    after a run that trained at 42,500); a run that ended reports its whole average."""
    clock = FakeClock()
    rate = Throughput(window=1.0, clock=clock)
    for _ in range(20):                          # 100 examples/s for 2 s
        clock.t += 0.1
        rate.add(10)
        rate.measure()
    for _ in range(20):                          # then 200 examples/s for 1 s
        clock.t += 0.05
        rate.add(10)
        rate.measure()
    assert rate.rate > 180.0                     # about the last second
    assert rate.overall() == pytest.approx(400 / 3.0)
    clock.t += 5.0                               # an evaluation, left out
    rate.exclude(5.0)
    assert rate.overall() == pytest.approx(400 / 3.0)
