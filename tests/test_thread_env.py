"""``dlstudio.thread_env``: what ``import dlstudio`` sets before the libraries load."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

# Numba colours an error message by swapping sys.stdout/sys.stderr for colorama's wrappers and
# back to the streams it found. Two threads interleaving that (the kernel warm-up making an error
# object while the main thread puts its own stream in place, as pytest's capsys does) leave a
# stale stream behind, so making a Numba error must not assign either stream at all.
_SWAP_CHECK = textwrap.dedent("""
    import sys, types
    import dlstudio
    from numba.core import errors

    assigned = []

    class WatchedSys(types.ModuleType):
        def __setattr__(self, name, value):
            if name in ("stdout", "stderr"):
                assigned.append(name)
            super().__setattr__(name, value)

    sys.__class__ = WatchedSys
    errors.TypingError("a message Numba would colour")
    sys.__class__ = types.ModuleType
    print(" ".join(assigned) or "none")
""")


def test_numba_errors_leave_sys_stderr_alone():
    """A Numba error made in the kernel warm-up's thread put a stale stream back in
    ``sys.stderr`` under the main thread (tests/training/test_cli_train.py lost its
    captured messages in a fresh checkout)."""
    env = dict(os.environ)
    env.pop("NUMBA_DISABLE_ERROR_MESSAGE_HIGHLIGHTING", None)   # only dlstudio may set it
    out = subprocess.run([sys.executable, "-c", _SWAP_CHECK], env=env, capture_output=True,
                         text=True, check=True, cwd=Path(__file__).parents[1]).stdout
    assert out.strip() == "none"
