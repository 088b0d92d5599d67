"""Every subcommand stops quietly when its standard output's reader has gone
(``dlstudio summary net.json | head -1``)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SIGPIPE_EXIT = 128 + 13              # what a shell reports for a command SIGPIPE stopped


@pytest.mark.parametrize("args", [["summary", "mnist_convnet"], ["data", "list"],
                                  ["lesson", "01"]])
def test_a_closed_pipe_ends_the_command_without_a_traceback(args):
    read_end, write_end = os.pipe()
    os.close(read_end)               # the reader has gone before the first line is written
    try:
        done = subprocess.run([sys.executable, "-m", "dlstudio", *args], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=300,
                              cwd=Path(__file__).parents[2])
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == SIGPIPE_EXIT
