"""Shared fixtures for the data tests: tiny IDX sets, a loopback HTTP server, a clean cache."""
import gzip
import hashlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from dlstudio.data import cache, idxsets
from dlstudio.data.idx import idx_bytes


def _tiny_set(folder: Path, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    arrays = {"train_images": rng.integers(0, 256, (40, 28, 28), dtype=np.uint8),
              "train_labels": (np.arange(40) % 10).astype(np.uint8),
              "test_images": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
              "test_labels": (np.arange(20) % 10).astype(np.uint8)}
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for role, spec in idxsets.MNIST.files.items():
        data = gzip.compress(idx_bytes(arrays[role]), mtime=0)
        (folder / spec.name).write_bytes(data)
        files[role] = idxsets.IdxFile(spec.name, hashlib.md5(data).hexdigest())
    return arrays, files


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No DLSTUDIO_DATA, no settings folder, a fresh cache folder."""
    monkeypatch.delenv("DLSTUDIO_DATA", raising=False)
    monkeypatch.setenv("DLSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    cache.set_settings_data_dir(None)
    cache.set_remembered_data_dirs([])
    yield tmp_path / "cache"
    cache.set_settings_data_dir(None)
    cache.set_remembered_data_dirs([])


