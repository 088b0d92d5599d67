"""``dlstudio bench --window``: the table it prints and a tiny real run (no timing asserted)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dlstudio.bench import window
from dlstudio.bench.window import RESULT
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


def test_a_window_side_whose_data_cannot_load_says_so_at_once(tmp_path):
    """The window side waited for data that never came (MNIST not found, no internet) until
    the parent's 30-minute timeout; it now ends with the reason. (Downloads go to a closed
    port, so they fail at once with or without a network.)"""
    missing = tmp_path / "none"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"),
               DLSTUDIO_CACHE_DIR=str(tmp_path / "cache"), DLSTUDIO_HOME=str(tmp_path / "home"),
               DLSTUDIO_MNIST=str(missing), DLSTUDIO_DATA=str(missing),
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",
               HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", no_proxy="",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-m", "dlstudio.gui.bench_run", "mlp_300_100", "30"],
                         capture_output=True, text=True, timeout=120, env=env,
                         cwd=str(tmp_path))
    assert out.returncode != 0 and "could not start" in out.stderr, out.stderr[-2000:]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread times need /proc")
def test_the_window_side_watches_the_thread_that_trains_in_the_child(tmp_path):
    """In a child process the training thread is the child's main thread; the window's own
    thread named "training-" only reads the child's items."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-m", "dlstudio.gui.bench_run", "--process",
                          "toy_2d", "6000"], capture_output=True, text=True, timeout=600,
                         env=env, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    result = json.loads(next(line for line in out.stdout.splitlines()
                             if line.startswith(RESULT))[len(RESULT):])
    # on a busy machine both wait for a core, but the thread that trains runs more than
    # the GUI thread (measured: 0.72-0.95 of the wall time against ~0.2; the reader 0.12)
    assert result["training_run"] > result["gui_run"], result
