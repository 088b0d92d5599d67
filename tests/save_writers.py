"""A helper for the save tests (issue 12.4): start a Python writer in a child process."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_writer(script: str, *args: object) -> subprocess.Popen:
    """Run ``script`` (which prints "ready" once its first save is done) with ``args``;
    returns when it is ready, so the target file exists."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)],
                            stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc
