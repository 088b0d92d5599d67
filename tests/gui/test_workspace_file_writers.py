"""Issue 12.4 for workspaces: two processes saving one workspace path never leave a corrupt
file, and a writer killed with SIGKILL mid-save leaves a workspace that still opens."""
from __future__ import annotations

import signal
import subprocess
import textwrap
import time
from pathlib import Path

import numpy as np

from dlstudio.engine import filesave
from dlstudio.gui import workspace_file as ws

from save_writers import start_writer

WRITER = textwrap.dedent("""
    import sys
    import numpy as np
    from dlstudio.data.spec import DataSpec
    from dlstudio.engine.spec import NetworkSpec
    from dlstudio.gui import workspace_file as ws
    from dlstudio.training.spec import TrainSpec
    units, path, times = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    net = NetworkSpec.from_dict({"input_shape": [units], "layers": [
        {"type": "Dense", "units": 2, "activation": "softmax"}]})
    weights = [np.random.default_rng(units).normal(size=(units, 2)).astype(np.float32),
               np.zeros(2, np.float32)]
    doc = ws.Workspace(network=net, data=DataSpec(dataset="blobs"), train=TrainSpec(),
                       weights={"A": weights})
    ws.write(path, doc)
    print("ready", flush=True)
    for _ in range(times):
        ws.write(path, doc)
""")


def _writer(units: int, path: Path, times: int) -> subprocess.Popen:
    return start_writer(WRITER, units, path, times)


def _opens(path: Path) -> int:
    back = ws.read(path)
    assert back.problems == [] and len(back.weights["A"]) == 2
    return back.network.input_shape[0]


def test_two_processes_saving_one_workspace(tmp_path):
    path = tmp_path / "shared.dlsw"
    writers = [_writer(units, path, 30) for units in (200, 201)]
    reads = 0
    while any(w.poll() is None for w in writers):
        assert _opens(path) in (200, 201)
        reads += 1
    assert [w.returncode for w in writers] == [0, 0] and reads > 0
    assert filesave.temporary_files(path) == []


def test_a_killed_workspace_save_leaves_the_last_whole_file(tmp_path):
    path = tmp_path / "big.dlsw"
    rng = np.random.default_rng(1)
    for _ in range(3):
        proc = _writer(20_000, path, 10_000)
        time.sleep(float(rng.uniform(0.0, 0.3)))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _opens(path) == 20_000
