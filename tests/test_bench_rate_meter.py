"""``bench.rate_meter``: how fast a run trains as the consumer of its snapshots sees it (fake
clocks and thread readings; no timing asserted)."""
from __future__ import annotations

import statistics
from types import SimpleNamespace

import pytest

from dlstudio.bench import rate_meter, thread_times


def test_the_rate_meter_leaves_out_the_first_steps():
    times = iter([10.0, 11.0, 12.0])
    meter = rate_meter.RateMeter(batch=10, warm=5, clock=lambda: next(times),
                             cpu_clock=lambda: 1.0)
    snap = lambda step, event="step": SimpleNamespace(step=step, event=event,
                                                      examples_per_second=7.0,
                                                      elapsed_seconds=step / 20)
    for s in (snap(1), snap(4), snap(5), snap(15), snap(25), snap(25, "finished")):
        meter.add(s)
    assert meter.rate() == pytest.approx(200 / 2.0)           # steps 5 -> 25 in 2 s
    assert meter.result()["steps"] == 25
    assert meter.training_clock_rate() == pytest.approx(200 / 1.0)   # 20 steps a second
    assert meter.probe_share() == 0.0                         # no probe seconds reported


def test_the_rate_meter_measures_the_probes_share_and_the_threads():
    here = thread_times.current_thread_id()
    times = iter([10.0, 11.0, 13.0])
    meter = rate_meter.RateMeter(batch=10, warm=2, clock=lambda: next(times),
                             threads=lambda: {"training": here, "gone": None})
    for step, probed in ((1, 0.0), (2, 0.5), (4, 0.75), (6, 1.0)):
        meter.add(SimpleNamespace(step=step, event="step", examples_per_second=7.0,
                                  elapsed_seconds=step / 2, extra={"probe_seconds": probed}))
    assert meter.probe_share() == pytest.approx(0.5 / 2.0)    # 0.5 s of probes in 2 s
    assert meter.rate() == pytest.approx(40 / 3.0)            # steps 2 -> 6 in 3 s
    assert meter.rate_without_probes() == pytest.approx(40 / 2.5)   # 0.5 s of it probing
    result = meter.result()
    assert result["probe_share"] == pytest.approx(0.25)
    assert "gone_run" not in result                          # a thread not found is left out
    if thread_times.thread_times([here]).times:              # Linux: the thread was watched
        shares = [result[f"training_{k}"] for k in ("run", "waited", "blocked")]
        assert all(x >= 0 for x in shares)


def test_the_rate_meter_reads_the_threads_now_and_then_and_at_the_last_step(monkeypatch):
    """Read at every snapshot, the threads' /proc files cost the window's GUI thread ~1% of
    a core: the meter reads them at the first measured step, at most every read_every
    seconds, and at the run's last step; per-step figures count the steps read over."""
    reads = []

    def fake_times(tids=None):
        reads.append(len(reads))
        n = len(reads)
        return thread_times.Reading(float(n), {7: (0.5 * n, 0.0)}, {7: "training-1"},
                                    {7: 10 * n})

    monkeypatch.setattr(rate_meter.thread_times, "thread_times", fake_times)
    clock = iter(0.1 * i for i in range(100))
    meter = rate_meter.RateMeter(batch=10, warm=1, clock=lambda: next(clock),
                             cpu_clock=lambda: 1.0, threads=lambda: {"training": 7},
                             last_step=30, read_every=0.5)
    for step in range(1, 31):
        meter.add(SimpleNamespace(step=step, event="step", examples_per_second=7.0,
                                  elapsed_seconds=step / 10))
    # step 1, then every 5 snapshots (0.5 s), and step 30: 1 + 5 + 1, not 30
    assert len(reads) == 7
    assert meter.thread_steps == [1, 30]
    result = meter.result()
    assert result["training_faults_per_step"] == pytest.approx(10 * 6 / 29)


def test_without_a_last_step_the_meter_reads_the_threads_at_the_planned_end(monkeypatch):
    """A workload of whole epochs does not know its last step before the data is loaded:
    the snapshots' total_steps (the run's planned end) stands in for it."""
    reads = []

    def fake_times(tids=None):
        reads.append(len(reads))
        return thread_times.Reading(float(len(reads)), {7: (0.1, 0.0)}, {7: "training-1"},
                                    {7: 0})

    monkeypatch.setattr(rate_meter.thread_times, "thread_times", fake_times)
    clock = iter(0.01 * i for i in range(100))
    meter = rate_meter.RateMeter(batch=10, warm=1, clock=lambda: next(clock),
                             cpu_clock=lambda: 1.0, threads=lambda: {"training": 7})
    for step in range(1, 31):
        meter.add(SimpleNamespace(step=step, event="step", examples_per_second=7.0,
                                  elapsed_seconds=step / 10, total_steps=30))
    assert len(reads) == 2                       # the first measured step and the last
    assert meter.thread_steps == [1, 30]


def test_the_shown_rate_is_the_median_over_time_not_over_snapshots():
    # a fast run's dense-probed start sends a snapshot per step: many slow values in a short
    # time, then fewer fast ones for much longer; the reader saw the fast rate most of the time
    times = iter([0.0] + [0.01 * i for i in range(1, 41)] + [0.4 + 0.05 * i for i in range(1, 41)])
    meter = rate_meter.RateMeter(batch=64, warm=0, clock=lambda: next(times), cpu_clock=lambda: 1.0)
    rates = [12_000.0] * 40 + [40_000.0] * 40
    for step, rate in enumerate([0.0] + rates):
        meter.add(SimpleNamespace(step=step, event="step", examples_per_second=rate,
                                  elapsed_seconds=step / 100))
    assert statistics.median(meter.shown) == pytest.approx(26_000.0)   # the old figure
    assert meter.result()["shown_median"] == 40_000.0
    assert rate_meter.time_weighted_median([], []) == 0.0
    assert rate_meter.time_weighted_median([5.0], [1.0]) == 5.0
    assert rate_meter.time_weighted_median([1.0, 9.0, 3.0], [0.0, 1.0, 4.0]) == 9.0
