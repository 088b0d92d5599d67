"""Issue 12.4: saves are whole or absent; killed or racing writers never leave a corrupt file."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from dlstudio.engine import filesave
from dlstudio.engine.filesave import FileSaveError, atomic_write
from dlstudio.engine.network import Network
from dlstudio.engine.serialize import load_network, save_network

from save_writers import start_writer

WRITER = textwrap.dedent("""
    import sys
    from dlstudio.engine.network import Network
    from dlstudio.engine.serialize import save_network
    units, path = int(sys.argv[1]), sys.argv[2]
    spec = {"format": "dlstudio.network", "version": 1, "input_shape": [units],
            "layers": [{"type": "Dense", "units": units, "activation": "tanh"},
                       {"type": "Dense", "units": 2, "activation": "softmax"}]}
    net = Network.from_spec(spec, seed=units)
    save_network(net, path)
    print("ready", flush=True)
    for _ in range(int(sys.argv[3])):
        save_network(net, path)
""")


def _writer(units: int, path: Path, times: int) -> subprocess.Popen:
    return start_writer(WRITER, units, path, times)


def test_kill_9_during_saves_leaves_a_loadable_target(tmp_path):
    path = tmp_path / "big.dlsnet"
    rng = np.random.default_rng(0)
    for _ in range(4):
        proc = _writer(700, path, 10_000)                  # ~2 MB per save, saving in a loop
        time.sleep(float(rng.uniform(0.0, 0.3)))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert load_network(path).network.get_weights()[0].shape == (700, 700)
    # the killed writers' temporaries go away at the next save beside the target
    save_network(Network.from_spec(load_network(path).network.spec), path)
    assert filesave.temporary_files(path) == []


def test_two_writers_on_one_path_never_leave_a_corrupt_file(tmp_path):
    path = tmp_path / "shared.dlsnet"
    writers = [_writer(units, path, 40) for units in (300, 301)]
    reads = 0
    while any(w.poll() is None for w in writers):
        units = load_network(path).network.spec.input_shape[0]   # never a damaged file
        assert units in (300, 301)
        reads += 1
    assert [w.returncode for w in writers] == [0, 0]
    assert reads > 0
    load_network(path)
    assert filesave.temporary_files(path) == []


def test_a_full_disk_is_a_clear_error_and_the_old_file_stays(tmp_path, monkeypatch):
    path = tmp_path / "m.dlsnet"
    net = Network.from_spec({"input_shape": [2], "layers": [{"type": "Dense", "units": 2}]})
    save_network(net, path)
    before = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileSaveError, match="disk is full") as info:
        save_network(net, path)
    assert "Errno" not in str(info.value)
    assert path.read_bytes() == before
    assert filesave.temporary_files(path) == []


def test_saving_into_a_missing_folder_names_it(tmp_path):
    with pytest.raises(FileSaveError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "m.dlsnet", b"x")
    with pytest.raises(FileSaveError, match="does not exist"):
        filesave.check_writable(tmp_path / "nope" / "m.dlsnet")
    with pytest.raises(FileSaveError, match="folder"):
        filesave.check_writable(tmp_path)


def test_stale_temporaries_of_dead_processes_are_removed_live_ones_kept(tmp_path):
    path = tmp_path / "w.dlsw"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".w.dlsw.{dead}.abc{filesave.TEMP_SUFFIX}"
    live = tmp_path / f".w.dlsw.{os.getppid()}.def{filesave.TEMP_SUFFIX}"
    stale.write_bytes(b"half")
    live.write_bytes(b"in progress")
    atomic_write(path, b"whole")
    assert not stale.exists() and live.exists()
    assert path.read_bytes() == b"whole"
