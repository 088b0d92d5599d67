"""``dlstudio bench --window``: the table it prints and a tiny real run (no timing asserted)."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from dlstudio.bench import thread_times, window
from dlstudio.engine.presets import PRESETS

ROOT = Path(__file__).resolve().parents[1]


def _fake_runner(cmd: list[str]) -> dict:
    """Headless at 1,000 examples/s, the window at 900 (and its latency figures)."""
    if "dlstudio.gui.bench_run" in cmd:
        return {"examples_per_second": 900.0, "cpu_us_per_example": 60.0, "late_p50_ms": 0.5,
                "late_p99_ms": 12.0, "shown_median": 880.0, "shown_final": 905.0,
                "training_clock_rate": 950.0, "probe_share": 0.25, "gui_run": 0.06,
                "training_blocked": 0.02, "training_us_per_example": 45.5,
                "training_faults_per_step": 30.0}
    return {"examples_per_second": 1000.0, "cpu_us_per_example": 50.0, "probe_share": 0.24,
            "training_blocked": 0.0, "rate_without_probes": 1250.0,
            "training_us_per_example": 40.25, "training_faults_per_step": 0.5}


def test_runs_alternate_and_the_table_has_the_ratio():
    seen, lines = [], []

    def runner(cmd):
        seen.append("window" if "dlstudio.gui.bench_run" in cmd else "headless")
        return _fake_runner(cmd)

    rows = window.measure(["mlp_300_100"], repeats=2, steps=50, runner=runner,
                          out=lines.append)
    assert seen == ["headless", "window", "window", "headless"]
    assert rows[0].ratio() == pytest.approx(0.9)
    table = window.format_table(rows, 2).splitlines()
    assert table[1].split()[:5] == ["workload", "headless", "window", "ratio", "cpu-h"]
    cells = table[2].split()
    assert cells[:4] == ["mlp_300_100", "1,000", "900", "0.90"]
    assert cells[6:8] == ["0.5", "12.0"]                      # lateness p50 and p99
    assert cells[8:11] == ["880", "905", "950"]               # shown, shown at the end, clock
    assert table[1].split()[12:17] == ["probe-h", "probe-w", "gui", "blk-h", "blk-w"]
    assert cells[11:16] == ["24.0", "25.0", "6.0", "0.0", "2.0"]   # in % of the time
    # the training thread: CPU us per example and page faults per step
    assert table[1].split()[17:21] == ["thr-h", "thr-w", "flt-h", "flt-w"]
    assert cells[16:20] == ["40.2", "45.5", "0.5", "30.0"]
    assert table[1].split()[21:23] == ["no-probe", "ratio"]
    assert cells[20:22] == ["1,250", "0.72"]                  # 900 against 1,250


def test_the_child_commands_name_the_workload():
    head = window.child_command("headless", "toy_2d", 40)
    win = window.child_command("window", "toy_2d", 40, panel="gradients")
    assert head[1:4] == ["-m", "dlstudio.bench.window", "--child"]
    assert win[1:5] == ["-m", "dlstudio.gui.bench_run", "--panel", "gradients"]
    assert head[-2:] == win[-2:] == ["toy_2d", "40"]
    # without steps the child trains the workload's own length
    assert window.child_command("headless", "mlp_300_100_epochs")[-1] == "mlp_300_100_epochs"


def test_an_epoch_workload_trains_whole_epochs_of_the_whole_training_set():
    net, data, train, steps = window.workload_specs("mlp_300_100_epochs")
    assert data.subset is None and steps is None
    assert train.epochs == window.WORKLOADS["mlp_300_100_epochs"].epochs
    assert train.batch_size == window.BATCH
    assert net == PRESETS["mlp_300_100"]()


def test_a_slice_workload_trains_enough_epochs_for_its_steps():
    net, data, train, steps = window.workload_specs("mlp_300_100")
    assert data.subset.per_class == 600 and steps == 1500
    # 1,500 steps of 64 from 6,000 training examples need 16 epochs
    assert train.epochs * 6000 >= 1500 * window.BATCH
    _, _, short, steps = window.workload_specs("mlp_300_100", 50)
    assert steps == 50 and short.epochs * 6000 >= 50 * window.BATCH


def test_the_default_workloads_are_known():
    assert set(window.DEFAULT_WORKLOADS) <= set(window.WORKLOADS)
    # real use first: each preset on the whole training set
    assert {window.WORKLOADS[n].per_class for n in window.DEFAULT_WORKLOADS[:2]} == {None}


def test_an_unknown_workload_is_refused():
    with pytest.raises(ValueError, match="nope"):
        window.run(["nope"], repeats=1)


def test_the_rate_meter_leaves_out_the_first_steps():
    times = iter([10.0, 11.0, 12.0])
    meter = window.RateMeter(batch=10, warm=5, clock=lambda: next(times),
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
    meter = window.RateMeter(batch=10, warm=2, clock=lambda: next(times),
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

    monkeypatch.setattr(window.thread_times, "thread_times", fake_times)
    clock = iter(0.1 * i for i in range(100))
    meter = window.RateMeter(batch=10, warm=1, clock=lambda: next(clock),
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

    monkeypatch.setattr(window.thread_times, "thread_times", fake_times)
    clock = iter(0.01 * i for i in range(100))
    meter = window.RateMeter(batch=10, warm=1, clock=lambda: next(clock),
                             cpu_clock=lambda: 1.0, threads=lambda: {"training": 7})
    for step in range(1, 31):
        meter.add(SimpleNamespace(step=step, event="step", examples_per_second=7.0,
                                  elapsed_seconds=step / 10, total_steps=30))
    assert len(reads) == 2                       # the first measured step and the last
    assert meter.thread_steps == [1, 30]


@pytest.mark.slow
def test_a_tiny_real_run_prints_both_sides(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-m", "dlstudio", "bench", "--window", "--only",
                          "toy_2d", "--steps", "1500", "--repeats", "1"], capture_output=True,
                         text=True, timeout=600, env=env, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.split()[:2] == ["toy_2d", "headless"] for line in lines), out.stdout
    assert any(line.split()[:2] == ["toy_2d", "window"] for line in lines), out.stdout
    row = next(line for line in lines if line.startswith("toy_2d "))
    assert float(row.split()[3]) > 0                          # a ratio was measured


def test_the_shown_rate_is_the_median_over_time_not_over_snapshots():
    # a fast run's dense-probed start sends a snapshot per step: many slow values in a short
    # time, then fewer fast ones for much longer; the reader saw the fast rate most of the time
    times = iter([0.0] + [0.01 * i for i in range(1, 41)] + [0.4 + 0.05 * i for i in range(1, 41)])
    meter = window.RateMeter(batch=64, warm=0, clock=lambda: next(times), cpu_clock=lambda: 1.0)
    rates = [12_000.0] * 40 + [40_000.0] * 40
    for step, rate in enumerate([0.0] + rates):
        meter.add(SimpleNamespace(step=step, event="step", examples_per_second=rate,
                                  elapsed_seconds=step / 100))
    assert statistics.median(meter.shown) == pytest.approx(26_000.0)   # the old figure
    assert meter.result()["shown_median"] == 40_000.0
    assert window.time_weighted_median([], []) == 0.0
    assert window.time_weighted_median([5.0], [1.0]) == 5.0
    assert window.time_weighted_median([1.0, 9.0, 3.0], [0.0, 1.0, 4.0]) == 9.0
